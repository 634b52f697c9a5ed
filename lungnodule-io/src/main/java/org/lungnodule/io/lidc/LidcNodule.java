package org.lungnodule.io.lidc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.WorldPoint;

/**
 * One nodule of a scan: the marks of the readers who saw it (at most one per reader), merged.
 *
 * @param id {@code N1}, {@code N2}, … in the order of the readers' first marks
 * @param annotations the readers' marks (distinct readings); copied
 * @param centerMm centroid of the consensus mask, or the mean of the marks' centroids when the
 *     consensus is empty
 * @param diameterMm mean of the marks' diameters over marks with a contour; 0 if every mark is a
 *     single point (a nodule under 3 mm)
 * @param consensusMask voxels covered by at least the agreement fraction of the marks, on a crop of
 *     the scan grid (the union's bounding box); empty if no voxel reaches the agreement
 */
public record LidcNodule(
    String id,
    List<LidcAnnotation> annotations,
    WorldPoint centerMm,
    double diameterMm,
    Optional<Mask> consensusMask) {

  /** Validates and copies. */
  public LidcNodule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(centerMm, "centerMm");
    Objects.requireNonNull(consensusMask, "consensusMask");
    annotations = List.copyOf(annotations);
    if (annotations.isEmpty()) {
      throw new IllegalArgumentException("a nodule needs at least one annotation");
    }
    if (!(diameterMm >= 0) || Double.isInfinite(diameterMm)) {
      throw new IllegalArgumentException("diameter must be >= 0 and finite, got " + diameterMm);
    }
  }

  /** Returns the number of readers who marked this nodule. */
  public int readerCount() {
    return annotations.size();
  }

  /** Returns the malignancy ratings given (readers without a rating are left out). */
  public List<Integer> malignancyRatings() {
    return LidcAnnotation.ratings(annotations);
  }

  /** Returns the median malignancy rating (mean of the middle two for an even count), if any. */
  public Optional<Double> medianMalignancy() {
    int[] r = malignancyRatings().stream().mapToInt(Integer::intValue).sorted().toArray();
    if (r.length == 0) {
      return Optional.empty();
    }
    int n = r.length;
    return Optional.of(n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2.0);
  }

  /**
   * Returns this as a core {@link Nodule} with a label, the consensus mask and the ratings.
   *
   * @throws IllegalArgumentException if the diameter is 0 (a point-only nodule)
   */
  public Nodule toNodule(NoduleLabel label) {
    return new Nodule(id, centerMm, diameterMm, label, consensusMask, malignancyRatings());
  }
}
