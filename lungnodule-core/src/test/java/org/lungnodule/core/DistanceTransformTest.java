package org.lungnodule.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {

  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void line_handCases() {
    DistanceTransform.Line line = new DistanceTransform.Line(5);
    System.arraycopy(new double[] {INF, 0, INF, INF, 0}, 0, line.in, 0, 5);
    line.transform(5, 2.0);
    assertArrayEquals(new double[] {4, 0, 4, 4, 0}, line.out, 0);
    System.arraycopy(new double[] {INF, 1, INF, INF, INF}, 0, line.in, 0, 5);
    line.transform(5, 1.0);
    assertArrayEquals(new double[] {2, 1, 2, 5, 10}, line.out, 0);
    System.arraycopy(new double[] {INF, 0, INF, INF, 0}, 0, line.in, 0, 5);
    line.transformBinary(5, 2.0);
    assertArrayEquals(new double[] {4, 0, 4, 4, 0}, line.out, 0);
    System.arraycopy(new double[] {INF, INF, INF}, 0, line.in, 0, 3);
    line.transformBinary(3, 1.0);
    assertEquals(INF, line.out[1]);
    line.transform(3, 1.0);
    assertEquals(INF, line.out[1]);
  }

  @Test
  void squaredEdt_anisotropicSpacing() {
    Dims d = new Dims(3, 4, 5);
    byte[] m = new byte[d.voxelCount()];
    m[0] = 1;
    double[] dist = DistanceTransform.squaredEdt(m, d, new Spacing(1, 2, 3), true);
    assertEquals(0, dist[0]);
    assertEquals(1 + 16 + 81, dist[d.index(1, 2, 3)], 1e-12);
    assertEquals(4 + 36 + 144, dist[d.index(2, 3, 4)], 1e-12);
    // to the background: the one set voxel is 1 mm from its x neighbour
    double[] toBackground = DistanceTransform.squaredEdt(m, d, new Spacing(1, 2, 3), false);
    assertEquals(1, toBackground[0], 1e-12);
    assertEquals(0, toBackground[d.index(1, 2, 3)]);
  }

  @Test
  void squaredEdt_matchesBruteForce() {
    SplittableRandom r = new SplittableRandom(3);
    Dims d = new Dims(9, 7, 6);
    Spacing sp = new Spacing(0.8, 1.1, 2.3);
    boolean[] f = new boolean[d.voxelCount()];
    byte[] m = new byte[d.voxelCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] = r.nextInt(25) == 0;
      m[i] = (byte) (f[i] ? 1 : 0);
    }
    double[] e = DistanceTransform.squaredEdt(f, d, sp);
    assertArrayEquals(e, DistanceTransform.squaredEdt(m, d, sp, true), 0);
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          double best = Double.POSITIVE_INFINITY;
          for (int c = 0; c < d.nz(); c++) {
            for (int b = 0; b < d.ny(); b++) {
              for (int a = 0; a < d.nx(); a++) {
                if (f[d.index(a, b, c)]) {
                  double x = (a - i) * 0.8;
                  double y = (b - j) * 1.1;
                  double z = (c - k) * 2.3;
                  best = Math.min(best, x * x + y * y + z * z);
                }
              }
            }
          }
          assertEquals(best, e[d.index(i, j, k)], 1e-9);
        }
      }
    }
  }

  @Test
  void squaredEdt_noFeatureIsInfinite() {
    Dims d = new Dims(3, 3, 3);
    assertTrue(
        Double.isInfinite(
            DistanceTransform.squaredEdt(new boolean[27], d, Spacing.isotropic(1))[13]));
    assertTrue(
        Double.isInfinite(
            DistanceTransform.squaredEdt(new byte[27], d, Spacing.isotropic(1), true)[13]));
  }

  @Test
  void squaredEdt_lengthMismatch() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DistanceTransform.squaredEdt(
                    new boolean[26], new Dims(3, 3, 3), Spacing.isotropic(1)));
    assertTrue(e.getMessage().contains("27") && e.getMessage().contains("26"), e.getMessage());
  }
}
