package org.lungnodule.models.maskrcnn;

import java.util.Locale;

/**
 * Where a detection came from, and so how its mask was made. The two-stage segmenter ({@link
 * NoduleSegmenter} with a {@link FalsePositiveReducer}) collects candidates from both sources and
 * rescores them all with the reducer's networks; a segmenter without a reducer has only the first.
 */
public enum CandidateSource {
  /**
   * The Mask R-CNN (stage one): a box of the box head; its score is the box head's nodule
   * probability and its mask the mask head's probabilities at 0.5.
   */
  MASK_RCNN("mask head, probability >= 0.5"),
  /**
   * A blob of the reducer's Hessian dot filter ({@link FalsePositiveReducer#blobDetections}): its
   * score is a function of the filter's response and its mask a region grown from the blob's
   * brightest voxel over the voxels at or above half way to the local background (half maximum).
   */
  BLOB("region grown at half maximum");

  private final String maskMethod;

  CandidateSource(String maskMethod) {
    this.maskMethod = maskMethod;
  }

  /** How a detection of this source gets its mask, in words (as written in outputs). */
  public String maskMethod() {
    return maskMethod;
  }

  /** The source as written in outputs and evaluations: {@code mask-rcnn} or {@code blob}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
