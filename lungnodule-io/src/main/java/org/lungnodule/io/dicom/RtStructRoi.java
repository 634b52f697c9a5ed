package org.lungnodule.io.dicom;

import java.util.Objects;
import org.lungnodule.core.Mask;

/**
 * One region of interest of an RT Structure Set, rasterised onto a CT series' grid.
 *
 * @param number ROI Number (3006,0022)
 * @param name ROI Name (3006,0026), empty if absent
 * @param frameOfReferenceUid Referenced Frame of Reference UID (3006,0024), empty if absent
 * @param contourCount how many CLOSED_PLANAR contours were rasterised
 * @param mask the region as a binary mask (0 and 1) on the CT grid
 */
public record RtStructRoi(
    int number, String name, String frameOfReferenceUid, int contourCount, Mask mask) {

  /** Validates that no component is null and the contour count is not negative. */
  public RtStructRoi {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(frameOfReferenceUid, "frameOfReferenceUid");
    Objects.requireNonNull(mask, "mask");
    if (contourCount < 0) {
      throw new IllegalArgumentException("contour count must not be negative, got " + contourCount);
    }
  }

  @Override
  public String toString() {
    return "ROI "
        + number
        + " '"
        + name
        + "': "
        + contourCount
        + " contour(s), "
        + mask.count()
        + " voxels";
  }
}
