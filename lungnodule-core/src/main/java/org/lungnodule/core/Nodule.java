package org.lungnodule.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A nodule: where it is, how big, what it is.
 *
 * @param id identifier, unique within its scan (non-blank)
 * @param centerMm centre in world mm
 * @param diameterMm diameter in mm, positive and finite
 * @param label ground-truth label
 * @param mask voxel mask of the nodule, on the grid of its scan or of a crop, if known
 * @param malignancyRatings reader ratings of malignancy (1..5, as in LIDC), possibly empty
 */
public record Nodule(
    String id,
    WorldPoint centerMm,
    double diameterMm,
    NoduleLabel label,
    Optional<Mask> mask,
    List<Integer> malignancyRatings) {

  /**
   * Validates the fields and copies the ratings.
   *
   * @throws IllegalArgumentException for a blank id, a non-positive or non-finite diameter, or a
   *     rating outside 1..5
   */
  public Nodule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(centerMm, "centerMm");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(mask, "mask");
    if (id.isBlank()) {
      throw new IllegalArgumentException("nodule id must not be blank");
    }
    if (!(diameterMm > 0) || Double.isInfinite(diameterMm)) {
      throw new IllegalArgumentException(
          "nodule diameter must be positive and finite, got " + diameterMm + " mm");
    }
    malignancyRatings = List.copyOf(malignancyRatings);
    for (int r : malignancyRatings) {
      if (r < 1 || r > 5) {
        throw new IllegalArgumentException("malignancy rating must be in 1..5, got " + r);
      }
    }
  }

  /** A nodule without mask or ratings. */
  public static Nodule of(String id, WorldPoint centerMm, double diameterMm, NoduleLabel label) {
    return new Nodule(id, centerMm, diameterMm, label, Optional.empty(), List.of());
  }

  /** Returns a copy with a mask. */
  public Nodule withMask(Mask m) {
    return new Nodule(id, centerMm, diameterMm, label, Optional.of(m), malignancyRatings);
  }

  /** Returns the radius in mm. */
  public double radiusMm() {
    return diameterMm / 2;
  }

  /** Returns the median of the ratings, if there are any. */
  public Optional<Double> medianRating() {
    if (malignancyRatings.isEmpty()) {
      return Optional.empty();
    }
    int[] r = malignancyRatings.stream().mapToInt(Integer::intValue).sorted().toArray();
    int n = r.length;
    return Optional.of(n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2.0);
  }
}
