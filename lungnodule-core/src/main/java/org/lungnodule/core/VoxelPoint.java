package org.lungnodule.core;

/**
 * A continuous position in voxel-index space: {@code (0, 0, 0)} is the centre of the first voxel,
 * {@code (0.5, 0, 0)} the boundary between the first two columns.
 *
 * @param i position along x (columns)
 * @param j position along y (rows)
 * @param k position along z (slices)
 */
public record VoxelPoint(double i, double j, double k) {

  /** Returns the nearest voxel index (rounding half up). */
  public VoxelIndex round() {
    return new VoxelIndex(
        (int) Math.floor(i + 0.5), (int) Math.floor(j + 0.5), (int) Math.floor(k + 0.5));
  }
}
