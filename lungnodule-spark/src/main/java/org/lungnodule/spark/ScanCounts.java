package org.lungnodule.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job did with its scans.
 *
 * @param scans scans in the sites
 * @param computed scans processed in this run
 * @param reused scans whose complete outputs an earlier run had left (not processed again)
 * @param failures scans that failed in this run, in site and manifest order
 * @param meanScanSeconds mean time a task spent on a computed scan (reading, preprocessing,
 *     inference, writing), NaN when none was computed
 */
public record ScanCounts(
    int scans, int computed, int reused, List<ScanFailure> failures, double meanScanSeconds) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the counts do not add up
   */
  public ScanCounts {
    failures = List.copyOf(failures);
    if (computed < 0 || reused < 0 || computed + reused + failures.size() != scans) {
      throw new IllegalArgumentException(
          "computed "
              + computed
              + " + reused "
              + reused
              + " + failed "
              + failures.size()
              + " must equal the "
              + scans
              + " scans");
    }
  }

  /** Returns the counts as {@code scans, computed, reused, failed, meanScanSeconds}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scans", scans);
    m.put("computed", computed);
    m.put("reused", reused);
    m.put("failed", failures.size());
    m.put(
        "meanScanSeconds",
        Double.isNaN(meanScanSeconds) ? null : Math.round(meanScanSeconds * 1000) / 1000.0);
    return m;
  }
}
