package org.lungnodule.finetune.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.NodulePrediction;

/**
 * One scan's nodules scored by a classifier: what {@code bin/lungnodule classify} and the Spark
 * {@code classify} job compute per scan, so that both write the same rows.
 *
 * @param scanId the scan
 * @param rows one row per scored nodule, in the scan's nodule order
 * @param skippedUnlabelled nodules left out because they have no benign/malignant label (0 when
 *     unknown labels were included)
 */
public record ScanClassification(String scanId, List<PredictionRow> rows, int skippedUnlabelled) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code skippedUnlabelled} is negative
   */
  public ScanClassification {
    Objects.requireNonNull(scanId, "scanId");
    rows = List.copyOf(rows);
    if (skippedUnlabelled < 0) {
      throw new IllegalArgumentException(
          "skipped nodules must not be negative, got " + skippedUnlabelled);
    }
  }

  /**
   * Scores the nodules of one scan ({@link
   * MalignancyClassifier#predict(org.lungnodule.core.CtVolume, List)}: the model's own resampling
   * and cubes). A scan without nodules to score gives no rows and runs no network.
   *
   * @param classifier the classifier (safe to share between threads)
   * @param scan the scan with its nodules
   * @param includeUnknown whether nodules without a benign/malignant label are scored too (their
   *     label column stays empty)
   * @return the rows, in the scan's nodule order
   */
  public static ScanClassification of(
      MalignancyClassifier classifier, AnnotatedScan scan, boolean includeUnknown) {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(scan, "scan");
    List<Nodule> nodules =
        scan.nodules().stream()
            .filter(n -> includeUnknown || n.label() != NoduleLabel.UNKNOWN)
            .toList();
    int skipped = scan.nodules().size() - nodules.size();
    List<PredictionRow> rows = new ArrayList<>();
    if (!nodules.isEmpty()) {
      for (NodulePrediction p : classifier.predict(scan.volume(), nodules)) {
        rows.add(
            new PredictionRow(scan.patientId(), scan.scanId(), p.noduleId(), p.label(), p.score()));
      }
    }
    return new ScanClassification(scan.scanId(), rows, skipped);
  }

  /** Returns how many of the rows are labelled malignant. */
  public int malignant() {
    return (int) rows.stream().filter(r -> r.label() == NoduleLabel.MALIGNANT).count();
  }

  /** Returns the CSV text: the header and one line per row, each ending in {@code \n}. */
  public String csv() {
    StringBuilder sb = new StringBuilder(PredictionRow.CSV_HEADER).append('\n');
    for (PredictionRow r : rows) {
      sb.append(r.csvLine()).append('\n');
    }
    return sb.toString();
  }
}
