package org.lungnodule.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Tests for paired data (two models on the same cases): McNemar for paired correctness, Wilcoxon's
 * signed-rank test for paired measurements (per-nodule Dice, IoU, ASD), the paired bootstrap for
 * any statistic, and the rate of change.
 */
public final class PairedTests {

  private PairedTests() {}

  /** How McNemar's p-value is computed. */
  public enum McNemarMethod {
    /** Chi-square with continuity correction, R's {@code mcnemar.test} default. */
    CHI_SQUARE_CORRECTED,
    /** Chi-square without continuity correction ({@code mcnemar.test(correct=FALSE)}). */
    CHI_SQUARE,
    /** Exact binomial test of the discordant pairs (b ~ Binomial(b + c, 1/2)). */
    EXACT
  }

  /** How the Wilcoxon signed-rank p-value is computed. */
  public enum WilcoxonMethod {
    /**
     * Exact when there are fewer than 50 differences, none zero and none tied, else normal: R's
     * {@code wilcox.test} default.
     */
    AUTO,
    /** Exact null distribution (only without ties among |differences|). */
    EXACT,
    /**
     * Normal approximation with tie and continuity correction: {@code wilcox.test(x, y,
     * paired=TRUE, exact=FALSE)}.
     */
    NORMAL
  }

  /**
   * McNemar's test from the discordant counts.
   *
   * @param b pairs where only the first model is right
   * @param c pairs where only the second model is right
   * @return the test; p = 1 when there are no discordant pairs
   * @throws IllegalArgumentException if a count is negative
   */
  public static TestResult mcnemar(long b, long c, McNemarMethod method) {
    Objects.requireNonNull(method, "method");
    if (b < 0 || c < 0) {
      throw new IllegalArgumentException(
          "discordant counts must not be negative, got " + b + ", " + c);
    }
    long d = b + c;
    switch (method) {
      case EXACT -> {
        double p =
            d == 0
                ? 1.0
                : Math.min(1.0, 2 * Distributions.binomialHalfCdf((int) Math.min(b, c), (int) d));
        return new TestResult("McNemar exact binomial", Double.NaN, p);
      }
      case CHI_SQUARE -> {
        double x = d == 0 ? 0 : (double) (b - c) * (b - c) / d;
        return new TestResult(
            "McNemar chi-square", x, d == 0 ? 1.0 : Distributions.chiSquare1Upper(x));
      }
      default -> {
        double a = Math.abs(b - c) - 1.0;
        double x = d == 0 ? 0 : a * a / d;
        return new TestResult(
            "McNemar chi-square, continuity corrected",
            x,
            d == 0 ? 1.0 : Distributions.chiSquare1Upper(x));
      }
    }
  }

  /**
   * McNemar's test of the correctness of two models' calls on the same cases.
   *
   * @param correctA whether model A called each case right
   * @param correctB whether model B called each case right
   * @throws IllegalArgumentException on a length mismatch
   */
  public static TestResult mcnemar(boolean[] correctA, boolean[] correctB, McNemarMethod method) {
    Objects.requireNonNull(correctA, "correctA");
    Objects.requireNonNull(correctB, "correctB");
    if (correctA.length != correctB.length) {
      throw new IllegalArgumentException(
          "length mismatch: correctA has "
              + correctA.length
              + " values, correctB "
              + correctB.length);
    }
    long b = 0;
    long c = 0;
    for (int i = 0; i < correctA.length; i++) {
      if (correctA[i] && !correctB[i]) {
        b++;
      } else if (!correctA[i] && correctB[i]) {
        c++;
      }
    }
    return mcnemar(b, c, method);
  }

  /**
   * Wilcoxon's signed-rank test of paired values {@code x - y} (two-sided), as R's {@code
   * wilcox.test(x, y, paired=TRUE)}: zero differences are dropped, ties get midranks; the statistic
   * is V, the sum of the ranks of positive differences. NaN pairs are an error.
   *
   * @throws IllegalArgumentException on a length mismatch, NaN values, no non-zero difference, or
   *     EXACT with tied differences
   */
  public static TestResult wilcoxonSignedRank(double[] x, double[] y, WilcoxonMethod method) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(method, "method");
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "length mismatch: x has " + x.length + " values, y " + y.length);
    }
    double[] d = new double[x.length];
    int n = 0;
    boolean zeros = false;
    for (int i = 0; i < x.length; i++) {
      double v = x[i] - y[i];
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("values must not be NaN, got one at index " + i);
      }
      if (v != 0) {
        d[n++] = v;
      } else {
        zeros = true;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("all " + x.length + " differences are zero");
    }
    d = Arrays.copyOf(d, n);
    double[] abs = new double[n];
    for (int i = 0; i < n; i++) {
      abs[i] = Math.abs(d[i]);
    }
    double[] r = DeLong.midranks(abs);
    double v = 0;
    for (int i = 0; i < n; i++) {
      if (d[i] > 0) {
        v += r[i];
      }
    }
    double[] sorted = abs.clone();
    Arrays.sort(sorted);
    double tieSum = 0;
    boolean ties = false;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && sorted[j + 1] == sorted[i]) {
        j++;
      }
      double t = j - i + 1;
      if (t > 1) {
        ties = true;
      }
      tieSum += t * t * t - t;
      i = j + 1;
    }
    boolean exact =
        method == WilcoxonMethod.EXACT
            || (method == WilcoxonMethod.AUTO && n < 50 && !ties && !zeros);
    if (exact) {
      if (ties) {
        throw new IllegalArgumentException("the exact signed-rank test needs untied differences");
      }
      double[] cdf = signedRankCdf(n);
      int vi = (int) Math.round(v);
      double p;
      if (v > n * (n + 1) / 4.0) {
        p = 1 - (vi - 1 >= 0 ? cdf[vi - 1] : 0);
      } else {
        p = cdf[vi];
      }
      return new TestResult("Wilcoxon signed-rank exact", v, Math.min(1, 2 * p));
    }
    double z = v - n * (n + 1) / 4.0;
    double sigma = Math.sqrt(n * (n + 1.0) * (2 * n + 1) / 24.0 - tieSum / 48.0);
    double correction = 0.5 * Math.signum(z);
    double zc = (z - correction) / sigma;
    double p = 2 * Math.min(Distributions.normalCdf(zc), Distributions.normalCdf(-zc));
    return new TestResult(
        "Wilcoxon signed-rank, normal approximation with continuity correction", v, Math.min(1, p));
  }

  /** P(V <= v) of the signed-rank statistic with n untied ranks, v = 0..n(n+1)/2. */
  static double[] signedRankCdf(int n) {
    int max = n * (n + 1) / 2;
    double[] f = new double[max + 1];
    f[0] = 1;
    for (int k = 1; k <= n; k++) {
      for (int s = Math.min(max, k * (k + 1) / 2); s >= k; s--) {
        f[s] += f[s - k];
      }
      for (int s = 0; s <= max; s++) {
        f[s] *= 0.5;
      }
    }
    for (int s = 1; s <= max; s++) {
      f[s] += f[s - 1];
    }
    return f;
  }

  /**
   * The rate of change from a baseline to a new value in percent: {@code (tuned - baseline) /
   * baseline * 100} (NaN when the baseline is 0).
   */
  public static double rateOfChangePercent(double baseline, double tuned) {
    return baseline == 0 ? Double.NaN : (tuned - baseline) / baseline * 100.0;
  }

  /**
   * The paired bootstrap test of a difference: {@code difference} computes (model B - model A) on a
   * stratified resample; returns the percentile interval and a two-sided p-value from the normal
   * statistic {@code observed / sd(replicates)} (the approach of pROC's {@code roc.test(method =
   * "bootstrap")}).
   *
   * @param labels true = positive
   * @param difference the statistic (B - A) of a resample (counts per case)
   * @param replicates number of replicates, 2 to {@link Bootstrap#MAX_REPLICATES}
   * @param seed the seed
   * @param confidence confidence level of the interval
   */
  public static BootstrapDifference bootstrapDifference(
      boolean[] labels,
      ResampledStatistic difference,
      int replicates,
      long seed,
      double confidence) {
    Objects.requireNonNull(difference, "difference");
    int[] ones = new int[labels.length];
    Arrays.fill(ones, 1);
    double observed = difference.apply(ones);
    double[] reps = Bootstrap.stratified(labels, replicates, seed, difference);
    return BootstrapDifference.of(observed, reps, confidence);
  }

  /**
   * A paired bootstrap difference.
   *
   * @param observed the difference on the full sample
   * @param ci percentile interval of the difference
   * @param standardError standard deviation of the replicates
   * @param p two-sided p-value of observed / standardError against the normal
   * @param replicates number of finite replicates used
   */
  public record BootstrapDifference(
      double observed, Interval ci, double standardError, double p, int replicates) {

    static BootstrapDifference of(double observed, double[] reps, double confidence) {
      double[] fin = Bootstrap.finiteSorted(reps);
      double sd = Bootstrap.sd(reps);
      double p;
      if (sd == 0) {
        p = observed == 0 ? 1.0 : 0.0;
      } else {
        p = Distributions.twoSidedNormalP(observed / sd);
      }
      return new BootstrapDifference(
          observed, Bootstrap.percentileInterval(reps, confidence), sd, p, fin.length);
    }
  }
}
