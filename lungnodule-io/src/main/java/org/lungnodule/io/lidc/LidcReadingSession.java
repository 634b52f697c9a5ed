package org.lungnodule.io.lidc;

import java.util.List;
import java.util.Objects;

/**
 * One reader's session ({@code readingSession}).
 *
 * @param readerId {@code servicingRadiologistID} (may be empty; readers are told apart by session)
 * @param nodules the nodules marked; copied
 * @param nonNodules the non-nodules marked; copied
 */
public record LidcReadingSession(
    String readerId, List<LidcReaderNodule> nodules, List<LidcNonNodule> nonNodules) {

  /** Validates and copies. */
  public LidcReadingSession {
    Objects.requireNonNull(readerId, "readerId");
    nodules = List.copyOf(nodules);
    nonNodules = List.copyOf(nonNodules);
  }
}
