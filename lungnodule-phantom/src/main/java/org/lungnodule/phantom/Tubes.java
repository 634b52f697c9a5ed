package org.lungnodule.phantom;

import java.util.Arrays;

/** A growable list of capsules (line segments with a radius), stored as primitive arrays. */
final class Tubes {

  double[] ax = new double[64];
  double[] ay = new double[64];
  double[] az = new double[64];
  double[] bx = new double[64];
  double[] by = new double[64];
  double[] bz = new double[64];
  double[] r = new double[64];
  int size;

  void add(double[] a, double[] b, double radius) {
    if (size == r.length) {
      int n = size * 2;
      ax = Arrays.copyOf(ax, n);
      ay = Arrays.copyOf(ay, n);
      az = Arrays.copyOf(az, n);
      bx = Arrays.copyOf(bx, n);
      by = Arrays.copyOf(by, n);
      bz = Arrays.copyOf(bz, n);
      r = Arrays.copyOf(r, n);
    }
    ax[size] = a[0];
    ay[size] = a[1];
    az[size] = a[2];
    bx[size] = b[0];
    by[size] = b[1];
    bz[size] = b[2];
    r[size] = radius;
    size++;
  }

  /** Distance from (x, y, z) to the axis segment of tube t. */
  double distance(int t, double x, double y, double z) {
    double dx = bx[t] - ax[t];
    double dy = by[t] - ay[t];
    double dz = bz[t] - az[t];
    double px = x - ax[t];
    double py = y - ay[t];
    double pz = z - az[t];
    double len2 = dx * dx + dy * dy + dz * dz;
    double s = len2 > 0 ? (px * dx + py * dy + pz * dz) / len2 : 0;
    if (s < 0) {
      s = 0;
    } else if (s > 1) {
      s = 1;
    }
    px -= s * dx;
    py -= s * dy;
    pz -= s * dz;
    return Math.sqrt(px * px + py * py + pz * pz);
  }
}
