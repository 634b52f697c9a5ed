package org.lungnodule.io.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An import by {@link SiteImporter} that cannot go ahead at all: a labels file that is not UTF-8 or
 * has the wrong header, an export without any CT series that could be read. Carries the file and,
 * for a labels file, the 1-based line (0 when the problem has no line). Nothing is written then,
 * and an earlier site in the target folder is left as it was.
 */
public final class SiteImportException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final int line;

  /**
   * Creates the exception; the message becomes {@code "<path> line <n>: <message>"}.
   *
   * @param path the file or folder concerned
   * @param line the 1-based line number, or 0
   * @param message what is wrong
   */
  public SiteImportException(Path path, int line, String message) {
    super(
        Objects.requireNonNull(path, "path") + (line > 0 ? " line " + line : "") + ": " + message);
    this.path = path;
    this.line = line;
  }

  /** Returns the file or folder concerned. */
  public Path path() {
    return path;
  }

  /** Returns the 1-based line number, or 0 if the problem has no line. */
  public int line() {
    return line;
  }
}
