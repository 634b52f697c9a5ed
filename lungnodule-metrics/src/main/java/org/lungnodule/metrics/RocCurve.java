package org.lungnodule.metrics;

import java.util.List;

/**
 * A ROC curve: one point per distinct score, from threshold {@code +Infinity} (0, 0) down to the
 * lowest score (1, 1), like scikit-learn's {@code roc_curve(drop_intermediate=False)}.
 *
 * @param points the operating points by decreasing threshold
 * @param auc the area under the curve (trapezoidal, equal to the Mann–Whitney AUC)
 */
public record RocCurve(List<RocPoint> points, double auc) {

  /** Copies the list. */
  public RocCurve {
    points = List.copyOf(points);
  }

  /** Returns the false-positive rates. */
  public double[] fpr() {
    return points.stream().mapToDouble(RocPoint::fpr).toArray();
  }

  /** Returns the true-positive rates. */
  public double[] tpr() {
    return points.stream().mapToDouble(RocPoint::tpr).toArray();
  }

  /** Returns the thresholds. */
  public double[] thresholds() {
    return points.stream().mapToDouble(RocPoint::threshold).toArray();
  }

  @Override
  public String toString() {
    return "RocCurve[" + points.size() + " points, auc=" + auc + "]";
  }
}
