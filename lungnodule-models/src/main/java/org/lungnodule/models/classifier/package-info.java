/**
 * The benign/malignant nodule classifier: a 3D ResNet ({@link
 * org.lungnodule.models.classifier.ResNet3d}, depth 10/18/34/50) on nodule cubes [3, 32, 64, 64],
 * its training loop ({@link org.lungnodule.models.classifier.ClassifierTrainer}: Adam or SGD with
 * momentum, schedules, weight decay, class balancing, seeded augmentation, early stopping,
 * checkpoints with exact resume) and the thread-safe predictor ({@link
 * org.lungnodule.models.classifier.MalignancyClassifier}) saved as one {@link
 * org.lungnodule.models.ModelArchive}.
 */
package org.lungnodule.models.classifier;
