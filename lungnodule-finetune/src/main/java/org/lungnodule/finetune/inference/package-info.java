/**
 * Per-scan inference and evaluation shared by every runner: the single-machine command line ({@code
 * bin/lungnodule classify}, {@code segment}, {@code evaluate-segmenter}) and the Spark jobs of
 * {@code lungnodule-spark} call these classes, so that both produce the same bytes for the same
 * scan and model.
 *
 * <ul>
 *   <li>{@link org.lungnodule.finetune.inference.ScanClassification}: one scan's nodules scored by
 *       a classifier, as {@link org.lungnodule.finetune.inference.PredictionRow}s, the rows of the
 *       {@code patient,nodule,label,score} CSV;
 *   <li>{@link org.lungnodule.finetune.inference.ScanSegmentOutputs}: one scan segmented, and its
 *       {@code nodules.csv}, {@code nodules.json} and {@code labels.mha};
 *   <li>{@link org.lungnodule.finetune.inference.SegmenterEvaluation}: one scan's detections and
 *       masks scored against its annotations, and the site summary (sensitivity, false positives
 *       per scan, CPM, Dice, IoU, ASD).
 * </ul>
 */
package org.lungnodule.finetune.inference;
