package org.lungnodule.io.manifest;

import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.WorldPoint;

/**
 * The nodule part of a manifest row.
 *
 * @param noduleId nodule identifier, unique within its scan (non-blank)
 * @param centerMm centre in world mm (LPS)
 * @param diameterMm diameter in mm, positive and finite
 * @param label BENIGN, MALIGNANT or UNKNOWN
 * @param maskPath path of a mask file ({@code .mhd}, {@code .mha}, {@code .nii}, {@code .nii.gz}),
 *     relative to the manifest's folder, if there is one
 */
public record ManifestNodule(
    String noduleId,
    WorldPoint centerMm,
    double diameterMm,
    NoduleLabel label,
    Optional<String> maskPath) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException for a blank id or mask path, or a bad diameter
   */
  public ManifestNodule {
    Objects.requireNonNull(noduleId, "noduleId");
    Objects.requireNonNull(centerMm, "centerMm");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(maskPath, "maskPath");
    if (noduleId.isBlank()) {
      throw new IllegalArgumentException("nodule_id must not be blank");
    }
    if (!(diameterMm > 0) || Double.isInfinite(diameterMm)) {
      throw new IllegalArgumentException(
          "diameter_mm must be positive and finite, got " + diameterMm);
    }
    if (maskPath.isPresent() && maskPath.get().isBlank()) {
      throw new IllegalArgumentException("mask_path must not be blank when present");
    }
  }
}
