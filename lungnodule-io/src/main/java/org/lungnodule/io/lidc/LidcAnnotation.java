package org.lungnodule.io.lidc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.WorldPoint;

/**
 * One reader's mark of a nodule placed on a scan's grid: the voxels it covers and where its contour
 * lies in world mm. Made by {@link LidcClusterer}.
 *
 * @param reading 0-based index of the reading (= the reader)
 * @param readerId the reading's {@code servicingRadiologistID}
 * @param noduleId the reader's {@code noduleID}
 * @param malignancy the reader's malignancy rating, if any
 * @param centroidMm centroid of the covered voxels, world mm
 * @param diameterMm the largest distance between two contour points on one slice (mm); 0 for a
 *     single-point (under 3 mm) mark
 * @param voxelCount the number of voxels covered
 */
public record LidcAnnotation(
    int reading,
    String readerId,
    String noduleId,
    Optional<Integer> malignancy,
    WorldPoint centroidMm,
    double diameterMm,
    int voxelCount) {

  /** Validates. */
  public LidcAnnotation {
    Objects.requireNonNull(readerId, "readerId");
    Objects.requireNonNull(noduleId, "noduleId");
    Objects.requireNonNull(malignancy, "malignancy");
    Objects.requireNonNull(centroidMm, "centroidMm");
  }

  /** Returns the ratings of annotations that have one. */
  static List<Integer> ratings(List<LidcAnnotation> as) {
    return as.stream().flatMap(a -> a.malignancy().stream()).toList();
  }
}
