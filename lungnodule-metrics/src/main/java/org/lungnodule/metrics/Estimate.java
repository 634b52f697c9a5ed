package org.lungnodule.metrics;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A point estimate with an optional confidence interval.
 *
 * @param value the estimate (NaN when undefined, e.g. a PPV with no predicted positive)
 * @param ci the confidence interval, if one was computed
 */
public record Estimate(double value, Optional<Interval> ci) {

  /** Checks for null. */
  public Estimate {
    Objects.requireNonNull(ci, "ci");
  }

  /** An estimate without an interval. */
  public static Estimate of(double value) {
    return new Estimate(value, Optional.empty());
  }

  /** An estimate with an interval. */
  public static Estimate of(double value, Interval ci) {
    return new Estimate(value, Optional.of(ci));
  }

  /** Returns a copy with another interval. */
  public Estimate withCi(Interval interval) {
    return new Estimate(value, Optional.of(interval));
  }

  /** Prints as {@code 0.812 (0.776–0.845)} with three decimals. */
  @Override
  public String toString() {
    return format(3);
  }

  /** Prints the value and interval with the given number of decimals. */
  public String format(int decimals) {
    String f = "%." + decimals + "f";
    String v = String.format(Locale.ROOT, f, value);
    return ci.map(
            c ->
                v
                    + " ("
                    + String.format(Locale.ROOT, f, c.lower())
                    + "–"
                    + String.format(Locale.ROOT, f, c.upper())
                    + ")")
        .orElse(v);
  }
}
