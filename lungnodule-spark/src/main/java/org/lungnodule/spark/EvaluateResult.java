package org.lungnodule.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.metrics.ClassificationReport;

/**
 * What an {@link EvaluateJob} measured.
 *
 * @param classification the classification report over the labelled predictions, if predictions
 *     were given
 * @param classifiedNodules labelled predictions measured
 * @param unlabelledSkipped predictions without a label, left out
 * @param segmentation the segmentation summary (the keys {@code evaluate-segmenter} prints), if
 *     segmentations were given
 * @param segmentationScans the scans of the segmentation part: evaluated, failed
 * @param seconds the run's wall time, on the driver
 */
public record EvaluateResult(
    Optional<ClassificationReport> classification,
    int classifiedNodules,
    int unlabelledSkipped,
    Optional<Map<String, Object>> segmentation,
    Optional<ScanCounts> segmentationScans,
    double seconds) {

  /** Validates and copies. */
  public EvaluateResult {
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(segmentation, "segmentation");
    Objects.requireNonNull(segmentationScans, "segmentationScans");
    segmentation =
        segmentation.map(m -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)));
  }

  /**
   * Returns {@code classification} (the map {@code metrics classify --json} prints), {@code
   * classifiedNodules}, {@code unlabelledSkipped}, {@code segmentation} (the map {@code
   * evaluate-segmenter --json} prints), the segmentation scan counts and {@code seconds}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    classification.ifPresent(
        r -> {
          m.put("classification", r.toMap());
          m.put("classifiedNodules", classifiedNodules);
          m.put("unlabelledSkipped", unlabelledSkipped);
        });
    segmentation.ifPresent(s -> m.put("segmentation", s));
    segmentationScans.ifPresent(c -> m.put("segmentationScans", c.toMap()));
    m.put("seconds", Math.round(seconds * 100) / 100.0);
    return m;
  }
}
