package org.lungnodule.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.lungnodule.core.Dims;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * One synthetic patient: the analytic anatomy (body, lungs, heart, bones, airway and vessel trees)
 * and its nodules, in world millimetres (LPS: x to the patient's left, y posterior, z superior; the
 * body axis is x = y = 0, the scan's bottom slice at z = 0). Everything random is drawn here, from
 * one seed; rendering is deterministic.
 */
final class PatientModel {

  // body
  final double bodyAx;
  final double bodyAy;
  final double fatMm;
  // lungs: index 0 right (x < 0), 1 left
  final double[] lungCx = new double[2];
  final double[] lungCy = new double[2];
  final double[] lungRx = new double[2];
  final double[] lungRy = new double[2];
  final double zBase;
  final double zApex;
  // heart
  final double heartX;
  final double heartY;
  final double heartRx;
  final double heartRy;
  final double heartZ0;
  final double heartZ1;
  // bones
  final double spineY;
  final double spineR;
  final double ribPitch;
  final double ribPhase;
  final double ribWidth;
  final double sternumY;
  final long textureSeed;

  final Tubes airways = new Tubes();
  final Tubes vessels = new Tubes();
  final List<NoduleShape> nodules = new ArrayList<>();

  // scan grid
  final double pixelMm;
  final double sliceMm;

  /** Draws a patient's anatomy and scan spacing. Nodules are added by {@link #placeNodules}. */
  PatientModel(SplittableRandom rng, SiteProfile p) {
    int fovMin = (int) Math.ceil(p.minPixelMm() * 512 - 1e-9);
    int fovMax = (int) Math.floor(p.maxPixelMm() * 512 + 1e-9);
    int fov = fovMax > fovMin ? fovMin + rng.nextInt(fovMax - fovMin + 1) : fovMin;
    pixelMm = Math.max(p.minPixelMm(), Math.min(p.maxPixelMm(), fov / 512.0));
    int steps = (int) Math.floor((p.maxSliceMm() - p.minSliceMm()) / 0.25 + 1e-9);
    double slice = p.minSliceMm() + 0.25 * (steps > 0 ? rng.nextInt(steps + 1) : 0);
    sliceMm = Math.min(p.maxSliceMm(), slice);

    bodyAx = 145 + 12 * rng.nextDouble();
    bodyAy = 102 + 12 * rng.nextDouble();
    fatMm = 8 + 12 * rng.nextDouble();
    double sx = bodyAx / 150;
    double sy = bodyAy / 108;
    for (int l = 0; l < 2; l++) {
      double side = l == 0 ? -1 : 1;
      lungCx[l] = side * (60 + 6 * rng.nextDouble()) * sx;
      lungCy[l] = (2 + 8 * rng.nextDouble()) * sy;
      lungRx[l] = (44 + 6 * rng.nextDouble()) * sx;
      lungRy[l] = (66 + 8 * rng.nextDouble()) * sy;
    }
    zBase = 25 + 15 * rng.nextDouble();
    zApex = zBase + 215 + 30 * rng.nextDouble();
    double len = zApex - zBase;
    heartX = 12 + 10 * rng.nextDouble();
    heartY = -(18 + 10 * rng.nextDouble()) * sy;
    heartRx = (48 + 8 * rng.nextDouble()) * sx;
    heartRy = (40 + 6 * rng.nextDouble()) * sy;
    heartZ0 = zBase - 20;
    heartZ1 = zBase + (0.45 + 0.1 * rng.nextDouble()) * len;
    spineR = 15 + 3 * rng.nextDouble();
    spineY = bodyAy - fatMm - spineR - 22;
    ribPitch = 24 + 5 * rng.nextDouble();
    ribPhase = ribPitch * rng.nextDouble();
    ribWidth = 8 + 3 * rng.nextDouble();
    sternumY = -(bodyAy - fatMm - 8);
    textureSeed = rng.nextLong();

    growAirways(new SplittableRandom(rng.nextLong()));
    growVessels(new SplittableRandom(rng.nextLong()));
  }

  /** Scale of lung l's cross-section at height z: 0 outside the lung's z range, up to 1. */
  double lungScale(double z) {
    double t = (z - zBase) / (zApex - zBase);
    if (t <= 0 || t >= 1) {
      return 0;
    }
    if (t < 0.45) {
      return 1;
    }
    double u = (t - 0.45) / 0.55;
    return Math.sqrt(1 - u * u);
  }

  /** Relative size of the diaphragm dome cut into the lung base at height z (0 above it). */
  double domeScale(double z) {
    double t = (z - zBase) / (zApex - zBase);
    if (t >= 0.18) {
      return 0;
    }
    if (t <= 0) {
      return 1;
    }
    return 0.95 * Math.sqrt(1 - t / 0.18);
  }

  /** Scale of the heart's cross-section at height z (0 outside it). */
  double heartScale(double z) {
    double c = (heartZ0 + heartZ1) / 2;
    double h = (heartZ1 - heartZ0) / 2;
    double u = (z - c) / h;
    return Math.abs(u) >= 1 ? 0 : Math.sqrt(1 - u * u);
  }

  /**
   * Approximate depth (mm) of a point inside the lungs: positive inside, the distance to the
   * nearest pleura, heart or diaphragm; negative outside.
   */
  double lungDepth(double x, double y, double z) {
    double g = lungScale(z);
    if (g <= 0) {
      return -10;
    }
    int l = x < 0 ? 0 : 1;
    double rx = lungRx[l] * g;
    double ry = lungRy[l] * g;
    double qx = (x - lungCx[l]) / rx;
    double qy = (y - lungCy[l]) / ry;
    double q = Math.sqrt(qx * qx + qy * qy);
    double depth = (1 - q) * Math.min(rx, ry);
    depth = Math.min(depth, Math.min(z - zBase, zApex - z) * 0.5);
    double dd = domeScale(z);
    if (dd > 0) {
      double qd = q / dd;
      depth = Math.min(depth, (qd - 1) * Math.min(rx, ry) * dd);
    }
    double hs = heartScale(z);
    if (hs > 0) {
      double hx = (x - heartX) / (heartRx * hs);
      double hy = (y - heartY) / (heartRy * hs);
      double qh = Math.sqrt(hx * hx + hy * hy);
      depth = Math.min(depth, (qh - 1) * Math.min(heartRx, heartRy) * hs);
    }
    return depth;
  }

  private double hilumZ() {
    return zBase + 0.58 * (zApex - zBase);
  }

  private double[] hilum(int l) {
    double side = l == 0 ? -1 : 1;
    return new double[] {lungCx[l] - side * lungRx[l] * 0.62, lungCy[l] - 4, hilumZ()};
  }

  private void growAirways(SplittableRandom rng) {
    double zc = hilumZ() + 22;
    double[] top = {0, lungCy[0] - 22, zApex + 60};
    double[] carina = {0, lungCy[0] - 14, zc};
    airways.add(top, carina, 8.5 + rng.nextDouble());
    for (int l = 0; l < 2; l++) {
      double[] h = hilum(l);
      airways.add(carina, h, 5.5 + rng.nextDouble());
      for (double[] dir : rootDirections(l)) {
        grow(airways, rng, h, jitter(rng, dir, 0.2), 3.6, 24, 0, 5, 1.1);
      }
    }
  }

  private void growVessels(SplittableRandom rng) {
    for (int l = 0; l < 2; l++) {
      double[] h = hilum(l);
      h[1] += 6;
      h[2] -= 6;
      for (double[] dir : rootDirections(l)) {
        grow(vessels, rng, h, jitter(rng, dir, 0.25), 5.0, 22, 0, 8, 0.7);
      }
      double[] h2 = hilum(l);
      h2[1] -= 6;
      h2[2] += 4;
      for (double[] dir : rootDirections(l)) {
        grow(vessels, rng, h2, jitter(rng, dir, 0.35), 4.0, 20, 0, 7, 0.7);
      }
    }
  }

  private static double[][] rootDirections(int l) {
    double s = l == 0 ? -1 : 1;
    return new double[][] {
      {0.35 * s, -0.1, 1}, {s, -0.45, 0.05}, {0.6 * s, 0.6, -0.25}, {0.4 * s, 0.15, -1}
    };
  }

  private void grow(
      Tubes out,
      SplittableRandom rng,
      double[] p,
      double[] dir,
      double r,
      double len,
      int gen,
      int maxGen,
      double minR) {
    double[] end = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      double[] d = attempt == 0 ? dir : jitter(rng, dir, 0.5 * attempt);
      double[] e = {p[0] + d[0] * len, p[1] + d[1] * len, p[2] + d[2] * len};
      if (gen == 0 || lungDepth(e[0], e[1], e[2]) > r + 1.5) {
        end = e;
        dir = d;
        break;
      }
    }
    if (end == null) {
      return;
    }
    out.add(p, end, r);
    if (gen >= maxGen) {
      return;
    }
    for (int c = 0; c < 2; c++) {
      double cr = r * (0.68 + 0.14 * rng.nextDouble());
      if (cr < minR) {
        continue;
      }
      double[] cd = branch(rng, dir, c == 0 ? 1 : -1);
      grow(out, rng, end, cd, cr, len * (0.74 + 0.14 * rng.nextDouble()), gen + 1, maxGen, minR);
    }
  }

  private static double[] branch(SplittableRandom rng, double[] dir, int sign) {
    double[] t = NoduleShape.randomUnit(rng);
    double[] perp = NoduleShape.cross(dir, t);
    double n = Math.sqrt(perp[0] * perp[0] + perp[1] * perp[1] + perp[2] * perp[2]);
    double ang = sign * Math.toRadians(18 + 24 * rng.nextDouble());
    double[] d = new double[3];
    for (int i = 0; i < 3; i++) {
      d[i] = Math.cos(ang) * dir[i] + Math.sin(ang) * perp[i] / n;
    }
    return normalize(d);
  }

  private static double[] jitter(SplittableRandom rng, double[] dir, double amount) {
    double[] u = NoduleShape.randomUnit(rng);
    double[] d = normalize(dir);
    return normalize(
        new double[] {d[0] + amount * u[0], d[1] + amount * u[1], d[2] + amount * u[2]});
  }

  private static double[] normalize(double[] d) {
    double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    return new double[] {d[0] / n, d[1] / n, d[2] / n};
  }

  // ---------------------------------------------------------------- geometry per size

  /** The FULL grid: 512 × 512 × (300 mm / slice), centred on the body axis, bottom slice z = 0. */
  VolumeGeometry fullGeometry() {
    int nz = (int) Math.round(300 / sliceMm);
    return grid(512, 512, nz, 0, 0, 0);
  }

  /** The QUICK grid: both lungs plus 10 mm in-plane, a slab of at most 110 mm along z. */
  VolumeGeometry quickGeometry() {
    double xHalf = Math.max(-lungCx[0] + lungRx[0], lungCx[1] + lungRx[1]) + 10;
    double y0 = Math.min(lungCy[0] - lungRy[0], lungCy[1] - lungRy[1]) - 10;
    double y1 = Math.max(lungCy[0] + lungRy[0], lungCy[1] + lungRy[1]) + 10;
    int nx = (int) Math.ceil(2 * xHalf / pixelMm);
    int ny = (int) Math.ceil((y1 - y0) / pixelMm);
    int nz = (int) Math.round(110 / sliceMm);
    nz = (int) Math.min(nz, 19_500_000L / ((long) nx * ny));
    double zc = zBase + 0.45 * (zApex - zBase);
    return grid(nx, ny, nz, 0, (y0 + y1) / 2, zc - (nz - 1) * sliceMm / 2);
  }

  /** The TEST grid: 96 × 96 × (48 mm) centred at the given point. */
  VolumeGeometry testGeometry(double x, double y, double z) {
    int nz = Math.max(4, (int) Math.round(48 / sliceMm));
    return grid(96, 96, nz, x, y, z - (nz - 1) * sliceMm / 2);
  }

  /** A window of the given size in mm centred on (x, y, z). */
  VolumeGeometry window(double wx, double wy, double wz, double x, double y, double z) {
    int nx = Math.max(8, (int) Math.round(wx / pixelMm));
    int ny = Math.max(8, (int) Math.round(wy / pixelMm));
    int nz = Math.max(4, (int) Math.round(wz / sliceMm));
    return grid(nx, ny, nz, x, y, z - (nz - 1) * sliceMm / 2);
  }

  private VolumeGeometry grid(int nx, int ny, int nz, double xc, double yc, double z0) {
    Spacing sp = new Spacing(pixelMm, pixelMm, sliceMm);
    WorldPoint origin =
        new WorldPoint(xc - (nx - 1) * pixelMm / 2, yc - (ny - 1) * pixelMm / 2, z0);
    return new VolumeGeometry(
        new Dims(nx, ny, nz), sp, origin, org.lungnodule.core.Direction.IDENTITY);
  }

  // ---------------------------------------------------------------- nodules

  /** How a nodule is placed relative to its surroundings. */
  enum Attachment {
    FREE,
    PLEURAL,
    VASCULAR
  }

  /**
   * Draws and places {@code count} nodules with centres inside [lo, hi] (world mm, per axis) so
   * that each nodule's bounding sphere stays inside that box. Returns the number placed (a nodule
   * that finds no room after many tries is dropped).
   */
  int placeNodules(
      SplittableRandom rng, SiteProfile p, int count, double[] lo, double[] hi, double maxDiam) {
    int placed = 0;
    for (int n = 0; n < count; n++) {
      SplittableRandom nr = new SplittableRandom(rng.nextLong());
      if (placeOne(nr, p, lo, hi, maxDiam)) {
        placed++;
      }
    }
    return placed;
  }

  private boolean placeOne(
      SplittableRandom rng, SiteProfile p, double[] lo, double[] hi, double maxDiam) {
    NoduleMix mix = p.noduleMix();
    AppearanceShift app = p.appearance();
    boolean mal = rng.nextDouble() < p.malignantPrevalence();
    NoduleLabel label = mal ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN;
    double median = mal ? mix.malignantMedianDiameterMm() : mix.benignMedianDiameterMm();
    double diam = median * Math.exp(mix.diameterLogSigma() * rng.nextGaussian());
    diam *= mal ? app.malignantSizeScale() : app.benignSizeScale();
    diam = Math.max(3, Math.min(Math.min(30, maxDiam), diam));
    double pPart;
    double pGgo;
    if (mal) {
      pPart = mix.malignantPartSolid();
      pGgo = mix.malignantGroundGlass();
    } else {
      double solid = 1 - mix.benignPartSolid() - mix.benignGroundGlass();
      double moved = Math.min(solid, app.benignSubsolidShift());
      pPart = mix.benignPartSolid() + moved / 2;
      pGgo = mix.benignGroundGlass() + moved / 2;
    }
    double u = rng.nextDouble();
    NoduleType type =
        u < pGgo
            ? NoduleType.GROUND_GLASS
            : (u < pGgo + pPart ? NoduleType.PART_SOLID : NoduleType.SOLID);
    boolean calcified =
        !mal && type == NoduleType.SOLID && rng.nextDouble() < mix.benignCalcified();
    double a = rng.nextDouble();
    Attachment att =
        a < 0.2 ? Attachment.PLEURAL : (a < 0.4 ? Attachment.VASCULAR : Attachment.FREE);
    double margin = mal ? app.malignantMarginScale() : app.benignMarginScale();
    double density = mal ? app.malignantDensityHu() : 0;
    long shapeSeed = rng.nextLong();
    NoduleShape s =
        new NoduleShape(
            new SplittableRandom(shapeSeed),
            0,
            0,
            0,
            label,
            type,
            diam,
            margin,
            density,
            calcified);
    for (int tries = 0; tries < 400; tries++) {
      Attachment mode = tries < 150 ? att : Attachment.FREE;
      double[] c = candidate(rng, mode, s, lo, hi);
      if (c == null) {
        continue;
      }
      double reach = s.rMax;
      boolean ok = true;
      for (int ax = 0; ax < 3 && ok; ax++) {
        ok = c[ax] - reach >= lo[ax] && c[ax] + reach <= hi[ax];
      }
      if (!ok) {
        continue;
      }
      double depth = lungDepth(c[0], c[1], c[2]);
      double r = diam / 2;
      if (mode == Attachment.PLEURAL ? depth < 0.5 * r || depth > 0.95 * r : depth < r + 1.5) {
        continue;
      }
      // the lung must also surround the nodule above and below its centre (heart, dome, apex)
      double zr = mode == Attachment.PLEURAL ? 0.5 * r : r;
      if (lungDepth(c[0], c[1], c[2] - zr) <= 0.5 || lungDepth(c[0], c[1], c[2] + zr) <= 0.5) {
        continue;
      }
      for (NoduleShape o : nodules) {
        double dx = o.cx - c[0];
        double dy = o.cy - c[1];
        double dz = o.cz - c[2];
        if (Math.sqrt(dx * dx + dy * dy + dz * dz) < o.rMax + reach + 3) {
          ok = false;
          break;
        }
      }
      if (!ok) {
        continue;
      }
      nodules.add(
          new NoduleShape(
              new SplittableRandom(shapeSeed),
              c[0],
              c[1],
              c[2],
              label,
              type,
              diam,
              margin,
              density,
              calcified));
      return true;
    }
    return false;
  }

  private double[] candidate(
      SplittableRandom rng, Attachment mode, NoduleShape s, double[] lo, double[] hi) {
    if (mode == Attachment.VASCULAR) {
      for (int t = 0; t < 20; t++) {
        int v = rng.nextInt(vessels.size);
        double vr = vessels.r[v];
        if (vr < 1.0) {
          continue;
        }
        double f = rng.nextDouble();
        double px = vessels.ax[v] + f * (vessels.bx[v] - vessels.ax[v]);
        double py = vessels.ay[v] + f * (vessels.by[v] - vessels.ay[v]);
        double pz = vessels.az[v] + f * (vessels.bz[v] - vessels.az[v]);
        if (px < lo[0] || px > hi[0] || py < lo[1] || py > hi[1] || pz < lo[2] || pz > hi[2]) {
          continue;
        }
        double[] dir = {
          vessels.bx[v] - vessels.ax[v],
          vessels.by[v] - vessels.ay[v],
          vessels.bz[v] - vessels.az[v]
        };
        double[] perp = NoduleShape.cross(dir, NoduleShape.randomUnit(rng));
        double n = Math.sqrt(perp[0] * perp[0] + perp[1] * perp[1] + perp[2] * perp[2]);
        double off = s.diameterMm / 2 + 0.6 * vr;
        return new double[] {
          px + perp[0] / n * off, py + perp[1] / n * off, pz + perp[2] / n * off
        };
      }
      return null;
    }
    return new double[] {
      lo[0] + (hi[0] - lo[0]) * rng.nextDouble(),
      lo[1] + (hi[1] - lo[1]) * rng.nextDouble(),
      lo[2] + (hi[2] - lo[2]) * rng.nextDouble()
    };
  }
}
