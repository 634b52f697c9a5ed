package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A third-party reader as a plug-in would provide one (registered in the test resources'
 * META-INF/services): it delegates to the built-in reader, with a priority below it so that it is
 * found but not chosen.
 */
public final class LowPriorityTestReader implements DicomSeriesReader {

  private final BuiltinDicomReader delegate = new BuiltinDicomReader();

  @Override
  public String name() {
    return "test-low";
  }

  @Override
  public int priority() {
    return -5;
  }

  @Override
  public DicomSeries read(Path dirOrFile, DicomReadOptions options) throws IOException {
    return delegate.read(dirOrFile, options);
  }

  @Override
  public List<DicomSeriesInfo> listSeries(Path dirOrFile, DicomReadOptions options)
      throws IOException {
    return delegate.listSeries(dirOrFile, options);
  }
}
