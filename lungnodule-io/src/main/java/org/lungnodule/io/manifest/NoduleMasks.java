package org.lungnodule.io.manifest;

import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;

/**
 * What the import takes from a nodule's mask on its scan's grid: the crop of the scan grid around
 * it (the mask written to the site), its centroid, its equivalent-sphere diameter, and how many
 * 26-connected parts it has.
 */
final class NoduleMasks {

  private NoduleMasks() {}

  /**
   * A mask measured.
   *
   * @param crop the mask on the tight crop of the scan grid around its voxels (values 0/1)
   * @param centerMm centroid of the voxels, world mm (LPS)
   * @param diameterMm diameter of the sphere of the same volume, {@code (6 V / π)^(1/3)}
   * @param voxels number of voxels
   * @param parts number of 26-connected parts
   */
  record Measured(Mask crop, WorldPoint centerMm, double diameterMm, long voxels, int parts) {}

  /**
   * Measures a non-empty mask.
   *
   * @throws IllegalArgumentException if the mask is empty
   */
  static Measured measure(Mask full) {
    VoxelBox box = full.boundingBox();
    if (box.isEmpty()) {
      throw new IllegalArgumentException("the mask is empty");
    }
    VolumeGeometry grid = full.geometry().crop(box);
    Dims d = grid.dims();
    byte[] out = new byte[d.voxelCount()];
    long n = 0;
    int idx = 0;
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++, idx++) {
          if (full.get(box.minI() + i, box.minJ() + j, box.minK() + k) != 0) {
            out[idx] = 1;
            n++;
          }
        }
      }
    }
    Mask crop = Mask.wrap(grid, out);
    WorldPoint c = crop.centroidMm().orElseThrow();
    double volume = n * grid.spacing().voxelVolumeMm3();
    double diameter = Math.cbrt(6 * volume / Math.PI);
    return new Measured(crop, c, diameter, n, parts(out, d));
  }

  /** Counts the 26-connected parts of a 0/1 array (flood fill with an int queue). */
  static int parts(byte[] mask, Dims d) {
    boolean[] seen = new boolean[mask.length];
    int[] queue = new int[mask.length];
    int parts = 0;
    int sx = d.nx();
    int sxy = d.nx() * d.ny();
    for (int start = 0; start < mask.length; start++) {
      if (mask[start] == 0 || seen[start]) {
        continue;
      }
      parts++;
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      seen[start] = true;
      while (head < tail) {
        int p = queue[head++];
        int k = p / sxy;
        int j = (p % sxy) / sx;
        int i = p % sx;
        for (int dk = -1; dk <= 1; dk++) {
          int kk = k + dk;
          if (kk < 0 || kk >= d.nz()) {
            continue;
          }
          for (int dj = -1; dj <= 1; dj++) {
            int jj = j + dj;
            if (jj < 0 || jj >= d.ny()) {
              continue;
            }
            for (int di = -1; di <= 1; di++) {
              int ii = i + di;
              if (ii < 0 || ii >= d.nx()) {
                continue;
              }
              int q = kk * sxy + jj * sx + ii;
              if (mask[q] != 0 && !seen[q]) {
                seen[q] = true;
                queue[tail++] = q;
              }
            }
          }
        }
      }
    }
    return parts;
  }
}
