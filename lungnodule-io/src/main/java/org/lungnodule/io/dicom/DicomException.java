package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A DICOM file or series that cannot be read or written: malformed, truncated, not DICOM, or a
 * series that does not form a regular volume. The message names the path and what is wrong.
 */
public class DicomException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /**
   * Creates an exception about a file or folder.
   *
   * @param path the file or folder at fault
   * @param message what is wrong (the path is prepended)
   */
  public DicomException(Path path, String message) {
    super(path + ": " + message);
    this.path = Objects.requireNonNull(path, "path");
  }

  /**
   * Creates an exception about a file or folder, with a cause.
   *
   * @param path the file or folder at fault
   * @param message what is wrong (the path is prepended)
   * @param cause the underlying failure
   */
  public DicomException(Path path, String message, Throwable cause) {
    super(path + ": " + message, cause);
    this.path = Objects.requireNonNull(path, "path");
  }

  /** Returns the file or folder at fault. */
  public Path path() {
    return path;
  }
}
