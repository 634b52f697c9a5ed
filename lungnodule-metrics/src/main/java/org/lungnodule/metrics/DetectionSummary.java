package org.lungnodule.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Detection at one operating point ({@link DetectionEvaluation#at(OperatingPoint)}): what was kept,
 * what it found, what it got wrong, per source, and how well the hits are outlined.
 *
 * @param operatingPoint the threshold and where it came from
 * @param scans scans evaluated
 * @param scansThresholdWasChosenOn how many of these scans the threshold was chosen on (0 for a
 *     fixed threshold or one chosen on other scans, as it should be)
 * @param nodules reference nodules
 * @param detectedNodules nodules whose match has a score &gt;= the threshold
 * @param keptDetections candidates with a score &gt;= the threshold
 * @param falsePositives kept candidates that hit no nodule
 * @param bySource counts per candidate source, by source name
 * @param hitSegmentations the segmentation scores of the detected nodules whose match and nodule
 *     both have masks, in scan and nodule order
 * @param hitsWithoutMasks detected nodules without segmentation scores (a mask missing)
 * @param segmentation the means of {@code hitSegmentations}
 * @param bySize nodules and detected nodules per diameter range ({@link #SIZE_LIMITS_MM}), smallest
 *     first
 */
public record DetectionSummary(
    OperatingPoint operatingPoint,
    int scans,
    int scansThresholdWasChosenOn,
    int nodules,
    int detectedNodules,
    int keptDetections,
    int falsePositives,
    Map<String, SourceCounts> bySource,
    List<SegmentationScores> hitSegmentations,
    int hitsWithoutMasks,
    SegmentationSummary segmentation,
    List<SizeCounts> bySize) {

  /**
   * The diameter ranges of {@link #bySize}: below 6 mm, 6 to 10, 10 to 20, 20 and above (the
   * small-nodule range of Lung-RADS and the LUNA16 analyses, then the larger ones).
   */
  public static final List<Double> SIZE_LIMITS_MM = List.of(6.0, 10.0, 20.0);

  /** Validates and copies. */
  public DetectionSummary {
    Objects.requireNonNull(operatingPoint, "operatingPoint");
    Objects.requireNonNull(segmentation, "segmentation");
    bySize = List.copyOf(bySize);
    bySource = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(bySource));
    hitSegmentations = List.copyOf(hitSegmentations);
  }

  /**
   * What one candidate source did at the operating point.
   *
   * @param source the source's name
   * @param detections its kept candidates
   * @param nodulesHit nodules that at least one of its kept candidates hit
   * @param firstHits detected nodules whose match (highest-scoring hit) is one of its candidates
   * @param falsePositives its kept candidates that hit no nodule
   */
  public record SourceCounts(
      String source, int detections, int nodulesHit, int firstHits, int falsePositives) {
    /** Returns an ordered map for JSON. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("detections", detections);
      m.put("nodulesHit", nodulesHit);
      m.put("firstHits", firstHits);
      m.put("falsePositives", falsePositives);
      return m;
    }
  }

  /**
   * Nodules of one diameter range and how many were detected.
   *
   * @param range the range in words, for example {@code "6-10 mm"}
   * @param minMm its smallest diameter (inclusive)
   * @param maxMm its largest diameter (exclusive; infinite for the last range)
   * @param nodules reference nodules in the range
   * @param detected of those, the detected ones
   */
  public record SizeCounts(String range, double minMm, double maxMm, int nodules, int detected) {
    /** Detected / nodules; NaN when the range holds no nodule. */
    public double sensitivity() {
      return nodules == 0 ? Double.NaN : (double) detected / nodules;
    }

    /** Returns an ordered map for JSON: range, nodules, detected, sensitivity (null if none). */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("range", range);
      m.put("nodules", nodules);
      m.put("detected", detected);
      m.put("sensitivity", nodules == 0 ? null : sensitivity());
      return m;
    }
  }

  /** Detected nodules / nodules. */
  public double sensitivity() {
    return (double) detectedNodules / nodules;
  }

  /** False positives / scans. */
  public double fpPerScan() {
    return (double) falsePositives / scans;
  }

  /**
   * Returns an ordered map for JSON: {@code threshold}, {@code thresholdOrigin}, {@code scans},
   * {@code nodules}, {@code detectedNodules}, {@code sensitivity}, {@code fpPerScan}, {@code
   * keptDetections}, {@code falsePositives}, {@code segmentedNodules}, {@code dice}, {@code iou},
   * {@code asdMm}, {@code bySource}, {@code bySize}, {@code operatingPoint}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threshold", operatingPoint.threshold());
    m.put("thresholdOrigin", operatingPoint.origin());
    m.put("scans", scans);
    m.put("nodules", nodules);
    m.put("detectedNodules", detectedNodules);
    m.put("sensitivity", sensitivity());
    m.put("fpPerScan", fpPerScan());
    m.put("keptDetections", keptDetections);
    m.put("falsePositives", falsePositives);
    m.put("segmentedNodules", hitSegmentations.size());
    m.put("dice", segmentation.meanDice());
    m.put("iou", segmentation.meanIou());
    m.put("asdMm", segmentation.meanAsdMm());
    Map<String, Object> src = new LinkedHashMap<>();
    bySource.forEach((k, v) -> src.put(k, v.toMap()));
    m.put("bySource", src);
    m.put("bySize", bySize.stream().map(SizeCounts::toMap).toList());
    Map<String, Object> op = operatingPoint.toMap();
    op.put("scansThresholdWasChosenOn", scansThresholdWasChosenOn);
    m.put("operatingPoint", op);
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "at %s: sensitivity %.4f (%d/%d), %.3f FP/scan (%d in %d scans), %d kept%n",
            operatingPoint,
            sensitivity(),
            detectedNodules,
            nodules,
            fpPerScan(),
            falsePositives,
            scans,
            keptDetections));
    if (scansThresholdWasChosenOn > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  (the threshold was chosen on %d of these %d scans: optimistic)%n",
              scansThresholdWasChosenOn,
              scans));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "  hits: %d segmented, Dice %.4f, IoU %.4f, ASD %.4f mm%n",
            hitSegmentations.size(),
            segmentation.meanDice(),
            segmentation.meanIou(),
            segmentation.meanAsdMm()));
    for (SourceCounts c : bySource.values()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-10s %5d kept, %4d nodules hit, %4d first, %5d false positives%n",
              c.source(),
              c.detections(),
              c.nodulesHit(),
              c.firstHits(),
              c.falsePositives()));
    }
    return sb.toString().stripTrailing();
  }
}
