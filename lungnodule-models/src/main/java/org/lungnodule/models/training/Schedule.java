package org.lungnodule.models.training;

/**
 * The learning-rate schedule of a training run: the classifier ({@code ClassifierTrainer}) steps it
 * per epoch, the Mask R-CNN ({@code MaskRcnnConfig.learningRateDecay}) per optimizer step. The
 * constant names are written into model archives and provenance ({@code schedule=COSINE}) and read
 * back with {@link #valueOf}: never rename one.
 */
public enum Schedule {
  /** The same rate throughout. */
  CONSTANT,
  /**
   * Cosine decay: the rate at step {@code s} of {@code S} is {@code rate · (1 + cos(π s / S)) / 2},
   * from the full rate at the first step towards 0 at the last.
   */
  COSINE,
  /** ×0.1 at half and again at three quarters of the planned steps. */
  STEP;

  /**
   * The factor on the learning rate at {@code step} (0-based) of {@code totalSteps}.
   *
   * @param step the step, from 0
   * @param totalSteps the planned number of steps
   * @return the factor in (0, 1]
   * @throws IllegalArgumentException if {@code totalSteps} is not positive or {@code step} is
   *     outside [0, totalSteps)
   */
  public double factor(long step, long totalSteps) {
    if (totalSteps < 1 || step < 0 || step >= totalSteps) {
      throw new IllegalArgumentException("step " + step + " outside [0, " + totalSteps + ")");
    }
    return switch (this) {
      case CONSTANT -> 1.0;
      case COSINE -> 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
      case STEP -> step < totalSteps / 2 ? 1.0 : step < (3 * totalSteps) / 4 ? 0.1 : 0.01;
    };
  }
}
