package org.lungnodule.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A volume file that cannot be read: a malformed header, an unsupported element type, a data block
 * shorter than the header says. The message names the file and what is wrong.
 */
public class VolumeFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /**
   * Creates the exception.
   *
   * @param path the file that is wrong
   * @param message what is wrong (the path is prepended)
   */
  public VolumeFormatException(Path path, String message) {
    super(Objects.requireNonNull(path, "path") + ": " + message);
    this.path = path;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param path the file that is wrong
   * @param message what is wrong (the path is prepended)
   * @param cause the underlying failure
   */
  public VolumeFormatException(Path path, String message, Throwable cause) {
    super(Objects.requireNonNull(path, "path") + ": " + message, cause);
    this.path = path;
  }

  /** Returns the file that could not be read. */
  public Path path() {
    return path;
  }
}
