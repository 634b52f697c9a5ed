package org.lungnodule.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link PreprocessJob} run did.
 *
 * @param scans the scans: computed, reused, failed
 * @param cubes rows in the cubes table, over the committed scans
 * @param volumes the shared volumes folder
 * @param table the cubes table folder
 * @param seconds the run's wall time, on the driver
 */
public record PreprocessResult(
    ScanCounts scans, long cubes, Path volumes, Path table, double seconds) {

  /** Validates. */
  public PreprocessResult {
    Objects.requireNonNull(scans, "scans");
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(table, "table");
  }

  /** Returns the result as a map for printing. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("volumes", volumes.toString());
    m.put("table", table.toString());
    m.put("cubes", cubes);
    m.putAll(scans.toMap());
    m.put("seconds", Math.round(seconds * 100) / 100.0);
    return m;
  }
}
