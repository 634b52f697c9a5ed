package org.lungnodule.models.maskrcnn;

/**
 * The range checks that {@link MaskRcnnConfig}'s records and its builder share, so that a rule and
 * its message live in one place. Each returns its value or throws an {@link
 * IllegalArgumentException} naming the setting and the value that came.
 */
final class ConfigChecks {

  private ConfigChecks() {}

  /** At least 1. */
  static int positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
    return v;
  }

  /** At least 0. */
  static int notNegative(String name, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + v);
    }
    return v;
  }

  /** In [0, 1] (NaN is not). */
  static double unit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
    return v;
  }

  /** A context enlargement factor: in [1, 3]. */
  static double context(String name, double v) {
    if (!(v >= 1 && v <= 3)) {
      throw new IllegalArgumentException(name + " must be in [1, 3], got " + v);
    }
    return v;
  }

  /** A convolution stride: 1 or 2. */
  static int stride(String name, int v) {
    if (v != 1 && v != 2) {
      throw new IllegalArgumentException(name + " must be 1 or 2, got " + v);
    }
    return v;
  }
}
