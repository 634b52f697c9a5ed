package org.lungnodule.finetune.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.metrics.Detection;
import org.lungnodule.metrics.Froc;
import org.lungnodule.metrics.SegmentationMetrics;
import org.lungnodule.metrics.SegmentationScores;
import org.lungnodule.models.maskrcnn.DetectedNodule;

/**
 * A segmenter's detections and masks scored against a site's annotations, one scan at a time,
 * then summed up for the site: what {@code bin/lungnodule evaluate-segmenter} prints, and what the
 * Spark {@code evaluate} job computes from the {@code segment} job's outputs.
 *
 * <p>Per scan: every detection is an FROC candidate; those at or above the score threshold are
 * the detections that count for sensitivity and false positives per scan. Each annotated nodule
 * hit by a kept detection (the first, in score order, whose centre lies within the nodule's
 * radius) has its Dice, IoU and ASD measured between that detection's mask and the nodule's
 * annotated mask. The summary adds the scans up in the order given.
 */
public final class SegmenterEvaluation {

  private SegmenterEvaluation() {}

  /**
   * One detection as the evaluation sees it.
   *
   * @param label its label in the predicted label mask (1, 2, …)
   * @param score its score, in [0, 1]
   * @param centerMm its centre in world millimetres
   */
  public record Detected(int label, double score, WorldPoint centerMm) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the label is not in [1, 255] or the score not in [0, 1]
     */
    public Detected {
      Objects.requireNonNull(centerMm, "centerMm");
      if (label < 1 || label > 255) {
        throw new IllegalArgumentException("label must be in [1, 255], got " + label);
      }
      if (!(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException("score must be in [0, 1], got " + score);
      }
    }

    /** The detection of a segmenter's result. */
    public static Detected of(DetectedNodule n) {
      return new Detected(n.label(), n.score(), n.centerMm());
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
  public record ScanResult(Detection.Scan all, Detection.Scan kept, List<SegmentationScores> segmented) {
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
   * @param detections the detections, in score order (highest first), as the segmenter returns
   *     them
   * @param predictedLabels the segmenter's label mask
   * @param threshold the score at or above which a detection counts
   * @return the scan's candidates, kept detections and mask scores
   * @throws IllegalArgumentException if the two masks are not on the same grid, or the threshold
   *     is not in [0, 1]
   */
  public static ScanResult evaluate(
      String scanId,
      List<Nodule> truth,
      Mask truthLabels,
      List<Detected> detections,
      Mask predictedLabels,
      double threshold) {
    Objects.requireNonNull(scanId, "scanId");
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("score threshold must be in [0, 1], got " + threshold);
    }
    if (!truthLabels.geometry().sameGrid(predictedLabels.geometry(), 1e-6)) {
      throw new IllegalArgumentException(
          "predicted labels of scan " + scanId + " must lie on the annotation grid "
              + truthLabels.dims() + ", got " + predictedLabels.dims());
    }
    List<Detection.Candidate> cands = new ArrayList<>();
    List<Detection.Candidate> keptCands = new ArrayList<>();
    for (Detected n : detections) {
      Detection.Candidate c = new Detection.Candidate(n.centerMm(), n.score());
      cands.add(c);
      if (n.score() >= threshold) {
        keptCands.add(c);
      }
    }
    List<Detection.TruthNodule> nodules = truth.stream().map(Detection.TruthNodule::of).toList();
    List<SegmentationScores> scores = new ArrayList<>();
    for (int t = 0; t < nodules.size(); t++) {
      Detection.TruthNodule tn = nodules.get(t);
      Detected hit = null;
      for (Detected n : detections) {
        if (n.score() >= threshold && n.centerMm().distanceMm(tn.centerMm()) < tn.diameterMm() / 2) {
          hit = n;
          break;
        }
      }
      if (hit != null) {
        scores.add(
            SegmentationMetrics.evaluate(predictedLabels.select(hit.label()), truthLabels.select(t + 1)));
      }
    }
    return new ScanResult(
        new Detection.Scan(scanId, cands, nodules), new Detection.Scan(scanId, keptCands, nodules), scores);
  }

  /**
   * Sums scans up: {@code scans}, {@code nodules}, {@code scoreThreshold}, {@code sensitivity} and
   * {@code fpPerScan} (of the kept detections), {@code cpm} (FROC over all candidates), {@code
   * segmentedNodules}, and the means of {@code dice}, {@code iou} and {@code asdMm} over the hit
   * nodules (NaN where there is nothing to average).
   *
   * @param scans the scans' results, in the order to add them up
   * @param threshold the score threshold the scans were evaluated at (reported)
   * @return the summary, in that key order
   */
  public static Map<String, Object> summarize(List<ScanResult> scans, double threshold) {
    List<Detection.Scan> all = new ArrayList<>();
    List<Detection.Scan> kept = new ArrayList<>();
    double dice = 0;
    double iou = 0;
    double asd = 0;
    int segmented = 0;
    int asdCount = 0;
    for (ScanResult r : scans) {
      all.add(r.all());
      kept.add(r.kept());
      for (SegmentationScores s : r.segmented()) {
        dice += s.dice();
        iou += s.iou();
        segmented++;
        if (s.asdMm().isPresent()) {
          asd += s.asdMm().getAsDouble();
          asdCount++;
        }
      }
    }
    Froc.Result atThreshold = Froc.compute(kept);
    Froc.Result froc = Froc.compute(all);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("scans", atThreshold.scans());
    res.put("nodules", atThreshold.nodules());
    res.put("scoreThreshold", threshold);
    res.put(
        "sensitivity",
        atThreshold.nodules() == 0 ? Double.NaN : (double) atThreshold.detectedNodules() / atThreshold.nodules());
    res.put(
        "fpPerScan",
        atThreshold.scans() == 0 ? Double.NaN : (double) atThreshold.falsePositives() / atThreshold.scans());
    res.put("cpm", froc.cpm());
    res.put("segmentedNodules", segmented);
    res.put("dice", segmented == 0 ? Double.NaN : dice / segmented);
    res.put("iou", segmented == 0 ? Double.NaN : iou / segmented);
    res.put("asdMm", asdCount == 0 ? Double.NaN : asd / asdCount);
    return res;
  }
}
