package org.lungnodule.models.maskrcnn;

/**
 * An axis-aligned 3D box in continuous voxel coordinates, axes in <b>(z, y, x)</b> order and the
 * <b>corner (min/max edge) convention</b>: the box covers {@code z0 <= z < z1}, {@code y0 <= y <
 * y1}, {@code x0 <= x < x1}, where voxel {@code (k, j, i)} occupies the unit cube {@code [k, k+1) ×
 * [j, j+1) × [i, i+1)}. So a {@link org.lungnodule.core.VoxelBox} {@code (minI..maxI, ...)} is the
 * box {@code (minK, minJ, minI, maxK, maxJ, maxI)}, and the size along z is {@code z1 - z0}.
 *
 * @param z0 low z edge
 * @param y0 low y edge
 * @param x0 low x edge
 * @param z1 high z edge (at least z0)
 * @param y1 high y edge (at least y0)
 * @param x1 high x edge (at least x0)
 */
public record Box3d(double z0, double y0, double x0, double z1, double y1, double x1) {

  /**
   * Validates the box.
   *
   * @throws IllegalArgumentException if a coordinate is not finite or a high edge is below its low
   *     edge
   */
  public Box3d {
    if (!(Double.isFinite(z0)
        && Double.isFinite(y0)
        && Double.isFinite(x0)
        && Double.isFinite(z1)
        && Double.isFinite(y1)
        && Double.isFinite(x1))) {
      throw new IllegalArgumentException(
          "box coordinates must be finite, got " + str(z0, y0, x0, z1, y1, x1));
    }
    if (z1 < z0 || y1 < y0 || x1 < x0) {
      throw new IllegalArgumentException(
          "box high edge must not be below low edge, got " + str(z0, y0, x0, z1, y1, x1));
    }
  }

  /** Returns the box of the given centre (z, y, x) and sizes (d along z, h along y, w along x). */
  public static Box3d ofCenter(double cz, double cy, double cx, double d, double h, double w) {
    return new Box3d(cz - d / 2, cy - h / 2, cx - w / 2, cz + d / 2, cy + h / 2, cx + w / 2);
  }

  /** Returns this box enlarged (or shrunk) by {@code factor} about its centre. */
  public Box3d scaled(double factor) {
    return ofCenter(cz(), cy(), cx(), depth() * factor, height() * factor, width() * factor);
  }

  /** Returns the box covering the voxels of a half-open {@link org.lungnodule.core.VoxelBox}. */
  public static Box3d of(org.lungnodule.core.VoxelBox b) {
    return new Box3d(b.minK(), b.minJ(), b.minI(), b.maxK(), b.maxJ(), b.maxI());
  }

  /** Size along z. */
  public double depth() {
    return z1 - z0;
  }

  /** Size along y. */
  public double height() {
    return y1 - y0;
  }

  /** Size along x. */
  public double width() {
    return x1 - x0;
  }

  /** Centre along z (an edge coordinate: the centre of voxel k is k + 0.5). */
  public double cz() {
    return (z0 + z1) / 2;
  }

  /** Centre along y (edge coordinate). */
  public double cy() {
    return (y0 + y1) / 2;
  }

  /** Centre along x (edge coordinate). */
  public double cx() {
    return (x0 + x1) / 2;
  }

  /** Volume in voxels³. */
  public double volume() {
    return depth() * height() * width();
  }

  /** Returns this box moved by (dz, dy, dx). */
  public Box3d shift(double dz, double dy, double dx) {
    return new Box3d(z0 + dz, y0 + dy, x0 + dx, z1 + dz, y1 + dy, x1 + dx);
  }

  /** Returns this box clipped to {@code [0, d) × [0, h) × [0, w)}. */
  public Box3d clip(double d, double h, double w) {
    double a = clamp(z0, 0, d);
    double b = clamp(y0, 0, h);
    double c = clamp(x0, 0, w);
    return new Box3d(
        a,
        b,
        c,
        Math.max(a, clamp(z1, 0, d)),
        Math.max(b, clamp(y1, 0, h)),
        Math.max(c, clamp(x1, 0, w)));
  }

  /** Returns the volume of the intersection with another box. */
  public double intersection(Box3d o) {
    double dz = Math.min(z1, o.z1) - Math.max(z0, o.z0);
    double dy = Math.min(y1, o.y1) - Math.max(y0, o.y0);
    double dx = Math.min(x1, o.x1) - Math.max(x0, o.x0);
    if (dz <= 0 || dy <= 0 || dx <= 0) {
      return 0;
    }
    return dz * dy * dx;
  }

  /** Returns the intersection over union with another box (0 when both are empty). */
  public double iou(Box3d o) {
    double inter = intersection(o);
    double union = volume() + o.volume() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  /**
   * Returns the smallest half-open voxel box {@code [floor(low), ceil(high))} that holds this box,
   * as a {@link org.lungnodule.core.VoxelBox} (i = x, j = y, k = z).
   */
  public org.lungnodule.core.VoxelBox toVoxelBox() {
    return new org.lungnodule.core.VoxelBox(
        (int) Math.floor(x0),
        (int) Math.floor(y0),
        (int) Math.floor(z0),
        (int) Math.ceil(x1),
        (int) Math.ceil(y1),
        (int) Math.ceil(z1));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static String str(double... v) {
    return "(z0=" + v[0] + ", y0=" + v[1] + ", x0=" + v[2] + ", z1=" + v[3] + ", y1=" + v[4]
        + ", x1=" + v[5] + ")";
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "Box3d[z %.2f..%.2f, y %.2f..%.2f, x %.2f..%.2f]",
        z0,
        z1,
        y0,
        y1,
        x0,
        x1);
  }
}
