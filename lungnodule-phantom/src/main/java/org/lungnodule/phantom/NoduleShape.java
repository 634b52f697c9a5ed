package org.lungnodule.phantom;

import java.util.SplittableRandom;
import org.lungnodule.core.NoduleLabel;

/**
 * The analytic model of one nodule: a star-shaped solid around its centre whose radius in the unit
 * direction u is
 *
 * <pre>
 *   r(u) = R · e(u) · (1 + Σ_lobes a_l · exp(κ_l (u·v_l − 1))) + Σ_spicules L_s · exp(κ_s (u·w_s − 1))
 * </pre>
 *
 * where e(u) is a randomly oriented ellipsoid of small eccentricity, the lobes are broad bumps
 * (lobulation) and the spicules narrow tapering spikes about 1 mm wide at the base. R is chosen so
 * that the volume-equivalent sphere has exactly the drawn diameter. The density is uniform plus a
 * smooth texture: solid, ground-glass, part-solid (a solid core inside ground glass) or, for some
 * benign nodules, a calcified core.
 */
final class NoduleShape {

  private static final int N_DIRS = 2000;
  private static final double[] DIRS = fibonacciSphere(N_DIRS);

  final double cx;
  final double cy;
  final double cz;
  final NoduleLabel label;
  final NoduleType type;
  final double diameterMm;
  final boolean calcified;

  private final double radius;
  private final double[] axes; // rows: e1, e2, e3 scaled by 1/semi-axis
  private final double[] lobes; // x, y, z, amplitude, kappa
  private final double[] spikes; // x, y, z, length (mm), kappa
  final double rMin;
  final double rMax;

  private final double solidHu;
  private final double ggoHu;
  private final double textureHu;
  private final double coreX;
  private final double coreY;
  private final double coreZ;
  private final double coreR;
  private final double calcR;
  private final double calcHu;

  /**
   * Draws a nodule of the given label, type and diameter at (x, y, z), with the margin model of its
   * label scaled by marginScale and densityShiftHu added to its density.
   */
  NoduleShape(
      SplittableRandom rng,
      double x,
      double y,
      double z,
      NoduleLabel label,
      NoduleType type,
      double diameterMm,
      double marginScale,
      double densityShiftHu,
      boolean calcified) {
    this.cx = x;
    this.cy = y;
    this.cz = z;
    this.label = label;
    this.type = type;
    this.diameterMm = diameterMm;
    this.calcified = calcified;
    boolean mal = label == NoduleLabel.MALIGNANT;
    double r0 = diameterMm / 2;

    double ecc = mal ? 0.22 : 0.12;
    double[] rot = randomRotation(rng);
    axes = new double[9];
    double[] semi = {
      1 + ecc * (2 * rng.nextDouble() - 1),
      1 + ecc * (2 * rng.nextDouble() - 1),
      1 + ecc * (2 * rng.nextDouble() - 1)
    };
    double norm = Math.cbrt(semi[0] * semi[1] * semi[2]);
    for (int a = 0; a < 3; a++) {
      for (int c = 0; c < 3; c++) {
        axes[3 * a + c] = rot[3 * a + c] * norm / semi[a];
      }
    }
    double eMax = norm / Math.min(semi[0], Math.min(semi[1], semi[2]));
    double eMin = norm / Math.max(semi[0], Math.max(semi[1], semi[2]));

    int nLobes = mal ? 3 + rng.nextInt(4) : 2 + rng.nextInt(3);
    lobes = new double[5 * nLobes];
    double lobeSum = 0;
    for (int l = 0; l < nLobes; l++) {
      double[] u = randomUnit(rng);
      double amp = (mal ? 0.04 + 0.18 * rng.nextDouble() : 0.06 * rng.nextDouble()) * marginScale;
      lobes[5 * l] = u[0];
      lobes[5 * l + 1] = u[1];
      lobes[5 * l + 2] = u[2];
      lobes[5 * l + 3] = amp;
      lobes[5 * l + 4] = 3 + 5 * rng.nextDouble();
      lobeSum += amp;
    }

    double pSpiculated = Math.min(1, (mal ? 0.65 : 0.08) * marginScale);
    int nSpikes = 0;
    if (rng.nextDouble() < pSpiculated) {
      nSpikes = mal ? 4 + rng.nextInt(11) : 1 + rng.nextInt(3);
    }
    spikes = new double[5 * nSpikes];
    double spikeMax = 0;
    for (int s = 0; s < nSpikes; s++) {
      double[] u = randomUnit(rng);
      double len = (mal ? 0.3 + 0.7 * rng.nextDouble() : 0.15 + 0.25 * rng.nextDouble()) * r0;
      len = Math.min(len, 8);
      double base = 0.6 + 0.6 * rng.nextDouble();
      double kappa = Math.max(20, (r0 / base) * (r0 / base));
      spikes[5 * s] = u[0];
      spikes[5 * s + 1] = u[1];
      spikes[5 * s + 2] = u[2];
      spikes[5 * s + 3] = len / r0; // relative to R, rescaled below with R
      spikes[5 * s + 4] = kappa;
      spikeMax = Math.max(spikeMax, len / r0);
    }

    // choose R so that the volume-equivalent diameter equals diameterMm
    double m3 = 0;
    for (int d = 0; d < N_DIRS; d++) {
      double rr = unitRadius(DIRS[3 * d], DIRS[3 * d + 1], DIRS[3 * d + 2], 1.0);
      m3 += rr * rr * rr;
    }
    double eq = Math.cbrt(m3 / N_DIRS);
    radius = r0 / eq;
    rMax = radius * (eMax * (1 + lobeSum) + spikeMax);
    rMin = radius * eMin;

    if (type == NoduleType.GROUND_GLASS) {
      ggoHu = -680 + 230 * rng.nextDouble() + densityShiftHu;
      solidHu = ggoHu;
      textureHu = 45;
    } else {
      solidHu = 50 * rng.nextDouble() + densityShiftHu;
      ggoHu =
          type == NoduleType.PART_SOLID ? -620 + 170 * rng.nextDouble() + densityShiftHu : solidHu;
      textureHu = type == NoduleType.PART_SOLID ? 35 : 12;
    }
    if (type == NoduleType.PART_SOLID) {
      coreR = (0.3 + 0.3 * rng.nextDouble()) * r0;
      double[] u = randomUnit(rng);
      double off = 0.3 * rng.nextDouble() * r0;
      coreX = x + u[0] * off;
      coreY = y + u[1] * off;
      coreZ = z + u[2] * off;
    } else {
      coreR = 0;
      coreX = x;
      coreY = y;
      coreZ = z;
    }
    if (calcified) {
      calcR = (0.3 + 0.45 * rng.nextDouble()) * r0;
      calcHu = 350 + 550 * rng.nextDouble();
    } else {
      calcR = 0;
      calcHu = 0;
    }
  }

  /**
   * Radius in mm in the unit direction (ux, uy, uz): the analytic radius tabulated on a cube map (6
   * faces of 49 × 49 directions, about 0.04 rad apart) and interpolated bilinearly. The table is
   * the nodule's shape for rendering and masks alike; it is built on first use.
   */
  double radiusAt(double ux, double uy, double uz) {
    float[] t = cube;
    if (t == null) {
      t = buildCube();
      cube = t;
    }
    double ax = Math.abs(ux);
    double ay = Math.abs(uy);
    double az = Math.abs(uz);
    int face;
    double a;
    double b;
    if (ax >= ay && ax >= az) {
      face = ux > 0 ? 0 : 1;
      a = uy / ax;
      b = uz / ax;
    } else if (ay >= az) {
      face = uy > 0 ? 2 : 3;
      a = ux / ay;
      b = uz / ay;
    } else {
      face = uz > 0 ? 4 : 5;
      a = ux / az;
      b = uy / az;
    }
    double fa = (a + 1) * 0.5 * (CUBE - 1);
    double fb = (b + 1) * 0.5 * (CUBE - 1);
    int ia = Math.min(CUBE - 2, (int) fa);
    int ib = Math.min(CUBE - 2, (int) fb);
    double wa = fa - ia;
    double wb = fb - ib;
    int o = face * CUBE * CUBE + ib * CUBE + ia;
    double r0 = t[o] + wa * (t[o + 1] - t[o]);
    double r1 = t[o + CUBE] + wa * (t[o + CUBE + 1] - t[o + CUBE]);
    return r0 + wb * (r1 - r0);
  }

  private static final int CUBE = 49;
  private volatile float[] cube;

  private float[] buildCube() {
    float[] t = new float[6 * CUBE * CUBE];
    for (int f = 0; f < 6; f++) {
      for (int ib = 0; ib < CUBE; ib++) {
        for (int ia = 0; ia < CUBE; ia++) {
          double a = 2.0 * ia / (CUBE - 1) - 1;
          double b = 2.0 * ib / (CUBE - 1) - 1;
          double sign = (f % 2 == 0) ? 1 : -1;
          double x;
          double y;
          double z;
          if (f < 2) {
            x = sign;
            y = a;
            z = b;
          } else if (f < 4) {
            x = a;
            y = sign;
            z = b;
          } else {
            x = a;
            y = b;
            z = sign;
          }
          double n = Math.sqrt(x * x + y * y + z * z);
          t[f * CUBE * CUBE + ib * CUBE + ia] = (float) unitRadius(x / n, y / n, z / n, radius);
        }
      }
    }
    return t;
  }

  private double unitRadius(double ux, double uy, double uz, double rad) {
    double a = axes[0] * ux + axes[1] * uy + axes[2] * uz;
    double b = axes[3] * ux + axes[4] * uy + axes[5] * uz;
    double c = axes[6] * ux + axes[7] * uy + axes[8] * uz;
    double e = 1 / Math.sqrt(a * a + b * b + c * c);
    double lob = 1;
    for (int l = 0; l < lobes.length; l += 5) {
      double dot = lobes[l] * ux + lobes[l + 1] * uy + lobes[l + 2] * uz;
      lob += lobes[l + 3] * Math.exp(lobes[l + 4] * (dot - 1));
    }
    double r = rad * e * lob;
    for (int s = 0; s < spikes.length; s += 5) {
      double dot = spikes[s] * ux + spikes[s + 1] * uy + spikes[s + 2] * uz;
      double arg = spikes[s + 4] * (dot - 1);
      if (arg > -12) {
        r += rad * spikes[s + 3] * Math.exp(arg);
      }
    }
    return r;
  }

  /**
   * True if the world point lies inside the nodule surface moved {@code marginMm} outwards along
   * each ray from the centre (inwards where negative; 0 = the surface itself).
   */
  boolean contains(double x, double y, double z, double marginMm) {
    double dx = x - cx;
    double dy = y - cy;
    double dz = z - cz;
    double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (d <= rMin + marginMm) {
      return true;
    }
    if (d > rMax + marginMm || d == 0) {
      return false;
    }
    return d <= radiusAt(dx / d, dy / d, dz / d) + marginMm;
  }

  /**
   * Coverage weight in [0, 1] of the point: 1 well inside, 0 outside, a linear ramp of width softMm
   * across the surface.
   */
  double weight(double dx, double dy, double dz, double softMm) {
    double d2 = dx * dx + dy * dy + dz * dz;
    double hi = rMax + softMm;
    if (d2 >= hi * hi) {
      return 0;
    }
    double d = Math.sqrt(d2);
    if (d < rMin - softMm) {
      return 1;
    }
    double r = d > 1e-9 ? radiusAt(dx / d, dy / d, dz / d) : rMin;
    double w = (r - d) / softMm + 0.5;
    return w <= 0 ? 0 : (w >= 1 ? 1 : w);
  }

  /** Density (HU) inside the nodule at the point, with texture in [-1, 1] and edge softness. */
  double density(double x, double y, double z, double texture, double softMm) {
    if (calcified) {
      double dx = x - cx;
      double dy = y - cy;
      double dz = z - cz;
      double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
      double w = clamp((calcR - d) / softMm + 0.5);
      return solidHu + textureHu * texture + w * (calcHu - solidHu);
    }
    if (type == NoduleType.PART_SOLID) {
      double dx = x - coreX;
      double dy = y - coreY;
      double dz = z - coreZ;
      double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
      double w = clamp((coreR - d) / softMm + 0.5);
      return ggoHu + w * (solidHu - ggoHu) + textureHu * texture;
    }
    return solidHu + textureHu * texture;
  }

  private static double clamp(double w) {
    return w <= 0 ? 0 : (w >= 1 ? 1 : w);
  }

  static double[] randomUnit(SplittableRandom rng) {
    double z = 2 * rng.nextDouble() - 1;
    double phi = 2 * Math.PI * rng.nextDouble();
    double s = Math.sqrt(1 - z * z);
    return new double[] {s * Math.cos(phi), s * Math.sin(phi), z};
  }

  private static double[] randomRotation(SplittableRandom rng) {
    double[] a = randomUnit(rng);
    double[] t = Math.abs(a[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
    double[] b = cross(a, t);
    double nb = Math.sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
    b[0] /= nb;
    b[1] /= nb;
    b[2] /= nb;
    double ang = 2 * Math.PI * rng.nextDouble();
    double[] c = cross(a, b);
    double[] b2 = new double[3];
    double[] c2 = new double[3];
    for (int i = 0; i < 3; i++) {
      b2[i] = Math.cos(ang) * b[i] + Math.sin(ang) * c[i];
      c2[i] = -Math.sin(ang) * b[i] + Math.cos(ang) * c[i];
    }
    return new double[] {a[0], a[1], a[2], b2[0], b2[1], b2[2], c2[0], c2[1], c2[2]};
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  private static double[] fibonacciSphere(int n) {
    double[] d = new double[3 * n];
    double golden = Math.PI * (3 - Math.sqrt(5));
    for (int i = 0; i < n; i++) {
      double z = 1 - (2 * i + 1.0) / n;
      double s = Math.sqrt(1 - z * z);
      double phi = golden * i;
      d[3 * i] = s * Math.cos(phi);
      d[3 * i + 1] = s * Math.sin(phi);
      d[3 * i + 2] = z;
    }
    return d;
  }
}
