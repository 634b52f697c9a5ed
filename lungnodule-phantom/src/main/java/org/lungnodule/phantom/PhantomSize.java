package org.lungnodule.phantom;

/**
 * How much of the chest a synthetic scan covers. All sizes sample the anatomy at the site profile's
 * spacing; they differ only in the field of view.
 */
public enum PhantomSize {
  /**
   * Tiny: 96 × 96 pixels in-plane and 48 mm worth of slices, a window inside one lung holding two
   * nodules (at most 20 mm). For unit tests: a scan takes milliseconds.
   */
  TEST,
  /**
   * The default: the field of view cropped to both lungs (plus a 10 mm margin) in-plane, and to a
   * slab of about 110 mm along z that holds every nodule; capped at 19.5 million voxels so that a
   * scan is at most 40 MB as 16-bit DICOM.
   */
  QUICK,
  /**
   * What a scanner writes: 512 × 512 pixels (a field of view of 307–410 mm for 0.6–0.8 mm pixels)
   * and 300 mm of chest along z, so 300 slices at 1 mm, 60 at 5 mm.
   */
  FULL;

  /** Parses {@code test}, {@code quick} or {@code full}, case-insensitive. */
  public static PhantomSize parse(String text) {
    for (PhantomSize s : values()) {
      if (s.name().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("phantom size must be test, quick or full, got " + text);
  }
}
