package org.lungnodule.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * ROC analysis of scores against binary labels (true = positive): the exact AUC, the curve and
 * Youden's threshold. All methods validate their input: equal lengths, finite scores, both classes.
 */
public final class Roc {

  private Roc() {}

  /**
   * Returns the exact AUC: the probability that a random positive scores higher than a random
   * negative, ties counted one half (the Mann–Whitney U / (n+ n-)).
   *
   * @throws IllegalArgumentException on a length mismatch, NaN or infinite scores, or one class
   *     only
   */
  public static double auc(double[] scores, boolean[] labels) {
    return new ScoredCases(scores, labels).auc();
  }

  /** As {@link #auc(double[], boolean[])} with labels 0/1. */
  public static double auc(double[] scores, int[] labels) {
    return auc(scores, Inputs.labels(labels));
  }

  /**
   * Returns the ROC curve, one point per distinct score.
   *
   * @throws IllegalArgumentException on a length mismatch, NaN or infinite scores, or one class
   *     only
   */
  public static RocCurve curve(double[] scores, boolean[] labels) {
    return curve(new ScoredCases(scores, labels));
  }

  /** As {@link #curve(double[], boolean[])} with labels 0/1. */
  public static RocCurve curve(double[] scores, int[] labels) {
    return curve(scores, Inputs.labels(labels));
  }

  /**
   * Returns the stratified percentile bootstrap interval of the AUC (as pROC's {@code ci.auc(...,
   * method = "bootstrap", boot.stratified = TRUE)}). The scores are sorted once; each replicate is
   * a weighted Mann–Whitney pass over the sorted cases, O(n).
   *
   * @param replicates number of replicates, at least 2 (pROC's default is 2000)
   * @param seed the seed; the same seed gives the same interval whatever the number of threads
   * @param confidence the confidence level, in (0, 1)
   * @throws IllegalArgumentException on a length mismatch, NaN or infinite scores, one class only,
   *     fewer than 2 replicates or a bad confidence level
   */
  public static Interval bootstrapAucCi(
      double[] scores, boolean[] labels, int replicates, long seed, double confidence) {
    ScoredCases c = new ScoredCases(scores, labels);
    Inputs.confidence(confidence);
    int[][] g = c.groupsByClass();
    double[][] r =
        Bootstrap.grouped(
            new int[][] {g[0]},
            new int[][] {g[1]},
            new int[] {c.groups()},
            replicates,
            seed,
            1,
            (pc, nc, out) -> out[0] = c.aucGroups(pc[0], nc[0]),
            true);
    double[] v = new double[replicates];
    for (int i = 0; i < replicates; i++) {
      v[i] = r[i][0];
    }
    return Bootstrap.percentileInterval(v, confidence);
  }

  static RocCurve curve(ScoredCases c) {
    List<RocPoint> pts = new ArrayList<>(c.groups() + 1);
    pts.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
    long tp = 0;
    long fp = 0;
    for (int g = c.groups() - 1; g >= 0; g--) {
      for (int p = c.groupStart[g]; p < c.groupStart[g + 1]; p++) {
        if (c.labels[c.order[p]]) {
          tp++;
        } else {
          fp++;
        }
      }
      pts.add(
          new RocPoint(
              c.scores[c.order[c.groupStart[g]]],
              (double) fp / c.negatives,
              (double) tp / c.positives));
    }
    return new RocCurve(pts, c.auc());
  }

  /**
   * Returns the threshold that maximises Youden's J = sensitivity + specificity - 1 over the
   * observed scores (a case is positive when its score is {@code >= threshold}); among equal J the
   * highest threshold wins.
   *
   * @throws IllegalArgumentException on a length mismatch, NaN or infinite scores, or one class
   *     only
   */
  public static double youdenThreshold(double[] scores, boolean[] labels) {
    return youdenThreshold(new ScoredCases(scores, labels));
  }

  static double youdenThreshold(ScoredCases c) {
    long tp = 0;
    long fp = 0;
    double best = Double.NEGATIVE_INFINITY;
    double bestT = Double.NaN;
    for (int g = c.groups() - 1; g >= 0; g--) {
      for (int p = c.groupStart[g]; p < c.groupStart[g + 1]; p++) {
        if (c.labels[c.order[p]]) {
          tp++;
        } else {
          fp++;
        }
      }
      double j = (double) tp / c.positives + (1 - (double) fp / c.negatives) - 1;
      if (j > best + 1e-12) {
        best = j;
        bestT = c.scores[c.order[c.groupStart[g]]];
      }
    }
    return bestT;
  }
}
