package org.lungnodule.io.lidc;

import java.util.Arrays;
import org.lungnodule.core.Dims;

/**
 * The voxels and contour of one placed mark, kept by the clusterer for one {@code cluster} call (it
 * caches a spatial index, so it is not shared between threads): the covered voxels as sorted linear
 * indices, the distinct contour voxels in world mm, and their bounding boxes.
 */
final class MarkShape {

  /**
   * A budget of elementary steps (a voxel looked up, a grid cell looked up, a pair of points
   * compared) shared by the comparisons of one {@code cluster} call.
   */
  static final class Work {
    private final long limit;
    private long spent;

    Work(long limit) {
      this.limit = limit;
    }

    void spend(long steps) {
      spent += steps;
      if (spent > limit) {
        throw new IllegalArgumentException(
            "the marks lie too close together to cluster: comparing them takes more than "
                + limit
                + " steps (voxel, grid cell and contour point comparisons)");
      }
    }

    long spent() {
      return spent;
    }
  }

  private static final long OFFSET = 1L << 20;

  /** Cells are at most 2^19 from the origin on each axis, so a cell key packs into 3 x 21 bits. */
  private static final double MAX_CELLS_FROM_ORIGIN = 1 << 19;

  private final int[] sortedVoxels;
  private final double[] contourMm;

  /** i0, j0, k0, i1, j1, k1 of the voxels; null when there are none. */
  private final int[] voxelBox;

  /** min x, y, z and max x, y, z of the contour (mm). */
  private final double[] contourBox;

  private double indexCell = Double.NaN;
  private long[] cellKeys;
  private int[] cellStart;
  private int[] cellPoints;

  /** Open addressing from a cell key to its index in cellKeys; -1 marks a free slot. */
  private long[] tableKeys;

  private int[] tableCells;

  /**
   * @param sortedVoxels the covered voxels, sorted, distinct
   * @param contourMm the contour points as x, y, z triples in mm, at least one
   * @param dims the grid of the linear indices
   */
  MarkShape(int[] sortedVoxels, double[] contourMm, Dims dims) {
    this.sortedVoxels = sortedVoxels;
    this.contourMm = contourMm;
    if (sortedVoxels.length == 0) {
      voxelBox = null;
    } else {
      int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
      for (int v : sortedVoxels) {
        int i = v % dims.nx();
        int j = (v / dims.nx()) % dims.ny();
        int k = v / dims.sliceSize();
        b[0] = Math.min(b[0], i);
        b[1] = Math.min(b[1], j);
        b[2] = Math.min(b[2], k);
        b[3] = Math.max(b[3], i);
        b[4] = Math.max(b[4], j);
        b[5] = Math.max(b[5], k);
      }
      voxelBox = b;
    }
    double[] c = {
      Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY
    };
    for (int q = 0; q < contourMm.length; q += 3) {
      for (int a = 0; a < 3; a++) {
        c[a] = Math.min(c[a], contourMm[q + a]);
        c[3 + a] = Math.max(c[3 + a], contourMm[q + a]);
      }
    }
    contourBox = c;
  }

  /** The covered voxels, sorted (the caller must not change them). */
  int[] sortedVoxels() {
    return sortedVoxels;
  }

  /** The largest absolute contour coordinate (mm). */
  double maxAbsMm() {
    double m = 0;
    for (int a = 0; a < 6; a++) {
      m = Math.max(m, Math.abs(contourBox[a]));
    }
    return m;
  }

  /**
   * The smallest index cell (mm) that finds every pair of points within {@code toleranceMm} in
   * neighbouring cells, for contours whose coordinates are at most {@code maxAbsMm}.
   */
  static double cellFor(double toleranceMm, double maxAbsMm) {
    return Math.max(
        Math.max(toleranceMm * (1 + 1e-6) + 1e-9, 0.05), maxAbsMm / MAX_CELLS_FROM_ORIGIN);
  }

  /** Returns whether the two voxel sets share a voxel: O(smaller · log larger). */
  boolean overlaps(MarkShape o, Work work) {
    if (voxelBox == null || o.voxelBox == null) {
      return false;
    }
    for (int a = 0; a < 3; a++) {
      if (voxelBox[a] > o.voxelBox[3 + a] || o.voxelBox[a] > voxelBox[3 + a]) {
        return false;
      }
    }
    int[] small = sortedVoxels.length <= o.sortedVoxels.length ? sortedVoxels : o.sortedVoxels;
    int[] large = small == sortedVoxels ? o.sortedVoxels : sortedVoxels;
    work.spend(small.length);
    int from = 0;
    for (int v : small) {
      int at = Arrays.binarySearch(large, from, large.length, v);
      if (at >= 0) {
        return true;
      }
      from = -at - 1;
      if (from == large.length) {
        return false;
      }
    }
    return false;
  }

  /**
   * Returns 0 if the voxel sets overlap; else the smallest contour-to-contour distance (mm) when it
   * is at most {@code maxMm}; else a value above {@code maxMm} (positive infinity). Only points in
   * neighbouring cells of a grid of {@code cellMm} (from {@link #cellFor}) are compared.
   *
   * @throws IllegalArgumentException when the comparison exhausts {@code work}
   */
  double distanceMm(MarkShape o, double maxMm, double cellMm, Work work) {
    if (overlaps(o, work)) {
      return 0;
    }
    for (int a = 0; a < 3; a++) {
      double gap =
          Math.max(o.contourBox[a] - contourBox[3 + a], contourBox[a] - o.contourBox[3 + a]);
      if (gap > 0 && Math.sqrt(gap * gap) > maxMm) {
        return Double.POSITIVE_INFINITY;
      }
    }
    index(cellMm);
    o.index(cellMm);
    double best = Double.POSITIVE_INFINITY;
    double[] p = contourMm;
    double[] q = o.contourMm;
    work.spend(27L * cellKeys.length);
    for (int c = 0; c < cellKeys.length; c++) {
      long key = cellKeys[c];
      long cx = (key >>> 42) - OFFSET;
      long cy = ((key >>> 21) & 0x1FFFFF) - OFFSET;
      long cz = (key & 0x1FFFFF) - OFFSET;
      for (long dx = -1; dx <= 1; dx++) {
        for (long dy = -1; dy <= 1; dy++) {
          for (long dz = -1; dz <= 1; dz++) {
            int at = o.cellOf(key(cx + dx, cy + dy, cz + dz));
            if (at < 0) {
              continue;
            }
            work.spend(
                (long) (cellStart[c + 1] - cellStart[c]) * (o.cellStart[at + 1] - o.cellStart[at]));
            for (int s = cellStart[c]; s < cellStart[c + 1]; s++) {
              int i = 3 * cellPoints[s];
              for (int t = o.cellStart[at]; t < o.cellStart[at + 1]; t++) {
                int j = 3 * o.cellPoints[t];
                double ex = p[i] - q[j];
                double ey = p[i + 1] - q[j + 1];
                double ez = p[i + 2] - q[j + 2];
                double d = ex * ex + ey * ey + ez * ez;
                if (d < best) {
                  best = d;
                }
              }
            }
          }
        }
      }
    }
    return Math.sqrt(best);
  }

  private static long key(long cx, long cy, long cz) {
    return ((cx + OFFSET) << 42) | ((cy + OFFSET) << 21) | (cz + OFFSET);
  }

  private long keyOf(int point, double cellMm) {
    return key(
        (long) Math.floor(contourMm[3 * point] / cellMm),
        (long) Math.floor(contourMm[3 * point + 1] / cellMm),
        (long) Math.floor(contourMm[3 * point + 2] / cellMm));
  }

  /** Builds the grid index of the contour points for this cell size (once per size). */
  private void index(double cellMm) {
    if (cellMm == indexCell) {
      return;
    }
    int n = contourMm.length / 3;
    long[] keys = new long[n];
    for (int q = 0; q < n; q++) {
      keys[q] = keyOf(q, cellMm);
    }
    long[] sorted = keys.clone();
    Arrays.sort(sorted);
    int u = 0;
    for (int q = 0; q < n; q++) {
      if (q == 0 || sorted[q] != sorted[q - 1]) {
        sorted[u++] = sorted[q];
      }
    }
    long[] unique = Arrays.copyOf(sorted, u);
    int[] start = new int[u + 1];
    int[] cellOf = new int[n];
    for (int q = 0; q < n; q++) {
      cellOf[q] = Arrays.binarySearch(unique, keys[q]);
      start[cellOf[q] + 1]++;
    }
    for (int c = 0; c < u; c++) {
      start[c + 1] += start[c];
    }
    int[] fillAt = Arrays.copyOf(start, u);
    int[] points = new int[n];
    for (int q = 0; q < n; q++) {
      points[fillAt[cellOf[q]]++] = q;
    }
    int capacity = Integer.highestOneBit(Math.max(2, 2 * u) - 1) << 1;
    long[] tk = new long[capacity];
    int[] tc = new int[capacity];
    Arrays.fill(tk, -1);
    for (int c = 0; c < u; c++) {
      int slot = slot(unique[c], capacity);
      while (tk[slot] != -1) {
        slot = (slot + 1) & (capacity - 1);
      }
      tk[slot] = unique[c];
      tc[slot] = c;
    }
    cellKeys = unique;
    cellStart = start;
    cellPoints = points;
    tableKeys = tk;
    tableCells = tc;
    indexCell = cellMm;
  }

  /** Fibonacci hashing: the top log2(capacity) bits of the key times the golden ratio. */
  private static int slot(long key, int capacity) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(capacity)));
  }

  /** The index of a cell in cellKeys, or -1 when no contour point lies in it. */
  private int cellOf(long key) {
    int mask = tableKeys.length - 1;
    for (int slot = slot(key, tableKeys.length); ; slot = (slot + 1) & mask) {
      long k = tableKeys[slot];
      if (k == key) {
        return tableCells[slot];
      }
      if (k == -1) {
        return -1;
      }
    }
  }

  @Override
  public String toString() {
    return "MarkShape["
        + sortedVoxels.length
        + " voxels, "
        + contourMm.length / 3
        + " contour points]";
  }
}
