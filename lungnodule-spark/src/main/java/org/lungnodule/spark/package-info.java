/**
 * Cohort work on Apache Spark 3.5: the per-scan steps of the single-machine tool run as one Spark
 * task per scan, over one or more sites, and the statistics are summed up on the driver.
 *
 * <ul>
 *   <li>{@link org.lungnodule.spark.PreprocessJob}: 1 mm volumes and lung fields in a shared
 *       folder, nodule cubes as a Parquet table;
 *   <li>{@link org.lungnodule.spark.ClassifyJob}: malignancy scores, {@code predictions.csv} equal
 *       to {@code bin/lungnodule classify}'s, and a Parquet table;
 *   <li>{@link org.lungnodule.spark.SegmentJob}: each scan's {@code segment} outputs, and a Parquet
 *       table of all detections;
 *   <li>{@link org.lungnodule.spark.EvaluateJob}: AUC with DeLong and bootstrap intervals over the
 *       predictions, FROC/CPM and Dice/IoU/ASD over the segmentations.
 * </ul>
 *
 * <p>Every job records a scan that fails (path and error) and goes on with the others; commits each
 * scan's outputs by renaming a task-attempt path, so a retried task leaves no duplicate or
 * half-written output; and skips, when run again, the scans whose outputs are complete. Training
 * stays on one machine. Spark is a {@code provided} dependency of this module only.
 */
package org.lungnodule.spark;
