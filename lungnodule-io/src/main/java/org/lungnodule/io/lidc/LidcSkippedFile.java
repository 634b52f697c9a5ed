package org.lungnodule.io.lidc;

import java.util.Objects;
import java.util.Optional;

/**
 * An XML file under an LIDC folder that {@link LidcSiteWriter} left out, and why. Written to the
 * site's {@code skipped.csv}.
 *
 * @param file the XML file, relative to the input folder, with {@code /} separators
 * @param seriesUid the SeriesInstanceUID it names, if it could be read
 * @param problem the kind of problem
 * @param reason what is wrong, in words (without the file name)
 */
public record LidcSkippedFile(
    String file, Optional<String> seriesUid, Problem problem, String reason) {

  /** Why an XML file was left out. */
  public enum Problem {
    /** Well-formed XML of another kind (root element not {@code LidcReadMessage}). */
    NOT_LIDC_XML,
    /** An LIDC XML file that is malformed or refused ({@link LidcXmlException}). */
    BAD_XML,
    /** The XML names no SeriesInstanceUid. */
    NO_SERIES_UID,
    /** No DICOM series beside the XML and no volume named by its series UID. */
    SCAN_NOT_FOUND,
    /** The scan was found but cannot be read. */
    SCAN_UNREADABLE,
    /** An earlier XML file (in path order) already annotates the same series. */
    DUPLICATE_SERIES,
    /** The readers' marks do not fit the scan (an roi off every slice, a point off the grid). */
    BAD_ANNOTATIONS
  }

  /** Validates. */
  public LidcSkippedFile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(seriesUid, "seriesUid");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(reason, "reason");
  }
}
