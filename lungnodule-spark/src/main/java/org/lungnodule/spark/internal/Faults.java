package org.lungnodule.spark.internal;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A fault-injection point for tests: a hook run in the task just before each commit rename, after
 * the attempt's files are written. A hook that throws an {@link Error} fails the task attempt as a
 * lost executor would, so that Spark retries it; {@code null} (the default) does nothing.
 */
public final class Faults {

  private static volatile Consumer<Path> beforeCommit;

  private Faults() {}

  /** Sets the hook run before each commit with the commit's target ({@code null} clears it). */
  public static void beforeCommit(Consumer<Path> hook) {
    beforeCommit = hook;
  }

  static void runBeforeCommit(Path target) {
    Consumer<Path> h = beforeCommit;
    if (h != null) {
      h.accept(target);
    }
  }
}
