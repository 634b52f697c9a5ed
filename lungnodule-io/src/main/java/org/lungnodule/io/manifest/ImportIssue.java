package org.lungnodule.io.manifest;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One thing {@link SiteImporter} met in an export that did not go into the site as it was, or went
 * in with a remark: a file it could not read or match, a series without annotations, a label row
 * that matched nothing. Listed in {@link SiteImportReport#issues()} and in the site's {@code
 * import-report.csv}.
 *
 * @param file the file concerned, relative to the export folder with {@code /} separators (the
 *     labels file as it was given when it lies outside the export folder)
 * @param line the 1-based line of a labels-file row, empty for other files
 * @param kind what happened
 * @param message what was found and what was done, in words
 */
public record ImportIssue(String file, OptionalInt line, Kind kind, String message) {

  /** What the import did with the thing an issue is about. */
  public enum Outcome {
    /** Left out of the site (an annotation, a nodule, a series, a label row). */
    SKIPPED,
    /** Imported, with a remark (a series without annotations, a nodule in several parts). */
    KEPT,
    /** Not an input of the import at all (a non-DICOM file, an image of another modality). */
    IGNORED
  }

  /** What an issue is about; each kind has one {@link Outcome}. */
  public enum Kind {
    /** A file that is not DICOM and not a label map (or a DICOMDIR index, which is not needed). */
    NOT_DICOM(Outcome.IGNORED),
    /** Images of another modality than CT, or a DICOM object other than SEG and RTSTRUCT. */
    OTHER_MODALITY(Outcome.IGNORED),
    /** A DICOM file or label map that cannot be read at all (malformed, truncated). */
    UNREADABLE_FILE(Outcome.SKIPPED),
    /** A CT series that cannot be read (a missing slice, a corrupt slice, no Patient ID). */
    SERIES_UNREADABLE(Outcome.SKIPPED),
    /** A CT series without any annotation: imported as a scan without nodules. */
    SERIES_WITHOUT_ANNOTATIONS(Outcome.KEPT),
    /**
     * A CT series without annotations that shares its Frame of Reference with an annotated series:
     * another reconstruction of an annotated acquisition, which shows its nodules without their
     * annotations, so it is left out rather than imported as a scan without nodules.
     */
    UNANNOTATED_RECONSTRUCTION(Outcome.SKIPPED),
    /** A CT series of a single slice (a localizer, a key image): not a volume, left out. */
    SINGLE_SLICE_SERIES(Outcome.SKIPPED),
    /**
     * A CT series whose annotations were all left out: the scan is left out too, rather than
     * imported as a scan without nodules (which would teach a detector that it has none).
     */
    SERIES_WITHOUT_SOUND_ANNOTATIONS(Outcome.SKIPPED),
    /** An annotation whose CT series is not in the export (or could not be read). */
    ANNOTATION_WITHOUT_SERIES(Outcome.SKIPPED),
    /** An annotation that fits several CT series of the export equally well. */
    AMBIGUOUS_ANNOTATION(Outcome.SKIPPED),
    /** An annotation that does not fit its series (another grid, contours off the slices). */
    ANNOTATION_MISMATCH(Outcome.SKIPPED),
    /** A segment, ROI or label value without any voxel on the scan. */
    EMPTY_NODULE(Outcome.SKIPPED),
    /** Two segments, ROIs or label values of one scan with the same name: both are left out. */
    DUPLICATE_NODULE_NAME(Outcome.SKIPPED),
    /** A nodule whose mask is several disconnected parts: imported as one nodule. */
    DISCONNECTED_PARTS(Outcome.KEPT),
    /** Something a reader tolerated in an annotation (for example a contour type it skips). */
    ANNOTATION_WARNING(Outcome.KEPT),
    /** A labels-file row that names no imported nodule. */
    LABEL_UNMATCHED(Outcome.SKIPPED),
    /** A labels-file row that is malformed, has an unknown label or repeats an earlier row. */
    LABEL_INVALID(Outcome.SKIPPED);

    private final Outcome outcome;

    Kind(Outcome outcome) {
      this.outcome = outcome;
    }

    /** Returns what the import does with the thing such an issue is about. */
    public Outcome outcome() {
      return outcome;
    }
  }

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the file or message is blank or the line is below 1
   */
  public ImportIssue {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    if (file.isBlank() || message.isBlank()) {
      throw new IllegalArgumentException("file and message must not be blank");
    }
    if (line.isPresent() && line.getAsInt() < 1) {
      throw new IllegalArgumentException("line must be at least 1, got " + line.getAsInt());
    }
  }

  /** An issue about a whole file. */
  static ImportIssue of(String file, Kind kind, String message) {
    return new ImportIssue(file, OptionalInt.empty(), kind, message);
  }

  /** An issue about one line of a file. */
  static ImportIssue at(String file, int line, Kind kind, String message) {
    return new ImportIssue(file, OptionalInt.of(line), kind, message);
  }

  /** Returns the outcome of this issue's kind. */
  public Outcome outcome() {
    return kind.outcome();
  }

  /** Returns {@code file[:line]: KIND (outcome): message}. */
  @Override
  public String toString() {
    return file
        + (line.isPresent() ? ":" + line.getAsInt() : "")
        + ": "
        + kind
        + " ("
        + kind.outcome().name().toLowerCase(java.util.Locale.ROOT)
        + "): "
        + message;
  }
}
