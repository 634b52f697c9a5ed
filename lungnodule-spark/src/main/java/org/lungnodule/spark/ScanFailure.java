package org.lungnodule.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * A scan a job could not process: the job records it in {@code failures.csv} and goes on with the
 * other scans. A rerun on the same output tries it again.
 *
 * @param site the site folder
 * @param scanId the scan id
 * @param path the scan's file or DICOM folder
 * @param error what went wrong (the exception's type and message)
 */
public record ScanFailure(String site, String scanId, String path, String error)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The header line of {@code failures.csv} (without the line break). */
  public static final String CSV_HEADER = "site,scan,path,error";

  /** Validates. */
  public ScanFailure {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(error, "error");
  }

  /** Returns the line of {@code failures.csv} (without the line break), fields quoted as needed. */
  public String csvLine() {
    return quote(site) + "," + quote(scanId) + "," + quote(path) + "," + quote(error);
  }

  private static String quote(String v) {
    String one = v.replace('\n', ' ').replace('\r', ' ');
    if (one.contains(",") || one.contains("\"")) {
      return "\"" + one.replace("\"", "\"\"") + "\"";
    }
    return one;
  }
}
