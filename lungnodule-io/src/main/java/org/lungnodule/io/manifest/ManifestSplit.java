package org.lungnodule.io.manifest;

import java.util.Locale;
import java.util.Optional;

/**
 * The side of a patient-level split a manifest row belongs to, as written in the optional {@code
 * split} column of {@code manifest.csv}: {@code train} or {@code test}.
 */
public enum ManifestSplit {
  /** Used for training (or fine-tuning). */
  TRAIN,
  /** Held out for testing. */
  TEST;

  /** Returns the value as written in the manifest: {@code train} or {@code test}. */
  public String csvValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a manifest value, case-insensitively.
   *
   * @param value the text of the {@code split} field
   * @return the split, or empty if the text is neither {@code train} nor {@code test}
   */
  public static Optional<ManifestSplit> parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "train" -> Optional.of(TRAIN);
      case "test" -> Optional.of(TEST);
      default -> Optional.empty();
    };
  }
}
