package org.lungnodule.models.maskrcnn;

import java.util.Locale;

/**
 * How a detection's mask was made: by the Mask R-CNN's mask head, or by growing a region from a
 * blob's brightest voxel where the candidate's source has no mask of its own. The {@link MaskStage}
 * pastes either kind into the scan's label mask the same way (voxels at probability 0.5 or more,
 * left free by higher-scoring detections).
 */
public enum MaskOrigin {
  /** The mask head's per-voxel probabilities, kept at 0.5 or more. */
  MASK_HEAD("mask head, probability >= 0.5"),
  /**
   * A region grown from the blob's brightest voxel over the voxels at or above half way to the
   * local background (half maximum), within a sphere around the blob ({@link
   * BlobCandidates#detection}).
   */
  REGION_GROWING("region grown at half maximum");

  private final String description;

  MaskOrigin(String description) {
    this.description = description;
  }

  /** How the mask was made, in words (the {@code maskMethod} of outputs). */
  public String description() {
    return description;
  }

  /** The origin as written in outputs: {@code mask-head} or {@code region-growing}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
