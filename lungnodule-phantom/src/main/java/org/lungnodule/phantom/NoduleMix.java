package org.lungnodule.phantom;

/**
 * The nodule population of a site: how many nodules per scan, their sizes and their types, per
 * label. Diameters are log-normal around the class median, clipped to 3–30 mm.
 *
 * @param benignMedianDiameterMm median diameter of benign nodules
 * @param malignantMedianDiameterMm median diameter of malignant nodules
 * @param diameterLogSigma standard deviation of the natural log of the diameter
 * @param benignPartSolid fraction of benign nodules that are part-solid
 * @param benignGroundGlass fraction of benign nodules that are ground-glass
 * @param malignantPartSolid fraction of malignant nodules that are part-solid
 * @param malignantGroundGlass fraction of malignant nodules that are ground-glass
 * @param benignCalcified fraction of solid benign nodules with a calcified core
 * @param meanNodulesPerScan mean number of nodules per scan, in [1, 4] (the count is 1 plus a
 *     truncated geometric number, at most 4)
 */
public record NoduleMix(
    double benignMedianDiameterMm,
    double malignantMedianDiameterMm,
    double diameterLogSigma,
    double benignPartSolid,
    double benignGroundGlass,
    double malignantPartSolid,
    double malignantGroundGlass,
    double benignCalcified,
    double meanNodulesPerScan) {

  /** The public (LIDC-like) mix: benign median 6 mm, malignant 12 mm, mostly solid. */
  public static final NoduleMix DEFAULT =
      new NoduleMix(6.0, 12.0, 0.45, 0.06, 0.14, 0.25, 0.15, 0.2, 1.8);

  /** Validates ranges: diameters in [3, 30] mm, fractions in [0, 1] summing to at most 1. */
  public NoduleMix {
    diameter("benignMedianDiameterMm", benignMedianDiameterMm);
    diameter("malignantMedianDiameterMm", malignantMedianDiameterMm);
    if (!(diameterLogSigma >= 0 && diameterLogSigma <= 2)) {
      throw new IllegalArgumentException(
          "diameterLogSigma must be in [0, 2], got " + diameterLogSigma);
    }
    fraction("benignPartSolid", benignPartSolid);
    fraction("benignGroundGlass", benignGroundGlass);
    fraction("malignantPartSolid", malignantPartSolid);
    fraction("malignantGroundGlass", malignantGroundGlass);
    fraction("benignCalcified", benignCalcified);
    if (benignPartSolid + benignGroundGlass > 1) {
      throw new IllegalArgumentException(
          "benign part-solid + ground-glass fractions must be at most 1, got "
              + (benignPartSolid + benignGroundGlass));
    }
    if (malignantPartSolid + malignantGroundGlass > 1) {
      throw new IllegalArgumentException(
          "malignant part-solid + ground-glass fractions must be at most 1, got "
              + (malignantPartSolid + malignantGroundGlass));
    }
    if (!(meanNodulesPerScan >= 1 && meanNodulesPerScan <= 4)) {
      throw new IllegalArgumentException(
          "meanNodulesPerScan must be in [1, 4], got " + meanNodulesPerScan);
    }
  }

  private static void diameter(String name, double v) {
    if (!(v >= 3 && v <= 30)) {
      throw new IllegalArgumentException(name + " must be in [3, 30] mm, got " + v + " mm");
    }
  }

  private static void fraction(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
  }
}
