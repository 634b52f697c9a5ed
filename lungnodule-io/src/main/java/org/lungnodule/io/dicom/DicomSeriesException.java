package org.lungnodule.io.dicom;

import java.nio.file.Path;

/**
 * A folder whose DICOM files do not form one regular volume: several series and none chosen, slices
 * of different size or orientation, tilted (gantry tilt) or non-parallel slices, two slices at one
 * position, or missing tags the geometry needs. Irregular spacing has its own subtype, {@link
 * SliceSpacingException}.
 */
public class DicomSeriesException extends DicomException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param path the folder (or file) at fault
   * @param message what is wrong
   */
  public DicomSeriesException(Path path, String message) {
    super(path, message);
  }
}
