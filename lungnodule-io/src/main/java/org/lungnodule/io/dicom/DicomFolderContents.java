package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Dicom#scanFolder} found in a folder: its CT series, and what it skipped.
 *
 * @param folder the folder scanned
 * @param series the CT series (Modality CT, or no Modality), in the order of their first file
 * @param skippedModalities images of other modalities that were skipped, counted by Modality
 *     (sorted by name)
 * @param nonDicomFiles files that are not DICOM (no preamble and DICM, and no data set that parses
 *     as one)
 * @param filesWithoutPixelData DICOM files without pixel data (structured reports, presentation
 *     states, ...)
 * @param dicomdirFiles files named DICOMDIR that were skipped while the folder was listed (in
 *     sub-folders with {@code recursive(true)}, or the folder's own when it has no directory
 *     records); 0 when the folder's own DICOMDIR was used
 * @param dicomdir the folder's DICOMDIR, when the series were taken from it rather than by listing
 *     the folder: then {@code series} are the series its records name (a file is opened only for
 *     what the records do not say), {@code skippedModalities} counts the images of its non-CT
 *     series and {@code filesWithoutPixelData} its non-image records
 */
public record DicomFolderContents(
    Path folder,
    List<DicomSeriesInfo> series,
    Map<String, Integer> skippedModalities,
    int nonDicomFiles,
    int filesWithoutPixelData,
    int dicomdirFiles,
    Optional<Path> dicomdir) {

  /** Validates and copies the components. */
  public DicomFolderContents {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(dicomdir, "dicomdir");
    series = List.copyOf(series);
    skippedModalities = Map.copyOf(skippedModalities);
    if (nonDicomFiles < 0 || filesWithoutPixelData < 0 || dicomdirFiles < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * The contents of a folder found by listing it (no DICOMDIR used).
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public DicomFolderContents(
      Path folder,
      List<DicomSeriesInfo> series,
      Map<String, Integer> skippedModalities,
      int nonDicomFiles,
      int filesWithoutPixelData,
      int dicomdirFiles) {
    this(
        folder,
        series,
        skippedModalities,
        nonDicomFiles,
        filesWithoutPixelData,
        dicomdirFiles,
        Optional.empty());
  }

  /** Returns the number of non-CT images skipped. */
  public int skippedImages() {
    return skippedModalities.values().stream().mapToInt(Integer::intValue).sum();
  }
}
