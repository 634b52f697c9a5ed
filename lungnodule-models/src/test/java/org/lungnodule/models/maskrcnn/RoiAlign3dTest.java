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
  void forward_matchesDirectTrilinearSampling() {
    // the separable forward against the definition: every sample trilinear on its own
    SplittableRandom r = new SplittableRandom(7);
    int c = 3;
    int d = 5;
    int h = 6;
    int w = 7;
    double stride = 2.0;
    int p = 3;
    int sp = 2;
    List<Box3d> boxes =
        List.of(
            new Box3d(0.5, 1, 2, 9, 10, 11),
            new Box3d(-3, 4, 4, 4, 20, 30),
            new Box3d(6, 6, 6, 7, 7, 7),
            new Box3d(-9, -9, -9, -4, -5, -6),
            new Box3d(1.25, 0.75, 3.5, 13.5, 11.25, 12.75));
    RoiAlign3d op = RoiAlign3d.of(c, d, h, w, stride, boxes, p, sp);
    float[] f = rand(r, c * d * h * w);
    float[] out = op.forward(f);
    int bins = p * p * p;
    double worst = 0;
    for (int n = 0; n < boxes.size(); n++) {
      Box3d b = boxes.get(n);
      for (int ch = 0; ch < c; ch++) {
        for (int bin = 0; bin < bins; bin++) {
          int pz = bin / (p * p);
          int py = bin / p % p;
          int px = bin % p;
          double sum = 0;
          for (int sz = 0; sz < sp; sz++) {
            for (int sy = 0; sy < sp; sy++) {
              for (int sx = 0; sx < sp; sx++) {
                double z = (b.z0() + (pz + (sz + 0.5) / sp) * b.depth() / p) / stride - 0.5;
                double y = (b.y0() + (py + (sy + 0.5) / sp) * b.height() / p) / stride - 0.5;
                double x = (b.x0() + (px + (sx + 0.5) / sp) * b.width() / p) / stride - 0.5;
                sum += trilinear(f, ch, d, h, w, z, y, x);
              }
            }
          }
          double want = sum / (sp * sp * sp);
          double got = out[(n * c + ch) * bins + bin];
          worst = Math.max(worst, Math.abs(want - got));
          assertEquals(want, got, 1e-5, "roi " + n + " channel " + ch + " bin " + bin);
        }
      }
    }
    assertTrue(worst < 1e-5);
  }

  /** Detectron's rule: 0 more than one cell outside, else clamped and trilinear. */
  private static double trilinear(
      float[] f, int ch, int d, int h, int w, double z, double y, double x) {
    if (z < -1 || z > d || y < -1 || y > h || x < -1 || x > w) {
      return 0;
    }
    z = Math.max(0, Math.min(d - 1, z));
    y = Math.max(0, Math.min(h - 1, y));
    x = Math.max(0, Math.min(w - 1, x));
    int z0 = (int) z;
    int y0 = (int) y;
    int x0 = (int) x;
    int z1 = Math.min(z0 + 1, d - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    int x1 = Math.min(x0 + 1, w - 1);
    double fz = z - z0;
    double fy = y - y0;
    double fx = x - x0;
    double v = 0;
    int[] zs = {z0, z1};
    int[] ys = {y0, y1};
    int[] xs = {x0, x1};
    for (int a = 0; a < 2; a++) {
      for (int bb = 0; bb < 2; bb++) {
        for (int cc = 0; cc < 2; cc++) {
          double wt = (a == 0 ? 1 - fz : fz) * (bb == 0 ? 1 - fy : fy) * (cc == 0 ? 1 - fx : fx);
          v += wt * f[((ch * d + zs[a]) * h + ys[bb]) * w + xs[cc]];
        }
      }
    }
    return v;
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
