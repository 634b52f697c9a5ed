package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Dicom#scanFolder} found in a folder: its CT series, and what it skipped.
 *
 * @param folder the folder scanned
 * @param series the CT series (Modality CT, or no Modality), in the order of their first file
 * @param skippedModalities images of other modalities that were skipped, counted by Modality
 *     (sorted by name)
 * @param nonDicomFiles files that are not DICOM (no preamble and DICM, and no data set that
 *     parses as one)
 * @param filesWithoutPixelData DICOM files without pixel data (structured reports, presentation
 *     states, ...)
 * @param dicomdirFiles files named DICOMDIR: skipped, the images are found by listing the folder
 */
public record DicomFolderContents(
    Path folder,
    List<DicomSeriesInfo> series,
    Map<String, Integer> skippedModalities,
    int nonDicomFiles,
    int filesWithoutPixelData,
    int dicomdirFiles) {

  /** Validates and copies the components. */
  public DicomFolderContents {
    Objects.requireNonNull(folder, "folder");
    series = List.copyOf(series);
    skippedModalities = Map.copyOf(skippedModalities);
    if (nonDicomFiles < 0 || filesWithoutPixelData < 0 || dicomdirFiles < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /** Returns the number of non-CT images skipped. */
  public int skippedImages() {
    return skippedModalities.values().stream().mapToInt(Integer::intValue).sum();
  }
}
