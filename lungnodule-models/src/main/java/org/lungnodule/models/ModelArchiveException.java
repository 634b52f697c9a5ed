package org.lungnodule.models;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model archive or checkpoint file that cannot be used: not an archive, corrupt, truncated, of
 * another format version, or holding another kind of model. The message names the file and what is
 * wrong.
 */
public final class ModelArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates the exception.
   *
   * @param file the file that was read
   * @param problem what is wrong with it (lowercase, no file name)
   * @param cause the underlying failure, or null
   */
  public ModelArchiveException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** Returns the file that could not be used. */
  public Path file() {
    return file;
  }
}
