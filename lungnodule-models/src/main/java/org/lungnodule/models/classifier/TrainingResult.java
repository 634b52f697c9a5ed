package org.lungnodule.models.classifier;

import java.util.List;
import java.util.Objects;

/**
 * What a training run produced.
 *
 * @param classifier the trained model (the best epoch by validation loss where there was a
 *     validation set and the trainer kept the best epoch, else the last epoch)
 * @param history the learning curve, one record per finished epoch (resumed runs include the epochs
 *     before the interruption)
 * @param bestEpoch the epoch whose weights the classifier holds
 * @param stopReason why training ended ({@code completed} or {@code early stop ...})
 */
public record TrainingResult(
    MalignancyClassifier classifier, List<EpochRecord> history, int bestEpoch, String stopReason) {

  /** Validates and copies. */
  public TrainingResult {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(stopReason, "stopReason");
    history = List.copyOf(history);
  }

  /** Returns the learning curve as a table, one line per epoch. */
  public String learningCurve() {
    StringBuilder sb = new StringBuilder();
    for (EpochRecord r : history) {
      sb.append(r).append(r.epoch() == bestEpoch ? "  <- kept" : "").append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "TrainingResult[epochs="
        + history.size()
        + ", bestEpoch="
        + bestEpoch
        + ", stop="
        + stopReason
        + "]\n"
        + learningCurve();
  }
}
