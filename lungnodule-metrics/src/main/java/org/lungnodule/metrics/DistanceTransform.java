package org.lungnodule.metrics;

import java.util.Objects;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.Spacing;

/**
 * The exact Euclidean distance transform with anisotropic spacing, by Felzenszwalb and
 * Huttenlocher's separable lower-envelope algorithm (Theory of Computing 2012): three 1-D passes
 * (x, then y, then z), each parallel over lines. Equal to {@code
 * scipy.ndimage.distance_transform_edt(~features, sampling=spacing)} squared.
 */
public final class DistanceTransform {

  private DistanceTransform() {}

  /**
   * Returns, for every voxel, the squared distance in mm² to the nearest feature voxel ({@code
   * +Infinity} everywhere if there is no feature).
   *
   * @param features true at feature voxels, x fastest
   * @param dims grid size
   * @param spacing voxel spacing
   * @throws IllegalArgumentException if the array length does not match the dims
   */
  public static double[] squaredEdt(boolean[] features, Dims dims, Spacing spacing) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(dims, "dims");
    Objects.requireNonNull(spacing, "spacing");
    if (features.length != dims.voxelCount()) {
      throw new IllegalArgumentException(
          "features length must be " + dims.voxelCount() + " for dims " + dims + ", got " + features.length);
    }
    int nx = dims.nx();
    int ny = dims.ny();
    int nz = dims.nz();
    double[] d = new double[features.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = features[i] ? 0 : Double.POSITIVE_INFINITY;
    }
    int max = Math.max(nx, Math.max(ny, nz));
    double sx = spacing.xMm();
    double sy = spacing.yMm();
    double sz = spacing.zMm();
    Parallel.forEach(
        nz,
        k -> {
          Line line = new Line(max);
          for (int j = 0; j < ny; j++) {
            line.run(d, nx * (j + ny * k), 1, nx, sx);
          }
          for (int i = 0; i < nx; i++) {
            line.run(d, i + nx * ny * k, nx, ny, sy);
          }
        });
    if (nz > 1) {
      Parallel.forEach(
          ny,
          j -> {
            Line line = new Line(max);
            for (int i = 0; i < nx; i++) {
              line.run(d, i + nx * j, nx * ny, nz, sz);
            }
          });
    }
    return d;
  }

  /** Buffers for the 1-D transform of one line. */
  private static final class Line {
    final double[] f;
    final int[] v;
    final double[] z;

    Line(int n) {
      f = new double[n];
      v = new int[n];
      z = new double[n + 1];
    }

    /** In-place 1-D squared distance transform of d[start + t*stride], t in [0, n). */
    void run(double[] d, int start, int stride, int n, double w) {
      double w2 = w * w;
      int k = -1;
      for (int q = 0; q < n; q++) {
        double fq = d[start + q * stride];
        f[q] = fq;
        if (fq == Double.POSITIVE_INFINITY) {
          continue;
        }
        if (k < 0) {
          k = 0;
          v[0] = q;
          z[0] = Double.NEGATIVE_INFINITY;
          z[1] = Double.POSITIVE_INFINITY;
          continue;
        }
        double hq = fq + w2 * q * q;
        while (true) {
          int r = v[k];
          double s = (hq - (f[r] + w2 * r * r)) / (2 * w2 * (q - r));
          if (s <= z[k]) {
            k--;
          } else {
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
            break;
          }
        }
      }
      if (k < 0) {
        return;
      }
      k = 0;
      for (int p = 0; p < n; p++) {
        while (z[k + 1] < p) {
          k++;
        }
        double dp = p - v[k];
        d[start + p * stride] = w2 * dp * dp + f[v[k]];
      }
    }
  }
}
