package org.lungnodule.io.dicom;

import java.nio.file.Path;

/**
 * A file that is not DICOM at all: no {@code DICM} marker after a 128-byte preamble and no DICOM
 * element at its start. When reading a folder such files are skipped (and logged); when a single
 * file is named, this is thrown.
 */
public class NotDicomException extends DicomException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param path the file
   * @param message why it is not taken for DICOM
   */
  public NotDicomException(Path path, String message) {
    super(path, message);
  }
}
