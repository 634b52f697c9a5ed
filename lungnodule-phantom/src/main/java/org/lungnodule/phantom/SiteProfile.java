package org.lungnodule.phantom;

import java.util.Locale;
import java.util.Objects;

/**
 * What differs between hospitals in the synthetic phantom: the scanner (spacing, reconstruction
 * blur, noise, HU calibration), the population (malignant prevalence, nodule sizes and types) and a
 * site-specific {@link AppearanceShift} of the nodules.
 *
 * <p>Each scan draws its pixel spacing uniformly from [{@code minPixelMm}, {@code maxPixelMm}] (as
 * a 512-pixel field of view in whole millimetres) and its slice spacing from [{@code minSliceMm},
 * {@code maxSliceMm}] in steps of 0.25 mm. Slices are contiguous: the slice thickness equals the
 * slice spacing.
 *
 * <p>The three presets follow the paper (Cai et al. 2023):
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>preset</th><th>pixel mm</th><th>slice mm</th><th>noise σ HU</th><th>blur σ mm</th>
 *       <th>HU offset / scale</th><th>prevalence</th><th>appearance</th><th>contours</th></tr>
 *   <tr><td>PUBLIC</td><td>0.6–0.8</td><td>1–2.5</td><td>18</td><td>0.7</td><td>0 / 1.00</td>
 *       <td>430/1101</td><td>none</td><td>at the surface</td></tr>
 *   <tr><td>HB</td><td>0.65–0.75</td><td>5</td><td>38</td><td>0.3 (sharp)</td><td>+25 / 1.04</td>
 *       <td>537/963</td><td>malignant smaller, denser, smoother</td><td>1 mm outside</td></tr>
 *   <tr><td>XZ</td><td>0.6–0.75</td><td>0.75–2</td><td>11</td><td>1.3 (smooth)</td>
 *       <td>−30 / 0.96</td><td>387/785</td><td>malignant denser; benign larger, more subsolid, more
 *       irregular</td><td>1 mm outside</td></tr>
 * </table>
 *
 * <p>The contours are the site's annotation convention ({@link #contourMarginMm()}): LIDC's readers
 * outline a nodule so that its edge is included; HB's readers, on 5 mm slices, take in the
 * partial-volume rim that thick slices smear around a nodule (1 mm outside the surface); XZ's (two
 * radiologists with their own protocol, in the paper) trace the edge that the smooth kernel's blur
 * spreads outwards (also 1 mm outside). A convention inside the surface (−1 mm) was tried for XZ
 * and dropped: fine-tuning could not teach the segmenter to draw inside the edge it sees (the
 * README's demo section has the trials). It changes what a segmenter is scored against and what
 * fine-tuning teaches it, not the image; without it the phantom's site shifts barely touched a
 * segmenter's masks (the README's demo section has the figures).
 *
 * <p>{@link #withShiftStrength(double)} is the single knob of the domain shift: the scanner's
 * imaging, the appearance shift and the contour margin are interpolated between {@link #PUBLIC}
 * (strength 0) and this profile's own values (strength 1), and extrapolated beyond 1 (spacings stay
 * at strength 1, the margin within ±3 mm). Prevalence and the nodule mix are the site's population
 * and are not scaled. The generator always uses {@link #effective()}.
 *
 * @param name site name, the prefix of patient ids ({@code PUBLIC-0001}); letters, digits, '_'
 * @param scannerLabel free text, written as the DICOM manufacturer/model
 * @param minPixelMm smallest in-plane pixel spacing
 * @param maxPixelMm largest in-plane pixel spacing
 * @param minSliceMm smallest slice spacing (= thickness)
 * @param maxSliceMm largest slice spacing (= thickness)
 * @param noiseSigmaHu standard deviation of the image noise after reconstruction, in HU
 * @param blurSigmaMm in-plane Gaussian point-spread σ of the reconstruction kernel, in mm
 * @param huOffset added to every HU value after scaling
 * @param huScale factor on every HU value
 * @param malignantPrevalence probability that a nodule is malignant
 * @param noduleMix sizes and types of nodules
 * @param appearance the site's nodule appearance shift at strength 1
 * @param contourMarginMm where the site's readers draw a nodule's outline, relative to its surface,
 *     at strength 1: 0 = every voxel whose centre lies inside the surface (PUBLIC, as LIDC's
 *     readers include the nodule's edge), negative = inside the edge (−1 mm: only the voxels at
 *     least 1 mm inside the surface), positive = outside it (HB and XZ: +1 mm); in [−3, 3] mm. It
 *     changes the nodule masks only, never the image; a nodule's centre voxel always belongs to its
 *     mask
 * @param shiftStrength how far imaging and appearance depart from PUBLIC (0 = identical, 1 = this
 *     profile, &gt; 1 stronger)
 */
public record SiteProfile(
    String name,
    String scannerLabel,
    double minPixelMm,
    double maxPixelMm,
    double minSliceMm,
    double maxSliceMm,
    double noiseSigmaHu,
    double blurSigmaMm,
    double huOffset,
    double huScale,
    double malignantPrevalence,
    NoduleMix noduleMix,
    AppearanceShift appearance,
    double contourMarginMm,
    double shiftStrength) {

  /** LIDC-like public data: mixed scanners, 1–2.5 mm slices, 430 malignant / 671 benign. */
  public static final SiteProfile PUBLIC =
      new SiteProfile(
          "PUBLIC",
          "mixed (LIDC-like)",
          0.6,
          0.8,
          1.0,
          2.5,
          18,
          0.7,
          0,
          1.0,
          430.0 / (430 + 671),
          NoduleMix.DEFAULT,
          AppearanceShift.NONE,
          0,
          1);

  /**
   * HB-like: 5 mm slices, sharp kernel (little blur, more noise), malignant-rich 537 / 426;
   * malignant nodules smaller, denser and smoother-edged than at PUBLIC; readers outline 1 mm
   * outside the nodule's surface.
   */
  public static final SiteProfile HB =
      new SiteProfile(
          "HB",
          "Siemens (sharp kernel)",
          0.65,
          0.75,
          5.0,
          5.0,
          38,
          0.3,
          25,
          1.04,
          537.0 / (537 + 426),
          NoduleMix.DEFAULT,
          new AppearanceShift(0.8, 150, 0.75, 0, 1, 1),
          1,
          1);

  /**
   * XZ-like: 0.75–2 mm slices, smooth kernel (more blur, less but correlated noise), 387 / 398;
   * malignant nodules denser (+150 HU), benign nodules larger, more often part-solid or
   * ground-glass and more irregular than at PUBLIC. (Without the density cue the XZ shift was one
   * that fine-tuning could not learn: the public classifier dropped from AUC 0.85 to 0.67 on XZ and
   * fine-tuning left it there; see the README's demo section.) Readers outline 1 mm outside the
   * nodule's surface, along the edge the smooth kernel blurs outwards.
   */
  public static final SiteProfile XZ =
      new SiteProfile(
          "XZ",
          "Philips (smooth kernel)",
          0.6,
          0.75,
          0.75,
          2.0,
          11,
          1.3,
          -30,
          0.96,
          387.0 / (387 + 398),
          NoduleMix.DEFAULT,
          new AppearanceShift(1, 150, 1, 0.4, 3.0, 1.4),
          1,
          1);

  /** Validates every field; see the component descriptions for the ranges. */
  public SiteProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scannerLabel, "scannerLabel");
    Objects.requireNonNull(noduleMix, "noduleMix");
    Objects.requireNonNull(appearance, "appearance");
    if (!name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException(
          "site name must be letters, digits or '_', got '" + name + "'");
    }
    range("pixel spacing", minPixelMm, maxPixelMm, 0.1, 2.0);
    range("slice spacing", minSliceMm, maxSliceMm, 0.25, 10.0);
    if (!(noiseSigmaHu >= 0 && noiseSigmaHu <= 500)) {
      throw new IllegalArgumentException(
          "noiseSigmaHu must be in [0, 500] HU, got " + noiseSigmaHu + " HU");
    }
    if (!(blurSigmaMm >= 0 && blurSigmaMm <= 10)) {
      throw new IllegalArgumentException(
          "blurSigmaMm must be in [0, 10] mm, got " + blurSigmaMm + " mm");
    }
    if (!Double.isFinite(huOffset) || Math.abs(huOffset) > 500) {
      throw new IllegalArgumentException("huOffset must be in [-500, 500] HU, got " + huOffset);
    }
    if (!(huScale >= 0.5 && huScale <= 2)) {
      throw new IllegalArgumentException("huScale must be in [0.5, 2], got " + huScale);
    }
    if (!(malignantPrevalence >= 0 && malignantPrevalence <= 1)) {
      throw new IllegalArgumentException(
          "malignantPrevalence must be in [0, 1], got " + malignantPrevalence);
    }
    if (!(contourMarginMm >= -3 && contourMarginMm <= 3)) {
      throw new IllegalArgumentException(
          "contourMarginMm must be in [-3, 3] mm, got " + contourMarginMm + " mm");
    }
    if (!(shiftStrength >= 0) || Double.isInfinite(shiftStrength)) {
      throw new IllegalArgumentException(
          "shiftStrength must be non-negative and finite, got " + shiftStrength);
    }
  }

  /**
   * A profile whose readers outline nodules at their surface ({@code contourMarginMm} = 0); the
   * other components as in the canonical constructor.
   */
  public SiteProfile(
      String name,
      String scannerLabel,
      double minPixelMm,
      double maxPixelMm,
      double minSliceMm,
      double maxSliceMm,
      double noiseSigmaHu,
      double blurSigmaMm,
      double huOffset,
      double huScale,
      double malignantPrevalence,
      NoduleMix noduleMix,
      AppearanceShift appearance,
      double shiftStrength) {
    this(
        name,
        scannerLabel,
        minPixelMm,
        maxPixelMm,
        minSliceMm,
        maxSliceMm,
        noiseSigmaHu,
        blurSigmaMm,
        huOffset,
        huScale,
        malignantPrevalence,
        noduleMix,
        appearance,
        0,
        shiftStrength);
  }

  /**
   * This profile with its readers outlining nodules {@code marginMm} from the surface (see the
   * {@code contourMarginMm} component): for example {@code XZ.withContourMarginMm(0)} gives XZ's
   * scans with LIDC-style masks.
   *
   * @throws IllegalArgumentException if the margin is outside [−3, 3] mm
   */
  public SiteProfile withContourMarginMm(double marginMm) {
    return copy(marginMm, shiftStrength);
  }

  private SiteProfile copy(double marginMm, double strength) {
    return new SiteProfile(
        name,
        scannerLabel,
        minPixelMm,
        maxPixelMm,
        minSliceMm,
        maxSliceMm,
        noiseSigmaHu,
        blurSigmaMm,
        huOffset,
        huScale,
        malignantPrevalence,
        noduleMix,
        appearance,
        marginMm,
        strength);
  }

  private static void range(String what, double min, double max, double lo, double hi) {
    if (!(min >= lo && min <= hi)) {
      throw new IllegalArgumentException(
          what + " must be in [" + lo + ", " + hi + "] mm, got " + min + " mm");
    }
    if (!(max >= min && max <= hi)) {
      throw new IllegalArgumentException(
          what + " range must be ordered and at most " + hi + " mm, got " + min + ".." + max);
    }
  }

  /** The three presets, by name (case-insensitive): PUBLIC, HB or XZ. */
  public static SiteProfile preset(String name) {
    return switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "PUBLIC" -> PUBLIC;
      case "HB" -> HB;
      case "XZ" -> XZ;
      default ->
          throw new IllegalArgumentException(
              "site profile must be PUBLIC, HB or XZ, got '" + name + "'");
    };
  }

  /**
   * This profile with the domain shift scaled to {@code strength}: 0 images exactly like {@link
   * #PUBLIC} (same spacing, noise, blur, HU calibration, no appearance shift, contours at the
   * surface), 1 is this preset, larger values exaggerate the shift. The name, prevalence and nodule
   * mix are unchanged.
   *
   * @throws IllegalArgumentException if strength is negative or not finite
   */
  public SiteProfile withShiftStrength(double strength) {
    return copy(contourMarginMm, strength);
  }

  /**
   * The profile the generator uses: the shift strength applied, so that the returned profile has
   * strength 1 and its fields are the interpolated values ({@code PUBLIC + s × (this − PUBLIC)};
   * spacings with s capped at 1; noise and blur kept non-negative, scale within [0.5, 2], the
   * contour margin within [−3, 3] mm).
   */
  public SiteProfile effective() {
    double s = shiftStrength;
    if (s == 1) {
      return this;
    }
    SiteProfile p = PUBLIC;
    double g = Math.min(1, s);
    return new SiteProfile(
        name,
        scannerLabel,
        lerp(p.minPixelMm, minPixelMm, g),
        Math.max(lerp(p.minPixelMm, minPixelMm, g), lerp(p.maxPixelMm, maxPixelMm, g)),
        lerp(p.minSliceMm, minSliceMm, g),
        Math.max(lerp(p.minSliceMm, minSliceMm, g), lerp(p.maxSliceMm, maxSliceMm, g)),
        Math.min(500, Math.max(0, lerp(p.noiseSigmaHu, noiseSigmaHu, s))),
        Math.min(10, Math.max(0, lerp(p.blurSigmaMm, blurSigmaMm, s))),
        Math.max(-500, Math.min(500, lerp(p.huOffset, huOffset, s))),
        Math.max(0.5, Math.min(2, lerp(p.huScale, huScale, s))),
        malignantPrevalence,
        noduleMix,
        appearance.scaled(s),
        Math.max(-3, Math.min(3, lerp(p.contourMarginMm, contourMarginMm, s))),
        1);
  }

  private static double lerp(double a, double b, double t) {
    return a + t * (b - a);
  }
}
