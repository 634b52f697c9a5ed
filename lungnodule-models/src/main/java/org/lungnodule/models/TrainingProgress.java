package org.lungnodule.models;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where a training run stands, as passed to {@link TrainingListener}s.
 *
 * @param epoch the current epoch, 1-based
 * @param totalEpochs the planned number of epochs (early stopping may end sooner)
 * @param iteration the current iteration within the epoch, 1-based (0 at an epoch's end event)
 * @param iterationsPerEpoch iterations in one epoch
 * @param loss the loss of the last iteration (or the epoch's mean at an epoch end)
 * @param validationLoss the validation loss, at epoch ends where a validation set exists
 * @param validationScore the validation score (for example AUC), where computed
 * @param elapsed time since training (or the resumed run) started
 * @param eta estimated time to the end of the planned epochs, once it can be estimated
 */
public record TrainingProgress(
    int epoch,
    int totalEpochs,
    int iteration,
    int iterationsPerEpoch,
    double loss,
    OptionalDouble validationLoss,
    OptionalDouble validationScore,
    Duration elapsed,
    Optional<Duration> eta) {

  /** Validates. */
  public TrainingProgress {
    Objects.requireNonNull(validationLoss, "validationLoss");
    Objects.requireNonNull(validationScore, "validationScore");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(eta, "eta");
    if (epoch < 1 || totalEpochs < 1 || iteration < 0 || iterationsPerEpoch < 1) {
      throw new IllegalArgumentException(
          "progress counters out of range: epoch "
              + epoch
              + "/"
              + totalEpochs
              + ", iteration "
              + iteration
              + "/"
              + iterationsPerEpoch);
    }
  }

  /** Returns the fraction of the planned work done, in [0, 1]. */
  public double fractionDone() {
    double it = iteration == 0 ? iterationsPerEpoch : iteration;
    double done = (epoch - 1) * (double) iterationsPerEpoch + it;
    return Math.min(1.0, done / ((double) totalEpochs * iterationsPerEpoch));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(java.util.Locale.ROOT, "epoch %d/%d", epoch, totalEpochs));
    if (iteration > 0) {
      sb.append(String.format(java.util.Locale.ROOT, " iter %d/%d", iteration, iterationsPerEpoch));
    }
    sb.append(String.format(java.util.Locale.ROOT, " loss %.4f", loss));
    validationLoss.ifPresent(
        v -> sb.append(String.format(java.util.Locale.ROOT, " val-loss %.4f", v)));
    validationScore.ifPresent(
        v -> sb.append(String.format(java.util.Locale.ROOT, " val-score %.4f", v)));
    sb.append(" elapsed ").append(format(elapsed));
    eta.ifPresent(d -> sb.append(" eta ").append(format(d)));
    return sb.toString();
  }

  /** Formats a duration as {@code h:mm:ss} or {@code m:ss}. */
  public static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
