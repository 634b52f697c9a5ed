package org.lungnodule.io.dicom;

import java.nio.file.Path;

/**
 * A segmentation (SEG) or structure set (RTSTRUCT) that does not fit the CT series it is read onto:
 * it references another series or frame of reference, a frame or contour lies off the series' grid,
 * or its images have another size, spacing or orientation. The message names the file and what does
 * not match.
 */
public class DicomReferenceException extends DicomException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception about a file.
   *
   * @param file the SEG or RTSTRUCT file
   * @param message what does not match (the path is prepended)
   */
  public DicomReferenceException(Path file, String message) {
    super(file, message);
  }
}
