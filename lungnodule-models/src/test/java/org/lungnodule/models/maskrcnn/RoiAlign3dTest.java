package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoiAlign3dTest {

  /** A linear field f = z (cell index) is reproduced exactly by trilinear sampling. */
  @Test
  void forward_linearFieldHandValues() {
    int n = 8;
    float[] f = new float[2 * n * n * n];
    for (int c = 0; c < 2; c++) {
      for (int z = 0; z < n; z++) {
        for (int y = 0; y < n; y++) {
          for (int x = 0; x < n; x++) {
            f[((c * n + z) * n + y) * n + x] = c == 0 ? z : x;
          }
        }
      }
    }
    RoiAlign3d op = RoiAlign3d.of(2, n, n, n, 1.0, List.of(new Box3d(2, 2, 1, 6, 6, 5)), 2, 1);
    float[] out = op.forward(f);
    assertEquals(16, out.length);
    // channel 0 (=z): bin 0 centre z=3 -> cell 2.5; bin 1 centre z=5 -> 4.5
    assertEquals(2.5f, out[0], 1e-6); // (pz,py,px) = (0,0,0)
    assertEquals(4.5f, out[4], 1e-6); // (1,0,0)
    // channel 1 (=x): box x from 1 to 5: bin centres 2 and 4 -> cells 1.5 and 3.5
    assertEquals(1.5f, out[8], 1e-6);
    assertEquals(3.5f, out[9], 1e-6);
  }

  @Test
  void forward_strideMapsToCellCentres() {
    // stride 4: box 0..8 in input voxels -> cells 0..2, one bin centred at input 4 -> cell 0.5
    float[] f = {0, 10, 20, 30};
    RoiAlign3d op = RoiAlign3d.of(1, 4, 1, 1, 4.0, List.of(new Box3d(0, 0, 0, 8, 4, 4)), 1, 1);
    assertEquals(5f, op.forward(f)[0], 1e-5);
  }

  @Test
  void forward_farOutsideIsZero() {
    float[] f = {1, 1, 1, 1, 1, 1, 1, 1};
    RoiAlign3d op =
        RoiAlign3d.of(1, 2, 2, 2, 1.0, List.of(new Box3d(10, 10, 10, 12, 12, 12)), 1, 1);
    assertEquals(0f, op.forward(f)[0]);
  }

  @Test
  void backward_isAdjointOfForward() {
    SplittableRandom r = new SplittableRandom(1);
    int c = 3;
    int d = 5;
    int h = 6;
    int w = 7;
    List<Box3d> boxes =
        List.of(
            new Box3d(0.5, 1, 2, 9, 10, 11),
            new Box3d(-3, 4, 4, 4, 20, 30),
            new Box3d(6, 6, 6, 7, 7, 7));
    RoiAlign3d op = RoiAlign3d.of(c, d, h, w, 2.0, boxes, 3, 2);
    float[] f = rand(r, c * d * h * w);
    float[] g = rand(r, 3 * c * 27);
    double lhs = dot(op.forward(f), g);
    double rhs = dot(f, op.backward(g));
    assertEquals(lhs, rhs, 1e-4 * Math.abs(lhs) + 1e-5);
  }

  /** Finite differences of L(F) = sum_k coef_k * pooled_k^2 against the analytic gradient. */
  @Test
  void backward_matchesFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(7);
    int c = 2;
    int s = 6;
    List<Box3d> boxes =
        List.of(new Box3d(1.3, 2.1, 0.7, 10.2, 9.6, 8.8), new Box3d(4, 4, 4, 12, 12, 12));
    RoiAlign3d op = RoiAlign3d.of(c, s, s, s, 2.0, boxes, 7, 1);
    float[] f = rand(r, c * s * s * s);
    float[] coef = rand(r, 2 * c * 343);
    float[] pooled = op.forward(f);
    float[] dOut = new float[pooled.length];
    for (int k = 0; k < pooled.length; k++) {
      dOut[k] = 2 * coef[k] * pooled[k];
    }
    float[] grad = op.backward(dOut);
    double eps = 1e-2;
    int checked = 0;
    for (int idx = 0; idx < f.length; idx += 7) {
      float orig = f[idx];
      f[idx] = (float) (orig + eps);
      double lp = loss(op.forward(f), coef);
      f[idx] = (float) (orig - eps);
      double lm = loss(op.forward(f), coef);
      f[idx] = orig;
      double fd = (lp - lm) / (2 * eps);
      assertEquals(fd, grad[idx], 1e-3 + 1e-2 * Math.abs(fd), "index " + idx);
      checked++;
    }
    assertTrue(checked > 50);
    double norm = 0;
    for (float v : grad) {
      norm += Math.abs(v);
    }
    assertTrue(norm > 1, "gradient must not vanish");
  }

  private static double loss(float[] pooled, float[] coef) {
    double l = 0;
    for (int k = 0; k < pooled.length; k++) {
      l += coef[k] * (double) pooled[k] * pooled[k];
    }
    return l;
  }

  private static float[] rand(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
