package org.lungnodule.phantom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a synthetic site holds: counts of patients, scans and nodules per class, and the ranges of
 * spacing actually drawn.
 *
 * @param site the profile name
 * @param patients number of patients (one scan each)
 * @param scans number of scans
 * @param benign number of benign nodules
 * @param malignant number of malignant nodules
 * @param minPixelMm smallest in-plane spacing drawn
 * @param maxPixelMm largest in-plane spacing drawn
 * @param minSliceMm smallest slice spacing drawn
 * @param maxSliceMm largest slice spacing drawn
 * @param voxels total number of voxels of all scans
 */
public record SiteSummary(
    String site,
    int patients,
    int scans,
    int benign,
    int malignant,
    double minPixelMm,
    double maxPixelMm,
    double minSliceMm,
    double maxSliceMm,
    long voxels) {

  /**
   * The summary as an ordered map (for printing or JSON): camelCase keys, pixel and slice sizes as
   * {@code [min, max]} in mm.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("site", site);
    m.put("patients", patients);
    m.put("scans", scans);
    m.put("nodules", benign + malignant);
    m.put("benign", benign);
    m.put("malignant", malignant);
    m.put("pixelMm", List.of(minPixelMm, maxPixelMm));
    m.put("sliceMm", List.of(minSliceMm, maxSliceMm));
    m.put("voxels", voxels);
    return m;
  }
}
