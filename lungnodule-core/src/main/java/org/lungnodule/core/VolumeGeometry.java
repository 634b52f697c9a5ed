package org.lungnodule.core;

import java.util.Objects;

/**
 * Where a voxel grid lies in the world: its size, spacing, origin (the world position of the centre
 * of voxel (0, 0, 0)) and direction cosines. This is the one place that converts between voxel and
 * world coordinates:
 *
 * <pre>world = origin + D · diag(spacing) · (i, j, k)ᵀ</pre>
 *
 * @param dims grid size
 * @param spacing voxel spacing in mm
 * @param origin world position of the centre of voxel (0, 0, 0), mm
 * @param direction direction cosines (columns are the voxel axes)
 */
public record VolumeGeometry(Dims dims, Spacing spacing, WorldPoint origin, Direction direction) {

  /** Validates that no component is null. */
  public VolumeGeometry {
    Objects.requireNonNull(dims, "dims");
    Objects.requireNonNull(spacing, "spacing");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(direction, "direction");
  }

  /** A geometry with origin (0, 0, 0) and identity direction. */
  public static VolumeGeometry of(Dims dims, Spacing spacing) {
    return new VolumeGeometry(dims, spacing, new WorldPoint(0, 0, 0), Direction.IDENTITY);
  }

  /** Returns a copy with other dims (same spacing, origin and direction). */
  public VolumeGeometry withDims(Dims newDims) {
    return new VolumeGeometry(newDims, spacing, origin, direction);
  }

  /** Returns the world position of a continuous voxel position. */
  public WorldPoint voxelToWorld(double i, double j, double k) {
    double a = i * spacing.xMm();
    double b = j * spacing.yMm();
    double c = k * spacing.zMm();
    return new WorldPoint(
        origin.xMm() + direction.get(0) * a + direction.get(1) * b + direction.get(2) * c,
        origin.yMm() + direction.get(3) * a + direction.get(4) * b + direction.get(5) * c,
        origin.zMm() + direction.get(6) * a + direction.get(7) * b + direction.get(8) * c);
  }

  /** Returns the world position of a voxel position. */
  public WorldPoint voxelToWorld(VoxelPoint p) {
    return voxelToWorld(p.i(), p.j(), p.k());
  }

  /** Returns the world position of the centre of a voxel. */
  public WorldPoint voxelToWorld(VoxelIndex v) {
    return voxelToWorld(v.i(), v.j(), v.k());
  }

  /** Returns the continuous voxel position of a world point (may lie outside the grid). */
  public VoxelPoint worldToVoxel(WorldPoint p) {
    double[] inv = direction.inverse();
    double dx = p.xMm() - origin.xMm();
    double dy = p.yMm() - origin.yMm();
    double dz = p.zMm() - origin.zMm();
    double a = inv[0] * dx + inv[1] * dy + inv[2] * dz;
    double b = inv[3] * dx + inv[4] * dy + inv[5] * dz;
    double c = inv[6] * dx + inv[7] * dy + inv[8] * dz;
    return new VoxelPoint(a / spacing.xMm(), b / spacing.yMm(), c / spacing.zMm());
  }

  /** Returns whether a world point falls inside the grid (within half a voxel of a centre). */
  public boolean containsWorld(WorldPoint p) {
    VoxelPoint v = worldToVoxel(p);
    return v.i() >= -0.5
        && v.j() >= -0.5
        && v.k() >= -0.5
        && v.i() <= dims.nx() - 0.5
        && v.j() <= dims.ny() - 0.5
        && v.k() <= dims.nz() - 0.5;
  }

  /**
   * Returns the grid of a box of this grid's voxels: the same spacing and direction, the box's
   * size, and its origin at the world position of the box's first voxel. The box may reach outside
   * this grid.
   *
   * @throws IllegalArgumentException if the box is empty
   */
  public VolumeGeometry crop(VoxelBox box) {
    if (box.isEmpty()) {
      throw new IllegalArgumentException("crop box must not be empty, got " + box);
    }
    return new VolumeGeometry(
        new Dims(box.sizeI(), box.sizeJ(), box.sizeK()),
        spacing,
        voxelToWorld(box.minI(), box.minJ(), box.minK()),
        direction);
  }

  /**
   * Returns the box of this grid's voxels whose centres lie inside {@code region}'s extent (within
   * half a voxel of one of its voxel centres), clipped to this grid: the crop of this grid on which
   * data from {@code region} lands on whole voxels, for example a nodule-mask crop resampled onto a
   * resampled scan ({@code Resampler.resampleTo(grid.crop(grid.coveringBox(region)))}). The box is
   * empty when the two do not overlap.
   *
   * @throws IllegalArgumentException if the two grids' directions differ by more than 1e-6
   */
  public VoxelBox coveringBox(VolumeGeometry region) {
    if (!sameDirection(region, 1e-6)) {
      throw new IllegalArgumentException(
          "grids must share their direction cosines, got "
              + direction
              + " and "
              + region.direction);
    }
    int[] n = dims.toArray();
    int[] m = region.dims.toArray();
    VoxelPoint o = worldToVoxel(region.origin);
    double[] first = {o.i(), o.j(), o.k()};
    int[] lo = new int[3];
    int[] hi = new int[3];
    for (int a = 0; a < 3; a++) {
      double step = region.spacing.get(a) / spacing.get(a);
      double from = first[a] - 0.5 * step;
      double to = first[a] + (m[a] - 0.5) * step;
      lo[a] = (int) Math.max(0, Math.min(n[a], Math.ceil(from - 1e-9)));
      hi[a] = (int) Math.max(lo[a], Math.min(n[a], Math.floor(to + 1e-9) + 1));
    }
    return new VoxelBox(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
  }

  /** Returns whether the direction cosines of the two grids agree within {@code tol}. */
  public boolean sameDirection(VolumeGeometry o, double tol) {
    double[] a = direction.toRowMajor();
    double[] b = o.direction.toRowMajor();
    for (int q = 0; q < 9; q++) {
      if (Math.abs(a[q] - b[q]) > tol) {
        return false;
      }
    }
    return true;
  }

  /** Returns the physical extent of the grid along each voxel axis, {@code n * spacing}, in mm. */
  public double[] extentMm() {
    return new double[] {
      dims.nx() * spacing.xMm(), dims.ny() * spacing.yMm(), dims.nz() * spacing.zMm()
    };
  }

  /**
   * Returns whether another geometry describes the same grid: equal dims, and spacing, origin and
   * direction equal within {@code tol} (mm for spacing/origin, unitless for direction).
   */
  public boolean sameGrid(VolumeGeometry o, double tol) {
    if (!dims.equals(o.dims)) {
      return false;
    }
    for (int a = 0; a < 3; a++) {
      if (Math.abs(spacing.get(a) - o.spacing.get(a)) > tol
          || Math.abs(origin.get(a) - o.origin.get(a)) > tol) {
        return false;
      }
    }
    for (int i = 0; i < 9; i++) {
      if (Math.abs(direction.get(i) - o.direction.get(i)) > tol) {
        return false;
      }
    }
    return true;
  }
}
