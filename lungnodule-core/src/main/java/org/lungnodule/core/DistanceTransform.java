package org.lungnodule.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The exact Euclidean distance transform of a 3-D grid with anisotropic spacing, in double
 * precision: the one implementation behind the lung field's closing and dilation and the surface
 * distances of {@code lungnodule-metrics}.
 *
 * <p>Felzenszwalb and Huttenlocher's separable lower-envelope algorithm (Theory of Computing 2012):
 * three 1-D passes (x, then y, then z), each parallel over lines ({@link Parallel}). The first pass
 * sees a binary input and only looks for the nearest feature on the line; the later passes take the
 * lower envelope of parabolas. The result equals {@code
 * scipy.ndimage.distance_transform_edt(~features, sampling=spacing) ** 2} (spacing in x, y, z
 * order; this library stores x fastest). Voxels beyond the grid are not features.
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
   * @return a new array of {@code dims.voxelCount()} squared distances, x fastest
   * @throws IllegalArgumentException if the array length does not match the dims
   */
  public static double[] squaredEdt(boolean[] features, Dims dims, Spacing spacing) {
    Objects.requireNonNull(features, "features");
    check(features.length, dims, spacing);
    double[] d = new double[features.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = features[i] ? 0 : Double.POSITIVE_INFINITY;
    }
    transformInPlace(d, dims, spacing);
    return d;
  }

  /**
   * Returns, for every voxel, the squared distance in mm² to the nearest voxel whose set-state
   * ({@code mask[p] != 0}) equals {@code toSet} ({@code +Infinity} everywhere if there is none):
   * with {@code toSet} true the distance to the mask, with false the distance to the background.
   *
   * @param mask a binary mask (0 = not set), x fastest
   * @param dims grid size
   * @param spacing voxel spacing
   * @param toSet whether the features are the set voxels (true) or the unset ones (false)
   * @return a new array of {@code dims.voxelCount()} squared distances, x fastest
   * @throws IllegalArgumentException if the array length does not match the dims
   */
  public static double[] squaredEdt(byte[] mask, Dims dims, Spacing spacing, boolean toSet) {
    Objects.requireNonNull(mask, "mask");
    check(mask.length, dims, spacing);
    double[] d = new double[mask.length];
    int plane = dims.sliceSize();
    Parallel.forEach(
        dims.nz(),
        k -> {
          for (int p = k * plane; p < (k + 1) * plane; p++) {
            d[p] = ((mask[p] != 0) == toSet) ? 0 : Double.POSITIVE_INFINITY;
          }
        });
    transformInPlace(d, dims, spacing);
    return d;
  }

  private static void check(int length, Dims dims, Spacing spacing) {
    Objects.requireNonNull(dims, "dims");
    Objects.requireNonNull(spacing, "spacing");
    if (length != dims.voxelCount()) {
      throw new IllegalArgumentException(
          "array length must be " + dims.voxelCount() + " for dims " + dims + ", got " + length);
    }
  }

  /** The three passes, in place, on a binary input (0 at the features, +∞ elsewhere). */
  private static void transformInPlace(double[] f, Dims d, Spacing s) {
    int nx = d.nx();
    int ny = d.ny();
    int nz = d.nz();
    int plane = d.sliceSize();
    int maxN = Math.max(nx, Math.max(ny, nz));
    Parallel.forEach(
        nz,
        k -> {
          Line line = new Line(maxN);
          for (int j = 0; j < ny; j++) {
            int off = k * plane + j * nx;
            System.arraycopy(f, off, line.in, 0, nx);
            line.transformBinary(nx, s.xMm());
            System.arraycopy(line.out, 0, f, off, nx);
          }
          for (int i = 0; i < nx; i++) {
            int off = k * plane + i;
            for (int j = 0; j < ny; j++) {
              line.in[j] = f[off + j * nx];
            }
            line.transform(ny, s.yMm());
            for (int j = 0; j < ny; j++) {
              f[off + j * nx] = line.out[j];
            }
          }
        });
    if (nz > 1) {
      Parallel.forEach(
          ny,
          j -> {
            Line line = new Line(maxN);
            // one x-row per slice copied at once, so the z lines are read from cache
            double[] block = new double[nz * nx];
            for (int k = 0; k < nz; k++) {
              System.arraycopy(f, k * plane + j * nx, block, k * nx, nx);
            }
            for (int i = 0; i < nx; i++) {
              for (int k = 0; k < nz; k++) {
                line.in[k] = block[k * nx + i];
              }
              line.transform(nz, s.zMm());
              for (int k = 0; k < nz; k++) {
                block[k * nx + i] = line.out[k];
              }
            }
            for (int k = 0; k < nz; k++) {
              System.arraycopy(block, k * nx, f, k * plane + j * nx, nx);
            }
          });
    }
  }

  /** The one-dimensional squared distance transform of one line, with its buffers. */
  static final class Line {
    final double[] in;
    final double[] out;
    private final int[] v;
    private final double[] z;

    Line(int n) {
      in = new double[n];
      out = new double[n];
      v = new int[n];
      z = new double[n + 1];
    }

    /**
     * As {@link #transform} for a binary input (0 or +∞): two scans for the nearest feature, no
     * parabolas.
     */
    void transformBinary(int n, double spacing) {
      int last = -1;
      for (int q = 0; q < n; q++) {
        if (in[q] == 0) {
          last = q;
        }
        v[q] = last;
      }
      int nextFeature = -1;
      for (int q = n - 1; q >= 0; q--) {
        if (in[q] == 0) {
          nextFeature = q;
        }
        int best = Integer.MAX_VALUE;
        if (v[q] >= 0) {
          best = q - v[q];
        }
        if (nextFeature >= 0) {
          best = Math.min(best, nextFeature - q);
        }
        if (best == Integer.MAX_VALUE) {
          out[q] = Double.POSITIVE_INFINITY;
        } else {
          double dq = spacing * best;
          out[q] = dq * dq;
        }
      }
    }

    /** {@code out[q] = min_p (spacing·(q − p))² + in[p]} over the first {@code n} entries. */
    void transform(int n, double spacing) {
      boolean allZero = true;
      for (int q = 0; q < n && allZero; q++) {
        allZero = in[q] == 0;
      }
      if (allZero) { // inside a feature region (common: the lungs' interior)
        Arrays.fill(out, 0, n, 0);
        return;
      }
      double s2 = spacing * spacing;
      int k = -1;
      for (int q = 0; q < n; q++) {
        if (in[q] == Double.POSITIVE_INFINITY) {
          continue;
        }
        double fq = in[q] + s2 * q * q;
        while (k >= 0) {
          int p = v[k];
          double x = (fq - (in[p] + s2 * p * p)) / (2 * s2 * (q - p));
          if (x <= z[k]) {
            k--;
          } else {
            k++;
            v[k] = q;
            z[k] = x;
            break;
          }
        }
        if (k < 0) {
          k = 0;
          v[0] = q;
          z[0] = Double.NEGATIVE_INFINITY;
        }
        z[k + 1] = Double.POSITIVE_INFINITY;
      }
      if (k < 0) {
        Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
        return;
      }
      int h = 0;
      for (int q = 0; q < n; q++) {
        while (z[h + 1] < q) {
          h++;
        }
        double dq = spacing * (q - v[h]);
        out[q] = dq * dq + in[v[h]];
      }
    }
  }
}
