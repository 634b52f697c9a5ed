package org.lungnodule.io.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Temp-then-move writing: outputs are written to a hidden temporary file in the target folder and
 * moved over the target atomically, so that a crash never leaves a partial file looking whole.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Returns a new empty temporary file beside {@code target} (same folder, hidden name). */
  public static Path tempBeside(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
  }

  /** Moves {@code temp} over {@code target}, atomically where the file system allows it. */
  public static void moveInto(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a temporary file if it is still there, ignoring failures (used on error paths). */
  public static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // best effort: the temp file has a hidden name and is never mistaken for an output
    }
  }

  /** Formats a number in the shortest plain form that parses back to the same double. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
