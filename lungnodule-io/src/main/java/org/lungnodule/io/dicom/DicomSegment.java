package org.lungnodule.io.dicom;

import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.Mask;

/**
 * One segment of a DICOM Segmentation, read onto a CT series' grid.
 *
 * @param number Segment Number (0062,0004), 1 or more
 * @param label Segment Label (0062,0005)
 * @param description Segment Description (0062,0006), if present
 * @param algorithmType Segment Algorithm Type (0062,0008): AUTOMATIC, SEMIAUTOMATIC or MANUAL
 * @param mask the segment as a binary mask (0 and 1) on the CT grid
 */
public record DicomSegment(
    int number, String label, Optional<String> description, String algorithmType, Mask mask) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the number is not in 1..65535
   */
  public DicomSegment {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(algorithmType, "algorithmType");
    Objects.requireNonNull(mask, "mask");
    if (number < 1 || number > 0xFFFF) {
      throw new IllegalArgumentException("segment number must be in 1..65535, got " + number);
    }
  }

  @Override
  public String toString() {
    return "segment "
        + number
        + " '"
        + label
        + "' ("
        + algorithmType
        + ")"
        + description.map(d -> " '" + d + "'").orElse("")
        + ": "
        + mask.count()
        + " voxels";
  }
}
