package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DICOM Segmentation (SEG) read onto a CT series' grid by {@link DicomSeg#read}.
 *
 * @param file the SEG file
 * @param sopInstanceUid the SEG's SOP Instance UID
 * @param segmentationType Segmentation Type (0062,0001): BINARY or FRACTIONAL
 * @param referencedSeriesInstanceUid the Series Instance UID in the Referenced Series Sequence
 *     (0008,1115), if the SEG names one
 * @param frameOfReferenceUid Frame of Reference UID (0020,0052), empty if absent
 * @param segments the segments, in the order of the Segment Sequence
 */
public record DicomSegmentation(
    Path file,
    String sopInstanceUid,
    String segmentationType,
    Optional<String> referencedSeriesInstanceUid,
    String frameOfReferenceUid,
    List<DicomSegment> segments) {

  /** Validates and copies. */
  public DicomSegmentation {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    Objects.requireNonNull(segmentationType, "segmentationType");
    Objects.requireNonNull(referencedSeriesInstanceUid, "referencedSeriesInstanceUid");
    Objects.requireNonNull(frameOfReferenceUid, "frameOfReferenceUid");
    segments = List.copyOf(segments);
  }

  /** Returns the segment with a Segment Number, if there is one. */
  public Optional<DicomSegment> segment(int number) {
    return segments.stream().filter(s -> s.number() == number).findFirst();
  }

  /** Prints one line per segment under a heading. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(
            "DicomSegmentation["
                + file.getFileName()
                + ", "
                + segmentationType
                + ", "
                + segments.size()
                + " segment(s)"
                + referencedSeriesInstanceUid.map(u -> ", series " + u).orElse("")
                + "]");
    for (DicomSegment s : segments) {
      sb.append("\n  ").append(s);
    }
    return sb.toString();
  }
}
