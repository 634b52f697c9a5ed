package org.lungnodule.finetune.inference;

import java.util.Objects;
import org.lungnodule.core.NoduleLabel;

/**
 * A classifier's score for one nodule of one scan: a row of the predictions CSV ({@value
 * #CSV_HEADER}) that {@code bin/lungnodule classify} writes and {@code metrics classify} reads.
 *
 * @param patientId the patient
 * @param scanId the scan (not a CSV column; it orders and groups rows)
 * @param noduleId the nodule's id in its scan
 * @param label the annotated label ({@link NoduleLabel#UNKNOWN} when not rated)
 * @param score the probability of malignancy, in [0, 1]
 */
public record PredictionRow(
    String patientId, String scanId, String noduleId, NoduleLabel label, double score) {

  /** The header line of the predictions CSV (without the line break). */
  public static final String CSV_HEADER = "patient,nodule,label,score";

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the score is not in [0, 1]
   */
  public PredictionRow {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(noduleId, "noduleId");
    Objects.requireNonNull(label, "label");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
  }

  /** Returns the CSV label: {@code 1} malignant, {@code 0} benign, empty when unknown. */
  public String labelText() {
    return switch (label) {
      case MALIGNANT -> "1";
      case BENIGN -> "0";
      case UNKNOWN -> "";
    };
  }

  /**
   * Returns the CSV line (without the line break): patient and nodule quoted where they hold a
   * comma, quote or line break, the score in {@link Double#toString(double)}'s shortest exact form.
   */
  public String csvLine() {
    return csv(patientId) + "," + csv(noduleId) + "," + labelText() + "," + score;
  }

  private static String csv(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
