package org.lungnodule.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The classification metrics of one model on one set of cases, made by {@link
 * ClassificationMetrics}. Immutable.
 *
 * @param n number of cases
 * @param positives number of positive cases (label 1)
 * @param negatives number of negative cases
 * @param auc the AUC with its DeLong confidence interval
 * @param aucVarianceDeLong DeLong variance of the AUC (NaN with fewer than 2 cases in a class)
 * @param aucBootstrapCi the percentile bootstrap interval of the AUC, if bootstrapped
 * @param threshold the decision threshold used (positive when score &gt;= threshold)
 * @param thresholdRule how the threshold was chosen
 * @param confusion the confusion matrix at the threshold
 * @param atThreshold accuracy, sensitivity, specificity, PPV, NPV and F1 at the threshold, with
 *     intervals when requested
 * @param roc the ROC curve
 * @param bootstrapReplicates number of bootstrap replicates (0 if none)
 * @param seed the bootstrap seed
 * @param confidence the confidence level of the intervals
 * @param proportionInterval how intervals of the threshold metrics were made: "bootstrap", "wilson"
 *     (F1 then bootstrap or none) or "none"
 */
public record ClassificationReport(
    int n,
    int positives,
    int negatives,
    Estimate auc,
    double aucVarianceDeLong,
    Optional<Interval> aucBootstrapCi,
    double threshold,
    ThresholdRule thresholdRule,
    ConfusionMatrix confusion,
    Map<ClassificationMetric, Estimate> atThreshold,
    RocCurve roc,
    int bootstrapReplicates,
    long seed,
    double confidence,
    String proportionInterval) {

  /** Copies the map and checks for null. */
  public ClassificationReport {
    Objects.requireNonNull(auc, "auc");
    Objects.requireNonNull(aucBootstrapCi, "aucBootstrapCi");
    Objects.requireNonNull(thresholdRule, "thresholdRule");
    Objects.requireNonNull(confusion, "confusion");
    Objects.requireNonNull(roc, "roc");
    Map<ClassificationMetric, Estimate> m = new EnumMap<>(ClassificationMetric.class);
    m.putAll(atThreshold);
    atThreshold = java.util.Collections.unmodifiableMap(m);
  }

  /** Returns a metric: the AUC (DeLong interval) or a threshold metric. */
  public Estimate get(ClassificationMetric metric) {
    return metric == ClassificationMetric.AUC ? auc : atThreshold.get(metric);
  }

  /** Accuracy at the threshold. */
  public Estimate accuracy() {
    return get(ClassificationMetric.ACCURACY);
  }

  /** Sensitivity at the threshold. */
  public Estimate sensitivity() {
    return get(ClassificationMetric.SENSITIVITY);
  }

  /** Specificity at the threshold. */
  public Estimate specificity() {
    return get(ClassificationMetric.SPECIFICITY);
  }

  /** PPV at the threshold. */
  public Estimate ppv() {
    return get(ClassificationMetric.PPV);
  }

  /** NPV at the threshold. */
  public Estimate npv() {
    return get(ClassificationMetric.NPV);
  }

  /** F1 at the threshold. */
  public Estimate f1() {
    return get(ClassificationMetric.F1);
  }

  /**
   * Returns the report as an ordered map for JSON ({@link org.lungnodule.core.Json}): n, positives,
   * negatives, auc, aucCi (DeLong), aucBootstrapCi (if any), threshold, thresholdRule, each
   * threshold metric with its "...Ci" when present, the confusion counts, and the settings.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("positives", positives);
    m.put("negatives", negatives);
    m.put("auc", auc.value());
    auc.ci().ifPresent(c -> m.put("aucCi", c.toArray()));
    aucBootstrapCi.ifPresent(c -> m.put("aucBootstrapCi", c.toArray()));
    m.put("threshold", threshold);
    m.put("thresholdRule", thresholdRule.toString());
    for (Map.Entry<ClassificationMetric, Estimate> e : atThreshold.entrySet()) {
      m.put(e.getKey().key(), e.getValue().value());
      e.getValue().ci().ifPresent(c -> m.put(e.getKey().key() + "Ci", c.toArray()));
    }
    m.put("tp", confusion.tp());
    m.put("fp", confusion.fp());
    m.put("tn", confusion.tn());
    m.put("fn", confusion.fn());
    m.put("confidence", confidence);
    m.put("bootstrapReplicates", bootstrapReplicates);
    if (bootstrapReplicates > 0) {
      m.put("seed", seed);
    }
    m.put("proportionInterval", proportionInterval);
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "ClassificationReport n=%d (%d positive, %d negative), threshold %.4g (%s), %.0f%% CI%n",
            n,
            positives,
            negatives,
            threshold,
            thresholdRule,
            confidence * 100));
    sb.append(String.format(Locale.ROOT, "  %-12s %s (DeLong)", "auc", auc.format(4)));
    aucBootstrapCi.ifPresent(
        c -> sb.append(String.format(Locale.ROOT, "; bootstrap %.4f–%.4f", c.lower(), c.upper())));
    sb.append('\n');
    for (Map.Entry<ClassificationMetric, Estimate> e : atThreshold.entrySet()) {
      sb.append(
          String.format(Locale.ROOT, "  %-12s %s%n", e.getKey().key(), e.getValue().format(4)));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "  confusion    tp=%d fp=%d tn=%d fn=%d",
            confusion.tp(),
            confusion.fp(),
            confusion.tn(),
            confusion.fn()));
    return sb.toString();
  }
}
