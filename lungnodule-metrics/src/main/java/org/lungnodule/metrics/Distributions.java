package org.lungnodule.metrics;

/**
 * The few distribution functions the tests need, to double precision: the standard normal CDF and
 * quantile, the upper tail of chi-square with one degree of freedom, and the binomial CDF.
 */
public final class Distributions {

  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SQRT2 = Math.sqrt(2.0);

  private Distributions() {}

  /**
   * Returns the complementary error function {@code erfc(x)}, relative error near 1e-15: a
   * positive-term series for {@code |x| < 3}, a continued fraction beyond.
   */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2.0 - erfc(-x);
    }
    if (x < 3.0) {
      // erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
      double x2 = x * x;
      double term = x;
      double sum = x;
      for (int n = 1; n < 200; n++) {
        term *= 2.0 * x2 / (2 * n + 1);
        sum += term;
        if (term < sum * 1e-17) {
          break;
        }
      }
      double erf = 2.0 / SQRT_PI * Math.exp(-x2) * sum;
      return 1.0 - erf;
    }
    if (x > 27.3) {
      return 0.0;
    }
    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), Lentz.
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 500; k++) {
      double a = k / 2.0;
      d = x + a * d;
      d = d == 0 ? tiny : d;
      c = x + a / c;
      c = c == 0 ? tiny : c;
      d = 1.0 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1.0) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / SQRT_PI / f;
  }

  /** Returns the standard normal CDF {@code P(Z <= z)}. */
  public static double normalCdf(double z) {
    return 0.5 * erfc(-z / SQRT2);
  }

  /** Returns the standard normal density. */
  public static double normalPdf(double z) {
    return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  }

  /** Returns the two-sided p-value of a standard normal statistic, {@code 2 P(Z > |z|)}. */
  public static double twoSidedNormalP(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return erfc(Math.abs(z) / SQRT2);
  }

  /**
   * Returns the standard normal quantile {@code z} with {@code P(Z <= z) = p}.
   *
   * @throws IllegalArgumentException if p is not in (0, 1)
   */
  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
    }
    if (p > 0.5) {
      return -normalQuantile(1 - p);
    }
    // Start from a logistic-type approximation, then Newton on the lower tail.
    double t = Math.sqrt(-2 * Math.log(p));
    double z =
        -(t
            - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
    for (int it = 0; it < 50; it++) {
      double f = normalCdf(z) - p;
      double step = f / normalPdf(z);
      z -= step;
      if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) {
        break;
      }
    }
    return z;
  }

  /** Returns the upper tail {@code P(X > x)} of chi-square with one degree of freedom. */
  public static double chiSquare1Upper(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x <= 0) {
      return 1.0;
    }
    return erfc(Math.sqrt(x / 2.0));
  }

  /**
   * Returns {@code P(X <= k)} for {@code X ~ Binomial(n, 1/2)}, summed in log space (no underflow
   * for large n).
   */
  public static double binomialHalfCdf(int k, int n) {
    if (k < 0) {
      return 0;
    }
    if (k >= n) {
      return 1;
    }
    double logPmf = -n * Math.log(2);
    double sum = Math.exp(logPmf);
    for (int i = 1; i <= k; i++) {
      logPmf += Math.log((double) (n - i + 1) / i);
      sum += Math.exp(logPmf);
    }
    return Math.min(1.0, sum);
  }
}
