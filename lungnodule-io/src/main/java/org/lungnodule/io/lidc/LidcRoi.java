package org.lungnodule.io.lidc;

import java.util.List;
import java.util.Objects;

/**
 * One contour of a reader's nodule on one slice.
 *
 * @param imageZPositionMm {@code imageZposition}: the z (mm) of the slice
 * @param imageSopUid {@code imageSOP_UID} of the slice (may be empty)
 * @param inclusion {@code inclusion}: true for the nodule's outline, false for a hole to exclude
 * @param edgeMap the contour pixels in order (one point for a nodule smaller than 3 mm); copied
 */
public record LidcRoi(
    double imageZPositionMm, String imageSopUid, boolean inclusion, List<EdgePoint> edgeMap) {

  /** Validates and copies. */
  public LidcRoi {
    Objects.requireNonNull(imageSopUid, "imageSopUid");
    edgeMap = List.copyOf(edgeMap);
    if (edgeMap.isEmpty()) {
      throw new IllegalArgumentException("an roi needs at least one edgeMap point");
    }
    if (!Double.isFinite(imageZPositionMm)) {
      throw new IllegalArgumentException("imageZposition must be finite, got " + imageZPositionMm);
    }
  }
}
