package org.lungnodule.io.lidc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reader's mark of one nodule ({@code unblindedReadNodule}).
 *
 * @param noduleId the reader's {@code noduleID} (unique only within the reading)
 * @param characteristics the ratings; absent for nodules smaller than 3 mm
 * @param rois the contours, one or more per slice; copied
 */
public record LidcReaderNodule(
    String noduleId, Optional<LidcCharacteristics> characteristics, List<LidcRoi> rois) {

  /** Validates and copies. */
  public LidcReaderNodule {
    Objects.requireNonNull(noduleId, "noduleId");
    Objects.requireNonNull(characteristics, "characteristics");
    rois = List.copyOf(rois);
    if (rois.isEmpty()) {
      throw new IllegalArgumentException("nodule " + noduleId + " has no roi");
    }
  }

  /** Returns the malignancy rating, if the reader gave one. */
  public Optional<Integer> malignancy() {
    return characteristics.flatMap(
        c ->
            c.malignancy().isPresent() ? Optional.of(c.malignancy().getAsInt()) : Optional.empty());
  }

  /**
   * Returns whether this is a small-nodule mark (under 3 mm): no characteristics and only
   * single-point contours.
   */
  public boolean isSmall() {
    return characteristics.isEmpty() && rois.stream().allMatch(r -> r.edgeMap().size() == 1);
  }
}
