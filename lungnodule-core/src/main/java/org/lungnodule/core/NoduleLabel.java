package org.lungnodule.core;

/** The ground-truth or predicted class of a nodule. */
public enum NoduleLabel {
  /** Benign. */
  BENIGN,
  /** Malignant (the positive class in every metric). */
  MALIGNANT,
  /** Not known or not rated. */
  UNKNOWN;

  /**
   * Parses a label, case-insensitively; also accepts {@code 0} (benign) and {@code 1} (malignant).
   *
   * @throws IllegalArgumentException naming the text if it is not a label
   */
  public static NoduleLabel parse(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT);
    return switch (t) {
      case "BENIGN", "0", "B" -> BENIGN;
      case "MALIGNANT", "1", "M" -> MALIGNANT;
      case "UNKNOWN", "" -> UNKNOWN;
      default ->
          throw new IllegalArgumentException(
              "label must be BENIGN, MALIGNANT or UNKNOWN (or 0/1), got '" + text + "'");
    };
  }
}
