package org.lungnodule.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ClassifyJob} run did.
 *
 * @param scans the scans: computed, reused, failed
 * @param nodules rows in the predictions (nodules scored)
 * @param malignant rows labelled malignant
 * @param skippedUnlabelled nodules of the committed scans left out for having no label
 * @param predictionsCsv the predictions CSV
 * @param table the predictions table folder
 * @param modelTrainingData the model's training-data hash (its provenance)
 * @param seconds the run's wall time, on the driver
 */
public record ClassifyResult(
    ScanCounts scans,
    int nodules,
    int malignant,
    int skippedUnlabelled,
    Path predictionsCsv,
    Path table,
    String modelTrainingData,
    double seconds) {

  /** Validates. */
  public ClassifyResult {
    Objects.requireNonNull(scans, "scans");
    Objects.requireNonNull(predictionsCsv, "predictionsCsv");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(modelTrainingData, "modelTrainingData");
  }

  /**
   * Returns the result as the keys {@code bin/lungnodule classify} prints, plus the scan counts.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", predictionsCsv.toString());
    m.put("table", table.toString());
    m.put("nodules", nodules);
    m.put("malignant", malignant);
    m.put("skippedUnlabelled", skippedUnlabelled);
    m.put("modelTrainingData", modelTrainingData);
    m.putAll(scans.toMap());
    m.put("seconds", Math.round(seconds * 100) / 100.0);
    return m;
  }
}
