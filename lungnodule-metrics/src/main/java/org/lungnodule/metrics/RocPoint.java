package org.lungnodule.metrics;

/**
 * One operating point of a ROC curve: cases with score {@code >= threshold} are called positive.
 *
 * @param threshold the threshold ({@code +Infinity} for the point (0, 0))
 * @param fpr false-positive rate, 1 - specificity
 * @param tpr true-positive rate, sensitivity
 */
public record RocPoint(double threshold, double fpr, double tpr) {}
