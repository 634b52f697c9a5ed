/**
 * Settings shared by every training loop of this module: the {@link
 * org.lungnodule.models.training.Optimizer} and the learning-rate {@link
 * org.lungnodule.models.training.Schedule}, one enum each for the classifier and the Mask R-CNN.
 */
package org.lungnodule.models.training;
