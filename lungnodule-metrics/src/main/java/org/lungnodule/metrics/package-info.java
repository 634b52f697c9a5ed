/**
 * Metrics for lung-nodule segmentation, detection and classification, with confidence intervals,
 * paired tests and report tables. Pure Java (no ND4J): usable by anyone who has predictions.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>{@link org.lungnodule.metrics.SegmentationMetrics}: Dice, IoU, surface distances (ASD,
 *       Hausdorff, HD95) of binary masks; {@link org.lungnodule.metrics.SegmentationAccumulator}
 *       for training loops.
 *   <li>{@link org.lungnodule.metrics.Froc}: FROC curve and the LUNA16 CPM score.
 *   <li>{@link org.lungnodule.metrics.ClassificationMetrics}: ROC, AUC, accuracy, sensitivity,
 *       specificity, PPV, NPV, F1 with DeLong, bootstrap or Wilson confidence intervals.
 *   <li>{@link org.lungnodule.metrics.Compare}: paired comparison of two models on the same cases
 *       (DeLong's test, paired bootstrap, McNemar); {@link org.lungnodule.metrics.PairedTests} for
 *       McNemar and Wilcoxon signed-rank on their own.
 *   <li>{@link org.lungnodule.metrics.PaperTables} and {@link org.lungnodule.metrics.ReportTable}:
 *       the paper's Tables 1–3 as Markdown, CSV and JSON (ROC charts are drawn by {@code
 *       lungnodule-report}, which keeps JFreeChart out of this module).
 * </ul>
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li>Classification labels: {@code true} (or 1) is the positive class (malignant). A case is
 *       called positive when its score is {@code >= threshold}. AUC is the Mann–Whitney statistic
 *       with ties counted one half.
 *   <li>Surface of a mask: the foreground voxels with at least one 6-connected neighbour in the
 *       background; voxels on the border of the grid count as surface (outside the grid is
 *       background), as with {@code scipy.ndimage.binary_erosion}'s default {@code border_value=0}.
 *   <li>Distances are Euclidean in millimetres between voxel centres, with the grid's anisotropic
 *       spacing, from an exact distance transform.
 *   <li>Bootstrap: stratified (positives and negatives resampled separately), percentile intervals
 *       (R's quantile type 7), replicate {@code r} drawn from its own random stream split in a
 *       fixed order from the seed, so that the result does not depend on the number of threads.
 * </ul>
 */
package org.lungnodule.metrics;
