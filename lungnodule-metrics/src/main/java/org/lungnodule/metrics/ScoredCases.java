package org.lungnodule.metrics;

/**
 * Validated scores and labels sorted once by score, with the tie groups, so that the AUC and the
 * confusion counts of a weighted resample take one O(n) pass.
 */
final class ScoredCases {

  final int n;
  final int positives;
  final int negatives;
  final double[] scores;
  final boolean[] labels;

  /** Case indices in ascending score order. */
  final int[] order;

  /** Start (in sorted positions) of each tie group, plus a final entry n. */
  final int[] groupStart;

  ScoredCases(double[] scores, boolean[] labels) {
    Inputs.scores("scores", scores, labels.length);
    this.n = labels.length;
    this.positives = Inputs.bothClasses(labels);
    this.negatives = n - positives;
    this.scores = scores.clone();
    this.labels = labels.clone();
    this.order = sortedOrder(this.scores);
    int groups = 0;
    int[] starts = new int[n + 1];
    for (int p = 0; p < n; p++) {
      if (p == 0 || this.scores[order[p]] != this.scores[order[p - 1]]) {
        starts[groups++] = p;
      }
    }
    starts[groups] = n;
    this.groupStart = java.util.Arrays.copyOf(starts, groups + 1);
    this.groupOf = new int[n];
    for (int g = 0; g < groups; g++) {
      for (int p = groupStart[g]; p < groupStart[g + 1]; p++) {
        groupOf[order[p]] = g;
      }
    }
  }

  /** The tie group of each case. */
  final int[] groupOf;

  /** The tie groups of the positives, then of the negatives, in case order. */
  int[][] groupsByClass() {
    int[] pg = new int[positives];
    int[] ng = new int[negatives];
    for (int i = 0, a = 0, b = 0; i < n; i++) {
      if (labels[i]) {
        pg[a++] = groupOf[i];
      } else {
        ng[b++] = groupOf[i];
      }
    }
    return new int[][] {pg, ng};
  }

  /** The group whose first sorted position is {@code cut} (groups() if cut == n). */
  int cutGroup(int cut) {
    if (cut >= n) {
      return groups();
    }
    return groupOf[order[cut]];
  }

  /** AUC from counts per group. */
  double aucGroups(int[] pos, int[] neg) {
    double cumNeg = 0;
    double num = 0;
    double totalPos = 0;
    for (int g = 0; g < pos.length; g++) {
      double wp = pos[g];
      double wn = neg[g];
      num += wp * (cumNeg + 0.5 * wn);
      cumNeg += wn;
      totalPos += wp;
    }
    return num / (totalPos * cumNeg);
  }

  /**
   * As {@link #evaluate(int[], int, double[])} from counts per group; positive from cutGroup on.
   */
  void evaluateGroups(int[] pos, int[] neg, int cutGroup, double[] out) {
    double cumNeg = 0;
    double num = 0;
    double tp = 0;
    double fp = 0;
    double totalPos = 0;
    for (int g = 0; g < pos.length; g++) {
      double wp = pos[g];
      double wn = neg[g];
      if (g >= cutGroup) {
        tp += wp;
        fp += wn;
      }
      num += wp * (cumNeg + 0.5 * wn);
      cumNeg += wn;
      totalPos += wp;
    }
    out[0] = num / (totalPos * cumNeg);
    ConfusionMatrix.rates(tp, fp, cumNeg - fp, totalPos - tp, out, 1);
  }

  int groups() {
    return groupStart.length - 1;
  }

  /** Returns the case indices sorted by ascending value (stable merge sort). */
  static int[] sortedOrder(double[] v) {
    int n = v.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] tmp = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          tmp[k++] = v[a[j]] < v[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
          tmp[k++] = a[i++];
        }
        while (j < hi) {
          tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, lo, a, lo, hi - lo);
      }
    }
    return a;
  }

  /** The exact AUC (ties one half) of the full sample. */
  double auc() {
    double cumNeg = 0;
    double num = 0;
    for (int g = 0; g < groups(); g++) {
      long wp = 0;
      long wn = 0;
      for (int p = groupStart[g]; p < groupStart[g + 1]; p++) {
        if (labels[order[p]]) {
          wp++;
        } else {
          wn++;
        }
      }
      num += wp * (cumNeg + 0.5 * wn);
      cumNeg += wn;
    }
    return num / ((double) positives * negatives);
  }

  /** The first sorted position whose score is {@code >= threshold} (n if none). */
  int cut(double threshold) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (scores[order[mid]] >= threshold) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Confusion counts at a threshold for the full sample. */
  ConfusionMatrix confusion(double threshold) {
    int cut = cut(threshold);
    long tp = 0;
    long fp = 0;
    for (int p = cut; p < n; p++) {
      if (labels[order[p]]) {
        tp++;
      } else {
        fp++;
      }
    }
    return new ConfusionMatrix(tp, fp, negatives - fp, positives - tp);
  }

  /**
   * Evaluates a weighted resample in one pass: writes AUC, accuracy, sensitivity, specificity, PPV,
   * NPV and F1 (in {@link ClassificationMetric} order) at the sorted cut position into {@code out}.
   */
  void evaluate(int[] counts, int cut, double[] out) {
    double cumNeg = 0;
    double num = 0;
    double tp = 0;
    double fp = 0;
    double totalPos = 0;
    for (int g = 0; g < groups(); g++) {
      int start = groupStart[g];
      int end = groupStart[g + 1];
      long wp = 0;
      long wn = 0;
      for (int p = start; p < end; p++) {
        int i = order[p];
        int c = counts[i];
        if (labels[i]) {
          wp += c;
        } else {
          wn += c;
        }
      }
      if (start >= cut) {
        tp += wp;
        fp += wn;
      }
      num += wp * (cumNeg + 0.5 * wn);
      cumNeg += wn;
      totalPos += wp;
    }
    out[0] = num / (totalPos * cumNeg);
    ConfusionMatrix.rates(tp, fp, cumNeg - fp, totalPos - tp, out, 1);
  }

  /** The AUC only of a weighted resample. */
  double auc(int[] counts) {
    double cumNeg = 0;
    double num = 0;
    double totalPos = 0;
    for (int g = 0; g < groups(); g++) {
      long wp = 0;
      long wn = 0;
      for (int p = groupStart[g]; p < groupStart[g + 1]; p++) {
        int i = order[p];
        if (labels[i]) {
          wp += counts[i];
        } else {
          wn += counts[i];
        }
      }
      num += wp * (cumNeg + 0.5 * wn);
      cumNeg += wn;
      totalPos += wp;
    }
    return num / (totalPos * cumNeg);
  }
}
