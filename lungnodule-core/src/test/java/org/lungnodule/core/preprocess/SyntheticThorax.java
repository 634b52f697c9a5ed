package org.lungnodule.core.preprocess;

import java.util.Random;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * A seeded synthetic thorax for the lung-field tests: air outside, a body ellipse of soft tissue
 * (40 HU) on a table, two lung ellipsoids at -850 HU with Gaussian noise (sd 40 HU), vessels (tubes
 * of 40 HU) inside the lungs, a 6 mm radius nodule (30 HU) touching the pleura of the right lung,
 * and a small gas pocket inside the body that is not lung.
 */
final class SyntheticThorax {

  final CtVolume ct;
  final Mask lungTruth;
  final Mask noduleTruth;
  final Mask gasPocket;
  final WorldPoint noduleCenterMm;

  SyntheticThorax(long seed) {
    Dims d = new Dims(160, 128, 80);
    VolumeGeometry g =
        new VolumeGeometry(
            d, new Spacing(2.0, 2.0, 2.5), new WorldPoint(-159, -127, -98.75), Direction.IDENTITY);
    Random rnd = new Random(seed);
    double[][] vessels = new double[24][];
    for (int v = 0; v < vessels.length; v++) {
      double side = v % 2 == 0 ? 65 : -65;
      double[] a = {
        side + rnd.nextGaussian() * 15, rnd.nextGaussian() * 20, rnd.nextGaussian() * 25
      };
      double th = rnd.nextDouble() * Math.PI;
      double ph = rnd.nextDouble() * 2 * Math.PI;
      double len = 40 + 40 * rnd.nextDouble();
      double[] b = {
        a[0] + len * Math.sin(th) * Math.cos(ph),
        a[1] + len * Math.sin(th) * Math.sin(ph),
        a[2] + len * Math.cos(th)
      };
      vessels[v] = new double[] {a[0], a[1], a[2], b[0], b[1], b[2], 1.0 + 1.5 * rnd.nextDouble()};
    }
    double nr = 6;
    double[] nc = {65 + 50 - nr, 0, 0};
    float[] hu = new float[d.voxelCount()];
    byte[] lung = new byte[d.voxelCount()];
    byte[] nod = new byte[d.voxelCount()];
    byte[] gas = new byte[d.voxelCount()];
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          WorldPoint w = g.voxelToWorld(i, j, k);
          double x = w.xMm();
          double y = w.yMm();
          double z = w.zMm();
          int p = d.index(i, j, k);
          double v;
          if (sq(x / 150) + sq(y / 110) <= 1) {
            v = 40 + 20 * rnd.nextGaussian();
            boolean inLung = false;
            for (double side : new double[] {65, -65}) {
              if (sq((x - side) / 50) + sq(y / 70) + sq(z / 80) <= 1) {
                inLung = true;
              }
            }
            if (inLung) {
              lung[p] = 1;
              v = -850 + 40 * rnd.nextGaussian();
              for (double[] t : vessels) {
                if (segmentDistance(x, y, z, t) <= t[6]) {
                  v = 40 + 20 * rnd.nextGaussian();
                }
              }
              if (sq(x - nc[0]) + sq(y - nc[1]) + sq(z - nc[2]) <= nr * nr) {
                nod[p] = 1;
                v = 30 + 20 * rnd.nextGaussian();
              }
            } else if (sq(x) + sq(y - 80) + sq(z) <= 64) {
              gas[p] = 1;
              v = -900 + 40 * rnd.nextGaussian();
            }
          } else if (y > 115 && y < 125 && Math.abs(x) < 140) {
            v = 200 + 20 * rnd.nextGaussian();
          } else {
            v = -1000 + 20 * rnd.nextGaussian();
          }
          hu[p] = (float) v;
        }
      }
    }
    ct = CtVolume.wrap(g, hu);
    lungTruth = Mask.wrap(g, lung);
    noduleTruth = Mask.wrap(g, nod);
    gasPocket = Mask.wrap(g, gas);
    noduleCenterMm = new WorldPoint(nc[0], nc[1], nc[2]);
  }

  private static double sq(double a) {
    return a * a;
  }

  private static double segmentDistance(double x, double y, double z, double[] t) {
    double dx = t[3] - t[0];
    double dy = t[4] - t[1];
    double dz = t[5] - t[2];
    double u =
        ((x - t[0]) * dx + (y - t[1]) * dy + (z - t[2]) * dz) / (dx * dx + dy * dy + dz * dz);
    u = Math.max(0, Math.min(1, u));
    return Math.sqrt(sq(x - t[0] - u * dx) + sq(y - t[1] - u * dy) + sq(z - t[2] - u * dz));
  }

  static double dice(Mask a, Mask b) {
    long inter = 0;
    for (int p = 0; p < a.dims().voxelCount(); p++) {
      if (a.get(p) != 0 && b.get(p) != 0) {
        inter++;
      }
    }
    return 2.0 * inter / (a.count() + b.count());
  }

  /** Number of set voxels of {@code part} that are not set in {@code whole}. */
  static long outside(Mask part, Mask whole) {
    long n = 0;
    for (int p = 0; p < part.dims().voxelCount(); p++) {
      if (part.get(p) != 0 && whole.get(p) == 0) {
        n++;
      }
    }
    return n;
  }
}
