package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.lungnodule.core.VolumeGeometry;

/**
 * Reading and writing DICOM Segmentation objects (SEG, SOP Class 1.2.840.10008.5.1.4.1.1.66.4).
 *
 * <pre>{@code
 * DicomSeries ct = Dicom.readSeriesWithInfo(ctFolder);
 * DicomSegmentation seg = DicomSeg.read(segFile, ct);
 * Mask first = seg.segments().get(0).mask();          // on ct's grid
 * DicomSeg.write(out, ct, List.of(new SegmentToWrite("nodule 1", Optional.of("score 0.93"), m)));
 * }</pre>
 *
 * <p><b>Reading.</b> Each segment becomes one binary {@link org.lungnodule.core.Mask} on the CT
 * grid. A frame is placed on the slice whose SOP Instance UID its Derivation Image / Source Image
 * Sequence references; without such a reference (or one to an image the series lacks) it is placed
 * by its Image Position (Patient) (Plane Position Sequence), which must lie within {@value
 * DicomSegReader#POSITION_TOLERANCE_VOXELS} voxels of a slice's first pixel. The frames must have
 * the CT's rows, columns, pixel spacing and orientation (checked where the SEG states them). BINARY
 * segmentations are read bit by bit, packed least significant bit first and continuing across frame
 * boundaries; FRACTIONAL ones (8 bits) are thresholded: a voxel is in the segment when its value is
 * at least half the Maximum Fractional Value (0062,000E). Several frames of one segment on one
 * slice are combined (union). Native pixel data only (Explicit or Implicit VR Little Endian,
 * Explicit VR Big Endian, Deflated); encapsulated (RLE) SEGs are refused.
 *
 * <p><b>Writing.</b> {@link #write} writes a BINARY SEG: one segment per mask (algorithm type
 * AUTOMATIC, algorithm name "lungnodule", category "Morphologically Altered Structure", type
 * "Nodule", SNOMED CT), only non-empty frames, each with its Plane Position, a Derivation Image
 * Sequence naming its source CT slice, a Segment Identification and Dimension Index Values (segment
 * number, slice number); Pixel Measures and Plane Orientation are shared. The SEG copies the
 * patient and study attributes of the source series, joins its Frame of Reference, and lists every
 * source slice in the Referenced Series Sequence. Its UIDs are made from a hash of the source UIDs,
 * labels and frames, and Content Date/Time are the source's Study Date/Time (19700101/000000
 * without), so the same input writes the same bytes.
 */
public final class DicomSeg {

  private DicomSeg() {}

  /**
   * Reads a SEG onto the grid of the CT series it segments.
   *
   * @param segFile the SEG file
   * @param series the referenced CT series (read with {@link Dicom#readSeriesWithInfo})
   * @return the segments, each a mask on {@code series}' grid
   * @throws DicomReferenceException if the SEG references another series or frame of reference, or
   *     a frame does not lie on the series' grid
   * @throws DicomException if the file is not a SEG, is malformed or truncated, or its frame count
   *     does not match its functional groups or pixel data
   * @throws IOException if a file cannot be read
   */
  public static DicomSegmentation read(Path segFile, DicomSeries series) throws IOException {
    Objects.requireNonNull(segFile, "segFile");
    Objects.requireNonNull(series, "series");
    return DicomSegReader.read(segFile, series.volume().geometry(), SourceSlices.of(series, false));
  }

  /**
   * Reads a SEG onto a grid, placing every frame by its Image Position (Patient) (no check of
   * series or frame of reference UIDs).
   *
   * @param segFile the SEG file
   * @param grid the CT grid
   * @return the segments, each a mask on {@code grid}
   * @throws IOException as {@link #read(Path, DicomSeries)}
   */
  public static DicomSegmentation read(Path segFile, VolumeGeometry grid) throws IOException {
    Objects.requireNonNull(segFile, "segFile");
    Objects.requireNonNull(grid, "grid");
    return DicomSegReader.read(segFile, grid, null);
  }

  /**
   * Writes masks on a CT series' grid as a BINARY SEG referencing that series (see the class
   * documentation), atomically.
   *
   * @param out the file to write
   * @param series the source series, read from its files (the slices must still be the files'
   *     images: a series resampled for gantry tilt is refused)
   * @param segments the segments, numbered 1, 2, ... in this order
   * @return the SOP Instance UID of the SEG
   * @throws IllegalArgumentException if there is no segment, every segment is empty, or a mask lies
   *     on another grid
   * @throws DicomReferenceException if the series' slices are not the files' images
   * @throws IOException if a source file cannot be read or the SEG cannot be written
   */
  public static String write(Path out, DicomSeries series, List<SegmentToWrite> segments)
      throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(series, "series");
    return DicomSegWriter.write(out, series, List.copyOf(segments));
  }
}
