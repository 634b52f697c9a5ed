package org.lungnodule.io.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A site manifest that is wrong: a bad header, an unknown label, a bad number, a missing scan or
 * mask file, a centre outside its scan. Carries the manifest path and the 1-based line number (line
 * 1 is the header; 0 when the problem is not tied to a line).
 */
public final class ManifestException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final int line;

  /**
   * Creates the exception; the message becomes {@code "<path> line <n>: <message>"}.
   *
   * @param path the manifest file
   * @param line the 1-based line number, or 0
   * @param message what is wrong
   */
  public ManifestException(Path path, int line, String message) {
    super(
        Objects.requireNonNull(path, "path") + (line > 0 ? " line " + line : "") + ": " + message);
    this.path = path;
    this.line = line;
  }

  /** Same, with a cause. */
  public ManifestException(Path path, int line, String message, Throwable cause) {
    this(path, line, message);
    initCause(cause);
  }

  /** Returns the manifest file. */
  public Path path() {
    return path;
  }

  /** Returns the 1-based line number (1 = header), or 0 if the problem has no line. */
  public int line() {
    return line;
  }
}
