package org.lungnodule.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link SegmentJob} run did.
 *
 * @param scans the scans: computed, reused, failed
 * @param detections detections in the table, over the committed scans
 * @param out the output folder (one folder per scan)
 * @param table the detections table folder
 * @param modelTrainingData the model's training-data hash (its provenance)
 * @param seconds the run's wall time, on the driver
 */
public record SegmentResult(
    ScanCounts scans,
    long detections,
    Path out,
    Path table,
    String modelTrainingData,
    double seconds) {

  /** Validates. */
  public SegmentResult {
    Objects.requireNonNull(scans, "scans");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(modelTrainingData, "modelTrainingData");
  }

  /** Returns the result as a map for printing. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", out.toString());
    m.put("table", table.toString());
    m.put("detections", detections);
    m.put("modelTrainingData", modelTrainingData);
    m.putAll(scans.toMap());
    m.put("seconds", Math.round(seconds * 100) / 100.0);
    return m;
  }
}
