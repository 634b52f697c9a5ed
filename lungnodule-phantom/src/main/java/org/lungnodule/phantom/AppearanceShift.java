package org.lungnodule.phantom;

/**
 * How a site's nodules look different from the public site's, for the same label: the part of the
 * domain shift that lives in the patients rather than in the scanner. {@link #NONE} is the public
 * site. A classifier trained on public data misreads these cues; fine-tuning on the site's data can
 * learn them.
 *
 * @param malignantSizeScale factor on the diameter of malignant nodules (HB: 0.8, smaller)
 * @param malignantDensityHu added to the density of malignant nodules, solid and ground-glass parts
 *     alike (HB and XZ: +150 HU, denser)
 * @param malignantMarginScale factor on the lobulation and spiculation of malignant nodules (HB:
 *     0.75, smoother margins)
 * @param benignSubsolidShift probability mass moved from solid to part-solid and ground-glass among
 *     benign nodules (XZ: 0.4)
 * @param benignMarginScale factor on the lobulation and spiculation of benign nodules (XZ: 3.0,
 *     more irregular)
 * @param benignSizeScale factor on the diameter of benign nodules (XZ: 1.4, larger)
 */
public record AppearanceShift(
    double malignantSizeScale,
    double malignantDensityHu,
    double malignantMarginScale,
    double benignSubsolidShift,
    double benignMarginScale,
    double benignSizeScale) {

  /** No shift: the public site's appearance. */
  public static final AppearanceShift NONE = new AppearanceShift(1, 0, 1, 0, 1, 1);

  /** Validates: scales positive and finite, the density finite, the subsolid shift in [0, 1]. */
  public AppearanceShift {
    positive("malignantSizeScale", malignantSizeScale);
    positive("malignantMarginScale", malignantMarginScale);
    positive("benignMarginScale", benignMarginScale);
    positive("benignSizeScale", benignSizeScale);
    if (!Double.isFinite(malignantDensityHu)) {
      throw new IllegalArgumentException(
          "malignantDensityHu must be finite, got " + malignantDensityHu + " HU");
    }
    if (!(benignSubsolidShift >= 0 && benignSubsolidShift <= 1)) {
      throw new IllegalArgumentException(
          "benignSubsolidShift must be in [0, 1], got " + benignSubsolidShift);
    }
  }

  private static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
    }
  }

  /**
   * This shift scaled by {@code s} away from {@link #NONE}: 0 gives NONE, 1 gives this, larger
   * values go further (scales are interpolated geometrically so that they stay positive, the
   * subsolid shift is clamped to [0, 1]).
   */
  public AppearanceShift scaled(double s) {
    if (s == 1) {
      return this;
    }
    return new AppearanceShift(
        Math.pow(malignantSizeScale, s),
        malignantDensityHu * s,
        Math.pow(malignantMarginScale, s),
        Math.min(1, Math.max(0, benignSubsolidShift * s)),
        Math.pow(benignMarginScale, s),
        Math.pow(benignSizeScale, s));
  }
}
