package org.lungnodule.metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of a hypothesis test.
 *
 * @param method the test, e.g. "McNemar chi-square, continuity corrected"
 * @param statistic the test statistic (NaN when not defined, e.g. an exact test)
 * @param p the two-sided p-value
 */
public record TestResult(String method, double statistic, double p) {

  /** Checks for null. */
  public TestResult {
    Objects.requireNonNull(method, "method");
  }

  /** Whether p &lt; alpha. */
  public boolean significant(double alpha) {
    return p < alpha;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s: statistic=%.4f p=%.4g", method, statistic, p);
  }
}
