package org.lungnodule.spark.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.TaskContext;
import org.lungnodule.core.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a task publishes a scan's outputs: it writes them under a task-attempt path beside the target
 * ({@code .<target>.<attempt>.lungnodule-spark-tmp}, hidden from Spark's and Hadoop's readers),
 * then renames that path onto the target. A task that fails or is killed leaves only a hidden
 * attempt path, which the next job on the same output deletes ({@link #cleanAttempts}); two
 * attempts of the same task (a retry after a lost executor, a speculative copy) produce the same
 * bytes and end as one target.
 *
 * <p>The output folder must be on a file system that all executors see at the same path and where a
 * rename within a folder is atomic (a local disk in {@code local[N]}, NFS, Lustre, GPFS).
 */
public final class Commit {

  /** The suffix of every task-attempt path. */
  public static final String ATTEMPT_SUFFIX = ".lungnodule-spark-tmp";

  private static final Logger LOG = LoggerFactory.getLogger(Commit.class);

  private Commit() {}

  /**
   * Returns a tag naming the running task attempt ({@code s<stage>-p<partition>-a<attempt>-t<id>}),
   * or {@code driver} outside a task, followed by a random part so that no two calls collide.
   */
  public static String attemptTag() {
    TaskContext tc = TaskContext.get();
    String base =
        tc == null
            ? "driver"
            : "s"
                + tc.stageId()
                + "-p"
                + tc.partitionId()
                + "-a"
                + tc.attemptNumber()
                + "-t"
                + tc.taskAttemptId();
    return base + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
  }

  /**
   * Creates an empty task-attempt folder beside {@code target} (creating the parent if needed).
   *
   * @throws IOException if it cannot be created
   */
  public static Path attemptFolder(Path target) throws IOException {
    Path t = target.toAbsolutePath();
    Files.createDirectories(t.getParent());
    while (true) {
      try {
        return Files.createDirectory(attemptPath(t));
      } catch (FileAlreadyExistsException taken) {
        // another draw of the random part
      }
    }
  }

  /**
   * Returns a fresh task-attempt file path beside {@code target} (not created; the parent is).
   *
   * @throws IOException if the parent cannot be created
   */
  public static Path attemptFile(Path target) throws IOException {
    Path t = target.toAbsolutePath();
    Files.createDirectories(t.getParent());
    Path p;
    do {
      p = attemptPath(t);
    } while (Files.exists(p));
    return p;
  }

  private static Path attemptPath(Path target) {
    return target.resolveSibling("." + target.getFileName() + "." + attemptTag() + ATTEMPT_SUFFIX);
  }

  /**
   * Renames a finished attempt file onto its target, replacing a file another attempt of the same
   * task may have committed (same content).
   *
   * @throws IOException if the rename fails
   */
  public static void commitFile(Path attempt, Path target) throws IOException {
    Faults.runBeforeCommit(target);
    try {
      Files.move(
          attempt, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(attempt, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Renames a finished attempt folder onto its target. A folder already there (left by an attempt
   * that did not finish its commit, or committed by another attempt of the same task) is first
   * renamed aside and then deleted, so that the target always holds one whole attempt's files.
   *
   * @throws IOException if a rename fails
   */
  public static void commitFolder(Path attempt, Path target) throws IOException {
    Objects.requireNonNull(attempt, "attempt");
    Faults.runBeforeCommit(target);
    for (int tries = 0; ; tries++) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Path aside = attemptPath(target.toAbsolutePath());
        try {
          Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
          LOG.info("replacing the earlier output {} with this attempt's", target);
          AtomicFiles.deleteQuietly(aside);
        } catch (NoSuchFileException gone) {
          // another attempt moved it meanwhile
        }
      }
      try {
        Files.move(attempt, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (FileSystemException e) {
        // a non-empty folder was committed by another attempt between the two renames
        if (tries == 3 || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
      }
    }
  }

  /**
   * Deletes the task-attempt paths left in {@code dir} by tasks that failed or were killed. Call it
   * on the driver before a job starts, never while another job writes into the same folder.
   *
   * @return how many were deleted
   */
  public static int cleanAttempts(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int n = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*" + ATTEMPT_SUFFIX)) {
      for (Path p : s) {
        AtomicFiles.deleteQuietly(p);
        n++;
      }
    } catch (IOException e) {
      LOG.warn("could not list {} for leftover task-attempt files: {}", dir, e.toString());
    }
    if (n > 0) {
      LOG.info("deleted {} task-attempt path(s) left in {} by tasks that did not finish", n, dir);
    }
    return n;
  }
}
