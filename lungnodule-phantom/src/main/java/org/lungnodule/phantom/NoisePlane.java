package org.lungnodule.phantom;

/**
 * One plane z = const of a smooth 3D value-noise field (random values on a cubic lattice of pitch
 * λ, smoothstep-interpolated): the z interpolation is done once per plane on the coarse lattice, so
 * that a sample costs one bilinear look-up. Values lie in [-1, 1].
 */
final class NoisePlane {

  private final float[] grid;
  private final int gx;
  private final int gy;
  private final int ix0;
  private final int iy0;
  private final double inv;

  /** The plane at z over the world rectangle [x0, x1] × [y0, y1], lattice pitch lambdaMm. */
  NoisePlane(long seed, double lambdaMm, double x0, double x1, double y0, double y1, double z) {
    inv = 1.0 / lambdaMm;
    ix0 = (int) Math.floor(x0 * inv) - 1;
    iy0 = (int) Math.floor(y0 * inv) - 1;
    gx = (int) Math.floor(x1 * inv) + 3 - ix0;
    gy = (int) Math.floor(y1 * inv) + 3 - iy0;
    double zz = z * inv;
    int iz = (int) Math.floor(zz);
    float fz = smooth((float) (zz - iz));
    grid = new float[gx * gy];
    for (int j = 0; j < gy; j++) {
      for (int i = 0; i < gx; i++) {
        float a = Seeds.lattice(seed, ix0 + i, iy0 + j, iz);
        float b = Seeds.lattice(seed, ix0 + i, iy0 + j, iz + 1);
        grid[i + gx * j] = a + fz * (b - a);
      }
    }
  }

  private static float smooth(float t) {
    return t * t * (3 - 2 * t);
  }

  /** The field at world (x, y) on this plane; points outside the rectangle are clamped to it. */
  float sample(double x, double y) {
    double xx = x * inv - ix0;
    double yy = y * inv - iy0;
    int i = (int) Math.floor(xx);
    int j = (int) Math.floor(yy);
    if (i < 0) {
      i = 0;
      xx = 0;
    } else if (i > gx - 2) {
      i = gx - 2;
      xx = i + 1;
    }
    if (j < 0) {
      j = 0;
      yy = 0;
    } else if (j > gy - 2) {
      j = gy - 2;
      yy = j + 1;
    }
    float fx = smooth((float) (xx - i));
    float fy = smooth((float) (yy - j));
    int o = i + gx * j;
    float a = grid[o] + fx * (grid[o + 1] - grid[o]);
    float b = grid[o + gx] + fx * (grid[o + gx + 1] - grid[o + gx]);
    return a + fy * (b - a);
  }
}
