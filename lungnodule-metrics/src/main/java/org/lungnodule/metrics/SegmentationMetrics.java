package org.lungnodule.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import org.lungnodule.core.Dims;
import org.lungnodule.core.DistanceTransform;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;

/**
 * Dice, IoU and surface distances of a predicted binary mask against the truth (foreground = any
 * non-zero label), with anisotropic spacing.
 *
 * <p><b>Surface</b>: the foreground voxels with at least one of their six face neighbours in the
 * background; outside the grid counts as background, so foreground voxels on the grid's border are
 * surface (as {@code mask & ~scipy.ndimage.binary_erosion(mask, generate_binary_structure(3, 1))}).
 * The distance from a surface voxel of one mask to the other mask is the Euclidean distance in mm
 * between voxel centres to the nearest surface voxel of the other mask, from an exact distance
 * transform ({@link DistanceTransform}). Only the bounding box of both masks plus one voxel is
 * processed, which gives the same distances as the whole grid.
 *
 * <p><b>Empty masks</b>: see {@link SegmentationScores}.
 */
public final class SegmentationMetrics {

  private SegmentationMetrics() {}

  /**
   * Scores two masks on the same grid.
   *
   * @throws IllegalArgumentException if the masks' dims, spacing, origin or direction differ
   */
  public static SegmentationScores evaluate(Mask pred, Mask truth) {
    checkSameGrid(pred, truth);
    Dims d = pred.dims();
    return evaluate(buffer(pred.labels()), buffer(truth.labels()), d, pred.geometry().spacing());
  }

  /**
   * Scores two masks given as arrays (non-zero = foreground), x fastest.
   *
   * @throws IllegalArgumentException if an array length does not match the dims
   */
  public static SegmentationScores evaluate(byte[] pred, byte[] truth, Dims dims, Spacing spacing) {
    check(
        pred,
        truth,
        dims,
        spacing,
        pred == null ? 0 : pred.length,
        truth == null ? 0 : truth.length);
    return evaluate(array(pred), array(truth), dims, spacing);
  }

  /**
   * Scores two masks given as boolean arrays, x fastest.
   *
   * @throws IllegalArgumentException if an array length does not match the dims
   */
  public static SegmentationScores evaluate(
      boolean[] pred, boolean[] truth, Dims dims, Spacing spacing) {
    check(
        pred,
        truth,
        dims,
        spacing,
        pred == null ? 0 : pred.length,
        truth == null ? 0 : truth.length);
    return evaluate(bools(pred), bools(truth), dims, spacing);
  }

  /** Dice of two masks on the same grid (1 when both are empty). */
  public static double dice(Mask pred, Mask truth) {
    return evaluateOverlapOnly(pred, truth)[0];
  }

  /** IoU (Jaccard) of two masks on the same grid (1 when both are empty). */
  public static double iou(Mask pred, Mask truth) {
    return evaluateOverlapOnly(pred, truth)[1];
  }

  /** The symmetric average surface distance in mm (empty if either mask is empty). */
  public static OptionalDouble averageSurfaceDistanceMm(Mask pred, Mask truth) {
    return evaluate(pred, truth).asdMm();
  }

  /** The HD95 in mm (empty if either mask is empty). */
  public static OptionalDouble hd95Mm(Mask pred, Mask truth) {
    return evaluate(pred, truth).hd95Mm();
  }

  private static double[] evaluateOverlapOnly(Mask pred, Mask truth) {
    checkSameGrid(pred, truth);
    ByteBuffer p = pred.labels();
    ByteBuffer t = truth.labels();
    long np = 0;
    long nt = 0;
    long ni = 0;
    for (int i = 0; i < p.capacity(); i++) {
      boolean a = p.get(i) != 0;
      boolean b = t.get(i) != 0;
      np += a ? 1 : 0;
      nt += b ? 1 : 0;
      ni += a && b ? 1 : 0;
    }
    return overlap(np, nt, ni);
  }

  private static double[] overlap(long np, long nt, long ni) {
    if (np + nt == 0) {
      return new double[] {1, 1};
    }
    return new double[] {2.0 * ni / (np + nt), (double) ni / (np + nt - ni)};
  }

  static void checkSameGrid(Mask pred, Mask truth) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(truth, "truth");
    VolumeGeometry a = pred.geometry();
    VolumeGeometry b = truth.geometry();
    if (!a.dims().equals(b.dims())) {
      throw new IllegalArgumentException(
          "masks must have the same shape, got pred " + a.dims() + " and truth " + b.dims());
    }
    for (int ax = 0; ax < 3; ax++) {
      double sa = a.spacing().get(ax);
      double sb = b.spacing().get(ax);
      if (Math.abs(sa - sb) > 1e-6 * Math.max(sa, sb)) {
        throw new IllegalArgumentException(
            "masks must have the same spacing, got pred "
                + a.spacing()
                + " and truth "
                + b.spacing());
      }
    }
    if (!a.sameGrid(b, 1e-3)) {
      throw new IllegalArgumentException(
          "masks must lie on the same grid, got pred origin "
              + a.origin()
              + " direction "
              + a.direction()
              + " and truth origin "
              + b.origin()
              + " direction "
              + b.direction());
    }
  }

  private static void check(Object pred, Object truth, Dims dims, Spacing spacing, int lp, int lt) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(truth, "truth");
    Objects.requireNonNull(dims, "dims");
    Objects.requireNonNull(spacing, "spacing");
    int n = dims.voxelCount();
    if (lp != n || lt != n) {
      throw new IllegalArgumentException(
          "masks must have "
              + n
              + " voxels for dims "
              + dims
              + ", got pred "
              + lp
              + " and truth "
              + lt);
    }
  }

  /** Reads a run of voxels (length len from linear index i0) as bytes. */
  interface Source {
    void read(int i0, int len, byte[] dst);

    /** The backing array (x fastest, whole grid) if there is one, else null. */
    default byte[] array() {
      return null;
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Whether a[off .. off+len) are all zero, tested 8 bytes at a time. */
  static boolean allZero(byte[] a, int off, int len) {
    int i = 0;
    long acc = 0;
    for (; i + 8 <= len; i += 8) {
      acc |= (long) LONGS.get(a, off + i);
    }
    for (; i < len; i++) {
      acc |= a[off + i];
    }
    return acc == 0;
  }

  private static Source array(byte[] a) {
    return new Source() {
      @Override
      public void read(int i0, int len, byte[] dst) {
        System.arraycopy(a, i0, dst, 0, len);
      }

      @Override
      public byte[] array() {
        return a;
      }
    };
  }

  private static Source buffer(ByteBuffer b) {
    return (i0, len, dst) -> b.get(i0, dst, 0, len);
  }

  private static Source bools(boolean[] a) {
    return (i0, len, dst) -> {
      for (int t = 0; t < len; t++) {
        dst[t] = a[i0 + t] ? (byte) 1 : 0;
      }
    };
  }

  static SegmentationScores evaluate(Source pred, Source truth, Dims dims, Spacing spacing) {
    int nx = dims.nx();
    int ny = dims.ny();
    int nz = dims.nz();
    // Pass 1: per-slice bounding box of the union and the counts, in parallel over slice chunks;
    // rows are first tested 8 bytes at a time.
    int[][] box = new int[nz][];
    long[][] counts = new long[nz][];
    int chunks = Math.min(nz, Parallel.parallelism() * 8);
    Parallel.forEach(
        chunks,
        c -> {
          byte[] directA = pred.array();
          byte[] directB = truth.array();
          byte[] ra = directA == null ? new byte[nx] : null;
          byte[] rb = directB == null ? new byte[nx] : null;
          for (int k = (int) ((long) nz * c / chunks);
              k < (int) ((long) nz * (c + 1) / chunks);
              k++) {
            int minI = Integer.MAX_VALUE;
            int maxI = -1;
            int minJ = Integer.MAX_VALUE;
            int maxJ = -1;
            long np = 0;
            long nt = 0;
            long ni = 0;
            for (int j = 0; j < ny; j++) {
              int row = nx * (j + ny * k);
              byte[] a;
              byte[] b;
              int offA;
              int offB;
              if (directA != null) {
                a = directA;
                offA = row;
              } else {
                pred.read(row, nx, ra);
                a = ra;
                offA = 0;
              }
              if (directB != null) {
                b = directB;
                offB = row;
              } else {
                truth.read(row, nx, rb);
                b = rb;
                offB = 0;
              }
              if (allZero(a, offA, nx) && allZero(b, offB, nx)) {
                continue;
              }
              minJ = Math.min(minJ, j);
              maxJ = j;
              for (int i = 0; i < nx; i++) {
                boolean pa = a[offA + i] != 0;
                boolean pb = b[offB + i] != 0;
                if (pa || pb) {
                  minI = Math.min(minI, i);
                  maxI = Math.max(maxI, i);
                  np += pa ? 1 : 0;
                  nt += pb ? 1 : 0;
                  ni += pa && pb ? 1 : 0;
                }
              }
            }
            if (maxI >= 0) {
              box[k] = new int[] {minI, maxI, minJ, maxJ};
              counts[k] = new long[] {np, nt, ni};
            }
          }
        });
    long np = 0;
    long nt = 0;
    long ni = 0;
    int minI = Integer.MAX_VALUE;
    int maxI = -1;
    int minJ = Integer.MAX_VALUE;
    int maxJ = -1;
    int minK = Integer.MAX_VALUE;
    int maxK = -1;
    for (int k = 0; k < nz; k++) {
      if (box[k] != null) {
        minI = Math.min(minI, box[k][0]);
        maxI = Math.max(maxI, box[k][1]);
        minJ = Math.min(minJ, box[k][2]);
        maxJ = Math.max(maxJ, box[k][3]);
        minK = Math.min(minK, k);
        maxK = k;
        np += counts[k][0];
        nt += counts[k][1];
        ni += counts[k][2];
      }
    }
    double[] ov = overlap(np, nt, ni);
    OptionalDouble none = OptionalDouble.empty();
    if (np == 0 || nt == 0) {
      return new SegmentationScores(np, nt, ni, ov[0], ov[1], none, none, none, none, none);
    }
    // Crop: the union's bounding box plus one voxel, clipped to the grid.
    int x0 = Math.max(0, minI - 1);
    int x1 = Math.min(nx - 1, maxI + 1);
    int y0 = Math.max(0, minJ - 1);
    int y1 = Math.min(ny - 1, maxJ + 1);
    int z0 = Math.max(0, minK - 1);
    int z1 = Math.min(nz - 1, maxK + 1);
    int cx = x1 - x0 + 1;
    int cy = y1 - y0 + 1;
    int cz = z1 - z0 + 1;
    Dims cd = new Dims(cx, cy, cz);
    boolean[] a = new boolean[cd.voxelCount()];
    boolean[] b = new boolean[cd.voxelCount()];
    Parallel.forEach(
        cz,
        kk -> {
          byte[] ra = new byte[cx];
          byte[] rb = new byte[cx];
          for (int jj = 0; jj < cy; jj++) {
            int src = x0 + nx * ((y0 + jj) + ny * (z0 + kk));
            pred.read(src, cx, ra);
            truth.read(src, cx, rb);
            int dst = cx * (jj + cy * kk);
            for (int ii = 0; ii < cx; ii++) {
              a[dst + ii] = ra[ii] != 0;
              b[dst + ii] = rb[ii] != 0;
            }
          }
        });
    boolean[] sa = surface(a, cd);
    boolean[] sb = surface(b, cd);
    double[] da = DistanceTransform.squaredEdt(sa, cd, spacing);
    double[] db = DistanceTransform.squaredEdt(sb, cd, spacing);
    double[] ab = distancesAt(sa, db);
    double[] ba = distancesAt(sb, da);
    double sumAb = sum(ab);
    double sumBa = sum(ba);
    double asd = (sumAb + sumBa) / (ab.length + ba.length);
    Arrays.sort(ab);
    Arrays.sort(ba);
    double hd = Math.max(ab[ab.length - 1], ba[ba.length - 1]);
    double hd95 = Math.max(Bootstrap.quantileSorted(ab, 0.95), Bootstrap.quantileSorted(ba, 0.95));
    return new SegmentationScores(
        np,
        nt,
        ni,
        ov[0],
        ov[1],
        OptionalDouble.of(asd),
        OptionalDouble.of(sumAb / ab.length),
        OptionalDouble.of(sumBa / ba.length),
        OptionalDouble.of(hd),
        OptionalDouble.of(hd95));
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  private static double[] distancesAt(boolean[] surface, double[] squared) {
    int n = 0;
    for (boolean s : surface) {
      n += s ? 1 : 0;
    }
    double[] out = new double[n];
    int t = 0;
    for (int i = 0; i < surface.length; i++) {
      if (surface[i]) {
        out[t++] = Math.sqrt(squared[i]);
      }
    }
    return out;
  }

  /** Foreground voxels with a 6-neighbour in the background (outside the grid = background). */
  static boolean[] surface(boolean[] m, Dims d) {
    int nx = d.nx();
    int ny = d.ny();
    int nz = d.nz();
    int slice = nx * ny;
    boolean[] s = new boolean[m.length];
    Parallel.forEach(
        nz,
        k -> {
          for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
              int idx = i + nx * (j + ny * k);
              if (!m[idx]) {
                continue;
              }
              boolean interior =
                  i > 0
                      && i < nx - 1
                      && j > 0
                      && j < ny - 1
                      && k > 0
                      && k < nz - 1
                      && m[idx - 1]
                      && m[idx + 1]
                      && m[idx - nx]
                      && m[idx + nx]
                      && m[idx - slice]
                      && m[idx + slice];
              s[idx] = !interior;
            }
          }
        });
    return s;
  }
}
