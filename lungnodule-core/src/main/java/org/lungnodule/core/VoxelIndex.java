package org.lungnodule.core;

/**
 * An integer voxel index; may lie outside a grid (check with {@link Dims#contains}).
 *
 * @param i column
 * @param j row
 * @param k slice
 */
public record VoxelIndex(int i, int j, int k) {}
