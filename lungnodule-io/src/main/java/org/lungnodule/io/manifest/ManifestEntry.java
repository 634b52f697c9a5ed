package org.lungnodule.io.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of a site manifest: a scan, and one of its nodules unless the scan has none.
 *
 * @param patientId patient identifier (splits are made by patient), non-blank
 * @param scanId scan identifier, unique within the site, non-blank
 * @param scanPath the scan: a {@code .mhd}, {@code .mha}, {@code .nii} or {@code .nii.gz} file, or
 *     a folder holding one DICOM series, relative to the manifest's folder, with {@code /} as
 *     separator
 * @param nodule the nodule of this row, empty for the single row of a scan without nodules
 * @param split the side of the patient-level split the row belongs to (the optional {@code split}
 *     column), empty when the manifest records no split
 */
public record ManifestEntry(
    String patientId,
    String scanId,
    String scanPath,
    Optional<ManifestNodule> nodule,
    Optional<ManifestSplit> split) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException for a blank id or path
   */
  public ManifestEntry {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(scanPath, "scanPath");
    Objects.requireNonNull(nodule, "nodule");
    Objects.requireNonNull(split, "split");
    if (patientId.isBlank()) {
      throw new IllegalArgumentException("patient_id must not be blank");
    }
    if (scanId.isBlank()) {
      throw new IllegalArgumentException("scan_id must not be blank");
    }
    if (scanPath.isBlank()) {
      throw new IllegalArgumentException("scan_path must not be blank");
    }
  }

  /**
   * A row without a split.
   *
   * @throws IllegalArgumentException for a blank id or path
   */
  public ManifestEntry(
      String patientId, String scanId, String scanPath, Optional<ManifestNodule> nodule) {
    this(patientId, scanId, scanPath, nodule, Optional.empty());
  }

  /** A row for a scan without nodules. */
  public static ManifestEntry scanOnly(String patientId, String scanId, String scanPath) {
    return new ManifestEntry(patientId, scanId, scanPath, Optional.empty());
  }

  /** A row for one nodule of a scan. */
  public static ManifestEntry withNodule(
      String patientId, String scanId, String scanPath, ManifestNodule nodule) {
    return new ManifestEntry(patientId, scanId, scanPath, Optional.of(nodule));
  }

  /** Returns this row with its split set (replacing any split it had). */
  public ManifestEntry withSplit(ManifestSplit split) {
    return new ManifestEntry(patientId, scanId, scanPath, nodule, Optional.of(split));
  }
}
