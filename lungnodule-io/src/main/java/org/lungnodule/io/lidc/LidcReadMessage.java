package org.lungnodule.io.lidc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed LIDC-IDRI XML file ({@code LidcReadMessage}).
 *
 * @param seriesInstanceUid {@code ResponseHeader/SeriesInstanceUid}, if present
 * @param studyInstanceUid {@code ResponseHeader/StudyInstanceUID}, if present
 * @param readings the readings, one per reader (up to four); copied
 */
public record LidcReadMessage(
    Optional<String> seriesInstanceUid,
    Optional<String> studyInstanceUid,
    List<LidcReading> readings) {

  /** Validates and copies. */
  public LidcReadMessage {
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    readings = List.copyOf(readings);
  }

  /** Returns the number of reader nodule marks over all readings. */
  public int readerNoduleCount() {
    return readings.stream().mapToInt(s -> s.nodules().size()).sum();
  }
}
