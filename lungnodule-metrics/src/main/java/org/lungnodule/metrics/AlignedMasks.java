package org.lungnodule.metrics;

import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.preprocess.RandomCropSampler;

/**
 * Scores two masks that lie on the same voxel lattice but possibly on different crops of it: both
 * are pasted onto the box that holds them both, then {@link SegmentationMetrics} scores them.
 * Outside a crop counts as background, so crops that hold a mask's whole foreground give the scores
 * of the whole grid.
 */
final class AlignedMasks {

  /** Largest offset from a whole voxel, in voxels, still taken as the same lattice. */
  private static final double LATTICE_TOL = 1e-3;

  private AlignedMasks() {}

  static SegmentationScores evaluate(Mask pred, Mask truth) {
    VolumeGeometry gp = pred.geometry();
    VolumeGeometry gt = truth.geometry();
    if (gp.sameGrid(gt, 1e-6)) {
      return SegmentationMetrics.evaluate(pred, truth);
    }
    for (int a = 0; a < 3; a++) {
      if (Math.abs(gp.spacing().get(a) - gt.spacing().get(a)) > 1e-6) {
        throw new IllegalArgumentException(
            "masks must share their voxel spacing, got " + gp.spacing() + " and " + gt.spacing());
      }
    }
    if (!gp.sameDirection(gt, 1e-6)) {
      throw new IllegalArgumentException(
          "masks must share their direction, got " + gp.direction() + " and " + gt.direction());
    }
    VoxelPoint o = gp.worldToVoxel(gt.origin());
    int[] off = {(int) Math.round(o.i()), (int) Math.round(o.j()), (int) Math.round(o.k())};
    if (Math.abs(o.i() - off[0]) > LATTICE_TOL
        || Math.abs(o.j() - off[1]) > LATTICE_TOL
        || Math.abs(o.k() - off[2]) > LATTICE_TOL) {
      throw new IllegalArgumentException(
          "masks must lie on the same voxel lattice, got an offset of ("
              + o.i()
              + ", "
              + o.j()
              + ", "
              + o.k()
              + ") voxels between their origins");
    }
    Dims dp = pred.dims();
    Dims dt = truth.dims();
    VoxelBox union =
        new VoxelBox(
            Math.min(0, off[0]),
            Math.min(0, off[1]),
            Math.min(0, off[2]),
            Math.max(dp.nx(), off[0] + dt.nx()),
            Math.max(dp.ny(), off[1] + dt.ny()),
            Math.max(dp.nz(), off[2] + dt.nz()));
    if (union.voxelCount() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "masks are too far apart to score together: their common box "
              + union
              + " has "
              + union.voxelCount()
              + " voxels");
    }
    Mask p = RandomCropSampler.crop(pred, union);
    Mask t =
        RandomCropSampler.crop(
            truth,
            new VoxelBox(
                union.minI() - off[0],
                union.minJ() - off[1],
                union.minK() - off[2],
                union.maxI() - off[0],
                union.maxJ() - off[1],
                union.maxK() - off[2]));
    return SegmentationMetrics.evaluate(p, Mask.wrap(p.geometry(), t.copyLabels()));
  }
}
