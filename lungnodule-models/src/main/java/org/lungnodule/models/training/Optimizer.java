package org.lungnodule.models.training;

/**
 * The optimiser of a training run, for the classifier ({@code ClassifierTrainer}) and the Mask
 * R-CNN ({@code MaskRcnnConfig}) alike. The constant names are written into model archives and
 * provenance ({@code optimizer=ADAM}) and read back with {@link #valueOf}: never rename one.
 */
public enum Optimizer {
  /** Adam (β1 0.9, β2 0.999). */
  ADAM,
  /**
   * Stochastic gradient descent with Nesterov momentum (0.9; the classifier trainer can set
   * another).
   */
  SGD
}
