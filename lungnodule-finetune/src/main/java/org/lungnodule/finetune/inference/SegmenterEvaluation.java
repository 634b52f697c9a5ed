package org.lungnodule.finetune.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelIndex;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.metrics.Detection;
import org.lungnodule.metrics.DetectionEvaluation;
import org.lungnodule.metrics.DetectionSummary;
import org.lungnodule.metrics.OperatingPoint;
import org.lungnodule.metrics.SegmentationAccumulator;
import org.lungnodule.metrics.SegmentationScores;
import org.lungnodule.metrics.SegmentationSummary;
import org.lungnodule.models.maskrcnn.DetectedNodule;

/**
 * A segmenter's detections and masks scored against a site's annotations, one scan at a time, then
 * summed up for the site: what {@code bin/lungnodule evaluate-segmenter} prints, and what the Spark
 * {@code evaluate} job computes from the {@code segment} job's outputs.
 *
 * <p>The matching is {@link DetectionEvaluation}'s (the LUNA16 hit rule: a detection hits a nodule
 * when its centre lies strictly within the nodule's radius; a nodule's match is its highest-scoring
 * hit). Per scan: every detection is an FROC candidate, under its {@link
 * org.lungnodule.models.maskrcnn.CandidateSource} ({@code mask-rcnn} or {@code blob}, so that the
 * evaluation counts the hits of each source), or {@value #SOURCE} where the source is not recorded;
 * those at or above the score threshold are the detections that count for sensitivity and false
 * positives per scan. Each annotated nodule whose match is kept has its Dice, IoU and ASD measured
 * between the match's mask and the nodule's annotated mask, both cut to their bounding boxes
 * ({@link Detection#labelMasks(Mask)}). The summary adds the scans up in the order given.
 */
public final class SegmenterEvaluation {

  /** The candidate source of a detection whose source is not recorded. */
  public static final String SOURCE = "segmenter";

  private SegmenterEvaluation() {}

  /**
   * One detection as the evaluation sees it.
   *
   * @param label its label in the predicted label mask (1, 2, …)
   * @param score its score, in [0, 1]
   * @param centerMm its centre in world millimetres
   * @param source where it came from ({@link org.lungnodule.models.maskrcnn.CandidateSource#id()}),
   *     or {@value #SOURCE}
   */
  public record Detected(int label, double score, WorldPoint centerMm, String source) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the label is not in [1, 255] or the score not in [0, 1]
     */
    public Detected {
      Objects.requireNonNull(centerMm, "centerMm");
      Objects.requireNonNull(source, "source");
      if (label < 1 || label > 255) {
        throw new IllegalArgumentException("label must be in [1, 255], got " + label);
      }
      if (!(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException("score must be in [0, 1], got " + score);
      }
    }

    /**
     * A detection whose source is not recorded (source {@value #SOURCE}).
     *
     * @throws IllegalArgumentException if the label is not in [1, 255] or the score not in [0, 1]
     */
    public Detected(int label, double score, WorldPoint centerMm) {
      this(label, score, centerMm, SOURCE);
    }

    /** The detection of a segmenter's result, with its source. */
    public static Detected of(DetectedNodule n) {
      return new Detected(n.label(), n.score(), n.centerMm(), n.source().id());
    }
  }

  /**
   * One scan's evaluation.
   *
   * @param all every detection as an FROC candidate, with the annotated nodules
   * @param kept the detections at or above the score threshold, with the annotated nodules
   * @param segmented the mask scores of the annotated nodules that a kept detection hit, in the
   *     scan's nodule order
   */
  public record ScanResult(
      Detection.Scan all, Detection.Scan kept, List<SegmentationScores> segmented) {
    /** Validates and copies. */
    public ScanResult {
      Objects.requireNonNull(all, "all");
      Objects.requireNonNull(kept, "kept");
      segmented = List.copyOf(segmented);
    }
  }

  /**
   * Evaluates one scan.
   *
   * @param scanId the scan
   * @param truth the annotated nodules, in the scan's order
   * @param truthLabels the annotated nodules rasterised on the predicted grid: nodule {@code n} (in
   *     {@code truth}'s order, from 1) has label {@code n}, as {@link
   *     org.lungnodule.models.maskrcnn.SegmentationCase#labels()}
   * @param detections the detections, in score order (highest first), as the segmenter returns them
   * @param predictedLabels the segmenter's label mask
   * @param threshold the score at or above which a detection counts (above 1: none does)
   * @return the scan's candidates, kept detections and mask scores
   * @throws IllegalArgumentException if the two masks are not on the same grid, or the threshold is
   *     negative or NaN
   */
  public static ScanResult evaluate(
      String scanId,
      List<Nodule> truth,
      Mask truthLabels,
      List<Detected> detections,
      Mask predictedLabels,
      double threshold) {
    Objects.requireNonNull(scanId, "scanId");
    if (!(threshold >= 0)) {
      throw new IllegalArgumentException("score threshold must be >= 0, got " + threshold);
    }
    if (!truthLabels.geometry().sameGrid(predictedLabels.geometry(), 1e-6)) {
      throw new IllegalArgumentException(
          "predicted labels of scan "
              + scanId
              + " must lie on the annotation grid "
              + truthLabels.dims()
              + ", got "
              + predictedLabels.dims());
    }
    Detection.Scan scan = detectionScan(scanId, truth, truthLabels, detections, predictedLabels);
    DetectionEvaluation.ScanMatch m = DetectionEvaluation.match(scan);
    List<SegmentationScores> scores = new ArrayList<>();
    for (DetectionEvaluation.NoduleMatch n : m.nodules()) {
      if (n.hit() && m.candidates().get(n.match()).score() >= threshold) {
        scores.add(n.segmentation().orElseThrow());
      }
    }
    List<Detection.Candidate> all =
        scan.candidates().stream().map(Detection.Candidate::withoutMask).toList();
    List<Detection.TruthNodule> nodules = truth.stream().map(Detection.TruthNodule::of).toList();
    return new ScanResult(
        new Detection.Scan(scanId, all, nodules),
        new Detection.Scan(
            scanId, all.stream().filter(c -> c.score() >= threshold).toList(), nodules),
        scores);
  }

  /**
   * One scan's detections and annotated nodules as {@link DetectionEvaluation} input, each with its
   * mask cut to its bounding box: detection {@code d} gets label {@code d.label()} of {@code
   * predictedLabels}, nodule {@code n} (from 0) label {@code n + 1} of {@code truthLabels}; a label
   * without voxels (overwritten, or outside the annotation grid) gets an empty one-voxel mask at
   * the centre, so that it scores Dice 0.
   *
   * @param scanId the scan
   * @param truth the annotated nodules, in the scan's order
   * @param truthLabels the annotated nodules rasterised on the predicted grid
   * @param detections the detections, each under its source
   * @param predictedLabels the segmenter's label mask
   * @return the scan, with masks
   * @throws IllegalArgumentException if the two masks are not on the same grid
   */
  public static Detection.Scan detectionScan(
      String scanId,
      List<Nodule> truth,
      Mask truthLabels,
      List<Detected> detections,
      Mask predictedLabels) {
    if (!truthLabels.geometry().sameGrid(predictedLabels.geometry(), 1e-6)) {
      throw new IllegalArgumentException(
          "predicted labels of scan "
              + scanId
              + " must lie on the annotation grid "
              + truthLabels.dims()
              + ", got "
              + predictedLabels.dims());
    }
    Map<Integer, Mask> pred = Detection.labelMasks(predictedLabels);
    Map<Integer, Mask> ann = Detection.labelMasks(truthLabels);
    List<Detection.Candidate> cands = new ArrayList<>();
    for (Detected d : detections) {
      Mask m = pred.getOrDefault(d.label(), emptyAt(predictedLabels, d.centerMm()));
      cands.add(new Detection.Candidate(d.centerMm(), d.score(), d.source()).withMask(m));
    }
    List<Detection.TruthNodule> nodules = new ArrayList<>();
    for (int t = 0; t < truth.size(); t++) {
      Nodule n = truth.get(t);
      Mask m = ann.getOrDefault(t + 1, emptyAt(truthLabels, n.centerMm()));
      nodules.add(Detection.TruthNodule.of(n).withMask(m));
    }
    return new Detection.Scan(scanId, cands, nodules);
  }

  /** An empty one-voxel mask at the grid's voxel nearest to a point (clamped to the grid). */
  private static Mask emptyAt(Mask grid, WorldPoint p) {
    VolumeGeometry g = grid.geometry();
    VoxelIndex v = g.worldToVoxel(p).round();
    int i = Math.max(0, Math.min(g.dims().nx() - 1, v.i()));
    int j = Math.max(0, Math.min(g.dims().ny() - 1, v.j()));
    int k = Math.max(0, Math.min(g.dims().nz() - 1, v.k()));
    return Mask.empty(g.crop(new VoxelBox(i, j, k, i + 1, j + 1, k + 1)));
  }

  /**
   * Sums scans up: {@code scans}, {@code nodules}, {@code scoreThreshold}, {@code sensitivity} and
   * {@code fpPerScan} (of the kept detections), {@code cpm} (FROC over all candidates), {@code
   * segmentedNodules}, and the means of {@code dice}, {@code iou} and {@code asdMm} over the hit
   * nodules (NaN where there is nothing to average).
   *
   * @param scans the scans' results, in the order to add them up
   * @param threshold the score threshold the scans were evaluated at (reported, as the model's)
   * @return the summary, in that key order
   * @throws IllegalArgumentException if there is no scan or no annotated nodule
   */
  public static Map<String, Object> summarize(List<ScanResult> scans, double threshold) {
    return summarize(scans, OperatingPoint.fixed(threshold, "the model's score threshold"));
  }

  /**
   * Sums scans up at an operating point (for example one chosen on a validation site with {@link
   * DetectionEvaluation#chooseThreshold}): the keys of {@link #summarize(List, double)}, then
   * {@code thresholdOrigin}, {@code detectedNodules}, {@code falsePositives}, {@code bySource} (per
   * candidate source) and {@code bySize} (nodules and detected nodules per diameter range, {@link
   * DetectionSummary#SIZE_LIMITS_MM}).
   *
   * @param scans the scans' results, evaluated at the operating point's threshold
   * @param op the operating point
   * @return the summary, in that key order
   * @throws IllegalArgumentException if there is no scan or no annotated nodule
   */
  public static Map<String, Object> summarize(List<ScanResult> scans, OperatingPoint op) {
    List<DetectionEvaluation.ScanMatch> matches = new ArrayList<>();
    List<SegmentationScores> segmented = new ArrayList<>();
    for (int i = 0; i < scans.size(); i++) {
      ScanResult r = scans.get(i);
      // numbered: two sites may hold scans of the same id
      matches.add(
          DetectionEvaluation.match(
              new Detection.Scan(
                  (i + 1) + ":" + r.all().scanId(), r.all().candidates(), r.all().nodules())));
      segmented.addAll(r.segmented());
    }
    DetectionEvaluation ev = DetectionEvaluation.of(matches);
    DetectionSummary at = ev.at(op);
    SegmentationSummary seg = SegmentationAccumulator.aggregate(segmented);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("scans", at.scans());
    res.put("nodules", at.nodules());
    res.put("scoreThreshold", op.threshold());
    res.put("sensitivity", at.sensitivity());
    res.put("fpPerScan", at.fpPerScan());
    res.put("cpm", ev.froc().cpm());
    res.put("segmentedNodules", segmented.size());
    res.put("dice", seg.meanDice());
    res.put("iou", seg.meanIou());
    res.put("asdMm", seg.meanAsdMm());
    res.put("thresholdOrigin", op.origin());
    res.put("detectedNodules", at.detectedNodules());
    res.put("falsePositives", at.falsePositives());
    // per candidate source: what each contributed at the threshold
    List<Map<String, Object>> sources = new ArrayList<>();
    for (DetectionSummary.SourceCounts c : at.bySource().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", c.source());
      m.put("detections", c.detections());
      m.put("nodulesHit", c.nodulesHit());
      m.put("firstHits", c.firstHits());
      m.put("falsePositives", c.falsePositives());
      sources.add(m);
    }
    res.put("bySource", sources);
    // per nodule size: where the misses are
    res.put("bySize", at.bySize().stream().map(DetectionSummary.SizeCounts::toMap).toList());
    return res;
  }
}
