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
 * dFeatures)}. An instance holds the sampling table of one set of boxes; it is immutable.
 */
public final class RoiAlign3d {

  private final int channels;
  private final int depth;
  private final int height;
  private final int width;
  private final int rois;
  private final int pooled;

  /** Per (roi, bin): samples * 8 corner indices and weights. */
  private final int[] index;

  private final float[] weight;
  private final int perBin;

  private RoiAlign3d(
      int channels,
      int depth,
      int height,
      int width,
      int rois,
      int pooled,
      int[] index,
      float[] weight,
      int perBin) {
    this.channels = channels;
    this.depth = depth;
    this.height = height;
    this.width = width;
    this.rois = rois;
    this.pooled = pooled;
    this.index = index;
    this.weight = weight;
    this.perBin = perBin;
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
    return new RoiAlign3d(channels, depth, height, width, r, pooledSize, index, weight, perBin);
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
    int bins = pooled * pooled * pooled;
    float[] out = new float[rois * channels * bins];
    Parallel.forEach(
        rois * channels,
        rc -> {
          int r = rc / channels;
          int c = rc % channels;
          int fo = c * spatial;
          int oo = rc * bins;
          int to = r * bins * perBin;
          for (int b = 0; b < bins; b++) {
            float s = 0;
            for (int k = 0; k < perBin; k++, to++) {
              s += weight[to] * features[fo + index[to]];
            }
            out[oo + b] = s;
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
