package org.lungnodule.core.preprocess;

/**
 * A Hounsfield-unit window {@code [lowHu, highHu]}: values are clipped to it and, for network
 * inputs, scaled to [0, 1].
 *
 * @param lowHu the lower bound in HU, finite
 * @param highHu the upper bound in HU, finite and greater than {@code lowHu}
 */
public record HuWindow(double lowHu, double highHu) {

  /** The lung window, [-1000, 400] HU (centre -300, width 1400). */
  public static final HuWindow LUNG = new HuWindow(-1000, 400);

  /** The mediastinal (soft-tissue) window, [-160, 240] HU (centre 40, width 400). */
  public static final HuWindow MEDIASTINAL = new HuWindow(-160, 240);

  /** The wide window of grt123, [-1200, 600] HU (centre -300, width 1800). */
  public static final HuWindow WIDE = new HuWindow(-1200, 600);

  /**
   * Validates the bounds.
   *
   * @throws IllegalArgumentException if a bound is NaN or infinite, or {@code highHu <= lowHu}
   */
  public HuWindow {
    if (!Double.isFinite(lowHu) || !Double.isFinite(highHu)) {
      throw new IllegalArgumentException(
          "window bounds must be finite, got [" + lowHu + ", " + highHu + "] HU");
    }
    if (!(highHu > lowHu)) {
      throw new IllegalArgumentException(
          "window high must be above low, got [" + lowHu + ", " + highHu + "] HU");
    }
  }

  /**
   * Returns the window of a centre (level) and width: {@code [center − width/2, center + width/2]}.
   *
   * @throws IllegalArgumentException if {@code width} is not positive or a value is not finite
   */
  public static HuWindow ofCenterWidth(double centerHu, double widthHu) {
    if (!(widthHu > 0) || !Double.isFinite(widthHu)) {
      throw new IllegalArgumentException("window width must be positive, got " + widthHu + " HU");
    }
    if (!Double.isFinite(centerHu)) {
      throw new IllegalArgumentException("window center must be finite, got " + centerHu + " HU");
    }
    return new HuWindow(centerHu - widthHu / 2, centerHu + widthHu / 2);
  }

  /** Returns the centre (level) in HU. */
  public double centerHu() {
    return (lowHu + highHu) / 2;
  }

  /** Returns the width in HU. */
  public double widthHu() {
    return highHu - lowHu;
  }

  /** Returns {@code hu} clipped to the window. */
  public float clip(float hu) {
    return (float) Math.min(highHu, Math.max(lowHu, hu));
  }

  /** Returns {@code hu} clipped to the window and scaled linearly to [0, 1]. */
  public float scale01(float hu) {
    return (float) ((Math.min(highHu, Math.max(lowHu, hu)) - lowHu) / (highHu - lowHu));
  }

  @Override
  public String toString() {
    return "[" + lowHu + ", " + highHu + "] HU";
  }
}
