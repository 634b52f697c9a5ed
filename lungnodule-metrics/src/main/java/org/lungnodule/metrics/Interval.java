package org.lungnodule.metrics;

/**
 * A closed interval {@code [lower, upper]}, typically a confidence interval.
 *
 * @param lower lower bound
 * @param upper upper bound, not below {@code lower}
 */
public record Interval(double lower, double upper) {

  /**
   * Validates the bounds.
   *
   * @throws IllegalArgumentException if a bound is NaN or {@code upper < lower}
   */
  public Interval {
    if (Double.isNaN(lower) || Double.isNaN(upper) || upper < lower) {
      throw new IllegalArgumentException(
          "interval bounds must be ordered numbers, got [" + lower + ", " + upper + "]");
    }
  }

  /** Returns {@code [lower, upper]}. */
  public double[] toArray() {
    return new double[] {lower, upper};
  }

  /** Returns whether {@code x} lies in the interval (bounds included). */
  public boolean contains(double x) {
    return x >= lower && x <= upper;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.4f–%.4f", lower, upper);
  }
}
