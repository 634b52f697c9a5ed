package org.lungnodule.spark.internal;

import java.io.Serializable;
import java.util.Objects;
import org.lungnodule.spark.ScanFailure;

/**
 * What a task reports for one scan: done now, reused from an earlier run, or failed.
 *
 * @param task the scan
 * @param reused whether complete outputs were already there (nothing was computed)
 * @param failure the error, or {@code null} when the scan's outputs are committed
 * @param seconds the time the task spent on the scan
 */
public record ScanOutcome(ScanTask task, boolean reused, ScanFailure failure, double seconds)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validates. */
  public ScanOutcome {
    Objects.requireNonNull(task, "task");
  }

  /** A scan whose outputs were already complete. */
  public static ScanOutcome reused(ScanTask task) {
    return new ScanOutcome(task, true, null, 0);
  }

  /** A scan done now. */
  public static ScanOutcome done(ScanTask task, long startNanos) {
    return new ScanOutcome(task, false, null, (System.nanoTime() - startNanos) / 1e9);
  }

  /** A scan that failed with {@code e}. */
  public static ScanOutcome failed(ScanTask task, Exception e, long startNanos) {
    String msg = e.getMessage() == null ? "" : ": " + e.getMessage();
    return new ScanOutcome(
        task,
        false,
        new ScanFailure(
            task.site(), task.scanId(), task.scanPath(), e.getClass().getSimpleName() + msg),
        (System.nanoTime() - startNanos) / 1e9);
  }

  /** Returns whether the scan's outputs are committed. */
  public boolean ok() {
    return failure == null;
  }
}
