package org.lungnodule.io.lidc;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * The polygon geometry of the clusterer, near-linear in the number of contour points: the scanline
 * fill of a contour and its largest point-to-point distance (on the convex hull). Both give exactly
 * what the per-pixel even-odd test and the all-pairs maximum give (the tests keep those as
 * references).
 */
final class Contours {

  private Contours() {}

  /**
   * Sets the pixels ({@code y * nx + x}) whose centres lie inside the polygon by the even-odd rule
   * (for 3 or more points); with {@code withBoundary} also every contour pixel, without it the
   * contour pixels are never set. A scanline fill with an active edge table: O(points log points +
   * edge crossings + filled pixels).
   */
  static void fill(List<EdgePoint> pts, int nx, BitSet out, boolean withBoundary) {
    int n = pts.size();
    int[] xs = new int[n];
    int[] ys = new int[n];
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = Integer.MIN_VALUE;
    int maxY = Integer.MIN_VALUE;
    for (int q = 0; q < n; q++) {
      xs[q] = pts.get(q).x();
      ys[q] = pts.get(q).y();
      minX = Math.min(minX, xs[q]);
      minY = Math.min(minY, ys[q]);
      maxX = Math.max(maxX, xs[q]);
      maxY = Math.max(maxY, ys[q]);
    }
    BitSet boundary = new BitSet();
    for (int q = 0; q < n; q++) {
      boundary.set(ys[q] * nx + xs[q]);
    }
    if (n >= 3) {
      scanlines(xs, ys, minX, maxX, minY, nx, out, withBoundary ? null : boundary);
    }
    if (withBoundary) {
      out.or(boundary);
    }
  }

  /**
   * Row y crosses the edge from vertex b = a - 1 to vertex a when exactly one of them lies below it
   * ({@code (ya > y) != (yb > y)}), at {@code xa + (y - ya) * (xb - xa) / (yb - ya)}; pixel x is
   * inside when an odd number of crossings lie right of it ({@code x < xc}). With the crossings of
   * a row sorted (always an even number), that is x in [ceil(c[2i]), ceil(c[2i+1]) - 1]; when a row
   * has more crossings than pixels to sort them for, each crossing instead flips the parity of the
   * pixels left of it, O(crossings + row width).
   */
  private static void scanlines(
      int[] xs, int[] ys, int minX, int maxX, int minY, int nx, BitSet out, BitSet skip) {
    int n = xs.length;
    // edges that cross at least one row, ordered by their first row
    long[] byFirstRow = new long[n];
    int edges = 0;
    for (int a = 0; a < n; a++) {
      int b = a == 0 ? n - 1 : a - 1;
      if (ys[a] != ys[b]) {
        byFirstRow[edges++] = ((long) (Math.min(ys[a], ys[b]) - minY) << 32) | a;
      }
    }
    Arrays.sort(byFirstRow, 0, edges);
    int[] active = new int[edges];
    int activeCount = 0;
    double[] cross = new double[edges];
    int width = maxX - minX + 1;
    byte[] flips = new byte[width];
    int next = 0;
    int y = minY;
    while (next < edges || activeCount > 0) {
      if (activeCount == 0) {
        y = (int) (byFirstRow[next] >>> 32) + minY;
      }
      while (next < edges && (int) (byFirstRow[next] >>> 32) + minY == y) {
        active[activeCount++] = (int) byFirstRow[next++];
      }
      int m = 0;
      int kept = 0;
      for (int e = 0; e < activeCount; e++) {
        int a = active[e];
        int b = a == 0 ? n - 1 : a - 1;
        int ya = ys[a];
        int yb = ys[b];
        if (Math.max(ya, yb) <= y) {
          continue; // the edge ended above this row
        }
        active[kept++] = a;
        cross[m++] = xs[a] + (double) (y - ya) * (xs[b] - xs[a]) / (yb - ya);
      }
      activeCount = kept;
      int row = y * nx;
      if (m < 64 || m * (32 - Integer.numberOfLeadingZeros(m)) < width) {
        Arrays.sort(cross, 0, m);
        for (int c = 0; c + 1 < m; c += 2) {
          double from = Math.max(minX, Math.ceil(cross[c]));
          double to = Math.min(maxX, Math.ceil(cross[c + 1]) - 1);
          if (from <= to) {
            set(out, row, (int) from, (int) to, skip);
          }
        }
      } else {
        // many crossings on a short row: each crossing c flips the pixels x <= ceil(c) - 1
        for (int c = 0; c < m; c++) {
          double last = Math.ceil(cross[c]) - 1;
          if (last >= minX) {
            flips[(int) Math.min(last, maxX) - minX] ^= 1;
          }
        }
        int parity = 0;
        int runEnd = -1;
        for (int x = maxX; x >= minX; x--) {
          parity ^= flips[x - minX];
          flips[x - minX] = 0;
          if (parity == 1 && runEnd < 0) {
            runEnd = x;
          } else if (parity == 0 && runEnd >= 0) {
            set(out, row, x + 1, runEnd, skip);
            runEnd = -1;
          }
        }
        if (runEnd >= 0) {
          set(out, row, minX, runEnd, skip);
        }
      }
      y++;
    }
  }

  /** Sets pixels from..to of a row, except those in {@code skip} (when given). */
  private static void set(BitSet out, int row, int from, int to, BitSet skip) {
    if (skip == null) {
      out.set(row + from, row + to + 1);
    } else {
      for (int x = from; x <= to; x++) {
        if (!skip.get(row + x)) {
          out.set(row + x);
        }
      }
    }
  }

  /**
   * Returns the largest distance (mm) between two of the points placed on slice {@code k}: the
   * largest over the vertices of their convex hull (the farthest pair of a point set is a pair of
   * hull vertices), computed in world coordinates as {@code sqrt(dx*dx + dy*dy + dz*dz)}.
   */
  static double diameterMm(List<EdgePoint> pts, VolumeGeometry g, int k) {
    int[] hull = hull(pts);
    int h = hull.length / 2;
    double[] w = new double[3 * h];
    for (int q = 0; q < h; q++) {
      WorldPoint p = g.voxelToWorld(hull[2 * q], hull[2 * q + 1], k);
      w[3 * q] = p.xMm();
      w[3 * q + 1] = p.yMm();
      w[3 * q + 2] = p.zMm();
    }
    double best = 0;
    for (int a = 0; a < w.length; a += 3) {
      for (int b = a + 3; b < w.length; b += 3) {
        double dx = w[a] - w[b];
        double dy = w[a + 1] - w[b + 1];
        double dz = w[a + 2] - w[b + 2];
        best = Math.max(best, dx * dx + dy * dy + dz * dz);
      }
    }
    return Math.sqrt(best);
  }

  /**
   * Returns the vertices (x0, y0, x1, y1, ...) of the convex hull of the distinct points (Andrew's
   * monotone chain; collinear points dropped); all distinct points when there are fewer than 3.
   */
  static int[] hull(List<EdgePoint> pts) {
    int n = pts.size();
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    for (EdgePoint p : pts) {
      minX = Math.min(minX, p.x());
      minY = Math.min(minY, p.y());
    }
    long[] sorted = new long[n];
    for (int q = 0; q < n; q++) {
      sorted[q] = ((long) pts.get(q).x() - minX) << 32 | ((long) pts.get(q).y() - minY);
    }
    Arrays.sort(sorted);
    int u = 0;
    for (int q = 0; q < n; q++) {
      if (q == 0 || sorted[q] != sorted[q - 1]) {
        sorted[u++] = sorted[q];
      }
    }
    long[] xs = new long[u];
    long[] ys = new long[u];
    for (int q = 0; q < u; q++) {
      xs[q] = (sorted[q] >>> 32) + minX;
      ys[q] = (sorted[q] & 0xFFFFFFFFL) + minY;
    }
    if (u < 3) {
      int[] out = new int[2 * u];
      for (int q = 0; q < u; q++) {
        out[2 * q] = (int) xs[q];
        out[2 * q + 1] = (int) ys[q];
      }
      return out;
    }
    int[] chain = new int[2 * u];
    int size = 0;
    for (int q = 0; q < u; q++) { // lower hull
      while (size >= 2 && turn(xs, ys, chain[size - 2], chain[size - 1], q) <= 0) {
        size--;
      }
      chain[size++] = q;
    }
    for (int q = u - 2, lower = size + 1; q >= 0; q--) { // upper hull
      while (size >= lower && turn(xs, ys, chain[size - 2], chain[size - 1], q) <= 0) {
        size--;
      }
      chain[size++] = q;
    }
    size--; // the last point is the first
    int[] out = new int[2 * size];
    for (int q = 0; q < size; q++) {
      out[2 * q] = (int) xs[chain[q]];
      out[2 * q + 1] = (int) ys[chain[q]];
    }
    return out;
  }

  /** The cross product (b - a) x (c - b): positive for a left turn. Exact in long. */
  private static long turn(long[] xs, long[] ys, int a, int b, int c) {
    return (xs[b] - xs[a]) * (ys[c] - ys[b]) - (ys[b] - ys[a]) * (xs[c] - xs[b]);
  }
}
