package org.lungnodule.core;

/**
 * Voxel spacing in millimetres along x (columns), y (rows) and z (slices).
 *
 * @param xMm spacing between columns, positive and finite
 * @param yMm spacing between rows, positive and finite
 * @param zMm spacing between slice centres, positive and finite
 */
public record Spacing(double xMm, double yMm, double zMm) {

  /**
   * Validates the spacing.
   *
   * @throws IllegalArgumentException if a value is zero, negative, NaN or infinite
   */
  public Spacing {
    check("x", xMm);
    check("y", yMm);
    check("z", zMm);
  }

  private static void check(String axis, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          "spacing must be positive and finite, got " + v + " mm in " + axis);
    }
  }

  /** Returns an isotropic spacing. */
  public static Spacing isotropic(double mm) {
    return new Spacing(mm, mm, mm);
  }

  /** Returns the spacing along axis 0 (x), 1 (y) or 2 (z). */
  public double get(int axis) {
    return switch (axis) {
      case 0 -> xMm;
      case 1 -> yMm;
      case 2 -> zMm;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** Returns the volume of one voxel in mm³. */
  public double voxelVolumeMm3() {
    return xMm * yMm * zMm;
  }

  /** Returns {@code [x, y, z]}. */
  public double[] toArray() {
    return new double[] {xMm, yMm, zMm};
  }

  @Override
  public String toString() {
    return xMm + "x" + yMm + "x" + zMm + " mm";
  }
}
