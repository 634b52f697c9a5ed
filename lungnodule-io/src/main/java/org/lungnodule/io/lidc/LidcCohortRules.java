package org.lungnodule.io.lidc;

import java.util.Optional;
import org.lungnodule.core.NoduleLabel;

/**
 * The inclusion rules of a cohort, by default the paper's: a nodule is kept if its diameter is
 * above 3 mm and at least 2 readers rated its malignancy; it is MALIGNANT if the median rating is
 * above 3, BENIGN if below 3, and left out if exactly 3. Immutable.
 */
public final class LidcCohortRules {

  /** The paper's rules. */
  public static final LidcCohortRules PAPER = builder().build();

  private final double minDiameterMm;
  private final int minRatings;
  private final double malignantAbove;
  private final double benignBelow;

  private LidcCohortRules(Builder b) {
    this.minDiameterMm = b.minDiameterMm == null ? 3.0 : b.minDiameterMm;
    this.minRatings = b.minRatings == null ? 2 : b.minRatings;
    this.malignantAbove = b.malignantAbove == null ? 3.0 : b.malignantAbove;
    this.benignBelow = b.benignBelow == null ? 3.0 : b.benignBelow;
  }

  /** Returns a builder whose defaults are the paper's rules. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the diameter a nodule must exceed (mm). */
  public double minDiameterMm() {
    return minDiameterMm;
  }

  /** Returns the number of malignancy ratings a nodule needs. */
  public int minRatings() {
    return minRatings;
  }

  /** Returns the median above which a nodule is malignant. */
  public double malignantAbove() {
    return malignantAbove;
  }

  /** Returns the median below which a nodule is benign. */
  public double benignBelow() {
    return benignBelow;
  }

  /**
   * Applies the rules: returns the label of an included nodule, or the reason it is excluded.
   *
   * @return a decision holding either the label or the reason for leaving the nodule out
   */
  public Decision decide(LidcNodule n) {
    int r = n.malignancyRatings().size();
    if (r < minRatings) {
      return new Decision(
          Optional.empty(),
          Optional.of(
              "rated by " + r + " reader" + (r == 1 ? "" : "s") + ", fewer than " + minRatings));
    }
    if (!(n.diameterMm() > minDiameterMm)) {
      return new Decision(
          Optional.empty(),
          Optional.of(
              String.format(
                  java.util.Locale.ROOT,
                  "diameter %.2f mm is not above %s mm",
                  n.diameterMm(),
                  minDiameterMm)));
    }
    double median = n.medianMalignancy().orElseThrow();
    if (median > malignantAbove) {
      return new Decision(Optional.of(NoduleLabel.MALIGNANT), Optional.empty());
    }
    if (median < benignBelow) {
      return new Decision(Optional.of(NoduleLabel.BENIGN), Optional.empty());
    }
    return new Decision(
        Optional.empty(), Optional.of("median malignancy " + median + " is indeterminate"));
  }

  /**
   * The outcome of the rules for one nodule: a label, or why it was left out.
   *
   * @param label the label of an included nodule
   * @param exclusion the reason an excluded nodule was left out
   */
  public record Decision(Optional<NoduleLabel> label, Optional<String> exclusion) {}

  @Override
  public String toString() {
    return "LidcCohortRules[diameter > "
        + minDiameterMm
        + " mm, ratings >= "
        + minRatings
        + ", malignant if median > "
        + malignantAbove
        + ", benign if median < "
        + benignBelow
        + "]";
  }

  /** Builder; each option may be set once. */
  public static final class Builder {
    private Double minDiameterMm;
    private Integer minRatings;
    private Double malignantAbove;
    private Double benignBelow;

    private Builder() {}

    /**
     * Sets the diameter a nodule must exceed (default 3 mm).
     *
     * @throws IllegalArgumentException if negative or not finite
     * @throws IllegalStateException if already set
     */
    public Builder minDiameterMm(double mm) {
      if (minDiameterMm != null) {
        throw new IllegalStateException("minDiameterMm was already set to " + minDiameterMm);
      }
      if (!(mm >= 0) || Double.isInfinite(mm)) {
        throw new IllegalArgumentException(
            "minDiameterMm must be >= 0 and finite, got " + mm + " mm");
      }
      minDiameterMm = mm;
      return this;
    }

    /**
     * Sets how many readers must have rated malignancy (default 2: single-reader nodules out).
     *
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder minRatings(int n) {
      if (minRatings != null) {
        throw new IllegalStateException("minRatings was already set to " + minRatings);
      }
      if (n < 1) {
        throw new IllegalArgumentException("minRatings must be at least 1, got " + n);
      }
      minRatings = n;
      return this;
    }

    /**
     * Sets the median rating above which a nodule is malignant (default 3).
     *
     * @throws IllegalArgumentException if outside [1, 5]
     * @throws IllegalStateException if already set
     */
    public Builder malignantAbove(double median) {
      if (malignantAbove != null) {
        throw new IllegalStateException("malignantAbove was already set to " + malignantAbove);
      }
      checkRating("malignantAbove", median);
      malignantAbove = median;
      return this;
    }

    /**
     * Sets the median rating below which a nodule is benign (default 3).
     *
     * @throws IllegalArgumentException if outside [1, 5]
     * @throws IllegalStateException if already set
     */
    public Builder benignBelow(double median) {
      if (benignBelow != null) {
        throw new IllegalStateException("benignBelow was already set to " + benignBelow);
      }
      checkRating("benignBelow", median);
      benignBelow = median;
      return this;
    }

    private static void checkRating(String name, double v) {
      if (!(v >= 1 && v <= 5)) {
        throw new IllegalArgumentException(name + " must be in [1, 5], got " + v);
      }
    }

    /**
     * Builds.
     *
     * @throws IllegalArgumentException if benignBelow exceeds malignantAbove (a median could be
     *     both)
     */
    public LidcCohortRules build() {
      double m = malignantAbove == null ? 3.0 : malignantAbove;
      double b = benignBelow == null ? 3.0 : benignBelow;
      if (b > m) {
        throw new IllegalArgumentException(
            "benignBelow (" + b + ") must not exceed malignantAbove (" + m + ")");
      }
      return new LidcCohortRules(this);
    }
  }
}
