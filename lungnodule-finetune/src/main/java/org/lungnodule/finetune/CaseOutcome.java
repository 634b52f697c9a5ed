package org.lungnodule.finetune;

import java.util.List;
import java.util.Objects;
import org.lungnodule.core.NoduleLabel;

/**
 * What a model produced for one test case, in the form the comparison needs: a malignancy score for
 * the classifier, overlap and surface figures for the segmenter, and, where the segmenter saw whole
 * scans, the scores of each scan's false positives (for the FROC).
 */
public sealed interface CaseOutcome
    permits CaseOutcome.Scored, CaseOutcome.Segmented, CaseOutcome.FalsePositives {

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
   * @param caseId case identifier ({@code <scan>/<nodule>})
   * @param patientId patient of the case
   * @param detected whether a detection at or above the model's score threshold matched the nodule
   * @param dice Dice of the matched detection's mask with the truth (0 if missed)
   * @param iou IoU likewise
   * @param asdMm symmetric average surface distance in mm (NaN if missed)
   * @param matchScore the score of the highest-scoring candidate that hit the nodule, among the
   *     candidates kept for the FROC (which go below the model's threshold); NaN if none hit it or
   *     the evaluation kept no candidates (around each nodule)
   */
  record Segmented(
      String caseId,
      String patientId,
      boolean detected,
      double dice,
      double iou,
      double asdMm,
      double matchScore)
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

    /** An outcome without a candidate score (no FROC). */
    public Segmented(
        String caseId, String patientId, boolean detected, double dice, double iou, double asdMm) {
      this(caseId, patientId, detected, dice, iou, asdMm, Double.NaN);
    }
  }

  /**
   * The false positives of a segmenter on one whole test scan: the scores of the candidates that
   * hit no annotated nodule (the LUNA16 rule of {@link
   * org.lungnodule.metrics.DetectionEvaluation}), for the FROC. Only whole-scan evaluation makes
   * them; one per test scan, empty when there is none.
   *
   * @param caseId the scan's identifier
   * @param patientId patient of the scan
   * @param scores the false positives' scores, in [0, 1]
   */
  record FalsePositives(String caseId, String patientId, List<Double> scores)
      implements CaseOutcome {
    /** Validates and copies. */
    public FalsePositives {
      Objects.requireNonNull(caseId, "caseId");
      Objects.requireNonNull(patientId, "patientId");
      scores = List.copyOf(scores);
      for (double x : scores) {
        if (!(x >= 0 && x <= 1)) {
          throw new IllegalArgumentException(
              "false-positive scores must be in [0, 1], got " + x + " for " + caseId);
        }
      }
    }
  }
}
