package org.lungnodule.metrics;

/** The classification metrics that reports, bootstraps and paired comparisons know by name. */
public enum ClassificationMetric {
  /** Area under the ROC curve (Mann–Whitney, ties one half). */
  AUC("auc"),
  /** (TP + TN) / n. */
  ACCURACY("accuracy"),
  /** TP / (TP + FN), the true-positive rate (recall). */
  SENSITIVITY("sensitivity"),
  /** TN / (TN + FP), the true-negative rate. */
  SPECIFICITY("specificity"),
  /** TP / (TP + FP), the positive predictive value (precision). */
  PPV("ppv"),
  /** TN / (TN + FN), the negative predictive value. */
  NPV("npv"),
  /** 2 TP / (2 TP + FP + FN). */
  F1("f1");

  private final String key;

  ClassificationMetric(String key) {
    this.key = key;
  }

  /** The lower-camel-case key used in JSON and CSV output. */
  public String key() {
    return key;
  }
}
