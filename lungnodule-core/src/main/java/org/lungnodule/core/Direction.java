package org.lungnodule.core;

import java.util.Arrays;

/**
 * Direction cosines of a voxel grid: a 3×3 matrix whose <b>columns</b> are the unit world
 * directions of the voxel axes x, y and z (the ITK and MetaImage {@code TransformMatrix}
 * convention). Stored row-major: element {@code (r, c)} is {@code get(3 * r + c)}.
 *
 * <p>For DICOM, column 0 is the row direction cosine of ImageOrientationPatient, column 1 the
 * column direction cosine and column 2 the slice normal.
 */
public final class Direction {

  /** The identity: voxel axes aligned with world x, y, z. */
  public static final Direction IDENTITY = new Direction(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

  private final double[] m;

  private Direction(double[] m) {
    this.m = m;
  }

  /**
   * Creates a direction matrix from 9 numbers, row-major.
   *
   * @param rowMajor the 9 elements, row-major (copied)
   * @return the direction
   * @throws IllegalArgumentException if there are not 9 finite numbers or the matrix is singular
   *     (|det| &lt; 1e-6)
   */
  public static Direction ofRowMajor(double... rowMajor) {
    if (rowMajor.length != 9) {
      throw new IllegalArgumentException("direction must have 9 elements, got " + rowMajor.length);
    }
    for (double v : rowMajor) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "direction must be finite, got " + Arrays.toString(rowMajor));
      }
    }
    double[] c = rowMajor.clone();
    double det = det(c);
    if (Math.abs(det) < 1e-6) {
      throw new IllegalArgumentException(
          "direction matrix is singular (det " + det + "), got " + Arrays.toString(rowMajor));
    }
    return new Direction(c);
  }

  /**
   * Creates a direction from its three column vectors (the world directions of the voxel axes).
   *
   * @throws IllegalArgumentException as {@link #ofRowMajor}
   */
  public static Direction ofColumns(double[] xAxis, double[] yAxis, double[] zAxis) {
    return ofRowMajor(
        xAxis[0], yAxis[0], zAxis[0], xAxis[1], yAxis[1], zAxis[1], xAxis[2], yAxis[2], zAxis[2]);
  }

  private static double det(double[] a) {
    return a[0] * (a[4] * a[8] - a[5] * a[7])
        - a[1] * (a[3] * a[8] - a[5] * a[6])
        + a[2] * (a[3] * a[7] - a[4] * a[6]);
  }

  /** Returns element {@code index} (row-major, 0..8). */
  public double get(int index) {
    return m[index];
  }

  /** Returns element (row, column). */
  public double get(int row, int col) {
    return m[3 * row + col];
  }

  /** Returns the world direction of voxel axis {@code axis} (a column), as a new array. */
  public double[] axis(int axis) {
    return new double[] {m[axis], m[3 + axis], m[6 + axis]};
  }

  /** Returns the determinant. */
  public double determinant() {
    return det(m);
  }

  /** Returns whether this is the identity within {@code tol}. */
  public boolean isIdentity(double tol) {
    for (int i = 0; i < 9; i++) {
      if (Math.abs(m[i] - IDENTITY.m[i]) > tol) {
        return false;
      }
    }
    return true;
  }

  /** Returns the 9 elements, row-major, as a new array. */
  public double[] toRowMajor() {
    return m.clone();
  }

  /** Returns the inverse matrix, row-major, as a new array. */
  double[] inverse() {
    double d = det(m);
    double[] r = new double[9];
    r[0] = (m[4] * m[8] - m[5] * m[7]) / d;
    r[1] = (m[2] * m[7] - m[1] * m[8]) / d;
    r[2] = (m[1] * m[5] - m[2] * m[4]) / d;
    r[3] = (m[5] * m[6] - m[3] * m[8]) / d;
    r[4] = (m[0] * m[8] - m[2] * m[6]) / d;
    r[5] = (m[2] * m[3] - m[0] * m[5]) / d;
    r[6] = (m[3] * m[7] - m[4] * m[6]) / d;
    r[7] = (m[1] * m[6] - m[0] * m[7]) / d;
    r[8] = (m[0] * m[4] - m[1] * m[3]) / d;
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Direction d && Arrays.equals(m, d.m);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(m);
  }

  @Override
  public String toString() {
    return "Direction" + Arrays.toString(m);
  }
}
