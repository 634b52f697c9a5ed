package org.lungnodule.models;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks from a training loop: the hook a command-line progress bar or a GUI attaches to. All
 * methods have empty defaults; they run on the training thread, so keep them short. {@link
 * #logging()} reports through SLF4J (INFO per epoch and every few seconds within an epoch, DEBUG
 * per iteration).
 */
public interface TrainingListener {

  /** Called after each training iteration (one mini-batch). */
  default void onIteration(TrainingProgress progress) {}

  /**
   * Called after each epoch, with the epoch's mean training loss and the validation results. {@link
   * TrainingProgress#iteration()} is 0.
   */
  default void onEpochEnd(TrainingProgress progress) {}

  /** Called once when training ends (after the last epoch or an early stop). */
  default void onTrainingEnd(String reason) {}

  /**
   * Returns a listener that logs through SLF4J: INFO at each epoch's end and, within an epoch, at
   * most every {@code lungnodule.progressSeconds} seconds (default 10, as {@link
   * org.lungnodule.core.Progress}) so that a long epoch run without a terminal still says where it
   * is (iteration, loss, elapsed time and ETA); DEBUG for every other iteration.
   */
  static TrainingListener logging() {
    return new LoggingListener(
        Math.max(
                0,
                Long.getLong(
                    "lungnodule.progressSeconds",
                    org.lungnodule.core.Progress.DEFAULT_INTERVAL_SECONDS))
            * 1_000_000_000L);
  }

  /** The SLF4J listener. */
  final class LoggingListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingListener.class);
    private final long intervalNanos;
    private long lastLine = System.nanoTime();

    private LoggingListener(long intervalNanos) {
      this.intervalNanos = intervalNanos;
    }

    @Override
    public synchronized void onIteration(TrainingProgress p) {
      long now = System.nanoTime();
      if (now - lastLine >= intervalNanos) {
        lastLine = now;
        LOG.info("{}", p);
      } else {
        LOG.debug("{}", p);
      }
    }

    @Override
    public synchronized void onEpochEnd(TrainingProgress p) {
      lastLine = System.nanoTime();
      LOG.info("{}", p);
    }

    @Override
    public void onTrainingEnd(String reason) {
      LOG.info("training ended: {}", reason);
    }

    @Override
    public String toString() {
      return "TrainingListener.logging()";
    }
  }
}
