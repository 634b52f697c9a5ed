package org.lungnodule.models.maskrcnn;

import java.util.Locale;

/**
 * Where a detection came from: the candidate stage ({@link CandidateStage}) that proposed it. The
 * two-stage segmenter ({@link NoduleSegmenter} with a {@link FalsePositiveReducer}) collects
 * candidates from both sources and rescores them all with the reducer's networks; a segmenter
 * without a reducer has only the first. How a detection's mask was made is its {@link MaskOrigin}.
 */
public enum CandidateSource {
  /**
   * The Mask R-CNN over sliding windows ({@link SlidingWindowDetector}): a box of the box head; its
   * score is the box head's nodule probability (weighted with the RPN's objectness) and its mask
   * the mask head's ({@link MaskOrigin#MASK_HEAD}).
   */
  MASK_RCNN,
  /**
   * A blob of the Hessian dot filter ({@link BlobCandidates}): its score is a function of the
   * filter's response and its mask a region grown from the blob's brightest voxel ({@link
   * MaskOrigin#REGION_GROWING}).
   */
  BLOB;

  /** The source as written in outputs and evaluations: {@code mask-rcnn} or {@code blob}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
