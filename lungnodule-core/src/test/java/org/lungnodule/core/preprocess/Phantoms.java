package org.lungnodule.core.preprocess;

import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/** Small synthetic volumes for the preprocessing tests. */
final class Phantoms {

  private Phantoms() {}

  /**
   * A sphere of 0 HU in air (-1000 HU) with partial-volume voxels: each voxel holds the fraction of
   * its box inside the sphere, estimated on a {@code sub}³ grid of sub-voxel centres.
   */
  static CtVolume sphere(VolumeGeometry g, WorldPoint c, double radiusMm, int sub) {
    var d = g.dims();
    float[] hu = new float[d.voxelCount()];
    double r2 = radiusMm * radiusMm;
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          int inside = 0;
          for (int a = 0; a < sub; a++) {
            for (int b = 0; b < sub; b++) {
              for (int e = 0; e < sub; e++) {
                WorldPoint p =
                    g.voxelToWorld(
                        i - 0.5 + (a + 0.5) / sub,
                        j - 0.5 + (b + 0.5) / sub,
                        k - 0.5 + (e + 0.5) / sub);
                double dx = p.xMm() - c.xMm();
                double dy = p.yMm() - c.yMm();
                double dz = p.zMm() - c.zMm();
                if (dx * dx + dy * dy + dz * dz <= r2) {
                  inside++;
                }
              }
            }
          }
          hu[d.index(i, j, k)] = -1000f + 1000f * inside / (sub * sub * sub);
        }
      }
    }
    return CtVolume.wrap(g, hu);
  }

  /** A binary mask: voxels whose centre lies inside the sphere. */
  static Mask sphereMask(VolumeGeometry g, WorldPoint c, double radiusMm) {
    var d = g.dims();
    byte[] m = new byte[d.voxelCount()];
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          if (g.voxelToWorld(i, j, k).distanceMm(c) <= radiusMm) {
            m[d.index(i, j, k)] = 1;
          }
        }
      }
    }
    return Mask.wrap(g, m);
  }

  /** Voxels above {@code level} as a binary mask. */
  static Mask threshold(CtVolume v, float level) {
    byte[] m = new byte[v.dims().voxelCount()];
    for (int p = 0; p < m.length; p++) {
      m[p] = (byte) (v.get(p) > level ? 1 : 0);
    }
    return Mask.wrap(v.geometry(), m);
  }
}
