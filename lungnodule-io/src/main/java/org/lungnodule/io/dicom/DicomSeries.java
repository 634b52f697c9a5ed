package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.CtVolume;

/**
 * A series read into a volume, with what the files said about it.
 *
 * @param volume the volume in HU: x = columns (along the row direction cosine), y = rows, z =
 *     slices sorted by increasing position along the slice normal
 * @param transferSyntaxUid transfer syntax of the first slice
 * @param seriesInstanceUid SeriesInstanceUID (empty if the files lack it)
 * @param studyInstanceUid StudyInstanceUID, if present
 * @param patientId PatientID, if present
 * @param seriesDescription SeriesDescription, if present
 * @param slicePositionsMm position of each slice along the slice normal, in volume order
 * @param files the file of each slice, in volume order (an Enhanced CT file once per frame)
 * @param warnings what was tolerated or assumed (irregular gaps when allowed, mixed transfer
 *     syntaxes, defaults taken for a missing tag)
 * @param lossyImageCompression whether the voxels went through lossy compression: a slice says
 *     Lossy Image Compression (0028,2110) is "01", or its pixel data were a lossy stream (DCT JPEG,
 *     near-lossless JPEG-LS, irreversible JPEG 2000)
 */
public record DicomSeries(
    CtVolume volume,
    String transferSyntaxUid,
    String seriesInstanceUid,
    Optional<String> studyInstanceUid,
    Optional<String> patientId,
    Optional<String> seriesDescription,
    List<Double> slicePositionsMm,
    List<Path> files,
    List<String> warnings,
    boolean lossyImageCompression) {

  /** Validates and copies the components. */
  public DicomSeries {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(seriesDescription, "seriesDescription");
    slicePositionsMm = List.copyOf(slicePositionsMm);
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
    int nz = volume.dims().nz();
    if (slicePositionsMm.size() != nz || files.size() != nz) {
      throw new IllegalArgumentException(
          "need one position and one file per slice ("
              + nz
              + "), got "
              + slicePositionsMm.size()
              + " and "
              + files.size());
    }
  }

  /**
   * Creates a series whose voxels were not lossy compressed (the form before Lossy Image
   * Compression was carried).
   *
   * @throws IllegalArgumentException if the positions or files do not match the slice count
   */
  public DicomSeries(
      CtVolume volume,
      String transferSyntaxUid,
      String seriesInstanceUid,
      Optional<String> studyInstanceUid,
      Optional<String> patientId,
      Optional<String> seriesDescription,
      List<Double> slicePositionsMm,
      List<Path> files,
      List<String> warnings) {
    this(
        volume,
        transferSyntaxUid,
        seriesInstanceUid,
        studyInstanceUid,
        patientId,
        seriesDescription,
        slicePositionsMm,
        files,
        warnings,
        false);
  }

  /** Returns the number of slices. */
  public int sliceCount() {
    return files.size();
  }

  @Override
  public String toString() {
    return "DicomSeries["
        + (seriesInstanceUid.isEmpty() ? "(no uid)" : seriesInstanceUid)
        + ", "
        + sliceCount()
        + " slices, "
        + volume
        + ", "
        + TransferSyntax.describe(transferSyntaxUid)
        + (lossyImageCompression ? " (lossy)" : "")
        + seriesDescription.map(d -> ", '" + d + "'").orElse("")
        + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)")
        + "]";
  }
}
