package org.lungnodule.core.preprocess;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * The multiscale Hessian dot-enhancement filter of Li, Sone and Doi (Med. Phys. 30(8), 2003): a
 * classic candidate generator for small nodules. At each scale σ the volume is smoothed with a
 * Gaussian of σ mm; where the Hessian's eigenvalues λ1 ≥ λ2 ≥ λ3 are all negative (a bright blob,
 * not a line or a sheet) the response is {@code σ² λ1² / |λ3|}, and 0 elsewhere; the response is
 * the maximum over the scales. Blobs are the local maxima of the response (26 neighbours) at or
 * above a threshold whose voxel is not the outside value, strongest first, at least a minimum
 * distance apart.
 *
 * <p>Derivatives are central differences in mm on the smoothed volume; the Gaussian is truncated at
 * 3σ and clamped at the volume's edges (as {@code scipy.ndimage.gaussian_filter} with {@code
 * mode='nearest'}). Responses are in the volume's units per mm². Deterministic; runs on {@link
 * Parallel}'s threads.
 */
public final class DotFilter {

  /**
   * One blob: its voxel, its response and the scale at which the response peaked.
   *
   * @param i voxel index along x
   * @param j voxel index along y
   * @param k voxel index along z
   * @param response the filter's response (volume units per mm²)
   * @param sigmaMm the scale of the largest response
   */
  public record Blob(int i, int j, int k, double response, double sigmaMm) {
    /** The blob's position in world coordinates on the given grid. */
    public WorldPoint centre(VolumeGeometry g) {
      return g.voxelToWorld(i, j, k);
    }
  }

  private final double[] sigmasMm;
  private final double threshold;
  private final int maxBlobs;
  private final double minSeparationMm;
  private final float outside;

  private DotFilter(Builder b) {
    sigmasMm = b.sigmasMm.clone();
    threshold = b.threshold;
    maxBlobs = b.maxBlobs;
    minSeparationMm = b.minSeparationMm;
    outside = b.outside;
  }

  /**
   * A builder with the defaults: scales 1, 1.5, 2, 2.5 mm; threshold 0.5; 400 blobs 3 mm apart;
   * outside 170.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The scales in mm. */
  public double[] sigmasMm() {
    return sigmasMm.clone();
  }

  /** The smallest response kept. */
  public double threshold() {
    return threshold;
  }

  /** The most blobs returned. */
  public int maxBlobs() {
    return maxBlobs;
  }

  /** The smallest distance between two blobs, in mm. */
  public double minSeparationMm() {
    return minSeparationMm;
  }

  /** The value of voxels outside the region of interest (never a blob centre). */
  public float outside() {
    return outside;
  }

  /** The settings as strings, for a model archive; {@link #fromMap} reads them back. */
  public Map<String, String> toMap() {
    Map<String, String> m = new TreeMap<>();
    m.put("sigmasMm", Arrays.toString(sigmasMm));
    m.put("threshold", Double.toString(threshold));
    m.put("maxBlobs", Integer.toString(maxBlobs));
    m.put("minSeparationMm", Double.toString(minSeparationMm));
    m.put("outside", Float.toString(outside));
    return m;
  }

  /**
   * Reads settings written by {@link #toMap}.
   *
   * @throws IllegalArgumentException if a key is missing or a value is malformed or out of range
   */
  public static DotFilter fromMap(Map<String, String> m) {
    try {
      String s = require(m, "sigmasMm").trim();
      if (!s.startsWith("[") || !s.endsWith("]")) {
        throw new IllegalArgumentException("sigmasMm must look like [1.0, 2.0], got " + s);
      }
      double[] sig =
          Arrays.stream(s.substring(1, s.length() - 1).split(","))
              .map(String::trim)
              .mapToDouble(Double::parseDouble)
              .toArray();
      return builder()
          .sigmasMm(sig)
          .threshold(Double.parseDouble(require(m, "threshold")))
          .maxBlobs(Integer.parseInt(require(m, "maxBlobs")))
          .minSeparationMm(Double.parseDouble(require(m, "minSeparationMm")))
          .outside(Float.parseFloat(require(m, "outside")))
          .build();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed dot filter setting: " + e.getMessage(), e);
    }
  }

  private static String require(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("dot filter setting " + key + " is missing");
    }
    return v;
  }

  /**
   * The filter's response at every voxel (x fastest), 0 on the volume's outer faces and outside
   * voxels.
   */
  public float[] response(CtVolume volume) {
    return responseAndScale(volume, true)[0];
  }

  /** The blobs of a volume, strongest first. */
  public List<Blob> find(CtVolume volume) {
    Spacing sp = volume.spacing();
    Region reg = region(volume, true);
    List<Blob> peaks = new ArrayList<>();
    if (reg != null) {
      float[][] rs = reg.responseAndScale();
      for (Blob b : peaks(rs[0], rs[1], reg.dims)) {
        peaks.add(
            new Blob(b.i() + reg.x0, b.j() + reg.y0, b.k() + reg.z0, b.response(), b.sigmaMm()));
      }
    }
    List<Blob> kept = new ArrayList<>();
    double sep2 = minSeparationMm * minSeparationMm;
    for (Blob b : peaks) {
      boolean near = false;
      for (Blob q : kept) {
        double dx = (b.i() - q.i()) * sp.xMm();
        double dy = (b.j() - q.j()) * sp.yMm();
        double dz = (b.k() - q.k()) * sp.zMm();
        if (dx * dx + dy * dy + dz * dz < sep2) {
          near = true;
          break;
        }
      }
      if (!near) {
        kept.add(b);
        if (kept.size() == maxBlobs) {
          break;
        }
      }
    }
    return kept;
  }

  /**
   * The response (maximum over the scales) and the scale of the maximum, per voxel of the whole
   * volume; computed on the bounding box of the inside voxels when {@code crop} (the same values:
   * see {@link #region}).
   */
  float[][] responseAndScale(CtVolume volume, boolean crop) {
    int n = volume.dims().voxelCount();
    float[] best = new float[n];
    float[] bestSigma = new float[n];
    Region reg = region(volume, crop);
    if (reg != null) {
      float[][] rs = reg.responseAndScale();
      Dims full = volume.dims();
      Dims d = reg.dims;
      for (int k = 0; k < d.nz(); k++) {
        for (int j = 0; j < d.ny(); j++) {
          int src = d.nx() * (j + d.ny() * k);
          int dst = reg.x0 + full.nx() * (reg.y0 + j + full.ny() * (reg.z0 + k));
          System.arraycopy(rs[0], src, best, dst, d.nx());
          System.arraycopy(rs[1], src, bestSigma, dst, d.nx());
        }
      }
    }
    return new float[][] {best, bestSigma};
  }

  /**
   * The part of the volume the filter has to see: the bounding box of the voxels that are not
   * {@link #outside()}, widened by one voxel on each side within the volume; the whole volume when
   * not {@code crop}; null when every voxel is outside. Every voxel beyond the box has the outside
   * value, as have the box's faces where they do not meet the volume's, so the Gaussian clamped at
   * the box's faces reads the values the whole volume would give it (and each pass maps equal rows
   * to equal rows): the responses are the whole volume's, bit for bit. The central differences of
   * an inside voxel need one voxel on each side, which the widening keeps in the box.
   */
  private Region region(CtVolume volume, boolean crop) {
    Dims d = volume.dims();
    int nx = d.nx();
    int ny = d.ny();
    int nz = d.nz();
    FloatBuffer v = volume.voxels();
    int x0 = nx;
    int y0 = ny;
    int z0 = nz;
    int x1 = -1;
    int y1 = -1;
    int z1 = -1;
    for (int k = 0, o = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++, o++) {
          if (volume.get(o) != outside) {
            x0 = Math.min(x0, i);
            x1 = Math.max(x1, i);
            y0 = Math.min(y0, j);
            y1 = Math.max(y1, j);
            z0 = Math.min(z0, k);
            z1 = Math.max(z1, k);
          }
        }
      }
    }
    if (x1 < 0) {
      return null;
    }
    Spacing sp = volume.spacing();
    if (!crop) {
      return new Region(volume.copyVoxels(), d, sp, 0, 0, 0);
    }
    x0 = Math.max(0, x0 - 1);
    y0 = Math.max(0, y0 - 1);
    z0 = Math.max(0, z0 - 1);
    x1 = Math.min(nx - 1, x1 + 1);
    y1 = Math.min(ny - 1, y1 + 1);
    z1 = Math.min(nz - 1, z1 + 1);
    Dims c = new Dims(x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1);
    if (c.equals(d)) {
      return new Region(volume.copyVoxels(), d, sp, 0, 0, 0);
    }
    float[] sub = new float[c.voxelCount()];
    for (int k = 0; k < c.nz(); k++) {
      for (int j = 0; j < c.ny(); j++) {
        v.get(x0 + nx * (y0 + j + ny * (z0 + k)), sub, c.nx() * (j + c.ny() * k), c.nx());
      }
    }
    return new Region(sub, c, sp, x0, y0, z0);
  }

  /** Voxels of a box of the volume, its size and its first voxel's place in the volume. */
  private final class Region {
    final float[] v;
    final Dims dims;
    final Spacing sp;
    final int x0;
    final int y0;
    final int z0;

    Region(float[] v, Dims dims, Spacing sp, int x0, int y0, int z0) {
      this.v = v;
      this.dims = dims;
      this.sp = sp;
      this.x0 = x0;
      this.y0 = y0;
      this.z0 = z0;
    }

    /** The response and the scale of the maximum, per voxel of the box. */
    float[][] responseAndScale() {
      float[] best = new float[v.length];
      float[] bestSigma = new float[v.length];
      float[] scratch = new float[v.length];
      float[] g = new float[v.length];
      for (double s : sigmasMm) {
        smooth(v, g, scratch, dims, new double[] {s / sp.xMm(), s / sp.yMm(), s / sp.zMm()});
        addResponse(v, g, best, bestSigma, dims, sp, s);
      }
      return new float[][] {best, bestSigma};
    }
  }

  /**
   * Local maxima of the response at or above the threshold, strongest first (ties: lower index).
   */
  private List<Blob> peaks(float[] best, float[] bestSigma, Dims d) {
    int nx = d.nx();
    int ny = d.ny();
    int nz = d.nz();
    List<List<Blob>> perSlice = new ArrayList<>();
    for (int k = 0; k < nz; k++) {
      perSlice.add(new ArrayList<>());
    }
    Parallel.forRange(
        1,
        Math.max(1, nz - 1),
        k -> {
          List<Blob> out = perSlice.get(k);
          for (int j = 1; j < ny - 1; j++) {
            for (int i = 1; i < nx - 1; i++) {
              int o = i + nx * (j + ny * k);
              float r = best[o];
              if (r < threshold || r <= 0) {
                continue;
              }
              boolean max = true;
              for (int dz = -1; dz <= 1 && max; dz++) {
                for (int dy = -1; dy <= 1 && max; dy++) {
                  for (int dx = -1; dx <= 1; dx++) {
                    int p = o + dx + nx * (dy + ny * dz);
                    if (p != o && (best[p] > r || (best[p] == r && p < o))) {
                      max = false;
                      break;
                    }
                  }
                }
              }
              if (max) {
                out.add(new Blob(i, j, k, r, bestSigma[o]));
              }
            }
          }
        });
    List<Blob> all = new ArrayList<>();
    perSlice.forEach(all::addAll);
    // stable sort: equal responses keep index order
    all.sort((a, b) -> Double.compare(b.response(), a.response()));
    return all;
  }

  /**
   * Where all eigenvalues are negative (and the voxel is inside) and σ²λ1²/|λ3| exceeds the best
   * response so far, keeps it and the scale.
   */
  private void addResponse(
      float[] v, float[] g, float[] r, float[] rSigma, Dims d, Spacing sp, double sigma) {
    int nx = d.nx();
    int ny = d.ny();
    int nz = d.nz();
    int sx = 1;
    int sy = nx;
    int sz = nx * ny;
    double hx2 = sp.xMm() * sp.xMm();
    double hy2 = sp.yMm() * sp.yMm();
    double hz2 = sp.zMm() * sp.zMm();
    double hxy = 4 * sp.xMm() * sp.yMm();
    double hxz = 4 * sp.xMm() * sp.zMm();
    double hyz = 4 * sp.yMm() * sp.zMm();
    double norm = sigma * sigma;
    Parallel.forRange(
        1,
        Math.max(1, nz - 1),
        k -> {
          for (int j = 1; j < ny - 1; j++) {
            for (int i = 1; i < nx - 1; i++) {
              int o = i + nx * (j + ny * k);
              if (v[o] == outside) {
                continue;
              }
              double c = g[o];
              double axx = (g[o + sx] - 2 * c + g[o - sx]) / hx2;
              double ayy = (g[o + sy] - 2 * c + g[o - sy]) / hy2;
              double azz = (g[o + sz] - 2 * c + g[o - sz]) / hz2;
              if (axx >= 0 || ayy >= 0 || azz >= 0) {
                continue; // a negative definite matrix has a negative diagonal
              }
              double axy =
                  (g[o + sx + sy] - g[o + sx - sy] - g[o - sx + sy] + g[o - sx - sy]) / hxy;
              double axz =
                  (g[o + sx + sz] - g[o + sx - sz] - g[o - sx + sz] + g[o - sx - sz]) / hxz;
              double ayz =
                  (g[o + sy + sz] - g[o + sy - sz] - g[o - sy + sz] + g[o - sy - sz]) / hyz;
              double[] e = eigenvalues(axx, ayy, azz, axy, axz, ayz);
              if (e[0] < 0) {
                float resp = (float) (norm * e[0] * e[0] / -e[2]);
                if (resp > r[o]) {
                  r[o] = resp;
                  rSigma[o] = (float) sigma;
                }
              }
            }
          }
        });
  }

  /** Eigenvalues of a symmetric 3×3 matrix, largest first (the trigonometric closed form). */
  static double[] eigenvalues(
      double a11, double a22, double a33, double a12, double a13, double a23) {
    double p1 = a12 * a12 + a13 * a13 + a23 * a23;
    if (p1 == 0) {
      double[] e = {a11, a22, a33};
      Arrays.sort(e);
      return new double[] {e[2], e[1], e[0]};
    }
    double q = (a11 + a22 + a33) / 3;
    double p2 = (a11 - q) * (a11 - q) + (a22 - q) * (a22 - q) + (a33 - q) * (a33 - q) + 2 * p1;
    double p = Math.sqrt(p2 / 6);
    double b11 = (a11 - q) / p;
    double b22 = (a22 - q) / p;
    double b33 = (a33 - q) / p;
    double b12 = a12 / p;
    double b13 = a13 / p;
    double b23 = a23 / p;
    double det =
        b11 * (b22 * b33 - b23 * b23)
            - b12 * (b12 * b33 - b23 * b13)
            + b13 * (b12 * b23 - b22 * b13);
    double phi = Math.acos(Math.max(-1, Math.min(1, det / 2))) / 3;
    double e1 = q + 2 * p * Math.cos(phi);
    double e3 = q + 2 * p * Math.cos(phi + 2 * Math.PI / 3);
    return new double[] {e1, 3 * q - e1 - e3, e3};
  }

  /** Separable Gaussian with σ in voxels per axis (x, y, z), truncated at 3σ, edges clamped. */
  static void smooth(float[] v, float[] out, float[] scratch, Dims d, double[] sigmaVoxels) {
    pass(v, out, d, kernel(sigmaVoxels[0]), 0);
    pass(out, scratch, d, kernel(sigmaVoxels[1]), 1);
    pass(scratch, out, d, kernel(sigmaVoxels[2]), 2);
  }

  /** A normalised Gaussian of radius round(3σ) (scipy's truncate=3). */
  static double[] kernel(double sigma) {
    int rad = (int) (3 * sigma + 0.5);
    double[] w = new double[2 * rad + 1];
    double sum = 0;
    for (int t = -rad; t <= rad; t++) {
      w[t + rad] = Math.exp(-0.5 * t * t / (sigma * sigma));
      sum += w[t + rad];
    }
    for (int t = 0; t < w.length; t++) {
      w[t] /= sum;
    }
    return w;
  }

  /**
   * One axis of the Gaussian, a row of x at a time (taps in the same order for every voxel, so the
   * sums do not depend on the layout): along x each voxel's taps, clamped only near the ends; along
   * y and z whole rows scaled and added, which reads memory in order.
   */
  private static void pass(float[] in, float[] out, Dims d, double[] w, int axis) {
    int nx = d.nx();
    int ny = d.ny();
    int nz = d.nz();
    int rad = w.length / 2;
    Parallel.forRange(
        0,
        nz,
        k -> {
          double[] acc = new double[nx];
          for (int j = 0; j < ny; j++) {
            int row = nx * (j + ny * k);
            if (axis == 0) {
              xRow(in, out, row, nx, w, rad);
              continue;
            }
            Arrays.fill(acc, 0);
            int pos = axis == 1 ? j : k;
            int len = axis == 1 ? ny : nz;
            int stride = axis == 1 ? nx : nx * ny;
            for (int t = -rad; t <= rad; t++) {
              int q = Math.max(0, Math.min(len - 1, pos + t));
              int src = row + (q - pos) * stride;
              double wt = w[t + rad];
              for (int i = 0; i < nx; i++) {
                acc[i] += wt * in[src + i];
              }
            }
            for (int i = 0; i < nx; i++) {
              out[row + i] = (float) acc[i];
            }
          }
        });
  }

  /** The Gaussian along one row of x, edges clamped. */
  private static void xRow(float[] in, float[] out, int row, int nx, double[] w, int rad) {
    int lo = Math.min(rad, nx);
    int hi = Math.max(lo, nx - rad);
    for (int i = 0; i < nx; i++) {
      if (i == lo) {
        for (; i < hi; i++) {
          double acc = 0;
          int base = row + i - rad;
          for (int t = 0; t < w.length; t++) {
            acc += w[t] * in[base + t];
          }
          out[row + i] = (float) acc;
        }
        if (i >= nx) {
          break;
        }
      }
      double acc = 0;
      for (int t = -rad; t <= rad; t++) {
        int q = Math.max(0, Math.min(nx - 1, i + t));
        acc += w[t + rad] * in[row + q];
      }
      out[row + i] = (float) acc;
    }
  }

  @Override
  public String toString() {
    return "DotFilter[sigmas "
        + Arrays.toString(sigmasMm)
        + " mm, threshold "
        + threshold
        + ", "
        + maxBlobs
        + " blobs "
        + minSeparationMm
        + " mm apart]";
  }

  /** Builder of a {@link DotFilter}. */
  public static final class Builder {
    private double[] sigmasMm = {1, 1.5, 2, 2.5};
    private double threshold = 0.5;
    private int maxBlobs = 400;
    private double minSeparationMm = 3;
    private float outside = 170f;

    private Builder() {}

    /**
     * Scales in mm, each in (0, 20].
     *
     * @throws IllegalArgumentException if none is given or one is out of range
     */
    public Builder sigmasMm(double... s) {
      if (s.length == 0) {
        throw new IllegalArgumentException("need at least one scale");
      }
      for (double x : s) {
        if (!(x > 0 && x <= 20)) {
          throw new IllegalArgumentException("scales must be in (0, 20] mm, got " + x);
        }
      }
      sigmasMm = s.clone();
      return this;
    }

    /** Smallest response kept, at least 0. */
    public Builder threshold(double t) {
      if (!(t >= 0 && Double.isFinite(t))) {
        throw new IllegalArgumentException("threshold must be finite and >= 0, got " + t);
      }
      threshold = t;
      return this;
    }

    /** Most blobs returned, at least 1. */
    public Builder maxBlobs(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max blobs must be positive, got " + n);
      }
      maxBlobs = n;
      return this;
    }

    /** Smallest distance between two blobs in mm, at least 0. */
    public Builder minSeparationMm(double mm) {
      if (!(mm >= 0 && Double.isFinite(mm))) {
        throw new IllegalArgumentException("min separation must be finite and >= 0, got " + mm);
      }
      minSeparationMm = mm;
      return this;
    }

    /**
     * The value of voxels outside the region of interest (default 170, the segmentation input's).
     */
    public Builder outside(float value) {
      outside = value;
      return this;
    }

    /** Builds the filter. */
    public DotFilter build() {
      return new DotFilter(this);
    }
  }
}
