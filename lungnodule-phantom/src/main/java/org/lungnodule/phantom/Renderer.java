package org.lungnodule.phantom;

import java.util.SplittableRandom;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.VolumeGeometry;

/**
 * The scanner model: samples a {@link PatientModel} on a grid (axis-aligned, identity direction)
 * and turns it into stored CT values. Per slice, independently (so slices run in parallel):
 *
 * <ol>
 *   <li>the analytic attenuation is point-sampled in-plane at {@code n = ceil(thickness / 1 mm)}
 *       sub-planes spread over the slice thickness and averaged (slice sensitivity profile);
 *   <li>white Gaussian noise is added, then the in-plane Gaussian point-spread function (σ = the
 *       profile's blur) is applied to image and noise together, so the noise is correlated like a
 *       smooth kernel's and has standard deviation {@code noiseSigmaHu} after the blur;
 *   <li>{@code hu' = huScale · hu + huOffset}, rounded to an integer and clamped to [-1024, 3071].
 * </ol>
 */
final class Renderer {

  static final float AIR = -1000;
  private static final float FAT = -95;
  private static final float SOFT = 38;
  private static final float LUNG = -855;
  private static final float VESSEL = 42;
  private static final float AIRWAY_WALL = -60;

  private final PatientModel m;
  private final SiteProfile prof;
  private final long noiseSeed;

  Renderer(PatientModel model, SiteProfile effectiveProfile, long noiseSeed) {
    this.m = model;
    this.prof = effectiveProfile;
    this.noiseSeed = noiseSeed;
  }

  /** Renders the grid; parallel over slices when {@code parallel}. */
  float[] render(VolumeGeometry g, boolean parallel) {
    if (!g.direction().isIdentity(0)) {
      throw new IllegalArgumentException("phantom grids have the identity direction");
    }
    Dims d = g.dims();
    float[] out = new float[d.voxelCount()];
    double px = g.spacing().xMm();
    double[] kernel = gaussianKernel(prof.blurSigmaMm() / px);
    double k2 = 0;
    for (double v : kernel) {
      k2 += v * v;
    }
    double noisePre = prof.noiseSigmaHu() / k2;
    if (parallel) {
      Parallel.forEach(d.nz(), k -> slice(g, k, kernel, noisePre, out));
    } else {
      for (int k = 0; k < d.nz(); k++) {
        slice(g, k, kernel, noisePre, out);
      }
    }
    return out;
  }

  private void slice(VolumeGeometry g, int k, double[] kernel, double noisePre, float[] out) {
    Dims d = g.dims();
    int nx = d.nx();
    int ny = d.ny();
    int n = nx * ny;
    double sz = g.spacing().zMm();
    double zc = g.origin().zMm() + k * sz;
    int nsub = Math.max(1, Math.min(6, (int) Math.ceil(sz / 1.0 - 1e-9)));
    float[] acc = new float[n];
    float[] sub = nsub > 1 ? new float[n] : acc;
    double soft = Math.max(g.spacing().xMm(), sz / nsub);
    for (int s = 0; s < nsub; s++) {
      double z = zc + sz * ((s + 0.5) / nsub - 0.5);
      plane(g, z, soft, sub);
      if (nsub > 1) {
        for (int i = 0; i < n; i++) {
          acc[i] += sub[i];
        }
      }
    }
    if (nsub > 1) {
      float inv = 1f / nsub;
      for (int i = 0; i < n; i++) {
        acc[i] *= inv;
      }
    }
    if (noisePre > 0) {
      SplittableRandom rng = new SplittableRandom(Seeds.mix(noiseSeed, k));
      GaussianTable.addNoise(rng, acc, (float) noisePre);
    }
    if (kernel.length > 1) {
      blur(acc, nx, ny, kernel, sub == acc ? new float[n] : sub);
    }
    float scale = (float) prof.huScale();
    float offset = (float) prof.huOffset();
    int base = k * n;
    for (int i = 0; i < n; i++) {
      float v = Math.round(scale * acc[i] + offset);
      out[base + i] = v < -1024 ? -1024 : (v > 3071 ? 3071 : v);
    }
  }

  /** The noise-free attenuation (HU) on the plane z of the grid, into buf. */
  void plane(VolumeGeometry g, double z, double soft, float[] buf) {
    Dims d = g.dims();
    int nx = d.nx();
    int ny = d.ny();
    double px = g.spacing().xMm();
    double py = g.spacing().yMm();
    double ox = g.origin().xMm();
    double oy = g.origin().yMm();
    double x1 = ox + (nx - 1) * px;
    double y1 = oy + (ny - 1) * py;
    long ts = m.textureSeed;
    NoisePlane coarse = new NoisePlane(ts, 7.0, ox, x1, oy, y1, z);
    NoisePlane fine = new NoisePlane(ts ^ 0x5DEECE66DL, 2.5, ox, x1, oy, y1, z);
    NoisePlane bone = new NoisePlane(ts ^ 0x2545F491L, 3.0, ox, x1, oy, y1, z);

    double ax = m.bodyAx;
    double ay = m.bodyAy;
    double ix = ax - m.fatMm;
    double iy = ay - m.fatMm;
    double g0 = m.lungScale(z);
    double dd = m.domeScale(z);
    double hs = m.heartScale(z);
    double len = m.zApex - m.zBase;
    boolean sternum = z > m.zBase + 0.3 * len && z < m.zApex;
    double ribIn = 1 - 16 / iy;
    double ribOut = 1 - 5 / iy;
    double ribMid = (ribIn + ribOut) / 2;
    double ribHalf = (ribOut - ribIn) / 2;
    double sr = m.spineR;
    double canalY = m.spineY + sr + 7;

    for (int j = 0; j < ny; j++) {
      double y = oy + j * py;
      int row = j * nx;
      double yy = y / ay;
      double half = Math.abs(yy) < 1 ? ax * Math.sqrt(1 - yy * yy) : -1;
      for (int i = 0; i < nx; i++) {
        double x = ox + i * px;
        if (Math.abs(x) > half) {
          buf[row + i] = AIR;
          continue;
        }
        double qx = x / ix;
        double qy = y / iy;
        double rho2 = qx * qx + qy * qy;
        if (rho2 > 1) {
          buf[row + i] = FAT + 8 * fine.sample(x, y);
          continue;
        }
        float v = SOFT;
        boolean isBone = false;
        // spine and spinal canal
        double dsx = x;
        double dsy = y - m.spineY;
        double ds2 = dsx * dsx + dsy * dsy;
        if (ds2 < sr * sr) {
          double ds = Math.sqrt(ds2);
          v =
              (float)
                  (ds > sr - 2.5 ? 720 + 120 * bone.sample(x, y) : 230 + 110 * bone.sample(x, y));
          isBone = true;
        } else {
          double dcy = y - canalY;
          if (x * x + dcy * dcy < 49) {
            v = 15;
            isBone = true;
          }
        }
        // ribs: elliptical bars between the inner ellipses, descending anteriorly
        double rho = Math.sqrt(rho2);
        if (!isBone
            && rho > ribIn
            && rho < ribOut
            && !(y < 0 && Math.abs(x) < 32)
            && !(y > 0 && Math.abs(x) < 28)) {
          double zz = z + 0.18 * (iy - y) - m.ribPhase;
          double f = zz - m.ribPitch * Math.floor(zz / m.ribPitch);
          if (f < m.ribWidth) {
            double u = (rho - ribMid) / ribHalf;
            double w = (f - m.ribWidth / 2) / (m.ribWidth / 2);
            double e = u * u + w * w;
            if (e < 1) {
              v = (float) (e > 0.5 ? 650 + 150 * bone.sample(x, y) : 260 + 90 * bone.sample(x, y));
              isBone = true;
            }
          }
        }
        if (!isBone && sternum && Math.abs(x) < 15 && Math.abs(y - m.sternumY) < 5) {
          v = (float) (380 + 100 * bone.sample(x, y));
          isBone = true;
        }
        if (!isBone && g0 > 0) {
          int l = x < 0 ? 0 : 1;
          double lx = (x - m.lungCx[l]) / (m.lungRx[l] * g0);
          double ly = (y - m.lungCy[l]) / (m.lungRy[l] * g0);
          double ql = lx * lx + ly * ly;
          if (ql < 1 && (dd <= 0 || ql > dd * dd)) {
            boolean inHeart = false;
            if (hs > 0) {
              double hx = (x - m.heartX) / (m.heartRx * hs);
              double hy = (y - m.heartY) / (m.heartRy * hs);
              inHeart = hx * hx + hy * hy < 1;
            }
            if (!inHeart) {
              v = (float) (LUNG + 28 * coarse.sample(x, y) + 14 * fine.sample(x, y) + 40 * ly);
            }
          }
        }
        buf[row + i] = v;
      }
    }
    tubes(g, z, soft, buf, m.airways, true);
    tubes(g, z, soft, buf, m.vessels, false);
    nodules(g, z, soft, buf, fine);
  }

  private static void tubes(
      VolumeGeometry g, double z, double soft, float[] buf, Tubes t, boolean airway) {
    Dims d = g.dims();
    int nx = d.nx();
    int ny = d.ny();
    double px = g.spacing().xMm();
    double py = g.spacing().yMm();
    double ox = g.origin().xMm();
    double oy = g.origin().yMm();
    for (int s = 0; s < t.size; s++) {
      double r = t.r[s];
      double reach = r + soft;
      double za = t.az[s];
      double zb = t.bz[s];
      if (z < Math.min(za, zb) - reach || z > Math.max(za, zb) + reach) {
        continue;
      }
      double t0 = 0;
      double t1 = 1;
      double dz = zb - za;
      if (Math.abs(dz) > 1e-9) {
        double a = (z - reach - za) / dz;
        double b = (z + reach - za) / dz;
        t0 = Math.max(0, Math.min(a, b));
        t1 = Math.min(1, Math.max(a, b));
      }
      double xa = t.ax[s] + t0 * (t.bx[s] - t.ax[s]);
      double xb = t.ax[s] + t1 * (t.bx[s] - t.ax[s]);
      double ya = t.ay[s] + t0 * (t.by[s] - t.ay[s]);
      double yb = t.ay[s] + t1 * (t.by[s] - t.ay[s]);
      int i0 = Math.max(0, (int) Math.floor((Math.min(xa, xb) - reach - ox) / px));
      int i1 = Math.min(nx - 1, (int) Math.ceil((Math.max(xa, xb) + reach - ox) / px));
      int j0 = Math.max(0, (int) Math.floor((Math.min(ya, yb) - reach - oy) / py));
      int j1 = Math.min(ny - 1, (int) Math.ceil((Math.max(ya, yb) + reach - oy) / py));
      double rin = 0.7 * r;
      for (int j = j0; j <= j1; j++) {
        double y = oy + j * py;
        int row = j * nx;
        for (int i = i0; i <= i1; i++) {
          double x = ox + i * px;
          double dist = t.distance(s, x, y, z);
          if (dist >= reach) {
            continue;
          }
          double w = (r - dist) / soft + 0.5;
          w = w >= 1 ? 1 : w;
          float cur = buf[row + i];
          if (airway) {
            if (AIRWAY_WALL > cur) {
              cur += (float) (w * (AIRWAY_WALL - cur));
            }
            double wi = (rin - dist) / soft + 0.5;
            if (wi > 0) {
              wi = wi >= 1 ? 1 : wi;
              cur += (float) (wi * (AIR - cur));
            }
          } else if (VESSEL > cur) {
            cur += (float) (w * (VESSEL - cur));
          }
          buf[row + i] = cur;
        }
      }
    }
  }

  private void nodules(VolumeGeometry g, double z, double soft, float[] buf, NoisePlane tex) {
    Dims d = g.dims();
    int nx = d.nx();
    int ny = d.ny();
    double px = g.spacing().xMm();
    double py = g.spacing().yMm();
    double ox = g.origin().xMm();
    double oy = g.origin().yMm();
    for (NoduleShape s : m.nodules) {
      double reach = s.rMax + soft;
      double dz = z - s.cz;
      if (Math.abs(dz) >= reach) {
        continue;
      }
      int i0 = Math.max(0, (int) Math.floor((s.cx - reach - ox) / px));
      int i1 = Math.min(nx - 1, (int) Math.ceil((s.cx + reach - ox) / px));
      int j0 = Math.max(0, (int) Math.floor((s.cy - reach - oy) / py));
      int j1 = Math.min(ny - 1, (int) Math.ceil((s.cy + reach - oy) / py));
      for (int j = j0; j <= j1; j++) {
        double y = oy + j * py;
        int row = j * nx;
        for (int i = i0; i <= i1; i++) {
          double x = ox + i * px;
          double w = s.weight(x - s.cx, y - s.cy, dz, soft);
          if (w <= 0) {
            continue;
          }
          double v = s.density(x, y, z, tex.sample(x, y), soft);
          float cur = buf[row + i];
          if (v > cur) {
            buf[row + i] = (float) (cur + w * (v - cur));
          }
        }
      }
    }
  }

  /** Normalised 1D Gaussian of σ in pixels (radius 3σ); a single tap when σ &lt; 0.2 px. */
  static double[] gaussianKernel(double sigmaPx) {
    if (sigmaPx < 0.2) {
      return new double[] {1};
    }
    int r = (int) Math.ceil(3 * sigmaPx);
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-0.5 * i * i / (sigmaPx * sigmaPx));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return k;
  }

  /**
   * Separable in-plane blur of img (nx × ny) with clamped edges; tmp is scratch of the same size.
   */
  static void blur(float[] img, int nx, int ny, double[] k, float[] tmp) {
    int r = k.length / 2;
    for (int j = 0; j < ny; j++) {
      int row = j * nx;
      for (int i = 0; i < nx; i++) {
        double acc = 0;
        for (int t = -r; t <= r; t++) {
          int ii = i + t;
          ii = ii < 0 ? 0 : (ii >= nx ? nx - 1 : ii);
          acc += k[t + r] * img[row + ii];
        }
        tmp[row + i] = (float) acc;
      }
    }
    for (int j = 0; j < ny; j++) {
      int row = j * nx;
      for (int i = 0; i < nx; i++) {
        double acc = 0;
        for (int t = -r; t <= r; t++) {
          int jj = j + t;
          jj = jj < 0 ? 0 : (jj >= ny ? ny - 1 : jj);
          acc += k[t + r] * tmp[jj * nx + i];
        }
        img[row + i] = (float) acc;
      }
    }
  }
}
