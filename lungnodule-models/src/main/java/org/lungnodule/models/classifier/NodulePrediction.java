package org.lungnodule.models.classifier;

import java.util.Objects;
import org.lungnodule.core.NoduleLabel;

/**
 * The classifier's score for one nodule.
 *
 * @param noduleId the nodule's id in its scan
 * @param label the nodule's ground-truth label as annotated (UNKNOWN when not rated)
 * @param score the probability of malignancy, in [0, 1]
 */
public record NodulePrediction(String noduleId, NoduleLabel label, double score) {
  /** Validates. */
  public NodulePrediction {
    Objects.requireNonNull(noduleId, "noduleId");
    Objects.requireNonNull(label, "label");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
  }
}
