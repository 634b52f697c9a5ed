package org.lungnodule.core;

/**
 * An axis-aligned box of voxels in the <b>half-open</b> convention: it holds the voxels with {@code
 * minI <= i < maxI}, {@code minJ <= j < maxJ}, {@code minK <= k < maxK}. Its size along x is {@code
 * maxI - minI}. An empty box (a size of zero) is allowed.
 *
 * @param minI first column (inclusive)
 * @param minJ first row (inclusive)
 * @param minK first slice (inclusive)
 * @param maxI end column (exclusive)
 * @param maxJ end row (exclusive)
 * @param maxK end slice (exclusive)
 */
public record VoxelBox(int minI, int minJ, int minK, int maxI, int maxJ, int maxK) {

  /**
   * Validates that max is not below min.
   *
   * @throws IllegalArgumentException if a max is smaller than its min
   */
  public VoxelBox {
    if (maxI < minI || maxJ < minJ || maxK < minK) {
      throw new IllegalArgumentException(
          "box max must not be below min, got min ("
              + minI
              + ", "
              + minJ
              + ", "
              + minK
              + ") max ("
              + maxI
              + ", "
              + maxJ
              + ", "
              + maxK
              + ")");
    }
  }

  /** Returns a box of the given size starting at (i, j, k). */
  public static VoxelBox ofSize(int i, int j, int k, int sizeI, int sizeJ, int sizeK) {
    return new VoxelBox(i, j, k, i + sizeI, j + sizeJ, k + sizeK);
  }

  /** Returns the box covering a whole grid. */
  public static VoxelBox of(Dims dims) {
    return new VoxelBox(0, 0, 0, dims.nx(), dims.ny(), dims.nz());
  }

  /** Size along x. */
  public int sizeI() {
    return maxI - minI;
  }

  /** Size along y. */
  public int sizeJ() {
    return maxJ - minJ;
  }

  /** Size along z. */
  public int sizeK() {
    return maxK - minK;
  }

  /** Number of voxels in the box. */
  public long voxelCount() {
    return (long) sizeI() * sizeJ() * sizeK();
  }

  /** Whether the box holds no voxel. */
  public boolean isEmpty() {
    return voxelCount() == 0;
  }

  /** Whether voxel (i, j, k) lies in the box. */
  public boolean contains(int i, int j, int k) {
    return i >= minI && i < maxI && j >= minJ && j < maxJ && k >= minK && k < maxK;
  }

  /**
   * Returns the intersection with another box (possibly empty, then anchored at this box's min).
   */
  public VoxelBox intersect(VoxelBox o) {
    int a = Math.max(minI, o.minI);
    int b = Math.max(minJ, o.minJ);
    int c = Math.max(minK, o.minK);
    int d = Math.min(maxI, o.maxI);
    int e = Math.min(maxJ, o.maxJ);
    int f = Math.min(maxK, o.maxK);
    if (d <= a || e <= b || f <= c) {
      return new VoxelBox(minI, minJ, minK, minI, minJ, minK);
    }
    return new VoxelBox(a, b, c, d, e, f);
  }

  /** Returns the box grown by {@code margin} voxels on every side (not clipped). */
  public VoxelBox expand(int margin) {
    return new VoxelBox(
        minI - margin, minJ - margin, minK - margin, maxI + margin, maxJ + margin, maxK + margin);
  }

  /** Returns the continuous centre of the box in voxel coordinates. */
  public VoxelPoint center() {
    return new VoxelPoint(
        (minI + maxI - 1) / 2.0, (minJ + maxJ - 1) / 2.0, (minK + maxK - 1) / 2.0);
  }
}
