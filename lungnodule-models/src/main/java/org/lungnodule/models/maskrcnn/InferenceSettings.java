package org.lungnodule.models.maskrcnn;

import static org.lungnodule.models.maskrcnn.ConfigChecks.notNegative;
import static org.lungnodule.models.maskrcnn.ConfigChecks.positive;
import static org.lungnodule.models.maskrcnn.ConfigChecks.unit;

import org.lungnodule.core.preprocess.LungField;

/**
 * How whole scans are segmented.
 *
 * <p>One of the five parts of a {@link MaskRcnnConfig}, its {@link MaskRcnnConfig#inference()}.
 *
 * @param scoreThreshold detections below this score are dropped, in [0, 1] (0.5 in the paper)
 * @param detectionNmsIou NMS IoU among detections (within a window and across windows), in [0, 1]
 * @param maxDetections the most detections kept per window (positive)
 * @param windowOverlap voxels by which neighbouring inference windows overlap (not negative; below
 *     the crop size)
 * @param lungDilationMm dilation in mm, in [0, 50], of the lung field the model's inputs are made
 *     with: 0 keeps {@link LungField}'s default field; a few mm keep juxtapleural nodules whole
 *     that the field would cut. Training cases and scans to segment are both prepared with it
 */
public record InferenceSettings(
    double scoreThreshold,
    double detectionNmsIou,
    int maxDetections,
    int windowOverlap,
    double lungDilationMm) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException for a value out of range, named in the message
   */
  public InferenceSettings {
    unit("score threshold", scoreThreshold);
    unit("detection nms iou", detectionNmsIou);
    positive("max detections", maxDetections);
    notNegative("window overlap", windowOverlap);
    checkLungDilation(lungDilationMm);
  }

  /** The lung-field extractor for the model's inputs (the defaults, dilated). */
  public LungField lungField() {
    return LungField.builder().dilationMm(lungDilationMm).build();
  }

  static void checkLungDilation(double mm) {
    if (!(mm >= 0 && mm <= 50)) {
      throw new IllegalArgumentException("lung dilation must be in [0, 50] mm, got " + mm);
    }
  }
}
