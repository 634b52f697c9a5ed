package org.lungnodule.models.maskrcnn;

import java.util.Objects;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;

/**
 * A nodule found in a whole scan. Its voxels are those of {@link ScanSegmentation#labels()} equal
 * to {@code label}.
 *
 * @param label the nodule's label in the segmentation's label mask (1 = highest score)
 * @param score the final score: with a {@link FalsePositiveReducer}, its combination of the
 *     reducer's probability and the detector score ({@link FalsePositiveReducer#combine}); without
 *     one, the detector score
 * @param boxVoxels the detected box on the segmentation grid (half-open voxel indices)
 * @param boxMinMm world position of the box's first voxel centre
 * @param boxMaxMm world position of the box's last voxel centre
 * @param centerMm centroid of the mask in world mm (the box centre if the mask is empty)
 * @param diameterMm diameter of the sphere with the mask's volume (the mean box edge if the mask is
 *     empty)
 * @param volumeMm3 volume of the mask in mm³
 * @param voxelCount voxels in the mask
 * @param source where the detection came from (the candidate source)
 * @param detectorScore the score its source gave it (stage one: the box head's probability, or the
 *     blob score)
 * @param reducerProbability the reducer's nodule probability (stage two), empty without a reducer
 * @param maskOrigin how its mask was made (the mask head, or region growing for a blob)
 */
public record DetectedNodule(
    int label,
    double score,
    VoxelBox boxVoxels,
    WorldPoint boxMinMm,
    WorldPoint boxMaxMm,
    WorldPoint centerMm,
    double diameterMm,
    double volumeMm3,
    long voxelCount,
    CandidateSource source,
    double detectorScore,
    java.util.OptionalDouble reducerProbability,
    MaskOrigin maskOrigin) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the label is not in 1..255, the score not in [0, 1] or a
   *     size negative
   */
  public DetectedNodule {
    Objects.requireNonNull(boxVoxels, "boxVoxels");
    Objects.requireNonNull(boxMinMm, "boxMinMm");
    Objects.requireNonNull(boxMaxMm, "boxMaxMm");
    Objects.requireNonNull(centerMm, "centerMm");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reducerProbability, "reducerProbability");
    Objects.requireNonNull(maskOrigin, "maskOrigin");
    if (!(detectorScore >= 0 && detectorScore <= 1)) {
      throw new IllegalArgumentException("detector score must be in [0, 1], got " + detectorScore);
    }
    if (reducerProbability.isPresent()
        && !(reducerProbability.getAsDouble() >= 0 && reducerProbability.getAsDouble() <= 1)) {
      throw new IllegalArgumentException(
          "reducer probability must be in [0, 1], got " + reducerProbability.getAsDouble());
    }
    if (label < 1 || label > 255) {
      throw new IllegalArgumentException("label must be in 1..255, got " + label);
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
    if (!(diameterMm >= 0) || !(volumeMm3 >= 0) || voxelCount < 0) {
      throw new IllegalArgumentException(
          "sizes must not be negative, got diameter "
              + diameterMm
              + " mm, volume "
              + volumeMm3
              + " mm3");
    }
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "DetectedNodule[#%d %s score %.3f at (%.1f, %.1f, %.1f) mm, diameter %.1f mm, volume %.0f"
            + " mm3, mask %s]",
        label,
        source.id(),
        score,
        centerMm.xMm(),
        centerMm.yMm(),
        centerMm.zMm(),
        diameterMm,
        volumeMm3,
        maskOrigin.id());
  }
}
