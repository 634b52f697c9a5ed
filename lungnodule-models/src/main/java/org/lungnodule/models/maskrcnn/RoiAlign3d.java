package org.lungnodule.models.maskrcnn;

import java.util.List;
import org.lungnodule.core.Parallel;

/**
 * 3D ROIAlign with trilinear sampling, computed on the host, with its exact adjoint (the gradient
 * with respect to the feature map).
 *
 * <p>The feature map is one image's {@code [C, D, H, W]} array (C order) at {@code stride} input
 * voxels per cell; feature cell {@code f} is centred at input edge coordinate {@code (f + 0.5) *
 * stride}. Each box (in input voxels, {@link Box3d} convention) is split into {@code P×P×P} bins;
 * each bin averages {@code S×S×S} trilinear samples at regular positions inside it. Samples more
 * than one cell outside the map contribute zero; others are clamped to the map, as in Detectron's
 * ROIAlign. The output is {@code [R, C, P, P, P]} (C order).
 *
 * <p>ROIAlign is linear in the features, so {@link #backward} (the transpose of the same sampling
 * weights) is its exact gradient: the training loop pools eagerly, lets the heads' graph return the
 * gradient with respect to the pooled features, pushes it back to the feature map with {@link
 * #backward}, and backpropagates the backbone through the surrogate loss {@code sum(features *
 * dFeatures)}.
 *
 * <p>A sample's trilinear weights are the product of one weight per axis (and so is the rule that
 * drops samples outside the map), so {@link #forward} pools as three 1D passes (x, then y, then z)
 * over the cells each bin reads: about a fifth of the multiply-adds of summing every sample's eight
 * corners, with no gathers. {@link #backward} uses the full per-sample table, made on its first
 * call. An instance holds the sampling weights of one set of boxes; it is immutable and
 * thread-safe.
 */
public final class RoiAlign3d {

  private final int channels;
  private final int depth;
  private final int height;
  private final int width;
  private final int rois;
  private final int pooled;

  private final double stride;
  private final List<Box3d> boxes;
  private final int samples;

  /** Per axis (z, y, x), roi and bin: the first cell it reads. */
  private final int[][] first;

  /** Per axis, roi and bin: how many consecutive cells it reads. */
  private final int[][] count;

  /** Per axis, roi and bin: the cells' weights, {@code axis size} slots per bin. */
  private final float[][] axisWeight;

  /** The full 3D sampling table, made on the first {@link #backward}. */
  private volatile Table table;

  /** Per (roi, bin): samples * 8 corner indices and weights. */
  private record Table(int[] index, float[] weight, int perBin) {}

  private RoiAlign3d(
      int channels,
      int depth,
      int height,
      int width,
      double stride,
      List<Box3d> boxes,
      int pooled,
      int samples) {
    this.channels = channels;
    this.depth = depth;
    this.height = height;
    this.width = width;
    this.stride = stride;
    this.boxes = List.copyOf(boxes);
    this.rois = boxes.size();
    this.pooled = pooled;
    this.samples = samples;
    int[] sizes = {depth, height, width};
    first = new int[3][rois * pooled];
    count = new int[3][rois * pooled];
    axisWeight = new float[3][];
    for (int a = 0; a < 3; a++) {
      axisWeight[a] = new float[rois * pooled * sizes[a]];
      for (int n = 0; n < rois; n++) {
        Box3d b = this.boxes.get(n);
        double lo = a == 0 ? b.z0() : a == 1 ? b.y0() : b.x0();
        double extent = a == 0 ? b.depth() : a == 1 ? b.height() : b.width();
        axis(lo, extent / pooled, sizes[a], n, a);
      }
    }
  }

  /**
   * One axis's weights: bin p of roi n averages S samples, each linearly interpolated between two
   * cells (clamped to the map), or 0 when the sample lies more than one cell outside it. The 3D
   * trilinear weights of a sample are the products of its three axes' weights, so pooling is three
   * 1D passes.
   */
  private void axis(double lo, double bin, int size, int n, int a) {
    double[] w = new double[size];
    for (int p = 0; p < pooled; p++) {
      java.util.Arrays.fill(w, 0);
      for (int sm = 0; sm < samples; sm++) {
        double c = (lo + (p + (sm + 0.5) / samples) * bin) / stride - 0.5;
        if (c < -1 || c > size) {
          continue;
        }
        c = Math.max(0, Math.min(size - 1, c));
        int c0 = (int) Math.floor(c);
        int c1 = Math.min(c0 + 1, size - 1);
        double f = c - c0;
        w[c0] += (1 - f) / samples;
        w[c1] += f / samples;
      }
      int from = 0;
      while (from < size && w[from] == 0) {
        from++;
      }
      int to = size;
      while (to > from && w[to - 1] == 0) {
        to--;
      }
      int k = n * pooled + p;
      first[a][k] = from;
      count[a][k] = to - from;
      for (int i = from; i < to; i++) {
        axisWeight[a][k * size + i - from] = (float) w[i];
      }
    }
  }

  /**
   * Builds the sampling table.
   *
   * @param channels C
   * @param depth feature grid D
   * @param height feature grid H
   * @param width feature grid W
   * @param stride input voxels per feature cell
   * @param boxes the regions, in input voxel coordinates
   * @param pooledSize P, bins per axis (7 in the paper)
   * @param samplesPerAxis S, samples per bin and axis
   * @return the operator
   * @throws IllegalArgumentException if a size is not positive
   */
  public static RoiAlign3d of(
      int channels,
      int depth,
      int height,
      int width,
      double stride,
      List<Box3d> boxes,
      int pooledSize,
      int samplesPerAxis) {
    if (channels < 1 || depth < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "feature map must be at least 1 in each axis, got ["
              + channels
              + ", "
              + depth
              + ", "
              + height
              + ", "
              + width
              + "]");
    }
    if (!(stride > 0) || pooledSize < 1 || samplesPerAxis < 1) {
      throw new IllegalArgumentException(
          "stride, pooled size and samples must be positive, got "
              + stride
              + ", "
              + pooledSize
              + ", "
              + samplesPerAxis);
    }
    return new RoiAlign3d(
        channels, depth, height, width, stride, boxes, pooledSize, samplesPerAxis);
  }

  /** The 3D sampling table of {@link #backward}, made once. */
  private Table table() {
    Table t = table;
    if (t == null) {
      t = makeTable();
      table = t;
    }
    return t;
  }

  private Table makeTable() {
    int pooledSize = pooled;
    int samplesPerAxis = samples;
    int r = boxes.size();
    int bins = pooledSize * pooledSize * pooledSize;
    int s3 = samplesPerAxis * samplesPerAxis * samplesPerAxis;
    int perBin = s3 * 8;
    int[] index = new int[r * bins * perBin];
    float[] weight = new float[r * bins * perBin];
    float norm = 1f / s3;
    for (int n = 0; n < r; n++) {
      Box3d b = boxes.get(n);
      double bz = b.depth() / pooledSize;
      double by = b.height() / pooledSize;
      double bx = b.width() / pooledSize;
      int o = n * bins * perBin;
      for (int pz = 0; pz < pooledSize; pz++) {
        for (int py = 0; py < pooledSize; py++) {
          for (int px = 0; px < pooledSize; px++) {
            for (int sz = 0; sz < samplesPerAxis; sz++) {
              double z = (b.z0() + (pz + (sz + 0.5) / samplesPerAxis) * bz) / stride - 0.5;
              for (int sy = 0; sy < samplesPerAxis; sy++) {
                double y = (b.y0() + (py + (sy + 0.5) / samplesPerAxis) * by) / stride - 0.5;
                for (int sx = 0; sx < samplesPerAxis; sx++) {
                  double x = (b.x0() + (px + (sx + 0.5) / samplesPerAxis) * bx) / stride - 0.5;
                  corners(z, y, x, depth, height, width, norm, index, weight, o);
                  o += 8;
                }
              }
            }
          }
        }
      }
    }
    return new Table(index, weight, perBin);
  }

  private static void corners(
      double z,
      double y,
      double x,
      int d,
      int h,
      int w,
      float norm,
      int[] index,
      float[] weight,
      int o) {
    if (z < -1 || z > d || y < -1 || y > h || x < -1 || x > w) {
      return; // weights stay 0, index 0
    }
    z = Math.max(0, Math.min(d - 1, z));
    y = Math.max(0, Math.min(h - 1, y));
    x = Math.max(0, Math.min(w - 1, x));
    int z0 = (int) Math.floor(z);
    int y0 = (int) Math.floor(y);
    int x0 = (int) Math.floor(x);
    int z1 = Math.min(z0 + 1, d - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    int x1 = Math.min(x0 + 1, w - 1);
    double fz = z - z0;
    double fy = y - y0;
    double fx = x - x0;
    int c = 0;
    for (int a = 0; a < 2; a++) {
      int zz = a == 0 ? z0 : z1;
      double wz = a == 0 ? 1 - fz : fz;
      for (int bb = 0; bb < 2; bb++) {
        int yy = bb == 0 ? y0 : y1;
        double wy = bb == 0 ? 1 - fy : fy;
        for (int cc = 0; cc < 2; cc++) {
          int xx = cc == 0 ? x0 : x1;
          double wx = cc == 0 ? 1 - fx : fx;
          index[o + c] = (zz * h + yy) * w + xx;
          weight[o + c] = (float) (wz * wy * wx * norm);
          c++;
        }
      }
    }
  }

  /** Number of regions. */
  public int rois() {
    return rois;
  }

  /** Bins per axis. */
  public int pooledSize() {
    return pooled;
  }

  /**
   * Pools the regions.
   *
   * @param features {@code [C, D, H, W]} in C order
   * @return {@code [R, C, P, P, P]} in C order
   * @throws IllegalArgumentException if the array has the wrong length
   */
  public float[] forward(float[] features) {
    int spatial = depth * height * width;
    check(features.length, channels * spatial, "features");
    int p = pooled;
    int bins = p * p * p;
    float[] out = new float[rois * channels * bins];
    Parallel.forEach(
        rois * channels,
        rc -> {
          int r = rc / channels;
          int c = rc % channels;
          int rb = r * p;
          // the cells any bin of this roi reads, per axis
          int z0 = depth;
          int z1 = 0;
          int y0 = height;
          int y1 = 0;
          for (int i = 0; i < p; i++) {
            if (count[0][rb + i] > 0) {
              z0 = Math.min(z0, first[0][rb + i]);
              z1 = Math.max(z1, first[0][rb + i] + count[0][rb + i]);
            }
            if (count[1][rb + i] > 0) {
              y0 = Math.min(y0, first[1][rb + i]);
              y1 = Math.max(y1, first[1][rb + i] + count[1][rb + i]);
            }
          }
          int oo = rc * bins;
          if (z1 <= z0 || y1 <= y0) {
            return; // every bin reads nothing: zeros
          }
          int nz = z1 - z0;
          int ny = y1 - y0;
          int fo = c * spatial;
          // x pass: [nz][ny][p]
          float[] t1 = new float[nz * ny * p];
          for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
              int row = fo + ((z0 + z) * height + y0 + y) * width;
              int to = (z * ny + y) * p;
              for (int px = 0; px < p; px++) {
                int k = rb + px;
                int f = row + first[2][k];
                int wo = k * width;
                float s = 0;
                for (int i = 0; i < count[2][k]; i++) {
                  s += axisWeight[2][wo + i] * features[f + i];
                }
                t1[to + px] = s;
              }
            }
          }
          // y pass: [nz][p][p]
          float[] t2 = new float[nz * p * p];
          for (int z = 0; z < nz; z++) {
            for (int py = 0; py < p; py++) {
              int k = rb + py;
              int wo = k * height;
              int from = first[1][k] - y0;
              int to = (z * p + py) * p;
              for (int i = 0; i < count[1][k]; i++) {
                float wt = axisWeight[1][wo + i];
                int src = (z * ny + from + i) * p;
                for (int px = 0; px < p; px++) {
                  t2[to + px] += wt * t1[src + px];
                }
              }
            }
          }
          // z pass: [p][p][p]
          for (int pz = 0; pz < p; pz++) {
            int k = rb + pz;
            int wo = k * depth;
            int from = first[0][k] - z0;
            int to = oo + pz * p * p;
            for (int i = 0; i < count[0][k]; i++) {
              float wt = axisWeight[0][wo + i];
              int src = (from + i) * p * p;
              for (int q = 0; q < p * p; q++) {
                out[to + q] += wt * t2[src + q];
              }
            }
          }
        });
    return out;
  }

  /**
   * The adjoint: scatters a gradient on the pooled output back onto the feature map.
   *
   * @param gradPooled {@code [R, C, P, P, P]}
   * @return the gradient with respect to the features, {@code [C, D, H, W]}
   * @throws IllegalArgumentException if the array has the wrong length
   */
  public float[] backward(float[] gradPooled) {
    int spatial = depth * height * width;
    int bins = pooled * pooled * pooled;
    check(gradPooled.length, rois * channels * bins, "pooled gradient");
    float[] grad = new float[channels * spatial];
    Table t = table();
    int[] index = t.index();
    float[] weight = t.weight();
    int perBin = t.perBin();
    Parallel.forEach(
        channels,
        c -> {
          int fo = c * spatial;
          for (int r = 0; r < rois; r++) {
            int go = (r * channels + c) * bins;
            int to = r * bins * perBin;
            for (int b = 0; b < bins; b++) {
              float g = gradPooled[go + b];
              if (g == 0) {
                to += perBin;
                continue;
              }
              for (int k = 0; k < perBin; k++, to++) {
                grad[fo + index[to]] += weight[to] * g;
              }
            }
          }
        });
    return grad;
  }

  private static void check(int got, int want, String what) {
    if (got != want) {
      throw new IllegalArgumentException(what + " must have " + want + " values, got " + got);
    }
  }

  @Override
  public String toString() {
    return "RoiAlign3d["
        + rois
        + " rois, "
        + channels
        + "x"
        + depth
        + "x"
        + height
        + "x"
        + width
        + " -> "
        + pooled
        + "^3]";
  }
}
