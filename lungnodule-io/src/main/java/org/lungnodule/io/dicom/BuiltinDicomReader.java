package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The DICOM reader of this library, written from PS3.5 and PS3.10; registered as a {@link
 * DicomSeriesReader} service with priority 0. See the package documentation for what it reads.
 */
public final class BuiltinDicomReader implements DicomSeriesReader {

  /** Creates the reader (the service loader calls this). */
  public BuiltinDicomReader() {}

  @Override
  public String name() {
    return "builtin";
  }

  @Override
  public DicomSeries read(Path dirOrFile, DicomReadOptions options) throws IOException {
    Objects.requireNonNull(dirOrFile, "dirOrFile");
    Objects.requireNonNull(options, "options");
    return SeriesAssembler.read(dirOrFile, options);
  }

  @Override
  public List<DicomSeriesInfo> listSeries(Path dirOrFile, DicomReadOptions options)
      throws IOException {
    Objects.requireNonNull(dirOrFile, "dirOrFile");
    Objects.requireNonNull(options, "options");
    return SeriesAssembler.list(dirOrFile, options);
  }

  @Override
  public String toString() {
    return "BuiltinDicomReader";
  }
}
