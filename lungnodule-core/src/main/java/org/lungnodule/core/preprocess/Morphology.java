package org.lungnodule.core.preprocess;

import org.lungnodule.core.Dims;
import org.lungnodule.core.DistanceTransform;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.Spacing;

/**
 * Binary morphology on byte masks (0 = background, non-zero = set), x-fastest like the volumes:
 * connected components, per-slice hole filling and Euclidean closing/dilation through exact squared
 * distance transforms ({@link DistanceTransform}), in mm with the voxel spacing.
 */
final class Morphology {

  private Morphology() {}

  /**
   * Result of {@link #components}: the runs of set voxels along x (row {@code r = j + ny·k}, runs
   * of a row in order), the label of each run, and per-label statistics.
   */
  static final class Components {
    private final Dims dims;
    private final int[] rowFirstRun;
    private final int[] runStart;
    private final int[] runEnd;
    private final int[] runLabel;
    private final long[] sizes;
    private final boolean[] touchesSide;

    Components(
        Dims dims,
        int[] rowFirstRun,
        int[] runStart,
        int[] runEnd,
        int[] runLabel,
        long[] sizes,
        boolean[] touchesSide) {
      this.dims = dims;
      this.rowFirstRun = rowFirstRun;
      this.runStart = runStart;
      this.runEnd = runEnd;
      this.runLabel = runLabel;
      this.sizes = sizes;
      this.touchesSide = touchesSide;
    }

    int count() {
      return sizes.length;
    }

    long[] sizes() {
      return sizes;
    }

    boolean[] touchesSide() {
      return touchesSide;
    }

    /** Returns the label of voxel (i, j, k), or -1 for background. */
    int labelAt(int i, int j, int k) {
      int r = j + dims.ny() * k;
      for (int q = rowFirstRun[r]; q < rowFirstRun[r + 1]; q++) {
        if (i >= runStart[q] && i < runEnd[q]) {
          return runLabel[q];
        }
      }
      return -1;
    }

    /**
     * Writes 1 into {@code mask} for the voxels of the labels {@code keep} accepts, 0 elsewhere.
     */
    void paint(byte[] mask, java.util.function.IntPredicate keep) {
      int nx = dims.nx();
      int rows = dims.ny() * dims.nz();
      int ny = dims.ny();
      Parallel.forEach(
          dims.nz(),
          k -> {
            for (int r = k * ny; r < (k + 1) * ny; r++) {
              int off = r * nx;
              java.util.Arrays.fill(mask, off, off + nx, (byte) 0);
              for (int q = rowFirstRun[r]; q < rowFirstRun[r + 1]; q++) {
                if (keep.test(runLabel[q])) {
                  java.util.Arrays.fill(mask, off + runStart[q], off + runEnd[q], (byte) 1);
                }
              }
            }
          });
      assert rows == rowFirstRun.length - 1;
    }
  }

  /**
   * Labels the 6-connected components of the set voxels. A component "touches the side" when it has
   * a voxel on one of the four faces {@code i = 0}, {@code i = nx − 1}, {@code j = 0}, {@code j =
   * ny − 1} (the faces around the patient in an axial scan; the first and last slices do not count,
   * since lungs and airways often reach them). Labels are 0.. in order of first voxel.
   *
   * <p>Union-find on runs along x: runs are found and joined within each slice in parallel, then
   * joined across slices in order; one forward pass flattens the trees (every parent is an earlier
   * run).
   */
  static Components components(byte[] mask, Dims d) {
    int nx = d.nx();
    int ny = d.ny();
    int nz = d.nz();
    int rows = ny * nz;
    int[] rowCount = new int[rows + 1];
    Parallel.forEach(
        nz,
        k -> {
          for (int r = k * ny; r < (k + 1) * ny; r++) {
            int off = r * nx;
            int c = 0;
            boolean in = false;
            for (int i = 0; i < nx; i++) {
              boolean set = mask[off + i] != 0;
              if (set && !in) {
                c++;
              }
              in = set;
            }
            rowCount[r + 1] = c;
          }
        });
    int[] first = new int[rows + 1];
    for (int r = 0; r < rows; r++) {
      first[r + 1] = first[r] + rowCount[r + 1];
    }
    int runs = first[rows];
    int[] start = new int[runs];
    int[] end = new int[runs];
    int[] parent = new int[runs];
    Parallel.forEach(
        nz,
        k -> {
          for (int r = k * ny; r < (k + 1) * ny; r++) {
            int off = r * nx;
            int q = first[r];
            int i = 0;
            while (i < nx) {
              if (mask[off + i] == 0) {
                i++;
                continue;
              }
              int s0 = i;
              while (i < nx && mask[off + i] != 0) {
                i++;
              }
              start[q] = s0;
              end[q] = i;
              parent[q] = q;
              q++;
            }
            if (r > k * ny) {
              joinRows(parent, start, end, first, r - 1, r);
            }
          }
        });
    for (int k = 1; k < nz; k++) {
      for (int r = k * ny; r < (k + 1) * ny; r++) {
        joinRows(parent, start, end, first, r - ny, r);
      }
    }
    int next = 0;
    for (int q = 0; q < runs; q++) {
      int p = parent[q];
      parent[q] = p == q ? -(next++) - 1 : parent[p];
    }
    long[] sizes = new long[next];
    boolean[] side = new boolean[next];
    for (int r = 0; r < rows; r++) {
      int j = r % ny;
      boolean edgeRow = j == 0 || j == ny - 1;
      for (int q = first[r]; q < first[r + 1]; q++) {
        int label = -parent[q] - 1;
        parent[q] = label;
        sizes[label] += end[q] - start[q];
        if (edgeRow || start[q] == 0 || end[q] == nx) {
          side[label] = true;
        }
      }
    }
    return new Components(d, first, start, end, parent, sizes, side);
  }

  /** Joins the runs of row {@code b} with the overlapping runs of row {@code a}. */
  private static void joinRows(int[] parent, int[] start, int[] end, int[] first, int a, int b) {
    int p = first[a];
    int pEnd = first[a + 1];
    int q = first[b];
    int qEnd = first[b + 1];
    while (p < pEnd && q < qEnd) {
      if (start[p] < end[q] && start[q] < end[p]) {
        union(parent, p, q);
      }
      if (end[p] < end[q]) {
        p++;
      } else {
        q++;
      }
    }
  }

  private static int find(int[] parent, int p) {
    while (parent[p] != p) {
      parent[p] = parent[parent[p]];
      p = parent[p];
    }
    return p;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra == rb) {
      return;
    }
    if (ra < rb) {
      parent[rb] = ra;
    } else {
      parent[ra] = rb;
    }
  }

  /**
   * Fills holes slice by slice: background voxels of an axial slice that are not 4-connected to the
   * slice border within the background become set (value 1).
   */
  static void fillHolesPerSlice(byte[] mask, Dims d) {
    int[] b = boundingBox(mask, d);
    if (b == null) {
      return;
    }
    // outside the bounding box everything is background and reaches the border: work inside the
    // box grown by one voxel (clipped), seeding from its rim
    int x0 = Math.max(0, b[0] - 1);
    int y0 = Math.max(0, b[1] - 1);
    int x1 = Math.min(d.nx(), b[3] + 1);
    int y1 = Math.min(d.ny(), b[4] + 1);
    Dims r = new Dims(x1 - x0, y1 - y0, b[5] - b[2]);
    byte[] sub = new byte[r.voxelCount()];
    int[] lo = {x0, y0, b[2]};
    copyBox(mask, d, sub, r, lo, true);
    fillHolesWholeSlices(sub, r);
    copyBox(mask, d, sub, r, lo, false);
  }

  private static void fillHolesWholeSlices(byte[] mask, Dims d) {
    int nx = d.nx();
    int ny = d.ny();
    int plane = d.sliceSize();
    int nz = d.nz();
    int chunks = Math.min(nz, Parallel.parallelism() * 4);
    Parallel.forEach(
        chunks,
        c -> {
          int[] queue = new int[plane];
          boolean[] outside = new boolean[plane];
          for (int k = (int) ((long) nz * c / chunks);
              k < (int) ((long) nz * (c + 1) / chunks);
              k++) {
            int base = k * plane;
            java.util.Arrays.fill(outside, false);
            int head = 0;
            int tail = 0;
            for (int p = 0; p < plane; p++) {
              int i = p % nx;
              int j = p / nx;
              boolean border = i == 0 || j == 0 || i == nx - 1 || j == ny - 1;
              if (border && mask[base + p] == 0) {
                outside[p] = true;
                queue[tail++] = p;
              }
            }
            while (head < tail) {
              int p = queue[head++];
              int i = p % nx;
              int j = p / nx;
              if (i > 0) {
                tail = visit(mask, base, outside, queue, tail, p - 1);
              }
              if (i < nx - 1) {
                tail = visit(mask, base, outside, queue, tail, p + 1);
              }
              if (j > 0) {
                tail = visit(mask, base, outside, queue, tail, p - nx);
              }
              if (j < ny - 1) {
                tail = visit(mask, base, outside, queue, tail, p + nx);
              }
            }
            for (int p = 0; p < plane; p++) {
              if (!outside[p] && mask[base + p] == 0) {
                mask[base + p] = 1;
              }
            }
          }
        });
  }

  private static int visit(byte[] mask, int base, boolean[] outside, int[] queue, int tail, int q) {
    if (!outside[q] && mask[base + q] == 0) {
      outside[q] = true;
      queue[tail++] = q;
    }
    return tail;
  }

  /**
   * Closes the mask (dilation then erosion by a ball of {@code radiusMm}) and then dilates it by
   * {@code dilationMm}, in place. Works inside the bounding box of the set voxels grown by the
   * radii, so the cost follows the lungs, not the whole scan.
   */
  static void closeAndDilate(byte[] mask, Dims d, Spacing s, double radiusMm, double dilationMm) {
    if (radiusMm <= 0 && dilationMm <= 0) {
      return;
    }
    int[] box = boundingBox(mask, d);
    if (box == null) {
      return;
    }
    double reach = Math.max(radiusMm, 0) + Math.max(dilationMm, 0);
    int[] lo = new int[3];
    int[] hi = new int[3];
    int[] n = d.toArray();
    for (int a = 0; a < 3; a++) {
      int m = (int) Math.ceil(reach / s.get(a)) + 2;
      lo[a] = Math.max(0, box[a] - m);
      hi[a] = Math.min(n[a], box[a + 3] + m);
    }
    Dims r = new Dims(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
    byte[] sub = new byte[r.voxelCount()];
    copyBox(mask, d, sub, r, lo, true);
    if (radiusMm > 0) {
      threshold(DistanceTransform.squaredEdt(sub, r, s, true), sub, radiusMm * radiusMm, true);
      threshold(DistanceTransform.squaredEdt(sub, r, s, false), sub, radiusMm * radiusMm, false);
    }
    if (dilationMm > 0) {
      threshold(DistanceTransform.squaredEdt(sub, r, s, true), sub, dilationMm * dilationMm, true);
    }
    copyBox(mask, d, sub, r, lo, false);
  }

  /**
   * Dilation ({@code dilate}): set where the distance to the set voxels is within {@code r2}.
   * Erosion: keep where the distance to the background is beyond {@code r2}.
   */
  private static void threshold(double[] dist, byte[] sub, double r2, boolean dilate) {
    int n = sub.length;
    int chunks = Parallel.parallelism() * 4;
    Parallel.forEach(
        chunks,
        c -> {
          int from = (int) ((long) n * c / chunks);
          int to = (int) ((long) n * (c + 1) / chunks);
          for (int p = from; p < to; p++) {
            if (dilate) {
              sub[p] = (byte) (dist[p] <= r2 ? 1 : 0);
            } else {
              sub[p] = (byte) (dist[p] > r2 ? 1 : 0);
            }
          }
        });
  }

  private static void copyBox(byte[] full, Dims d, byte[] sub, Dims r, int[] lo, boolean toSub) {
    Parallel.forEach(
        r.nz(),
        k -> {
          for (int j = 0; j < r.ny(); j++) {
            int fo = d.index(lo[0], lo[1] + j, lo[2] + k);
            int so = r.index(0, j, k);
            if (toSub) {
              System.arraycopy(full, fo, sub, so, r.nx());
            } else {
              System.arraycopy(sub, so, full, fo, r.nx());
            }
          }
        });
  }

  /** Returns {minI, minJ, minK, maxI, maxJ, maxK} (half-open) of the set voxels, or null. */
  static int[] boundingBox(byte[] mask, Dims d) {
    int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
    for (int p = 0, k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++, p++) {
          if (mask[p] != 0) {
            b[0] = Math.min(b[0], i);
            b[1] = Math.min(b[1], j);
            b[2] = Math.min(b[2], k);
            b[3] = Math.max(b[3], i + 1);
            b[4] = Math.max(b[4], j + 1);
            b[5] = Math.max(b[5], k + 1);
          }
        }
      }
    }
    return b[3] < 0 ? null : b;
  }

  /**
   * Replaces, slice by slice, every 4-connected 2D component of the mask by its convex hull (the
   * voxels whose centres lie in the hull of the component's voxel centres), unless the hull is more
   * than {@code maxRatio} times the component's area (as grt123 does, so that a concave lung is
   * left as it is rather than swallowing the mediastinum).
   */
  static void convexHullPerSlice(byte[] mask, Dims d, double maxRatio) {
    int nx = d.nx();
    int ny = d.ny();
    int plane = d.sliceSize();
    int nz = d.nz();
    int chunks = Math.min(nz, Parallel.parallelism() * 4);
    Parallel.forEach(
        chunks,
        c -> {
          int[] label = new int[plane];
          int[] queue = new int[plane];
          int[] lo = new int[ny];
          int[] hi = new int[ny];
          long[] hull = new long[2 * ny + 2];
          for (int k = (int) ((long) nz * c / chunks);
              k < (int) ((long) nz * (c + 1) / chunks);
              k++) {
            int base = k * plane;
            java.util.Arrays.fill(label, 0);
            int next = 0;
            for (int seed = 0; seed < plane; seed++) {
              if (mask[base + seed] == 0 || label[seed] != 0) {
                continue;
              }
              int id = ++next;
              java.util.Arrays.fill(lo, Integer.MAX_VALUE);
              java.util.Arrays.fill(hi, -1);
              int head = 0;
              int tail = 0;
              queue[tail++] = seed;
              label[seed] = id;
              long area = 0;
              while (head < tail) {
                int p = queue[head++];
                int i = p % nx;
                int j = p / nx;
                area++;
                lo[j] = Math.min(lo[j], i);
                hi[j] = Math.max(hi[j], i);
                if (i > 0 && mask[base + p - 1] != 0 && label[p - 1] == 0) {
                  label[p - 1] = id;
                  queue[tail++] = p - 1;
                }
                if (i < nx - 1 && mask[base + p + 1] != 0 && label[p + 1] == 0) {
                  label[p + 1] = id;
                  queue[tail++] = p + 1;
                }
                if (j > 0 && mask[base + p - nx] != 0 && label[p - nx] == 0) {
                  label[p - nx] = id;
                  queue[tail++] = p - nx;
                }
                if (j < ny - 1 && mask[base + p + nx] != 0 && label[p + nx] == 0) {
                  label[p + nx] = id;
                  queue[tail++] = p + nx;
                }
              }
              fillHull(mask, base, nx, ny, lo, hi, hull, area, maxRatio);
            }
          }
        });
  }

  /** Fills the convex hull of the rows' extreme points [lo[j], hi[j]] if it is small enough. */
  private static void fillHull(
      byte[] mask,
      int base,
      int nx,
      int ny,
      int[] lo,
      int[] hi,
      long[] pts,
      long area,
      double maxRatio) {
    // points sorted by (j, i): for each row the left then the right end
    int n = 0;
    for (int j = 0; j < ny; j++) {
      if (hi[j] >= 0) {
        pts[n++] = pack(lo[j], j);
        if (hi[j] != lo[j]) {
          pts[n++] = pack(hi[j], j);
        }
      }
    }
    if (n < 3) {
      return;
    }
    // Andrew's monotone chain over points sorted by (j, then i)
    long[] h = new long[2 * n];
    int m = 0;
    for (int q = 0; q < n; q++) {
      while (m >= 2 && cross(h[m - 2], h[m - 1], pts[q]) <= 0) {
        m--;
      }
      h[m++] = pts[q];
    }
    for (int q = n - 2, t = m + 1; q >= 0; q--) {
      while (m >= t && cross(h[m - 2], h[m - 1], pts[q]) <= 0) {
        m--;
      }
      h[m++] = pts[q];
    }
    m--; // the last point repeats the first
    if (m < 3) {
      return;
    }
    int jMin = Integer.MAX_VALUE;
    int jMax = -1;
    for (int q = 0; q < m; q++) {
      jMin = Math.min(jMin, pj(h[q]));
      jMax = Math.max(jMax, pj(h[q]));
    }
    int rows = jMax - jMin + 1;
    int[] left = new int[rows];
    int[] right = new int[rows];
    long hullArea = 0;
    for (int j = jMin; j <= jMax; j++) {
      double xl = Double.POSITIVE_INFINITY;
      double xr = Double.NEGATIVE_INFINITY;
      for (int q = 0; q < m; q++) {
        long a = h[q];
        long b = h[(q + 1) % m];
        int ja = pj(a);
        int jb = pj(b);
        if ((j < Math.min(ja, jb)) || (j > Math.max(ja, jb))) {
          continue;
        }
        if (ja == jb) {
          xl = Math.min(xl, Math.min(pi(a), pi(b)));
          xr = Math.max(xr, Math.max(pi(a), pi(b)));
        } else {
          double x = pi(a) + (double) (j - ja) * (pi(b) - pi(a)) / (jb - ja);
          xl = Math.min(xl, x);
          xr = Math.max(xr, x);
        }
      }
      left[j - jMin] = (int) Math.ceil(xl - 1e-9);
      right[j - jMin] = (int) Math.floor(xr + 1e-9);
      hullArea += Math.max(0, right[j - jMin] - left[j - jMin] + 1);
    }
    if (hullArea > maxRatio * area) {
      return;
    }
    for (int j = jMin; j <= jMax; j++) {
      int off = base + j * nx;
      for (int i = Math.max(0, left[j - jMin]); i <= Math.min(nx - 1, right[j - jMin]); i++) {
        mask[off + i] = 1;
      }
    }
  }

  private static long pack(int i, int j) {
    return ((long) j << 32) | (i & 0xFFFFFFFFL);
  }

  private static int pi(long p) {
    return (int) p;
  }

  private static int pj(long p) {
    return (int) (p >> 32);
  }

  private static long cross(long o, long a, long b) {
    return (long) (pi(a) - pi(o)) * (pj(b) - pj(o)) - (long) (pj(a) - pj(o)) * (pi(b) - pi(o));
  }
}
