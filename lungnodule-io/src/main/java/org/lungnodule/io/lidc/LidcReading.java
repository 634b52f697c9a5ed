package org.lungnodule.io.lidc;

import java.util.List;
import java.util.Objects;

/**
 * One reader's marks on a scan (an LIDC {@code readingSession} element).
 *
 * @param readerId {@code servicingRadiologistID} (may be empty; readers are told apart by reading)
 * @param nodules the nodules marked; copied
 * @param nonNodules the non-nodules marked; copied
 */
public record LidcReading(
    String readerId, List<LidcReaderNodule> nodules, List<LidcNonNodule> nonNodules) {

  /** Validates and copies. */
  public LidcReading {
    Objects.requireNonNull(readerId, "readerId");
    nodules = List.copyOf(nodules);
    nonNodules = List.copyOf(nonNodules);
  }
}
