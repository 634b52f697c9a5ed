package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.lungnodule.core.VolumeGeometry;

/**
 * Reading RT Structure Sets (RTSTRUCT, SOP Class 1.2.840.10008.5.1.4.1.1.481.3) onto a CT grid.
 *
 * <pre>{@code
 * RtStructureSet rs = RtStruct.read(rtFile, Dicom.readSeriesWithInfo(ctFolder));
 * for (RtStructRoi roi : rs.rois()) { ... roi.name() ... roi.mask() ... }
 * }</pre>
 *
 * <p>Each ROI of the Structure Set ROI Sequence (number, name, referenced frame of reference)
 * becomes a binary mask built from its CLOSED_PLANAR contours in the ROI Contour Sequence (other
 * contour types are skipped with a warning). Contour points (patient mm) are mapped onto the CT
 * grid; all points of a contour must lie within half a slice spacing of one slice, else the contour
 * is "off the image plane" and reading fails. On each slice, a pixel belongs to the ROI when its
 * centre is inside the slice's contours by the even-odd rule, so a contour inside another is a hole
 * (pixel centres exactly on a left or top edge count as inside, on a right or bottom edge as
 * outside).
 */
public final class RtStruct {

  private RtStruct() {}

  /**
   * Reads an RTSTRUCT onto the grid of a CT series, checking each ROI's frame of reference.
   *
   * @param file the RTSTRUCT file
   * @param series the CT series the contours were drawn on
   * @return the ROIs, each a mask on the series' grid
   * @throws DicomReferenceException if an ROI references another frame of reference, or a contour
   *     lies off the image planes (the message names the file, ROI and contour)
   * @throws DicomException if the file is not an RTSTRUCT, or is malformed or truncated
   * @throws IOException if a file cannot be read
   */
  public static RtStructureSet read(Path file, DicomSeries series) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(series, "series");
    return RtStructReader.read(file, series.volume().geometry(), SourceSlices.of(series, false));
  }

  /**
   * Reads an RTSTRUCT onto a grid without checking frames of reference.
   *
   * @param file the RTSTRUCT file
   * @param grid the CT grid
   * @return the ROIs, each a mask on {@code grid}
   * @throws IOException as {@link #read(Path, DicomSeries)}
   */
  public static RtStructureSet read(Path file, VolumeGeometry grid) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(grid, "grid");
    return RtStructReader.read(file, grid, null);
  }
}
