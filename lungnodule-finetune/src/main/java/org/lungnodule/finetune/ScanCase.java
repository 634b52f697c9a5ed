package org.lungnodule.finetune;

import java.util.List;
import java.util.Objects;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.models.maskrcnn.SegmentationCase;

/**
 * A preprocessed scan for the segmenter: the segmentation input and label mask ({@link
 * SegmentationCase}: 1 mm, lung field, outside = 170; nodule {@code n} of {@code nodules} has label
 * {@code n}) and the annotated nodules, with the patient for splits.
 *
 * @param patientId patient
 * @param scanId scan (unique within a site)
 * @param segmentation the network input and truth labels
 * @param nodules the ground-truth nodules, in label order
 */
public record ScanCase(
    String patientId, String scanId, SegmentationCase segmentation, List<Nodule> nodules) {

  /** Validates and copies. */
  public ScanCase {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(segmentation, "segmentation");
    nodules = List.copyOf(nodules);
  }

  /**
   * A scan-level label for splitting and mixing: malignant when any nodule is malignant, else
   * benign (UNKNOWN when the scan has no labelled nodule).
   */
  public NoduleLabel scanLabel() {
    if (nodules.stream().anyMatch(n -> n.label() == NoduleLabel.MALIGNANT)) {
      return NoduleLabel.MALIGNANT;
    }
    return nodules.stream().anyMatch(n -> n.label() == NoduleLabel.BENIGN)
        ? NoduleLabel.BENIGN
        : NoduleLabel.UNKNOWN;
  }
}
