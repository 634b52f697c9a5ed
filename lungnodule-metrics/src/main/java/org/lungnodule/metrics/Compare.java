package org.lungnodule.metrics;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Paired comparison of two models (A = baseline, B = fine-tuned) scored on the same cases:
 *
 * <pre>{@code
 * Comparison cmp = Compare.paired(baselineScores, tunedScores, labels)
 *     .delong().bootstrap(2000).seed(42).compute();
 * }</pre>
 *
 * <p>DeLong's test of the correlated AUCs runs when {@link #delong()} is called or when no
 * bootstrap is requested. {@link #bootstrap(int)} adds a paired stratified bootstrap of the
 * difference of each metric in {@link #metrics} (default: all): the same resample is applied to
 * both models. McNemar's test (R's default, chi-square with continuity correction) compares the
 * correctness of the calls at each model's threshold (default 0.5 for both; {@link #youden()}
 * chooses each model's own Youden threshold on the full data, held fixed in the bootstrap). Each
 * setter may be called once.
 */
public final class Compare {

  private final double[] a;
  private final double[] b;
  private final boolean[] labels;
  private boolean delong;
  private Integer replicates;
  private Long seed;
  private Double confidence;
  private ThresholdRule rule;
  private Set<ClassificationMetric> metrics;

  private Compare(double[] a, double[] b, boolean[] labels) {
    this.a = a;
    this.b = b;
    this.labels = labels;
  }

  /**
   * Starts a paired comparison; arrays are copied.
   *
   * @throws IllegalArgumentException on a length mismatch, NaN or infinite scores, or one class
   *     only
   */
  public static Compare paired(double[] baselineScores, double[] tunedScores, boolean[] labels) {
    Objects.requireNonNull(labels, "labels");
    Inputs.scores("baselineScores", baselineScores, labels.length);
    Inputs.scores("tunedScores", tunedScores, labels.length);
    Inputs.bothClasses(labels);
    return new Compare(baselineScores.clone(), tunedScores.clone(), labels.clone());
  }

  /** As {@link #paired(double[], double[], boolean[])} with labels 0/1. */
  public static Compare paired(double[] baselineScores, double[] tunedScores, int[] labels) {
    return paired(baselineScores, tunedScores, Inputs.labels(labels));
  }

  /** Runs DeLong's test for the two correlated AUCs. */
  public Compare delong() {
    if (delong) {
      throw new IllegalStateException("delong was already requested");
    }
    delong = true;
    return this;
  }

  /**
   * Adds the paired stratified bootstrap with this many replicates.
   *
   * @param bootstrapReplicates 2 to {@link Bootstrap#MAX_REPLICATES}
   * @return this
   * @throws IllegalArgumentException if the count is out of that range (the message names it)
   * @throws IllegalStateException if the bootstrap was already set
   */
  public Compare bootstrap(int bootstrapReplicates) {
    if (replicates != null) {
      throw new IllegalStateException("bootstrap was already set to " + replicates);
    }
    replicates = Inputs.replicates(bootstrapReplicates);
    return this;
  }

  /** Sets the bootstrap seed (default 42). */
  public Compare seed(long bootstrapSeed) {
    if (seed != null) {
      throw new IllegalStateException("seed was already set to " + seed);
    }
    seed = bootstrapSeed;
    return this;
  }

  /** Sets the confidence level (default 0.95). */
  public Compare confidence(double level) {
    if (confidence != null) {
      throw new IllegalStateException("confidence was already set to " + confidence);
    }
    confidence = Inputs.confidence(level);
    return this;
  }

  /** Uses a fixed threshold for both models. */
  public Compare threshold(double threshold) {
    return threshold(ThresholdRule.fixed(threshold));
  }

  /** Uses each model's own Youden threshold. */
  public Compare youden() {
    return threshold(ThresholdRule.youden());
  }

  /** Uses a threshold rule for both models. */
  public Compare threshold(ThresholdRule thresholdRule) {
    Objects.requireNonNull(thresholdRule, "thresholdRule");
    if (rule != null) {
      throw new IllegalStateException("threshold was already set to " + rule);
    }
    rule = thresholdRule;
    return this;
  }

  /** Restricts the paired bootstrap to these metrics (default: all). */
  public Compare metrics(ClassificationMetric... which) {
    if (metrics != null) {
      throw new IllegalStateException("metrics were already set to " + metrics);
    }
    if (which.length == 0) {
      throw new IllegalArgumentException("metrics must name at least one metric");
    }
    EnumSet<ClassificationMetric> s = EnumSet.noneOf(ClassificationMetric.class);
    for (ClassificationMetric m : which) {
      s.add(Objects.requireNonNull(m, "metric"));
    }
    metrics = s;
    return this;
  }

  /** Runs the comparison. */
  public Comparison compute() {
    ThresholdRule r = rule == null ? ThresholdRule.fixed(0.5) : rule;
    double conf = confidence == null ? 0.95 : confidence;
    long s = seed == null ? 42L : seed;
    int nb = replicates == null ? 0 : replicates;
    ClassificationReport repA =
        ClassificationMetrics.of(a, labels).threshold(r).confidence(conf).compute();
    ClassificationReport repB =
        ClassificationMetrics.of(b, labels).threshold(r).confidence(conf).compute();
    Optional<DeLong.Test> dl = Optional.empty();
    if (delong || nb == 0) {
      dl = Optional.of(DeLong.test(DeLong.compute(labels, a, b), conf));
    }
    boolean[] okA = new boolean[labels.length];
    boolean[] okB = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      okA[i] = (a[i] >= repA.threshold()) == labels[i];
      okB[i] = (b[i] >= repB.threshold()) == labels[i];
    }
    TestResult mc = PairedTests.mcnemar(okA, okB, PairedTests.McNemarMethod.CHI_SQUARE_CORRECTED);
    Map<ClassificationMetric, PairedTests.BootstrapDifference> boot =
        new EnumMap<>(ClassificationMetric.class);
    if (nb > 0) {
      ScoredCases ca = new ScoredCases(a, labels);
      ScoredCases cb = new ScoredCases(b, labels);
      int cutA = ca.cutGroup(ca.cut(repA.threshold()));
      int cutB = cb.cutGroup(cb.cut(repB.threshold()));
      int k = ClassificationMetric.values().length;
      int[][] ga = ca.groupsByClass();
      int[][] gb = cb.groupsByClass();
      double[][] reps =
          Bootstrap.grouped(
              new int[][] {ga[0], gb[0]},
              new int[][] {ga[1], gb[1]},
              new int[] {ca.groups(), cb.groups()},
              nb,
              s,
              k,
              (pc, nc, out) -> {
                double[] va = new double[k];
                ca.evaluateGroups(pc[0], nc[0], cutA, va);
                cb.evaluateGroups(pc[1], nc[1], cutB, out);
                for (int i = 0; i < k; i++) {
                  out[i] -= va[i];
                }
              },
              true);
      Set<ClassificationMetric> which =
          metrics == null ? EnumSet.allOf(ClassificationMetric.class) : metrics;
      for (ClassificationMetric m : which) {
        double[] v = new double[nb];
        for (int i = 0; i < nb; i++) {
          v[i] = reps[i][m.ordinal()];
        }
        double observed = repB.get(m).value() - repA.get(m).value();
        if (Double.isFinite(observed)
            && java.util.Arrays.stream(v).filter(Double::isFinite).count() >= 2) {
          boot.put(m, PairedTests.BootstrapDifference.of(observed, v, conf));
        }
      }
    }
    Map<ClassificationMetric, Double> roc = new EnumMap<>(ClassificationMetric.class);
    for (ClassificationMetric m : ClassificationMetric.values()) {
      roc.put(m, PairedTests.rateOfChangePercent(repA.get(m).value(), repB.get(m).value()));
    }
    return new Comparison(repA, repB, dl, mc, boot, roc, nb, s, conf);
  }

  @Override
  public String toString() {
    return "Compare[n="
        + labels.length
        + ", delong="
        + delong
        + ", bootstrap="
        + (replicates == null ? 0 : replicates)
        + ", seed="
        + (seed == null ? 42 : seed)
        + ", confidence="
        + (confidence == null ? 0.95 : confidence)
        + ", threshold="
        + (rule == null ? "fixed 0.5" : rule)
        + "]";
  }
}
