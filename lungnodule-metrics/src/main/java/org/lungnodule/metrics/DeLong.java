package org.lungnodule.metrics;

/**
 * DeLong's method for the variance of one or several correlated AUCs on the same cases, with Sun
 * and Xu's fast algorithm (IEEE Signal Process. Lett. 2014): midranks instead of the O(n+ n-)
 * kernel, O(n log n) per model. Results agree with R's pROC ({@code ci.auc(method="delong")},
 * {@code roc.test(method="delong", paired=TRUE)}).
 */
public final class DeLong {

  private DeLong() {}

  /** The AUCs of several models on the same cases and their DeLong covariance matrix. Immutable. */
  public static final class Result {
    private final double[] aucs;
    private final double[][] covariance;

    Result(double[] aucs, double[][] covariance) {
      this.aucs = aucs.clone();
      this.covariance = new double[covariance.length][];
      for (int i = 0; i < covariance.length; i++) {
        this.covariance[i] = covariance[i].clone();
      }
    }

    /** The number of models. */
    public int models() {
      return aucs.length;
    }

    /** Returns the AUC of model k. */
    public double auc(int k) {
      return aucs[k];
    }

    /** The variance of model k's AUC. */
    public double variance(int k) {
      return covariance[k][k];
    }

    /** The covariance of the AUCs of models a and b. */
    public double covariance(int a, int b) {
      return covariance[a][b];
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("DeLong[");
      for (int k = 0; k < aucs.length; k++) {
        sb.append(k == 0 ? "" : ", ")
            .append(
                String.format(
                    java.util.Locale.ROOT, "auc%d=%.6f var=%.3g", k, aucs[k], covariance[k][k]));
      }
      return sb.append(']').toString();
    }
  }

  /**
   * The test of two correlated AUCs.
   *
   * @param aucA AUC of model A
   * @param aucB AUC of model B
   * @param difference aucB - aucA
   * @param standardError standard error of the difference
   * @param z (aucA - aucB) / standard error, the sign convention of pROC's {@code roc.test}
   * @param p two-sided p-value
   * @param differenceCi confidence interval of aucB - aucA (normal)
   */
  public record Test(
      double aucA,
      double aucB,
      double difference,
      double standardError,
      double z,
      double p,
      Interval differenceCi) {}

  /**
   * Computes the AUCs and covariance of several models.
   *
   * @param labels true = positive
   * @param scores one score array per model, each as long as labels
   * @throws IllegalArgumentException on a length mismatch, NaN or infinite scores, or fewer than 2
   *     cases in a class
   */
  public static Result compute(boolean[] labels, double[]... scores) {
    int m = Inputs.bothClasses(labels);
    int n = labels.length - m;
    if (m < 2 || n < 2) {
      throw new IllegalArgumentException(
          "DeLong's variance needs at least 2 positive and 2 negative cases, got "
              + m
              + " positive and "
              + n
              + " negative");
    }
    int k = scores.length;
    if (k == 0) {
      throw new IllegalArgumentException("at least one score array is needed");
    }
    int[] posIdx = new int[m];
    int[] negIdx = new int[n];
    for (int i = 0, a = 0, b = 0; i < labels.length; i++) {
      if (labels[i]) {
        posIdx[a++] = i;
      } else {
        negIdx[b++] = i;
      }
    }
    double[] aucs = new double[k];
    double[][] v10 = new double[k][m];
    double[][] v01 = new double[k][n];
    for (int r = 0; r < k; r++) {
      Inputs.scores(k == 1 ? "scores" : "scores[" + r + "]", scores[r], labels.length);
      double[] x = new double[m];
      double[] y = new double[n];
      double[] z = new double[m + n];
      for (int i = 0; i < m; i++) {
        x[i] = scores[r][posIdx[i]];
        z[i] = x[i];
      }
      for (int j = 0; j < n; j++) {
        y[j] = scores[r][negIdx[j]];
        z[m + j] = y[j];
      }
      double[] tx = midranks(x);
      double[] ty = midranks(y);
      double[] tz = midranks(z);
      double sum = 0;
      for (int i = 0; i < m; i++) {
        sum += tz[i];
        v10[r][i] = (tz[i] - tx[i]) / n;
      }
      for (int j = 0; j < n; j++) {
        v01[r][j] = 1.0 - (tz[m + j] - ty[j]) / m;
      }
      aucs[r] = (sum - m * (m + 1.0) / 2.0) / ((double) m * n);
    }
    double[][] cov = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        double c =
            cov(v10[a], v10[b], aucs[a], aucs[b]) / m + cov(v01[a], v01[b], aucs[a], aucs[b]) / n;
        cov[a][b] = c;
        cov[b][a] = c;
      }
    }
    return new Result(aucs, cov);
  }

  /**
   * Returns the DeLong confidence interval of one AUC: normal with the DeLong variance, clipped to
   * [0, 1] (as pROC).
   */
  public static Interval ci(double auc, double variance, double confidence) {
    Inputs.confidence(confidence);
    double z = Distributions.normalQuantile(1 - (1 - confidence) / 2);
    double se = Math.sqrt(variance);
    return new Interval(Math.max(0, auc - z * se), Math.min(1, auc + z * se));
  }

  /**
   * Returns DeLong's test of two correlated AUCs (paired: same cases).
   *
   * @throws IllegalArgumentException on a length mismatch, NaN or infinite scores, or one class
   *     only
   */
  public static Test test(double[] scoresA, double[] scoresB, boolean[] labels, double confidence) {
    Result r = compute(labels, scoresA, scoresB);
    return test(r, confidence);
  }

  static Test test(Result r, double confidence) {
    Inputs.confidence(confidence);
    double var = r.variance(0) + r.variance(1) - 2 * r.covariance(0, 1);
    double se = Math.sqrt(Math.max(0, var));
    double diff = r.auc(1) - r.auc(0);
    double z =
        se == 0
            ? (diff == 0 ? Double.NaN : Math.copySign(Double.POSITIVE_INFINITY, -diff))
            : -diff / se;
    double p = Double.isNaN(z) ? 1.0 : Distributions.twoSidedNormalP(z);
    double q = Distributions.normalQuantile(1 - (1 - confidence) / 2);
    return new Test(r.auc(0), r.auc(1), diff, se, z, p, new Interval(diff - q * se, diff + q * se));
  }

  private static double cov(double[] a, double[] b, double ma, double mb) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - ma) * (b[i] - mb);
    }
    return s / (a.length - 1);
  }

  /** Midranks (1-based, ties get the mean of their ranks). */
  static double[] midranks(double[] v) {
    int n = v.length;
    int[] order = ScoredCases.sortedOrder(v);
    double[] r = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1.0;
      for (int t = i; t <= j; t++) {
        r[order[t]] = mid;
      }
      i = j + 1;
    }
    return r;
  }
}
