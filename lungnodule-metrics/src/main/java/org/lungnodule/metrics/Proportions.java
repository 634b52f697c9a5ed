package org.lungnodule.metrics;

/** Confidence intervals for a binomial proportion. */
public final class Proportions {

  private Proportions() {}

  /**
   * Returns the Wilson score interval of {@code successes / trials} (no continuity correction), as
   * R's {@code prop.test(correct=FALSE)}.
   *
   * @throws IllegalArgumentException if trials &lt; 1, successes is out of [0, trials], or the
   *     confidence is not in (0, 1)
   */
  public static Interval wilson(long successes, long trials, double confidence) {
    if (trials < 1 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "wilson interval needs 0 <= successes <= trials and trials >= 1, got "
              + successes
              + " of "
              + trials);
    }
    Inputs.confidence(confidence);
    double z = Distributions.normalQuantile(1 - (1 - confidence) / 2);
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }
}
