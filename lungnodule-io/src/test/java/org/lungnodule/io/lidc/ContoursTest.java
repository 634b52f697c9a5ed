package org.lungnodule.io.lidc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * The clusterer's near-linear geometry against the brute-force code it replaced (kept here as the
 * reference): the per-pixel even-odd fill, the all-pairs contour diameter and the all-pairs contour
 * distance must give exactly the same results.
 */
class ContoursTest {

  /** A grid with anisotropic spacing, an odd origin and an oblique direction. */
  private static final VolumeGeometry OBLIQUE =
      new VolumeGeometry(
          new Dims(40, 36, 12),
          new Spacing(0.703125, 0.658203125, 2.5),
          new WorldPoint(-180.37, -171.1, -312.25),
          Direction.ofColumns(
              new double[] {Math.cos(0.3), Math.sin(0.3), 0},
              new double[] {
                -Math.sin(0.3) * Math.cos(0.2), Math.cos(0.3) * Math.cos(0.2), Math.sin(0.2)
              },
              new double[] {
                Math.sin(0.3) * Math.sin(0.2), -Math.cos(0.3) * Math.sin(0.2), Math.cos(0.2)
              }));

  // ---- the replaced implementations, verbatim ------------------------------------------------

  /** The per-pixel even-odd test over the polygon's bounding box, O(box area x points). */
  static void fillReference(List<EdgePoint> pts, int nx, BitSet out, boolean withBoundary) {
    int n = pts.size();
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = Integer.MIN_VALUE;
    int maxY = Integer.MIN_VALUE;
    for (EdgePoint p : pts) {
      minX = Math.min(minX, p.x());
      minY = Math.min(minY, p.y());
      maxX = Math.max(maxX, p.x());
      maxY = Math.max(maxY, p.y());
    }
    BitSet boundary = new BitSet();
    for (EdgePoint p : pts) {
      boundary.set(p.y() * nx + p.x());
    }
    if (n >= 3) {
      for (int y = minY; y <= maxY; y++) {
        for (int x = minX; x <= maxX; x++) {
          boolean inside = false;
          for (int a = 0, b = n - 1; a < n; b = a++) {
            int ya = pts.get(a).y();
            int yb = pts.get(b).y();
            if ((ya > y) != (yb > y)) {
              double xc =
                  pts.get(a).x()
                      + (double) (y - ya) * (pts.get(b).x() - pts.get(a).x()) / (yb - ya);
              if (x < xc) {
                inside = !inside;
              }
            }
          }
          int idx = y * nx + x;
          if (inside && !(!withBoundary && boundary.get(idx))) {
            out.set(idx);
          }
        }
      }
    }
    if (withBoundary) {
      out.or(boundary);
    }
  }

  /** The largest distance over all pairs of the points placed on slice k. */
  static double diameterReference(List<EdgePoint> pts, VolumeGeometry g, int k) {
    double[] w = new double[pts.size() * 3];
    for (int q = 0; q < pts.size(); q++) {
      WorldPoint wp = g.voxelToWorld(pts.get(q).x(), pts.get(q).y(), k);
      w[3 * q] = wp.xMm();
      w[3 * q + 1] = wp.yMm();
      w[3 * q + 2] = wp.zMm();
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

  /** The smallest distance over all pairs of contour points. */
  static double distanceReference(double[] p, double[] q) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < p.length; i += 3) {
      for (int j = 0; j < q.length; j += 3) {
        double dx = p[i] - q[j];
        double dy = p[i + 1] - q[j + 1];
        double dz = p[i + 2] - q[j + 2];
        double d = dx * dx + dy * dy + dz * dz;
        if (d < best) {
          best = d;
        }
      }
    }
    return Math.sqrt(best);
  }

  // ---- random shapes ---------------------------------------------------------------------------

  /** Random vertices in a box: self-intersecting, with repeats, collinear runs and spikes. */
  private static List<EdgePoint> randomPolygon(SplittableRandom r, int nx, int ny) {
    int n = 1 + r.nextInt(r.nextBoolean() ? 6 : 40);
    List<EdgePoint> pts = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      if (q > 0 && r.nextInt(6) == 0) {
        pts.add(pts.get(r.nextInt(q))); // a repeated vertex
      } else {
        pts.add(new EdgePoint(r.nextInt(nx), r.nextInt(ny)));
      }
    }
    return pts;
  }

  /** A star-shaped polygon: random radii at sorted angles, like a traced nodule outline. */
  private static List<EdgePoint> randomStar(
      SplittableRandom r, int n, int cx, int cy, int rMin, int rMax) {
    double[] angle = new double[n];
    for (int q = 0; q < n; q++) {
      angle[q] = 2 * Math.PI * r.nextDouble();
    }
    Arrays.sort(angle);
    List<EdgePoint> pts = new ArrayList<>();
    for (double a : angle) {
      double rad = rMin + (rMax - rMin) * r.nextDouble();
      pts.add(
          new EdgePoint(
              (int) Math.round(cx + rad * Math.cos(a)), (int) Math.round(cy + rad * Math.sin(a))));
    }
    return pts;
  }

  // ---- tests -----------------------------------------------------------------------------------

  @Test
  void fill_randomPolygons_equalsEvenOddReference() {
    SplittableRandom r = new SplittableRandom(7);
    int nx = 23;
    int ny = 19;
    for (int t = 0; t < 1200; t++) {
      // small stars fill rows by sorting crossings, large ones (many crossings per row) by parity
      List<EdgePoint> pts =
          t % 3 == 0
              ? randomStar(r, 3 + r.nextInt(t % 2 == 0 ? 60 : 300), 11, 9, 0, 9)
              : randomPolygon(r, nx, ny);
      for (boolean withBoundary : new boolean[] {true, false}) {
        BitSet expected = new BitSet();
        BitSet actual = new BitSet();
        // start from the same noise: the fill only ever sets bits
        for (int b = 0; b < 40; b++) {
          int bit = r.nextInt(nx * ny);
          expected.set(bit);
          actual.set(bit);
        }
        fillReference(pts, nx, expected, withBoundary);
        Contours.fill(pts, nx, actual, withBoundary);
        assertEquals(expected, actual, "polygon " + t + " " + pts + " boundary " + withBoundary);
      }
    }
  }

  @Test
  void fill_squareAndTriangle_handCounted() {
    // the square with corners (2,2) and (6,6) given by its 4 corners only: pixel x is inside when
    // an odd number of crossings lie right of it (x < xc), so rows 2..5 hold x = 2..5 (16);
    // with the boundary the 3 other corners join (19), without it corner (2,2) leaves (15)
    List<EdgePoint> square =
        List.of(new EdgePoint(2, 2), new EdgePoint(6, 2), new EdgePoint(6, 6), new EdgePoint(2, 6));
    BitSet with = new BitSet();
    Contours.fill(square, 10, with, true);
    assertEquals(19, with.cardinality());
    assertTrue(with.get(6 * 10 + 6));
    BitSet without = new BitSet();
    Contours.fill(square, 10, without, false);
    assertEquals(15, without.cardinality());
    assertTrue(!without.get(2 * 10 + 2) && without.get(2 * 10 + 3) && !without.get(3 * 10 + 6));
    // a triangle (0,0), (8,0), (0,8): row y holds x = 0 .. 7 - y (x < 8 - y), 36 pixels
    BitSet tri = new BitSet();
    Contours.fill(
        List.of(new EdgePoint(0, 0), new EdgePoint(8, 0), new EdgePoint(0, 8)), 10, tri, false);
    assertEquals(36 - 1, tri.cardinality()); // less the vertex (0,0)
    // two points: only the boundary pixels, never an interior
    BitSet line = new BitSet();
    Contours.fill(List.of(new EdgePoint(0, 0), new EdgePoint(5, 5)), 10, line, false);
    assertEquals(0, line.cardinality());
  }

  @Test
  void diameter_randomPoints_equalsAllPairs() {
    SplittableRandom r = new SplittableRandom(11);
    VolumeGeometry iso = VolumeGeometry.of(new Dims(40, 36, 12), Spacing.isotropic(1));
    for (int t = 0; t < 2000; t++) {
      List<EdgePoint> pts =
          t % 2 == 0 ? randomPolygon(r, 40, 36) : randomStar(r, 3 + r.nextInt(200), 20, 18, 0, 17);
      int k = r.nextInt(12);
      for (VolumeGeometry g : new VolumeGeometry[] {iso, OBLIQUE}) {
        assertEquals(
            diameterReference(pts, g, k),
            Contours.diameterMm(pts, g, k),
            "points " + t + " " + pts);
      }
    }
  }

  @Test
  void hull_table() {
    // a filled 3x3 block: the 4 corners; a line: its 2 ends; one point repeated: itself
    List<EdgePoint> block = new ArrayList<>();
    for (int x = 0; x < 3; x++) {
      for (int y = 0; y < 3; y++) {
        block.add(new EdgePoint(x, y));
      }
    }
    assertArrayEquals(new int[] {0, 0, 2, 0, 2, 2, 0, 2}, Contours.hull(block));
    assertArrayEquals(
        new int[] {1, 1, 4, 4},
        Contours.hull(
            List.of(
                new EdgePoint(1, 1),
                new EdgePoint(2, 2),
                new EdgePoint(4, 4),
                new EdgePoint(3, 3))));
    assertArrayEquals(
        new int[] {5, 7}, Contours.hull(List.of(new EdgePoint(5, 7), new EdgePoint(5, 7))));
  }

  /** A mark: random voxels and contour voxels in a small region, placed on the grid. */
  private static MarkShape randomShape(
      SplittableRandom r, VolumeGeometry g, double[][] contourOut) {
    Dims d = g.dims();
    int ci = r.nextInt(d.nx());
    int cj = r.nextInt(d.ny());
    int ck = r.nextInt(d.nz());
    int[] voxels = new int[r.nextInt(30)];
    for (int q = 0; q < voxels.length; q++) {
      voxels[q] = d.index(around(r, ci, d.nx()), around(r, cj, d.ny()), around(r, ck, d.nz()));
    }
    voxels = Arrays.stream(voxels).sorted().distinct().toArray();
    double[] c = new double[3 * (1 + r.nextInt(40))];
    for (int q = 0; q < c.length; q += 3) {
      WorldPoint w =
          g.voxelToWorld(around(r, ci, d.nx()), around(r, cj, d.ny()), around(r, ck, d.nz()));
      c[q] = w.xMm();
      c[q + 1] = w.yMm();
      c[q + 2] = w.zMm();
    }
    contourOut[0] = c;
    return new MarkShape(voxels, c, d);
  }

  private static int around(SplittableRandom r, int c, int n) {
    return Math.max(0, Math.min(n - 1, c + r.nextInt(-4, 5)));
  }

  @Test
  void distance_randomMarks_equalsAllPairsWithinTolerance() {
    SplittableRandom r = new SplittableRandom(13);
    int linked = 0;
    for (int t = 0; t < 4000; t++) {
      VolumeGeometry g =
          t % 2 == 0 ? OBLIQUE : VolumeGeometry.of(new Dims(30, 30, 8), Spacing.isotropic(1));
      double[][] pc = new double[1][];
      double[][] qc = new double[1][];
      MarkShape p = randomShape(r, g, pc);
      MarkShape q = randomShape(r, g, qc);
      double tol = new double[] {0, 0.5, 1, 2.5, 4, 10}[r.nextInt(6)];
      double cell = MarkShape.cellFor(tol, Math.max(p.maxAbsMm(), q.maxAbsMm()));
      boolean overlap = false;
      for (int v : p.sortedVoxels()) {
        overlap |= Arrays.binarySearch(q.sortedVoxels(), v) >= 0;
      }
      assertEquals(overlap, p.overlaps(q, new MarkShape.Work(Long.MAX_VALUE)), "pair " + t);
      double expected = overlap ? 0 : distanceReference(pc[0], qc[0]);
      double actual = p.distanceMm(q, tol, cell, new MarkShape.Work(Long.MAX_VALUE));
      if (expected <= tol) {
        assertEquals(expected, actual, "pair " + t + " tolerance " + tol);
        assertEquals(
            expected,
            q.distanceMm(p, tol, cell, new MarkShape.Work(Long.MAX_VALUE)),
            "pair " + t + " the other way");
        linked++;
      } else {
        assertTrue(
            actual > tol,
            "pair "
                + t
                + ": "
                + actual
                + " should be beyond "
                + tol
                + " (all pairs: "
                + expected
                + ")");
      }
    }
    assertTrue(linked > 500, "enough pairs within the tolerance: " + linked);
  }
}
