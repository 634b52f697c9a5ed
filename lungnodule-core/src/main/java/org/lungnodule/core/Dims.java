package org.lungnodule.core;

/**
 * The size of a voxel grid: {@code nx} columns, {@code ny} rows, {@code nz} slices.
 *
 * @param nx number of voxels along x (columns), at least 1
 * @param ny number of voxels along y (rows), at least 1
 * @param nz number of voxels along z (slices), at least 1
 */
public record Dims(int nx, int ny, int nz) {

  /** The largest number of voxels a volume may hold: the largest Java array. */
  public static final long MAX_VOXELS = Integer.MAX_VALUE - 8L;

  /**
   * Validates the sizes.
   *
   * @throws IllegalArgumentException if a size is below 1 or the grid has more than {@link
   *     #MAX_VOXELS} voxels
   */
  public Dims {
    if (nx < 1 || ny < 1 || nz < 1) {
      throw new IllegalArgumentException(
          "dims must be at least 1 in each axis, got " + nx + "x" + ny + "x" + nz);
    }
    long n = (long) nx * ny * nz;
    if (n > MAX_VOXELS) {
      throw new IllegalArgumentException(
          "a volume of "
              + nx
              + "x"
              + ny
              + "x"
              + nz
              + " = "
              + n
              + " voxels exceeds the limit of "
              + MAX_VOXELS
              + " (2^31 - 9) voxels");
    }
  }

  /** Returns the number of voxels, {@code nx * ny * nz}. */
  public int voxelCount() {
    return nx * ny * nz;
  }

  /** Returns the number of voxels in one slice, {@code nx * ny}. */
  public int sliceSize() {
    return nx * ny;
  }

  /** Returns the linear index of voxel (i, j, k) in x-fastest order. No bounds check. */
  public int index(int i, int j, int k) {
    return i + nx * (j + ny * k);
  }

  /** Returns whether (i, j, k) lies inside the grid. */
  public boolean contains(int i, int j, int k) {
    return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz;
  }

  /** Returns the sizes as {@code [nx, ny, nz]}. */
  public int[] toArray() {
    return new int[] {nx, ny, nz};
  }

  @Override
  public String toString() {
    return nx + "x" + ny + "x" + nz;
  }
}
