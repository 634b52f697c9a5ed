package org.lungnodule.metrics;

/**
 * Counts of a binary classification at a threshold (a case is called positive when its score is
 * {@code >= threshold}). Rates with a zero denominator are NaN.
 *
 * @param tp true positives
 * @param fp false positives
 * @param tn true negatives
 * @param fn false negatives
 */
public record ConfusionMatrix(long tp, long fp, long tn, long fn) {

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public ConfusionMatrix {
    if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative, got tp=" + tp + " fp=" + fp + " tn=" + tn + " fn=" + fn);
    }
  }

  /**
   * Counts the confusion matrix of scores at a threshold.
   *
   * @throws IllegalArgumentException on a length mismatch or non-finite scores
   */
  public static ConfusionMatrix of(double[] scores, boolean[] labels, double threshold) {
    Inputs.scores("scores", scores, labels.length);
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean called = scores[i] >= threshold;
      if (labels[i]) {
        if (called) {
          tp++;
        } else {
          fn++;
        }
      } else if (called) {
        fp++;
      } else {
        tn++;
      }
    }
    return new ConfusionMatrix(tp, fp, tn, fn);
  }

  /** Number of cases. */
  public long n() {
    return tp + fp + tn + fn;
  }

  /** (TP + TN) / n. */
  public double accuracy() {
    return ratio(tp + tn, n());
  }

  /** TP / (TP + FN). */
  public double sensitivity() {
    return ratio(tp, tp + fn);
  }

  /** TN / (TN + FP). */
  public double specificity() {
    return ratio(tn, tn + fp);
  }

  /** TP / (TP + FP). */
  public double ppv() {
    return ratio(tp, tp + fp);
  }

  /** TN / (TN + FN). */
  public double npv() {
    return ratio(tn, tn + fn);
  }

  /** 2 TP / (2 TP + FP + FN). */
  public double f1() {
    return ratio(2 * tp, 2 * tp + fp + fn);
  }

  /** Youden's J = sensitivity + specificity - 1. */
  public double youdenJ() {
    return sensitivity() + specificity() - 1;
  }

  /** Returns the value of a threshold metric ({@link ClassificationMetric#AUC} is not one). */
  public double get(ClassificationMetric m) {
    return switch (m) {
      case ACCURACY -> accuracy();
      case SENSITIVITY -> sensitivity();
      case SPECIFICITY -> specificity();
      case PPV -> ppv();
      case NPV -> npv();
      case F1 -> f1();
      case AUC -> throw new IllegalArgumentException("auc is not a threshold metric");
    };
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }

  /** Writes accuracy, sensitivity, specificity, PPV, NPV, F1 of (weighted) counts from out[at]. */
  static void rates(double tp, double fp, double tn, double fn, double[] out, int at) {
    out[at] = ratio(tp + tn, tp + fp + tn + fn);
    out[at + 1] = ratio(tp, tp + fn);
    out[at + 2] = ratio(tn, tn + fp);
    out[at + 3] = ratio(tp, tp + fp);
    out[at + 4] = ratio(tn, tn + fn);
    out[at + 5] = ratio(2 * tp, 2 * tp + fp + fn);
  }

  @Override
  public String toString() {
    return "            truth+  truth-\n"
        + String.format("called+  %7d %7d%n", tp, fp)
        + String.format("called-  %7d %7d", fn, tn);
  }
}
