package org.lungnodule.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way lungnodule writes an output: into a hidden temporary file (or folder) beside the
 * target, then an atomic move over the target, so that a crash never leaves a partial output under
 * its final name.
 *
 * <p>Temporary files are created like any other file, so they (and the outputs they become) have
 * the permissions the process's umask gives, not the owner-only mode of {@link
 * Files#createTempFile}. Their names are {@code .<target>.<pid>-<random>.lungnodule-tmp}: when a
 * run is killed, the next write into the same folder deletes the temporary files whose process is
 * no longer alive ({@link #cleanStale(Path)}); another live process's files are left alone.
 */
public final class AtomicFiles {

  /** The suffix of every temporary file or folder this class creates. */
  public static final String TEMP_SUFFIX = ".lungnodule-tmp";

  private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
  private static final Pattern TEMP_NAME =
      Pattern.compile("\\..*\\.(\\d{1,18})-[0-9a-f]{16}" + Pattern.quote(TEMP_SUFFIX));
  private static final long PID = ProcessHandle.current().pid();

  private AtomicFiles() {}

  /** Writes to a path (a temporary file that the caller then sees moved into place). */
  @FunctionalInterface
  public interface PathWriter {
    /**
     * Writes the content to {@code temp}.
     *
     * @throws IOException if writing fails
     */
    void write(Path temp) throws IOException;
  }

  /** Writes to a stream opened on a temporary file. */
  @FunctionalInterface
  public interface StreamWriter {
    /**
     * Writes the content to {@code out}; the caller closes it.
     *
     * @throws IOException if writing fails
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code bytes} to {@code target} atomically.
   *
   * @throws IOException if writing or moving fails (the target is then untouched)
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    writeStream(target, out -> out.write(bytes));
  }

  /**
   * Writes {@code target} atomically through a stream.
   *
   * @throws IOException if writing or moving fails (the target is then untouched)
   */
  public static void writeStream(Path target, StreamWriter body) throws IOException {
    Objects.requireNonNull(body, "body");
    write(
        target,
        temp -> {
          try (OutputStream out = Files.newOutputStream(temp)) {
            body.write(out);
          }
        });
  }

  /**
   * Writes {@code target} atomically: {@code body} writes a temporary file beside it, which is then
   * moved over the target; on any failure the temporary file is deleted.
   *
   * @throws IOException if writing or moving fails (the target is then untouched)
   */
  public static void write(Path target, PathWriter body) throws IOException {
    Objects.requireNonNull(body, "body");
    Path temp = tempBeside(target);
    try {
      body.write(temp);
      moveInto(temp, target);
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * Creates an empty temporary file beside {@code target} (same folder, hidden name), creating the
   * folder if needed, after deleting stale temporary files of dead processes there.
   *
   * @throws IOException if the file cannot be created
   */
  public static Path tempBeside(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = Objects.requireNonNull(abs.getParent(), "target has no folder: " + target);
    Files.createDirectories(dir);
    cleanStale(dir);
    while (true) {
      try {
        return Files.createFile(dir.resolve(tempName(abs)));
      } catch (FileAlreadyExistsException taken) {
        // a 64-bit random collision: draw again
      }
    }
  }

  /**
   * Creates an empty temporary folder beside {@code target}, as {@link #tempBeside(Path)} does for
   * files; move it into place with {@link #moveInto(Path, Path)}.
   *
   * @throws IOException if the folder cannot be created
   */
  public static Path tempFolderBeside(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = Objects.requireNonNull(abs.getParent(), "target has no folder: " + target);
    Files.createDirectories(dir);
    cleanStale(dir);
    while (true) {
      try {
        return Files.createDirectory(dir.resolve(tempName(abs)));
      } catch (FileAlreadyExistsException taken) {
        // draw again
      }
    }
  }

  /**
   * Writes a whole folder atomically: {@code body} fills an empty temporary folder beside {@code
   * target}; when it returns, the folder takes the target's name. A folder already at {@code
   * target} (an earlier output) is first renamed aside and deleted only after the new one is in
   * place, so that at every moment {@code target} is either the complete old folder, absent for the
   * instant between two renames, or the complete new one — never a mixture. On any failure the
   * temporary folder is deleted and the old folder, if any, is back under its name.
   *
   * @param target the folder to create or replace
   * @param body writes the folder's content into the temporary folder it is given
   * @throws IOException if {@code body} or a move fails, or {@code target} is a file
   */
  public static void replaceFolder(Path target, PathWriter body) throws IOException {
    Objects.requireNonNull(body, "body");
    Path abs = target.toAbsolutePath();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IOException(abs + ": exists and is not a folder");
    }
    Path temp = tempFolderBeside(abs);
    Path old = null;
    try {
      body.write(temp);
      if (Files.exists(abs)) {
        old = tempFolderBeside(abs);
        Files.delete(old);
        Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (old != null) {
          Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
          old = null;
        }
        throw e;
      }
    } finally {
      deleteQuietly(temp);
      deleteQuietly(old);
    }
  }

  /**
   * Moves {@code temp} over {@code target}, atomically where the file system allows it.
   *
   * @throws IOException if the move fails
   */
  public static void moveInto(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a temporary file or folder (recursively) if it is still there, ignoring failures. */
  public static void deleteQuietly(Path temp) {
    if (temp == null || !Files.exists(temp)) {
      return;
    }
    try (Stream<Path> all = Files.walk(temp)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // best effort: the temporary name is hidden and never mistaken for an output
    }
  }

  /**
   * Deletes the temporary files and folders of this class's naming in {@code dir} whose process is
   * no longer running (left by a killed run). Files of live processes, and every other file, are
   * left alone.
   *
   * @return how many were deleted
   */
  public static int cleanStale(Path dir) {
    int n = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
      for (Path p : files) {
        Matcher m = TEMP_NAME.matcher(p.getFileName().toString());
        if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
          deleteQuietly(p);
          n++;
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not look for stale temporary files in {}: {}", dir, e.toString());
    }
    if (n > 0) {
      LOG.info("deleted {} temporary file(s) left in {} by a run that did not finish", n, dir);
    }
    return n;
  }

  private static boolean alive(long pid) {
    return pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String tempName(Path abs) {
    return "."
        + abs.getFileName()
        + "."
        + PID
        + "-"
        + String.format("%016x", ThreadLocalRandom.current().nextLong())
        + TEMP_SUFFIX;
  }
}
