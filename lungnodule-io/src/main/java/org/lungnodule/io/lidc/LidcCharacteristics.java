package org.lungnodule.io.lidc;

import java.util.OptionalInt;

/**
 * A reader's ratings of a nodule of 3 mm or more (LIDC {@code characteristics}); each rating is
 * absent when the XML leaves it out.
 *
 * @param subtlety 1..5
 * @param internalStructure 1..4
 * @param calcification 1..6
 * @param sphericity 1..5
 * @param margin 1..5
 * @param lobulation 1..5
 * @param spiculation 1..5
 * @param texture 1..5
 * @param malignancy 1 (highly unlikely) .. 5 (highly suspicious)
 */
public record LidcCharacteristics(
    OptionalInt subtlety,
    OptionalInt internalStructure,
    OptionalInt calcification,
    OptionalInt sphericity,
    OptionalInt margin,
    OptionalInt lobulation,
    OptionalInt spiculation,
    OptionalInt texture,
    OptionalInt malignancy) {

  /**
   * Validates that malignancy, when present, is in 1..5.
   *
   * @throws IllegalArgumentException otherwise
   */
  public LidcCharacteristics {
    if (malignancy.isPresent() && (malignancy.getAsInt() < 1 || malignancy.getAsInt() > 5)) {
      throw new IllegalArgumentException(
          "malignancy must be in 1..5, got " + malignancy.getAsInt());
    }
  }
}
