package org.lungnodule.models;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The clock of a training loop: counts iterations, estimates the time left from the mean iteration
 * time so far, and forwards {@link TrainingProgress} events to listeners. Not thread-safe: one per
 * training run, used on the training thread.
 */
public final class ProgressTracker {

  private final List<TrainingListener> listeners;
  private final int totalEpochs;
  private final int iterationsPerEpoch;
  private final int firstEpoch;
  private final long startNanos;
  private long iterationsDone;

  /**
   * Starts the clock.
   *
   * @param listeners who to tell (copied)
   * @param totalEpochs planned epochs
   * @param iterationsPerEpoch iterations per epoch
   * @param firstEpoch the first epoch this run trains (1, or later when resuming): the ETA counts
   *     only iterations of this run
   */
  public ProgressTracker(
      List<TrainingListener> listeners, int totalEpochs, int iterationsPerEpoch, int firstEpoch) {
    if (totalEpochs < 1 || iterationsPerEpoch < 1 || firstEpoch < 1) {
      throw new IllegalArgumentException(
          "epochs, iterations per epoch and first epoch must be >= 1, got "
              + totalEpochs
              + ", "
              + iterationsPerEpoch
              + ", "
              + firstEpoch);
    }
    this.listeners = List.copyOf(listeners);
    this.totalEpochs = totalEpochs;
    this.iterationsPerEpoch = iterationsPerEpoch;
    this.firstEpoch = firstEpoch;
    this.startNanos = System.nanoTime();
  }

  /** Reports one finished iteration. */
  public void iteration(int epoch, int iteration, double loss) {
    iterationsDone++;
    TrainingProgress p =
        new TrainingProgress(
            epoch,
            totalEpochs,
            iteration,
            iterationsPerEpoch,
            loss,
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            elapsed(),
            eta(epoch, iteration));
    for (TrainingListener l : listeners) {
      l.onIteration(p);
    }
  }

  /** Reports a finished epoch; returns the event that was sent. */
  public TrainingProgress epochEnd(
      int epoch, double meanLoss, OptionalDouble validationLoss, OptionalDouble validationScore) {
    TrainingProgress p =
        new TrainingProgress(
            epoch,
            totalEpochs,
            0,
            iterationsPerEpoch,
            meanLoss,
            validationLoss,
            validationScore,
            elapsed(),
            eta(epoch, iterationsPerEpoch));
    for (TrainingListener l : listeners) {
      l.onEpochEnd(p);
    }
    return p;
  }

  /** Reports the end of training. */
  public void end(String reason) {
    for (TrainingListener l : listeners) {
      l.onTrainingEnd(reason);
    }
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private Optional<Duration> eta(int epoch, int iteration) {
    if (iterationsDone == 0) {
      return Optional.empty();
    }
    long remaining =
        (long) (totalEpochs - epoch) * iterationsPerEpoch + (iterationsPerEpoch - iteration);
    double perIteration = (System.nanoTime() - startNanos) / (double) iterationsDone;
    return Optional.of(Duration.ofNanos((long) (perIteration * Math.max(0, remaining))));
  }

  /** Returns the first epoch of this run. */
  public int firstEpoch() {
    return firstEpoch;
  }
}
