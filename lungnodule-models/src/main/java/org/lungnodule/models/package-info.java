/**
 * Shared model infrastructure on DeepLearning4j/ND4J: the {@link org.lungnodule.models.Provenance}
 * record every trained model carries, the one-file {@link org.lungnodule.models.ModelArchive},
 * atomic per-epoch {@link org.lungnodule.models.Checkpoints} with exact resume, training progress
 * callbacks ({@link org.lungnodule.models.TrainingListener}, {@link
 * org.lungnodule.models.TrainingProgress}) and the ND4J {@link org.lungnodule.models.Backend}
 * check. The networks live in sub-packages ({@code classifier}, {@code maskrcnn}).
 */
package org.lungnodule.models;
