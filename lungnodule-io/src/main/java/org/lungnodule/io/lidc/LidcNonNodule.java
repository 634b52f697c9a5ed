package org.lungnodule.io.lidc;

import java.util.Objects;

/**
 * A reader's mark of a non-nodule finding ({@code nonNodule}) 3 mm or larger.
 *
 * @param id {@code nonNoduleID}
 * @param imageZPositionMm {@code imageZposition}
 * @param imageSopUid {@code imageSOP_UID}
 * @param locus the marked pixel
 */
public record LidcNonNodule(
    String id, double imageZPositionMm, String imageSopUid, EdgePoint locus) {

  /** Validates. */
  public LidcNonNodule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(imageSopUid, "imageSopUid");
    Objects.requireNonNull(locus, "locus");
  }
}
