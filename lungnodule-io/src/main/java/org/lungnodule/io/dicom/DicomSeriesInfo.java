package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One series found in a folder by {@link Dicom#listSeries}: its UID, how many image files it has,
 * and what describes it.
 *
 * @param seriesInstanceUid SeriesInstanceUID (0020,000E), or the empty string if the files lack it
 * @param sliceCount number of slices of the series: image files, each frame of an Enhanced CT file
 *     counted
 * @param columns Columns (0028,0011) of the first file of the series
 * @param rows Rows (0028,0010) of the first file of the series
 * @param description SeriesDescription (0008,103E), if present
 * @param modality Modality (0008,0060), if present
 * @param patientId PatientID (0010,0020), if present
 * @param transferSyntaxUid transfer syntax of the first file of the series
 * @param folder the folder the files were found in (the one listed, also when its DICOMDIR named
 *     them), or the folder of the series' first file when sub-folders were searched
 */
public record DicomSeriesInfo(
    String seriesInstanceUid,
    int sliceCount,
    int columns,
    int rows,
    Optional<String> description,
    Optional<String> modality,
    Optional<String> patientId,
    String transferSyntaxUid,
    Path folder) {

  /** Validates the components. */
  public DicomSeriesInfo {
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    Objects.requireNonNull(folder, "folder");
    if (sliceCount < 1) {
      throw new IllegalArgumentException("sliceCount must be at least 1, got " + sliceCount);
    }
  }

  /** Returns a one-line summary: UID, slice count, size, description. */
  public String summary() {
    return (seriesInstanceUid.isEmpty() ? "(no SeriesInstanceUID)" : seriesInstanceUid)
        + " ("
        + sliceCount
        + (sliceCount == 1 ? " slice" : " slices")
        + " of "
        + columns
        + "x"
        + rows
        + description.map(d -> ", '" + d + "'").orElse("")
        + ")";
  }
}
