package org.lungnodule.models.maskrcnn;

import static org.lungnodule.models.maskrcnn.ConfigChecks.positive;
import static org.lungnodule.models.maskrcnn.ConfigChecks.unit;

import java.util.Objects;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;

/**
 * The training run: its length, the optimizer, the staged schedule of the heads and how crops are
 * drawn.
 *
 * <p>One of the five parts of a {@link MaskRcnnConfig}, its {@link MaskRcnnConfig#training()}.
 *
 * @param epochs training epochs (positive)
 * @param cropsPerEpoch crops per epoch, one per optimizer step (positive)
 * @param learningRate the learning rate (positive and finite)
 * @param optimizer the optimizer
 * @param learningRateDecay how the learning rate changes over a run, per optimizer step, counted
 *     from the start of the run: a resumed run continues the same curve, a fine-tuning starts its
 *     own. {@link Schedule#COSINE} ends a run at a small rate, so the weights it ends with are not
 *     those of one noisy full-rate step
 * @param roiHeadStart fraction of training, in [0, 1], after which the box head trains
 * @param maskHeadStart fraction of training, in [roiHeadStart, 1], after which the mask head trains
 * @param positiveCropFraction probability in [0, 1] that a training crop is placed around a nodule
 * @param backgroundCropsInLung whether the other crops are centred on a random voxel of the lung
 *     field (so that they show vessels and airways, the detector's false positives) rather than
 *     anywhere in the volume (mostly the constant outside of the lungs)
 * @param freezeBackbone whether training keeps the backbone's body (the stem and the ResNet stages)
 *     fixed and updates only the lateral layer, the RPN and the two heads: the "freeze the early
 *     layers" option of fine-tuning. A step then skips the body's backward pass (about 30% of a
 *     SMALL step)
 */
public record TrainingSettings(
    int epochs,
    int cropsPerEpoch,
    double learningRate,
    Optimizer optimizer,
    Schedule learningRateDecay,
    double roiHeadStart,
    double maskHeadStart,
    double positiveCropFraction,
    boolean backgroundCropsInLung,
    boolean freezeBackbone) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException for a value out of range, named in the message
   * @throws NullPointerException for a null optimizer or learning-rate decay
   */
  public TrainingSettings {
    positive("epochs", epochs);
    positive("crops per epoch", cropsPerEpoch);
    checkLearningRate(learningRate);
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(learningRateDecay, "learningRateDecay");
    checkSchedule(roiHeadStart, maskHeadStart);
    unit("positive crop fraction", positiveCropFraction);
  }

  static void checkLearningRate(double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + v);
    }
  }

  static void checkSchedule(double roiHead, double maskHead) {
    unit("roi head start", roiHead);
    unit("mask head start", maskHead);
    if (maskHead < roiHead) {
      throw new IllegalArgumentException(
          "mask head must not start before the roi head, got " + maskHead + " < " + roiHead);
    }
  }
}
