package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A folder holding several series when none was chosen (or the chosen UID is not among them). The
 * message lists each series with its slice count and description; choose one with {@link
 * DicomReadOptions.Builder#seriesInstanceUid(String)}.
 */
public class MultipleSeriesException extends DicomSeriesException {

  private static final long serialVersionUID = 1L;

  private final transient List<DicomSeriesInfo> series;

  /**
   * Creates the exception.
   *
   * @param folder the folder
   * @param lead what went wrong, before the list of series
   * @param series the series found
   */
  public MultipleSeriesException(Path folder, String lead, List<DicomSeriesInfo> series) {
    super(
        folder,
        lead
            + ": "
            + series.stream().map(DicomSeriesInfo::summary).collect(Collectors.joining(", "))
            + "; choose one with DicomReadOptions.builder().seriesInstanceUid(...)");
    this.series = List.copyOf(series);
  }

  /** Returns the series found in the folder. */
  public List<DicomSeriesInfo> series() {
    return series;
  }
}
