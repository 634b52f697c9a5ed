package org.lungnodule.models.maskrcnn;

import java.util.SplittableRandom;

/** Seeded synthetic crops for tests: bright spheres (about 0 HU) in a noisy dark (lung) field. */
final class SyntheticCrops {

  private SyntheticCrops() {}

  /** A crop of edge {@code size} with one sphere of the given radius at a random place. */
  static LabelledCrop sphere(int size, double radius, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = size * size * size;
    float[] v = new float[n];
    byte[] l = new byte[n];
    double margin = radius + 2;
    double cz = margin + r.nextDouble() * (size - 2 * margin);
    double cy = margin + r.nextDouble() * (size - 2 * margin);
    double cx = margin + r.nextDouble() * (size - 2 * margin);
    for (int z = 0, i = 0; z < size; z++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++, i++) {
          double d2 = sq(z + 0.5 - cz) + sq(y + 0.5 - cy) + sq(x + 0.5 - cx);
          boolean in = d2 <= radius * radius;
          v[i] = (float) ((in ? 170 : 30) + 8 * (r.nextDouble() - 0.5));
          l[i] = (byte) (in ? 1 : 0);
        }
      }
    }
    return new LabelledCrop(size, v, l);
  }

  /**
   * A small 1 mm scan (segmentation input units) with two spheres: value 30 in the "lung", 170 in a
   * 2-voxel border (outside the lung) and in the spheres; labels 1 and 2.
   */
  static SegmentationCase scan(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int nx = 48;
    int ny = 40;
    int nz = 36;
    org.lungnodule.core.VolumeGeometry g =
        new org.lungnodule.core.VolumeGeometry(
            new org.lungnodule.core.Dims(nx, ny, nz),
            org.lungnodule.core.Spacing.isotropic(1.0),
            new org.lungnodule.core.WorldPoint(-20, 10, 5),
            org.lungnodule.core.Direction.IDENTITY);
    double[][] centres = {{12.5, 14.5, 15.5, 4}, {34.5, 24.5, 20.5, 3}};
    float[] v = new float[nx * ny * nz];
    byte[] l = new byte[v.length];
    for (int k = 0, i = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int x = 0; x < nx; x++, i++) {
          boolean border = x < 2 || j < 2 || k < 2 || x >= nx - 2 || j >= ny - 2 || k >= nz - 2;
          v[i] = border ? 170 : (float) (30 + 8 * (r.nextDouble() - 0.5));
          for (int n = 0; n < centres.length; n++) {
            double[] c = centres[n];
            if (sq(x - c[0]) + sq(j - c[1]) + sq(k - c[2]) <= c[3] * c[3]) {
              v[i] = (float) (170 + 8 * (r.nextDouble() - 0.5));
              l[i] = (byte) (n + 1);
            }
          }
        }
      }
    }
    java.util.List<org.lungnodule.core.WorldPoint> ctr = new java.util.ArrayList<>();
    for (double[] c : centres) {
      ctr.add(g.voxelToWorld(c[0], c[1], c[2]));
    }
    return new SegmentationCase(
        "synthetic-" + seed,
        org.lungnodule.core.CtVolume.wrap(g, v),
        org.lungnodule.core.Mask.wrap(g, l),
        ctr);
  }

  private static double sq(double v) {
    return v * v;
  }
}
