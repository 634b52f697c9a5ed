package org.lungnodule.models.maskrcnn;

import static org.lungnodule.models.maskrcnn.ConfigChecks.positive;
import static org.lungnodule.models.maskrcnn.ConfigChecks.unit;

import java.util.List;

/**
 * The region proposal network: cubic anchors, their sampling and the proposals it passes on.
 *
 * <p>One of the five parts of a {@link MaskRcnnConfig}, its {@link MaskRcnnConfig#rpn()}.
 *
 * @param anchorSizesMm anchor edge lengths in mm (at least one, each positive)
 * @param positiveIou IoU with a nodule at or above which an anchor is positive, in [0, 1]
 * @param negativeIou IoU below which an anchor is negative, in [0, positiveIou]
 * @param batch anchors sampled per crop for the RPN losses (positive)
 * @param preNmsTopN proposals kept before NMS (positive)
 * @param postNmsTopN proposals kept after NMS (positive; 1000 in the paper)
 * @param nmsIou NMS IoU among proposals, in [0, 1]
 * @param hardNegativeFraction fraction in [0, 1] of the sampled negative anchors that are the ones
 *     the RPN currently scores highest (hard negatives: vessels, the lung wall); the rest are drawn
 *     at random. 0: all at random, as in the original Faster R-CNN
 * @param scoreWeight weight w in [0, 1] of the RPN's objectness in a detection's score {@code
 *     head^(1-w) * rpn^w} (0: the box head's probability alone, as in the original Mask R-CNN)
 */
public record RpnSettings(
    List<Double> anchorSizesMm,
    double positiveIou,
    double negativeIou,
    int batch,
    int preNmsTopN,
    int postNmsTopN,
    double nmsIou,
    double hardNegativeFraction,
    double scoreWeight) {

  /**
   * Validates and copies the anchor sizes.
   *
   * @throws IllegalArgumentException for a value out of range, named in the message
   * @throws NullPointerException for a null list or element
   */
  public RpnSettings {
    anchorSizesMm = List.copyOf(anchorSizesMm);
    checkAnchorSizes(anchorSizesMm);
    checkIou(positiveIou, negativeIou);
    positive("rpn batch", batch);
    checkProposals(preNmsTopN, postNmsTopN, nmsIou);
    unit("rpn hard negative fraction", hardNegativeFraction);
    unit("rpn score weight", scoreWeight);
  }

  static void checkAnchorSizes(List<Double> sizes) {
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("need at least one anchor size");
    }
    for (double d : sizes) {
      if (!(d > 0)) {
        throw new IllegalArgumentException("anchor sizes must be positive, got " + d + " mm");
      }
    }
  }

  static void checkIou(double positive, double negative) {
    unit("rpn positive iou", positive);
    unit("rpn negative iou", negative);
    if (negative > positive) {
      throw new IllegalArgumentException(
          "rpn negative iou must not exceed positive iou, got " + negative + " > " + positive);
    }
  }

  static void checkProposals(int preNms, int postNms, double nmsIou) {
    positive("pre-nms top-n", preNms);
    positive("post-nms top-n", postNms);
    unit("proposal nms iou", nmsIou);
  }
}
