package org.lungnodule.finetune;

import java.util.Objects;
import org.lungnodule.core.NoduleLabel;

/**
 * What a model produced for one test case, in the form the comparison needs: a malignancy score for
 * the classifier, overlap and surface figures for the segmenter.
 */
public sealed interface CaseOutcome permits CaseOutcome.Scored, CaseOutcome.Segmented {

  /** The case identifier (unique within a test set; the pairing key between two models). */
  String caseId();

  /**
   * A classifier's output for one nodule.
   *
   * @param caseId case identifier
   * @param patientId patient of the case
   * @param label ground truth (BENIGN or MALIGNANT)
   * @param score predicted probability of malignancy in [0, 1]
   */
  record Scored(String caseId, String patientId, NoduleLabel label, double score)
      implements CaseOutcome {
    /** Validates. */
    public Scored {
      Objects.requireNonNull(caseId, "caseId");
      Objects.requireNonNull(patientId, "patientId");
      Objects.requireNonNull(label, "label");
      if (!Double.isFinite(score)) {
        throw new IllegalArgumentException("score must be finite, got " + score + " for " + caseId);
      }
    }
  }

  /**
   * A segmenter's output for one ground-truth nodule. A missed nodule has Dice and IoU 0 and an
   * undefined (NaN) surface distance.
   *
   * @param caseId case identifier
   * @param patientId patient of the case
   * @param detected whether a detection matched the nodule
   * @param dice Dice of the matched detection's mask with the truth (0 if missed)
   * @param iou IoU likewise
   * @param asdMm symmetric average surface distance in mm (NaN if missed)
   */
  record Segmented(
      String caseId, String patientId, boolean detected, double dice, double iou, double asdMm)
      implements CaseOutcome {
    /** Validates. */
    public Segmented {
      Objects.requireNonNull(caseId, "caseId");
      Objects.requireNonNull(patientId, "patientId");
      if (!(dice >= 0 && dice <= 1) || !(iou >= 0 && iou <= 1)) {
        throw new IllegalArgumentException(
            "dice and iou must be in [0, 1], got " + dice + " and " + iou + " for " + caseId);
      }
    }
  }
}
