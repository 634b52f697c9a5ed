package org.lungnodule.io.lidc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The scan an LIDC XML file annotates cannot be used: the XML names no series, no scan of that
 * series was found, or the scan cannot be read. Carries the XML file, the series and the kind of
 * problem; the message names the file and says what is wrong.
 */
public final class LidcScanException extends IOException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the scan of an LIDC XML file. */
  public enum Problem {
    /** The XML's {@code ResponseHeader} has no {@code SeriesInstanceUid}. */
    NO_SERIES_UID,
    /** No DICOM series beside the XML and no volume named by the series UID. */
    SCAN_NOT_FOUND,
    /** The scan was found but cannot be read (the cause says why). */
    SCAN_UNREADABLE
  }

  private final transient Path xml;
  private final String seriesUid;
  private final Problem problem;

  /**
   * Creates the exception; the message becomes {@code "<xml>: <message>"}.
   *
   * @param xml the LIDC XML file
   * @param seriesUid the SeriesInstanceUID it names, or null if it names none
   * @param problem the kind of problem
   * @param message what is wrong
   * @param cause the underlying failure, or null
   */
  public LidcScanException(
      Path xml, String seriesUid, Problem problem, String message, Throwable cause) {
    super(Objects.requireNonNull(xml, "xml") + ": " + message, cause);
    this.xml = xml;
    this.seriesUid = seriesUid;
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** Returns the LIDC XML file. */
  public Path xml() {
    return xml;
  }

  /** Returns the series the XML names, if it names one. */
  public Optional<String> seriesUid() {
    return Optional.ofNullable(seriesUid);
  }

  /** Returns the kind of problem. */
  public Problem problem() {
    return problem;
  }
}
