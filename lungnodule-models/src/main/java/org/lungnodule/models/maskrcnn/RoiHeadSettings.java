package org.lungnodule.models.maskrcnn;

import static org.lungnodule.models.maskrcnn.ConfigChecks.context;
import static org.lungnodule.models.maskrcnn.ConfigChecks.positive;
import static org.lungnodule.models.maskrcnn.ConfigChecks.unit;

/**
 * The ROI sampling for training and the two heads behind ROIAlign.
 *
 * <p>One of the five parts of a {@link MaskRcnnConfig}, its {@link MaskRcnnConfig#roiHeads()}.
 *
 * @param batch ROIs per crop for the heads' losses (positive)
 * @param positiveFraction fraction of those that are positive, in (0, 1]
 * @param positiveIou IoU with a nodule at or above which a ROI is positive, in [0, 1]
 * @param negativeIou IoU below which a ROI is background, in [0, positiveIou]; ROIs in between are
 *     left out of the heads' losses
 * @param poolSize ROIAlign bins per axis (positive; 7 in the paper); the mask is twice that
 * @param boxHeadHidden width of the box head's two fully connected layers (positive)
 * @param maskHeadChannels channels of the mask head's convolutions (positive)
 * @param maskContext factor in [1, 3] by which a box is enlarged about its centre before the mask
 *     head sees it (and the mask is pasted over the enlarged box): a ROI that is off by a voxel or
 *     two still holds the whole nodule
 * @param boxContext factor in [1, 3] by which a proposal is enlarged about its centre before the
 *     box head pools it (the box deltas stay relative to the proposal): with context the head can
 *     tell a round nodule, whose surroundings are lung, from a vessel, which runs on beyond the box
 */
public record RoiHeadSettings(
    int batch,
    double positiveFraction,
    double positiveIou,
    double negativeIou,
    int poolSize,
    int boxHeadHidden,
    int maskHeadChannels,
    double maskContext,
    double boxContext) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException for a value out of range, named in the message
   */
  public RoiHeadSettings {
    checkSampling(batch, positiveFraction, positiveIou, negativeIou);
    positive("pool size", poolSize);
    positive("box head width", boxHeadHidden);
    positive("mask head channels", maskHeadChannels);
    context("mask context", maskContext);
    context("box context", boxContext);
  }

  /** Mask resolution per axis ({@code 2 * poolSize}). */
  public int maskSize() {
    return 2 * poolSize;
  }

  static void checkSampling(
      int batch, double positiveFraction, double positiveIou, double negativeIou) {
    positive("roi batch", batch);
    if (!(positiveFraction > 0 && positiveFraction <= 1)) {
      throw new IllegalArgumentException(
          "roi positive fraction must be in (0, 1], got " + positiveFraction);
    }
    unit("roi positive iou", positiveIou);
    unit("roi negative iou", negativeIou);
    if (negativeIou > positiveIou) {
      throw new IllegalArgumentException(
          "roi negative iou " + negativeIou + " exceeds the positive iou " + positiveIou);
    }
  }
}
