package org.lungnodule.spark.internal;

import java.io.Serializable;
import java.util.Objects;

/**
 * One scan to process, as shipped to an executor.
 *
 * @param siteIndex the site's position among the job's sites (orders the output)
 * @param site the site folder (absolute)
 * @param scanIndex the scan's position in its site's manifest (orders the output)
 * @param scanId the scan id
 * @param patientId the patient id
 * @param scanPath the scan's file or DICOM folder (absolute), for error reports
 * @param folderName the file-name-safe form of the scan id that names its outputs
 */
public record ScanTask(
    int siteIndex,
    String site,
    int scanIndex,
    String scanId,
    String patientId,
    String scanPath,
    String folderName)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validates. */
  public ScanTask {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(scanPath, "scanPath");
    Objects.requireNonNull(folderName, "folderName");
  }
}
