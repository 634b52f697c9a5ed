package org.lungnodule.models.classifier;

import java.util.Arrays;

/** Area under the ROC curve by the Mann–Whitney U statistic (ties count one half). */
final class RocAuc {
  private RocAuc() {}

  /**
   * Returns the AUC of scores for the positive class, or NaN if one class is absent.
   *
   * @param scores one score per example
   * @param positive the true labels
   */
  static double of(double[] scores, boolean[] positive) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPos = 0;
    long nPos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSumPos += rank;
          nPos++;
        }
      }
      i = j + 1;
    }
    long nNeg = n - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
  }
}
