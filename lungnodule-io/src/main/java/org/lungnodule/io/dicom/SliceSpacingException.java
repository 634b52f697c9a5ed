package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.List;

/**
 * Slices that are not evenly spaced along the slice normal: missing slices or irregular gaps. The
 * message names each gap (the two files, their positions, the gap and the nominal spacing). Pass
 * {@link DicomReadOptions.Builder#allowIrregularSpacing(boolean)} to load such a series anyway.
 */
public class SliceSpacingException extends DicomSeriesException {

  private static final long serialVersionUID = 1L;

  private final List<String> gaps;

  /**
   * Creates the exception.
   *
   * @param path the folder
   * @param nominalSpacingMm the median gap between neighbouring slices
   * @param gaps one line per irregular gap
   */
  public SliceSpacingException(Path path, double nominalSpacingMm, List<String> gaps) {
    super(
        path,
        "irregular slice spacing (nominal "
            + DicomText.mm(nominalSpacingMm)
            + " mm): "
            + String.join("; ", gaps));
    this.gaps = List.copyOf(gaps);
  }

  /** Returns one description per irregular gap. */
  public List<String> gaps() {
    return gaps;
  }
}
