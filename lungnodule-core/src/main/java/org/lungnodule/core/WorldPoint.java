package org.lungnodule.core;

/**
 * A point in world coordinates, millimetres in the patient frame (DICOM LPS).
 *
 * @param xMm x in mm
 * @param yMm y in mm
 * @param zMm z in mm
 */
public record WorldPoint(double xMm, double yMm, double zMm) {

  /**
   * Validates the coordinates.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or infinite
   */
  public WorldPoint {
    if (!Double.isFinite(xMm) || !Double.isFinite(yMm) || !Double.isFinite(zMm)) {
      throw new IllegalArgumentException(
          "world point must be finite, got (" + xMm + ", " + yMm + ", " + zMm + ") mm");
    }
  }

  /** Returns the coordinate along axis 0 (x), 1 (y) or 2 (z). */
  public double get(int axis) {
    return switch (axis) {
      case 0 -> xMm;
      case 1 -> yMm;
      case 2 -> zMm;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** Returns the Euclidean distance to another point, in mm. */
  public double distanceMm(WorldPoint o) {
    double dx = xMm - o.xMm;
    double dy = yMm - o.yMm;
    double dz = zMm - o.zMm;
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  /** Returns {@code [x, y, z]}. */
  public double[] toArray() {
    return new double[] {xMm, yMm, zMm};
  }
}
