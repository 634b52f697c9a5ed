package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Service interface of DICOM series readers, found with {@link java.util.ServiceLoader}. The
 * built-in one is {@link BuiltinDicomReader}; another (for example one wrapping dcm4che) is plugged
 * in by putting a jar on the class path that lists its class in {@code
 * META-INF/services/org.lungnodule.io.dicom.DicomSeriesReader}. {@link Dicom} uses the reader with
 * the highest {@link #priority()}, or the one named by the system property {@code
 * lungnodule.dicom.reader}.
 *
 * <p>Implementations must be thread-safe and follow the contract of {@link
 * Dicom#readSeriesWithInfo(Path, DicomReadOptions)}: the same geometry conventions and the same
 * exceptions.
 */
public interface DicomSeriesReader {

  /** Returns a short name, e.g. {@code "builtin"} or {@code "dcm4che"}. */
  String name();

  /** Returns the priority: the highest wins. The built-in reader has 0. */
  default int priority() {
    return 0;
  }

  /**
   * Reads one series from a folder, or one file as a one-slice volume.
   *
   * @param dirOrFile a folder of DICOM files, or one DICOM file
   * @param options which series and how strictly
   * @return the volume and its metadata
   * @throws IOException (a {@link DicomException} naming the file or folder) on failure
   */
  DicomSeries read(Path dirOrFile, DicomReadOptions options) throws IOException;

  /**
   * Lists the series of a folder (or of one file), in the order they are first met.
   *
   * @param dirOrFile a folder of DICOM files, or one DICOM file
   * @param options only {@link DicomReadOptions#recursive()} matters
   * @return one entry per SeriesInstanceUID
   * @throws IOException (a {@link DicomException} naming the file or folder) on failure
   */
  List<DicomSeriesInfo> listSeries(Path dirOrFile, DicomReadOptions options) throws IOException;
}
