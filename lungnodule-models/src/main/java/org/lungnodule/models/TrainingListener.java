package org.lungnodule.models;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks from a training loop: the hook a command-line progress bar or a GUI attaches to. All
 * methods have empty defaults; they run on the training thread, so keep them short. {@link
 * #logging()} reports through SLF4J (INFO per epoch, DEBUG per iteration).
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

  /** Returns a listener that logs through SLF4J: INFO at each epoch's end, DEBUG per iteration. */
  static TrainingListener logging() {
    return LoggingListener.INSTANCE;
  }

  /** The SLF4J listener. */
  final class LoggingListener implements TrainingListener {
    private static final LoggingListener INSTANCE = new LoggingListener();
    private static final Logger LOG = LoggerFactory.getLogger(TrainingListener.class);

    private LoggingListener() {}

    @Override
    public void onIteration(TrainingProgress p) {
      LOG.debug("{}", p);
    }

    @Override
    public void onEpochEnd(TrainingProgress p) {
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
