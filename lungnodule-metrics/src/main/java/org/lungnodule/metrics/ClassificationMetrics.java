package org.lungnodule.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a {@link ClassificationReport} for one model's scores against binary labels:
 *
 * <pre>{@code
 * ClassificationReport rep = ClassificationMetrics.of(scores, labels)
 *     .bootstrap(2000).seed(42).confidence(0.95).compute();
 * }</pre>
 *
 * <p>Defaults: threshold 0.5 (fixed), confidence 0.95, no bootstrap, seed 42. The AUC gets a DeLong
 * interval (when each class has at least 2 cases; else none and a NaN variance); {@link
 * #bootstrap(int)} adds a percentile bootstrap interval to the AUC and to every threshold metric
 * (the threshold stays the one chosen on the full data); {@link #wilson()} gives Wilson intervals
 * to the proportions (accuracy, sensitivity, specificity, PPV, NPV) instead. Each setter may be
 * called once; {@link #compute()} leaves the builder reusable.
 */
public final class ClassificationMetrics {

  private final double[] scores;
  private final boolean[] labels;
  private ThresholdRule rule;
  private Integer replicates;
  private Long seed;
  private Double confidence;
  private boolean wilson;

  private ClassificationMetrics(double[] scores, boolean[] labels) {
    this.scores = scores;
    this.labels = labels;
  }

  /**
   * Starts a computation; the arrays are copied.
   *
   * @param scores one score per case, higher = more likely positive, finite
   * @param labels true = positive (malignant)
   * @throws IllegalArgumentException on a length mismatch, NaN or infinite scores, or one class
   *     only
   */
  public static ClassificationMetrics of(double[] scores, boolean[] labels) {
    Objects.requireNonNull(labels, "labels");
    Inputs.scores("scores", scores, labels.length);
    Inputs.bothClasses(labels);
    return new ClassificationMetrics(scores.clone(), labels.clone());
  }

  /** As {@link #of(double[], boolean[])} with labels 0/1. */
  public static ClassificationMetrics of(double[] scores, int[] labels) {
    return of(scores, Inputs.labels(labels));
  }

  /** Uses a fixed threshold (positive when score &gt;= threshold). */
  public ClassificationMetrics threshold(double threshold) {
    return threshold(ThresholdRule.fixed(threshold));
  }

  /** Uses the threshold that maximises Youden's J on these cases. */
  public ClassificationMetrics youden() {
    return threshold(ThresholdRule.youden());
  }

  /** Uses a threshold rule. */
  public ClassificationMetrics threshold(ThresholdRule thresholdRule) {
    Objects.requireNonNull(thresholdRule, "thresholdRule");
    if (rule != null) {
      throw new IllegalStateException("threshold was already set to " + rule);
    }
    rule = thresholdRule;
    return this;
  }

  /**
   * Adds stratified percentile bootstrap intervals with this many replicates.
   *
   * @param bootstrapReplicates 2 to {@link Bootstrap#MAX_REPLICATES}
   * @return this
   * @throws IllegalArgumentException if the count is out of that range (the message names it)
   * @throws IllegalStateException if the bootstrap was already set
   */
  public ClassificationMetrics bootstrap(int bootstrapReplicates) {
    if (replicates != null) {
      throw new IllegalStateException("bootstrap was already set to " + replicates);
    }
    replicates = Inputs.replicates(bootstrapReplicates);
    return this;
  }

  /** Sets the bootstrap seed (default 42). */
  public ClassificationMetrics seed(long bootstrapSeed) {
    if (seed != null) {
      throw new IllegalStateException("seed was already set to " + seed);
    }
    seed = bootstrapSeed;
    return this;
  }

  /** Sets the confidence level of all intervals (default 0.95). */
  public ClassificationMetrics confidence(double level) {
    if (confidence != null) {
      throw new IllegalStateException("confidence was already set to " + confidence);
    }
    confidence = Inputs.confidence(level);
    return this;
  }

  /** Uses Wilson score intervals for accuracy, sensitivity, specificity, PPV and NPV. */
  public ClassificationMetrics wilson() {
    if (wilson) {
      throw new IllegalStateException("wilson was already set");
    }
    wilson = true;
    return this;
  }

  /** Computes the report. */
  public ClassificationReport compute() {
    ThresholdRule r = rule == null ? ThresholdRule.fixed(0.5) : rule;
    int b = replicates == null ? 0 : replicates;
    long s = seed == null ? 42L : seed;
    double conf = confidence == null ? 0.95 : confidence;
    ScoredCases cases = new ScoredCases(scores, labels);
    double threshold =
        r instanceof ThresholdRule.Youden ? Roc.youdenThreshold(cases) : r.choose(scores, labels);
    ConfusionMatrix cm = cases.confusion(threshold);
    Estimate auc;
    double variance;
    if (cases.positives >= 2 && cases.negatives >= 2) {
      DeLong.Result dl = DeLong.compute(labels, scores);
      variance = dl.variance(0);
      auc = Estimate.of(dl.auc(0), DeLong.ci(dl.auc(0), variance, conf));
    } else {
      variance = Double.NaN;
      auc = Estimate.of(cases.auc());
    }
    Map<ClassificationMetric, Estimate> at = new EnumMap<>(ClassificationMetric.class);
    for (ClassificationMetric m : ClassificationMetric.values()) {
      if (m != ClassificationMetric.AUC) {
        at.put(m, Estimate.of(cm.get(m)));
      }
    }
    Optional<Interval> aucBoot = Optional.empty();
    if (b > 0) {
      int cutGroup = cases.cutGroup(cases.cut(threshold));
      int[][] g = cases.groupsByClass();
      double[][] reps =
          Bootstrap.grouped(
              new int[][] {g[0]},
              new int[][] {g[1]},
              new int[] {cases.groups()},
              b,
              s,
              7,
              (pc, nc, out) -> cases.evaluateGroups(pc[0], nc[0], cutGroup, out),
              true);
      ClassificationMetric[] all = ClassificationMetric.values();
      for (int k = 0; k < all.length; k++) {
        double[] v = new double[b];
        for (int i = 0; i < b; i++) {
          v[i] = reps[i][k];
        }
        boolean anyFinite = java.util.Arrays.stream(v).anyMatch(Double::isFinite);
        if (!anyFinite) {
          continue;
        }
        Interval ci = Bootstrap.percentileInterval(v, conf);
        if (all[k] == ClassificationMetric.AUC) {
          aucBoot = Optional.of(ci);
        } else {
          at.put(all[k], at.get(all[k]).withCi(ci));
        }
      }
    }
    if (wilson) {
      at.put(ClassificationMetric.ACCURACY, wilsonEstimate(cm.tp() + cm.tn(), cm.n(), conf));
      at.put(ClassificationMetric.SENSITIVITY, wilsonEstimate(cm.tp(), cm.tp() + cm.fn(), conf));
      at.put(ClassificationMetric.SPECIFICITY, wilsonEstimate(cm.tn(), cm.tn() + cm.fp(), conf));
      at.put(ClassificationMetric.PPV, wilsonEstimate(cm.tp(), cm.tp() + cm.fp(), conf));
      at.put(ClassificationMetric.NPV, wilsonEstimate(cm.tn(), cm.tn() + cm.fn(), conf));
    }
    String how = wilson ? "wilson" : b > 0 ? "bootstrap" : "none";
    return new ClassificationReport(
        cases.n,
        cases.positives,
        cases.negatives,
        auc,
        variance,
        aucBoot,
        threshold,
        r,
        cm,
        at,
        Roc.curve(cases),
        b,
        s,
        conf,
        how);
  }

  private static Estimate wilsonEstimate(long k, long n, double conf) {
    if (n == 0) {
      return Estimate.of(Double.NaN);
    }
    return Estimate.of((double) k / n, Proportions.wilson(k, n, conf));
  }

  @Override
  public String toString() {
    return "ClassificationMetrics[n="
        + labels.length
        + ", threshold="
        + (rule == null ? "fixed 0.5" : rule)
        + ", bootstrap="
        + (replicates == null ? 0 : replicates)
        + ", seed="
        + (seed == null ? 42 : seed)
        + ", confidence="
        + (confidence == null ? 0.95 : confidence)
        + ", wilson="
        + wilson
        + "]";
  }
}
