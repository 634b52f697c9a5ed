package org.lungnodule.core.preprocess;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resamples volumes and masks to a target voxel spacing (default 1.0 mm isotropic, the paper's).
 *
 * <pre>{@code
 * Resampler r = Resampler.builder().spacing(Spacing.isotropic(1.0)).build();
 * CtVolume iso = r.resample(ct);
 * Mask isoMask = r.resample(mask);   // same grid as iso
 * }</pre>
 *
 * <h2>The new grid</h2>
 *
 * Along each voxel axis {@code a} with {@code n} voxels of spacing {@code s}, the new grid has
 * {@code n' = max(1, round(n·s / s'))} voxels of exactly the target spacing {@code s'}, and is
 * <b>centred on the same physical point</b> as the old grid: the centre of the old grid, voxel
 * position {@code (n − 1)/2}, and the centre of the new one, {@code (n' − 1)/2}, are the same world
 * point. The direction cosines are unchanged, so the new origin is
 *
 * <pre>origin' = origin + D · (s·(n − 1)/2 − s'·(n' − 1)/2)</pre>
 *
 * When {@code n·s} is a whole multiple of {@code s'} the new grid covers exactly the same physical
 * extent (outer voxel faces coincide) and this is {@code origin' = origin + D · (s' − s)/2}: the
 * origin moves by half the difference of the spacings. Every voxel centre of the new grid is
 * sampled at its true world position, so structures keep their world coordinates (no half-voxel
 * drift, unlike a corner-aligned {@code scipy.ndimage.zoom}).
 *
 * <h2>Interpolation</h2>
 *
 * <ul>
 *   <li><b>Images</b>: trilinear interpolation, computed as separable linear passes (z, then x,
 *       then y) with precomputed indices and weights. Positions beyond the outer voxel centres take
 *       the nearest edge value (no extrapolation). No anti-aliasing filter is applied when
 *       down-sampling (as {@code scipy.ndimage.zoom(order=1)}).
 *   <li><b>Masks</b>: a <b>per-label linear-weight vote</b>. Each new voxel takes the label whose
 *       trilinear weights over the 8 surrounding old voxels sum highest (ties go to the smaller
 *       label value). For a binary mask this is the trilinear interpolation of the mask thresholded
 *       at 0.5, which keeps volumes and centroids far better than nearest neighbour on thick
 *       slices; every output label is one of the input labels, never a blend.
 * </ul>
 *
 * <h2>Onto a given grid</h2>
 *
 * {@link #resampleTo(VolumeGeometry)} resamples onto a fixed grid instead, for example a
 * nodule-mask crop onto the resampled scan or onto a crop of it ({@link
 * VolumeGeometry#coveringBox}), so that the result lands on whole voxels of that grid. Both grids
 * must share their direction cosines. Target voxels more than half a voxel outside the source grid
 * are background: label 0 in masks, {@value #OUTSIDE_HU} HU (air) in images; inside, the rules
 * above apply.
 *
 * <p>Memory: the output plus, per worker thread, buffers of a few slices. Immutable and
 * thread-safe.
 */
public final class Resampler {

  private static final Logger LOG = LoggerFactory.getLogger(Resampler.class);

  /** The default target spacing: 1.0 mm isotropic. */
  public static final Spacing DEFAULT_SPACING = Spacing.isotropic(1.0);

  /** The value of image voxels outside the source grid when resampling onto a given grid. */
  public static final float OUTSIDE_HU = -1024f;

  private final Spacing spacing;
  private final VolumeGeometry grid;

  private Resampler(Spacing spacing, VolumeGeometry grid) {
    this.spacing = spacing;
    this.grid = grid;
  }

  /**
   * Returns a resampler onto a fixed grid (see the class docs): every volume or mask it resamples
   * comes out on {@code grid}.
   *
   * @throws NullPointerException if {@code grid} is null
   */
  public static Resampler resampleTo(VolumeGeometry grid) {
    Objects.requireNonNull(grid, "grid");
    return new Resampler(grid.spacing(), grid);
  }

  /** Returns a new builder (target spacing 1.0 mm isotropic unless set). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a resampler to an isotropic spacing.
   *
   * @param mm the target spacing in mm
   * @throws IllegalArgumentException if {@code mm} is not positive and finite
   */
  public static Resampler isotropic(double mm) {
    return builder().spacing(Spacing.isotropic(mm)).build();
  }

  /** Returns the target spacing. */
  public Spacing spacing() {
    return spacing;
  }

  /**
   * Returns the grid a volume on {@code source} is resampled to (see the class docs): the fixed
   * grid of {@link #resampleTo(VolumeGeometry)}, or the centred grid at the target spacing.
   *
   * @throws IllegalArgumentException if the new grid would hold more than {@link Dims#MAX_VOXELS}
   *     voxels (the message names the size), or a fixed grid has other direction cosines
   */
  public VolumeGeometry targetGeometry(VolumeGeometry source) {
    Objects.requireNonNull(source, "source");
    if (grid != null) {
      if (!grid.sameDirection(source, 1e-6)) {
        throw new IllegalArgumentException(
            "cannot resample onto a grid with other direction cosines: source "
                + source.direction()
                + ", target "
                + grid.direction());
      }
      return grid;
    }
    Dims d = source.dims();
    int[] n = d.toArray();
    long[] m = new long[3];
    double[] shiftVoxels = new double[3];
    for (int a = 0; a < 3; a++) {
      double s = source.spacing().get(a);
      double t = spacing.get(a);
      m[a] = Math.max(1L, Math.round(n[a] * s / t));
      if (m[a] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "resampling to "
                + spacing
                + " gives "
                + m[a]
                + " voxels along axis "
                + a
                + ", more than a volume may hold ("
                + Dims.MAX_VOXELS
                + " voxels)");
      }
      shiftVoxels[a] = ((n[a] - 1) * s - (m[a] - 1) * t) / 2.0 / s;
    }
    long total = m[0] * m[1] * m[2];
    if (total > Dims.MAX_VOXELS) {
      throw new IllegalArgumentException(
          "resampling "
              + d
              + " at "
              + source.spacing()
              + " to "
              + spacing
              + " gives "
              + m[0]
              + "x"
              + m[1]
              + "x"
              + m[2]
              + " = "
              + total
              + " voxels, more than the limit of "
              + Dims.MAX_VOXELS
              + " (2^31 - 9) voxels");
    }
    WorldPoint origin = source.voxelToWorld(shiftVoxels[0], shiftVoxels[1], shiftVoxels[2]);
    return new VolumeGeometry(
        new Dims((int) m[0], (int) m[1], (int) m[2]), spacing, origin, source.direction());
  }

  /**
   * Resamples a CT volume by trilinear interpolation.
   *
   * @param volume the volume (not modified)
   * @return a new volume on {@link #targetGeometry(VolumeGeometry)}
   * @throws IllegalArgumentException if the new grid would be too large
   */
  public CtVolume resample(CtVolume volume) {
    Objects.requireNonNull(volume, "volume");
    long t0 = System.nanoTime();
    VolumeGeometry src = volume.geometry();
    VolumeGeometry dst = targetGeometry(src);
    Axis ax = Axis.of(src, dst, 0, grid != null);
    Axis ay = Axis.of(src, dst, 1, grid != null);
    Axis az = Axis.of(src, dst, 2, grid != null);
    Dims in = src.dims();
    Dims out = dst.dims();
    FloatBuffer voxels = volume.voxels();
    float[] result = new float[out.voxelCount()];
    boolean outside = ax.anyOutside || ay.anyOutside || az.anyOutside;
    int nzOut = out.nz();
    int chunks = Math.min(nzOut, Parallel.parallelism() * 4);
    Parallel.forEach(
        chunks,
        c -> {
          int from = (int) ((long) nzOut * c / chunks);
          int to = (int) ((long) nzOut * (c + 1) / chunks);
          float[] slice = new float[in.sliceSize()];
          float[] upper = new float[in.sliceSize()];
          float[] rowsX = new float[out.nx() * in.ny()];
          for (int k = from; k < to; k++) {
            interpolateSlice(voxels, in, az, k, slice, upper);
            resampleX(slice, in.nx(), in.ny(), ax, rowsX);
            resampleY(rowsX, out.nx(), ay, result, k * out.sliceSize());
            if (outside) {
              fillOutside(result, k, out, ax, ay, az);
            }
          }
        });
    LOG.debug(
        "resampled {} at {} to {} at {} in {} ms",
        in,
        src.spacing(),
        out,
        spacing,
        (System.nanoTime() - t0) / 1_000_000);
    return CtVolume.wrap(dst, result);
  }

  /** Sets the voxels of output slice {@code k} that lie outside the source grid to air. */
  private static void fillOutside(float[] result, int k, Dims out, Axis ax, Axis ay, Axis az) {
    int base = k * out.sliceSize();
    for (int j = 0; j < out.ny(); j++) {
      int row = base + j * out.nx();
      if (az.out[k] || ay.out[j]) {
        java.util.Arrays.fill(result, row, row + out.nx(), OUTSIDE_HU);
        continue;
      }
      for (int i = 0; i < out.nx(); i++) {
        if (ax.out[i]) {
          result[row + i] = OUTSIDE_HU;
        }
      }
    }
  }

  /** Fills {@code slice} with the z-interpolated input slice for output slice {@code k}. */
  private static void interpolateSlice(
      FloatBuffer voxels, Dims in, Axis az, int k, float[] slice, float[] upper) {
    int n = in.sliceSize();
    int z0 = az.lo[k];
    int z1 = az.hi[k];
    float w = az.w[k];
    voxels.get(z0 * n, slice, 0, n);
    if (w != 0f && z1 != z0) {
      voxels.get(z1 * n, upper, 0, n);
      for (int p = 0; p < n; p++) {
        float a = slice[p];
        slice[p] = a + w * (upper[p] - a);
      }
    }
  }

  private static void resampleX(float[] slice, int nxIn, int ny, Axis ax, float[] rowsX) {
    int nxOut = ax.lo.length;
    int[] lo = ax.lo;
    int[] hi = ax.hi;
    float[] w = ax.w;
    for (int j = 0; j < ny; j++) {
      int src = j * nxIn;
      int dst = j * nxOut;
      for (int i = 0; i < nxOut; i++) {
        float a = slice[src + lo[i]];
        rowsX[dst + i] = a + w[i] * (slice[src + hi[i]] - a);
      }
    }
  }

  private static void resampleY(float[] rowsX, int nxOut, Axis ay, float[] out, int offset) {
    int nyOut = ay.lo.length;
    for (int j = 0; j < nyOut; j++) {
      int r0 = ay.lo[j] * nxOut;
      int r1 = ay.hi[j] * nxOut;
      float w = ay.w[j];
      int dst = offset + j * nxOut;
      if (w == 0f) {
        System.arraycopy(rowsX, r0, out, dst, nxOut);
      } else {
        for (int i = 0; i < nxOut; i++) {
          float a = rowsX[r0 + i];
          out[dst + i] = a + w * (rowsX[r1 + i] - a);
        }
      }
    }
  }

  /**
   * Resamples a label mask with the per-label linear-weight vote (see the class docs).
   *
   * @param mask the mask (not modified)
   * @return a new mask on {@link #targetGeometry(VolumeGeometry)}
   * @throws IllegalArgumentException if the new grid would be too large
   */
  public Mask resample(Mask mask) {
    Objects.requireNonNull(mask, "mask");
    VolumeGeometry src = mask.geometry();
    VolumeGeometry dst = targetGeometry(src);
    Axis ax = Axis.of(src, dst, 0, grid != null);
    Axis ay = Axis.of(src, dst, 1, grid != null);
    Axis az = Axis.of(src, dst, 2, grid != null);
    Dims in = src.dims();
    Dims out = dst.dims();
    ByteBuffer labels = mask.labels();
    byte[] result = new byte[out.voxelCount()];
    int nzOut = out.nz();
    int chunks = Math.min(nzOut, Parallel.parallelism() * 4);
    Parallel.forEach(
        chunks,
        c -> {
          int from = (int) ((long) nzOut * c / chunks);
          int to = (int) ((long) nzOut * (c + 1) / chunks);
          int n = in.sliceSize();
          byte[] s0 = new byte[n];
          byte[] s1 = new byte[n];
          int[] lab = new int[8];
          float[] wt = new float[8];
          for (int k = from; k < to; k++) {
            labels.get(az.lo[k] * n, s0, 0, n);
            labels.get(az.hi[k] * n, s1, 0, n);
            float wz = az.w[k];
            int base = k * out.sliceSize();
            for (int j = 0; j < out.ny(); j++) {
              int r0 = ay.lo[j] * in.nx();
              int r1 = ay.hi[j] * in.nx();
              float wy = ay.w[j];
              for (int i = 0; i < out.nx(); i++) {
                if (az.out[k] || ay.out[j] || ax.out[i]) {
                  continue; // outside the source grid: background (label 0)
                }
                int c0 = ax.lo[i];
                int c1 = ax.hi[i];
                byte b = s0[r0 + c0];
                if (b == s0[r0 + c1]
                    && b == s0[r1 + c0]
                    && b == s0[r1 + c1]
                    && b == s1[r0 + c0]
                    && b == s1[r0 + c1]
                    && b == s1[r1 + c0]
                    && b == s1[r1 + c1]) {
                  result[base + j * out.nx() + i] = b;
                  continue;
                }
                float wx = ax.w[i];
                lab[0] = s0[r0 + c0] & 0xFF;
                lab[1] = s0[r0 + c1] & 0xFF;
                lab[2] = s0[r1 + c0] & 0xFF;
                lab[3] = s0[r1 + c1] & 0xFF;
                lab[4] = s1[r0 + c0] & 0xFF;
                lab[5] = s1[r0 + c1] & 0xFF;
                lab[6] = s1[r1 + c0] & 0xFF;
                lab[7] = s1[r1 + c1] & 0xFF;
                float xy00 = (1 - wx) * (1 - wy);
                float xy10 = wx * (1 - wy);
                float xy01 = (1 - wx) * wy;
                float xy11 = wx * wy;
                wt[0] = xy00 * (1 - wz);
                wt[1] = xy10 * (1 - wz);
                wt[2] = xy01 * (1 - wz);
                wt[3] = xy11 * (1 - wz);
                wt[4] = xy00 * wz;
                wt[5] = xy10 * wz;
                wt[6] = xy01 * wz;
                wt[7] = xy11 * wz;
                result[base + j * out.nx() + i] = (byte) vote(lab, wt);
              }
            }
          }
        });
    return Mask.wrap(dst, result);
  }

  /** Returns the label with the largest summed weight; ties go to the smaller label. */
  static int vote(int[] lab, float[] wt) {
    int best = -1;
    float bestW = -1f;
    for (int p = 0; p < 8; p++) {
      int l = lab[p];
      boolean seen = false;
      for (int q = 0; q < p; q++) {
        if (lab[q] == l) {
          seen = true;
          break;
        }
      }
      if (seen) {
        continue;
      }
      float s = 0f;
      for (int q = p; q < 8; q++) {
        if (lab[q] == l) {
          s += wt[q];
        }
      }
      if (s > bestW || (s == bestW && l < best)) {
        best = l;
        bestW = s;
      }
    }
    return best;
  }

  /** Precomputed source indices and weights along one axis. */
  private static final class Axis {
    final int[] lo;
    final int[] hi;
    final float[] w;

    /** Whether the target position lies more than half a voxel outside the source grid. */
    final boolean[] out;

    boolean anyOutside;

    private Axis(int m) {
      lo = new int[m];
      hi = new int[m];
      w = new float[m];
      out = new boolean[m];
    }

    /**
     * The axis from {@code src} to {@code dst}: for the centred grid the shift follows from the
     * sizes alone (no rounding of world coordinates), for a fixed grid from the world position of
     * its origin.
     */
    static Axis of(VolumeGeometry src, VolumeGeometry dst, int a, boolean fixed) {
      int n = src.dims().toArray()[a];
      int m = dst.dims().toArray()[a];
      double s = src.spacing().get(a);
      double t = dst.spacing().get(a);
      double shift;
      if (fixed) {
        VoxelPoint o = src.worldToVoxel(dst.origin());
        shift = a == 0 ? o.i() : a == 1 ? o.j() : o.k();
      } else {
        shift = ((n - 1) * s - (m - 1) * t) / 2.0 / s;
      }
      double step = t / s;
      Axis ax = new Axis(m);
      for (int q = 0; q < m; q++) {
        double x = shift + q * step;
        if (fixed && (x < -0.5 - 1e-9 || x > n - 0.5 + 1e-9)) {
          ax.out[q] = true;
          ax.anyOutside = true;
        }
        if (x <= 0) {
          ax.lo[q] = 0;
          ax.hi[q] = 0;
        } else if (x >= n - 1) {
          ax.lo[q] = n - 1;
          ax.hi[q] = n - 1;
        } else {
          int f = (int) Math.floor(x);
          double frac = x - f;
          // snap tiny rounding residues so that aligned grids copy voxels exactly
          if (frac < 1e-9) {
            frac = 0;
          } else if (frac > 1 - 1e-9) {
            f += 1;
            frac = 0;
          }
          ax.lo[q] = f;
          ax.hi[q] = Math.min(f + 1, n - 1);
          ax.w[q] = (float) frac;
        }
      }
      return ax;
    }
  }

  @Override
  public String toString() {
    return "Resampler["
        + (grid == null ? "spacing=" + spacing : "grid=" + grid)
        + ", images=trilinear, masks=label vote]";
  }

  /** Builds a {@link Resampler}. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private Spacing spacing;

    private Builder() {}

    /**
     * Sets the target spacing (default {@link #DEFAULT_SPACING}).
     *
     * @throws NullPointerException if {@code spacing} is null
     * @throws IllegalStateException if the spacing was already set
     */
    public Builder spacing(Spacing spacing) {
      Objects.requireNonNull(spacing, "spacing");
      if (this.spacing != null) {
        throw new IllegalStateException("spacing was already set to " + this.spacing);
      }
      this.spacing = spacing;
      return this;
    }

    /**
     * Sets an isotropic target spacing in mm.
     *
     * @throws IllegalArgumentException if {@code mm} is zero, negative, NaN or infinite
     * @throws IllegalStateException if the spacing was already set
     */
    public Builder isotropic(double mm) {
      return spacing(Spacing.isotropic(mm));
    }

    /** Builds the resampler. */
    public Resampler build() {
      return new Resampler(spacing == null ? DEFAULT_SPACING : spacing, null);
    }
  }
}
