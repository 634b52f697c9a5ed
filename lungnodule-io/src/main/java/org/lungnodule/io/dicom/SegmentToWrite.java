package org.lungnodule.io.dicom;

import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.Mask;

/**
 * One segment for {@link DicomSeg#write}: a label, an optional description (for a detection, its
 * score) and a mask on the source series' grid whose non-zero voxels form the segment.
 *
 * @param label Segment Label (0062,0005), 1 to 64 characters without backslash or control
 *     characters
 * @param description Segment Description (0062,0006), if any (at most 64 characters)
 * @param mask the segment (any non-zero label counts)
 */
public record SegmentToWrite(String label, Optional<String> description, Mask mask) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the label or description is empty, too long or holds a
   *     backslash or control character
   */
  public SegmentToWrite {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(mask, "mask");
    check("label", label);
    description.ifPresent(d -> check("description", d));
  }

  /** Creates a segment without a description. */
  public SegmentToWrite(String label, Mask mask) {
    this(label, Optional.empty(), mask);
  }

  private static void check(String what, String s) {
    if (s.isBlank() || s.length() > 64) {
      throw new IllegalArgumentException(
          "segment " + what + " must have 1 to 64 characters, got '" + s + "'");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c < 0x20 || c > 0xFF) {
        throw new IllegalArgumentException(
            "segment " + what + " must not hold a backslash or control character, got '" + s + "'");
      }
    }
  }
}
