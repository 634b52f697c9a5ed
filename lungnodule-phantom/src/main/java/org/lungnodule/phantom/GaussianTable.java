package org.lungnodule.phantom;

import java.util.SplittableRandom;

/**
 * Fast standard-normal noise: 4096 equiprobable quantiles of N(0, 1) (the inverse CDF at the bin
 * centres), indexed by 12 random bits, 5 samples per 64-bit draw. The tails are cut at about ±3.5σ,
 * which does not matter for image noise and makes a 512 × 512 × 300 volume's noise take a fraction
 * of a second.
 */
final class GaussianTable {

  private static final int BITS = 12;
  private static final float[] Q = table();

  private GaussianTable() {}

  private static float[] table() {
    int n = 1 << BITS;
    float[] q = new float[n];
    double ss = 0;
    for (int i = 0; i < n; i++) {
      q[i] = (float) inverseNormal((i + 0.5) / n);
      ss += q[i] * q[i];
    }
    float norm = (float) Math.sqrt(n / ss); // unit variance exactly
    for (int i = 0; i < n; i++) {
      q[i] *= norm;
    }
    return q;
  }

  /** Adds sigma × N(0, 1) noise to every element of a. */
  static void addNoise(SplittableRandom rng, float[] a, float sigma) {
    int i = 0;
    int mask = (1 << BITS) - 1;
    while (i < a.length) {
      long bits = rng.nextLong();
      for (int s = 0; s < 5 && i < a.length; s++, i++) {
        a[i] += sigma * Q[(int) (bits & mask)];
        bits >>>= BITS;
      }
    }
  }

  /** Acklam's rational approximation of the standard normal quantile (relative error 1e-9). */
  static double inverseNormal(double p) {
    double[] a = {
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
    };
    double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    double[] c = {
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549671010366007e+00, 4.374664141464968e+00, 2.938163982698783e+00
    };
    double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double pl = 0.02425;
    if (p < pl) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - pl) {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
