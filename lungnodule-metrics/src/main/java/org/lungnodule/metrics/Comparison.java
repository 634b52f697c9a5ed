package org.lungnodule.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The paired comparison of a baseline model (A) and a tuned model (B) on the same cases, made by
 * {@link Compare}. Differences are B - A. Immutable.
 *
 * @param baseline the baseline model's report (no bootstrap intervals)
 * @param tuned the tuned model's report (no bootstrap intervals)
 * @param delong DeLong's test of the two AUCs, if requested
 * @param mcnemar McNemar's test of the correctness of the calls at each model's threshold
 * @param bootstrap the paired bootstrap difference of each metric, if requested
 * @param rateOfChangePercent (B - A) / A * 100 of every metric
 * @param bootstrapReplicates number of bootstrap replicates (0 if none)
 * @param seed the bootstrap seed
 * @param confidence the confidence level
 */
public record Comparison(
    ClassificationReport baseline,
    ClassificationReport tuned,
    Optional<DeLong.Test> delong,
    TestResult mcnemar,
    Map<ClassificationMetric, PairedTests.BootstrapDifference> bootstrap,
    Map<ClassificationMetric, Double> rateOfChangePercent,
    int bootstrapReplicates,
    long seed,
    double confidence) {

  /** Copies the maps and checks for null. */
  public Comparison {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(tuned, "tuned");
    Objects.requireNonNull(delong, "delong");
    Objects.requireNonNull(mcnemar, "mcnemar");
    Map<ClassificationMetric, PairedTests.BootstrapDifference> b =
        new EnumMap<>(ClassificationMetric.class);
    b.putAll(bootstrap);
    bootstrap = java.util.Collections.unmodifiableMap(b);
    Map<ClassificationMetric, Double> r = new EnumMap<>(ClassificationMetric.class);
    r.putAll(rateOfChangePercent);
    rateOfChangePercent = java.util.Collections.unmodifiableMap(r);
  }

  /** The AUC difference B - A. */
  public double deltaAuc() {
    return tuned.auc().value() - baseline.auc().value();
  }

  /**
   * The p-value for a metric's difference: DeLong's for the AUC when available, else the paired
   * bootstrap's, else McNemar's for accuracy.
   */
  public Optional<Double> p(ClassificationMetric metric) {
    if (metric == ClassificationMetric.AUC && delong.isPresent()) {
      return Optional.of(delong.get().p());
    }
    if (bootstrap.containsKey(metric)) {
      return Optional.of(bootstrap.get(metric).p());
    }
    if (metric == ClassificationMetric.ACCURACY) {
      return Optional.of(mcnemar.p());
    }
    return Optional.empty();
  }

  /**
   * Returns an ordered map for JSON: aucA, aucB, deltaAuc, pDelong (and zDelong, deltaAucCi when
   * DeLong ran), pBootstrap (the AUC's paired bootstrap p when bootstrapped), pMcnemar, per metric
   * A, B, rate of change and bootstrap p.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", baseline.n());
    m.put("aucA", baseline.auc().value());
    m.put("aucB", tuned.auc().value());
    m.put("deltaAuc", deltaAuc());
    delong.ifPresent(
        d -> {
          m.put("zDelong", d.z());
          m.put("pDelong", d.p());
          m.put("deltaAucCi", d.differenceCi().toArray());
        });
    if (bootstrap.containsKey(ClassificationMetric.AUC)) {
      m.put("pBootstrap", bootstrap.get(ClassificationMetric.AUC).p());
      m.put("deltaAucBootstrapCi", bootstrap.get(ClassificationMetric.AUC).ci().toArray());
    }
    m.put("pMcnemar", mcnemar.p());
    m.put("thresholdA", baseline.threshold());
    m.put("thresholdB", tuned.threshold());
    for (ClassificationMetric k : ClassificationMetric.values()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("a", baseline.get(k).value());
      e.put("b", tuned.get(k).value());
      e.put("rateOfChangePercent", rateOfChangePercent.get(k));
      PairedTests.BootstrapDifference d = bootstrap.get(k);
      if (d != null) {
        e.put("difference", d.observed());
        e.put("differenceCi", d.ci().toArray());
        e.put("pBootstrap", d.p());
      }
      m.put(k.key(), e);
    }
    m.put("bootstrapReplicates", bootstrapReplicates);
    m.put("confidence", confidence);
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Comparison n=%d (B - A)%n", baseline.n()));
    sb.append(
        String.format(
            Locale.ROOT, "  %-12s %10s %10s %9s %10s%n", "metric", "A", "B", "change%", "p"));
    for (ClassificationMetric k : ClassificationMetric.values()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-12s %10.4f %10.4f %9.2f %10s%n",
              k.key(),
              baseline.get(k).value(),
              tuned.get(k).value(),
              rateOfChangePercent.get(k),
              p(k).map(p -> String.format(Locale.ROOT, "%.4g", p)).orElse("-")));
    }
    delong.ifPresent(
        d ->
            sb.append("  DeLong z=")
                .append(String.format(Locale.ROOT, "%.4f", d.z()))
                .append('\n'));
    sb.append("  ").append(mcnemar);
    return sb.toString();
  }
}
