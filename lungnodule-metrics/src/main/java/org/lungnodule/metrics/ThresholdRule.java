package org.lungnodule.metrics;

/**
 * How the decision threshold is chosen: a fixed value, or the one maximising Youden's J on the data
 * being evaluated. A case is called positive when its score is {@code >= threshold}.
 */
public sealed interface ThresholdRule {

  /** A fixed threshold. */
  static ThresholdRule fixed(double threshold) {
    return new Fixed(threshold);
  }

  /** Youden's J, maximised over the observed scores (ties: the highest threshold). */
  static ThresholdRule youden() {
    return new Youden();
  }

  /** Returns the threshold for some cases. */
  double choose(double[] scores, boolean[] labels);

  /**
   * A fixed threshold.
   *
   * @param threshold the threshold, finite
   */
  record Fixed(double threshold) implements ThresholdRule {
    /**
     * Validates the threshold.
     *
     * @throws IllegalArgumentException if not finite
     */
    public Fixed {
      if (!Double.isFinite(threshold)) {
        throw new IllegalArgumentException("threshold must be finite, got " + threshold);
      }
    }

    @Override
    public double choose(double[] scores, boolean[] labels) {
      return threshold;
    }

    @Override
    public String toString() {
      return "fixed " + threshold;
    }
  }

  /** Youden's J. */
  record Youden() implements ThresholdRule {
    @Override
    public double choose(double[] scores, boolean[] labels) {
      return Roc.youdenThreshold(scores, labels);
    }

    @Override
    public String toString() {
      return "youden";
    }
  }
}
