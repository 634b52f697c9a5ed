package org.lungnodule.models.maskrcnn;

import org.lungnodule.core.CtVolume;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.RandomCropSampler;

/**
 * What the reducer's networks see of a candidate ({@link FalsePositiveReducer.View}): cubes of the
 * segmentation input scaled to the network input, the fovea's two channels, and the mirror images a
 * candidate is looked at in.
 */
final class ReducerInputs {

  private static final float OUTSIDE = LungField.OUTSIDE_VALUE;

  /**
   * The mirror images a candidate is looked at in, as bits (z, y, x flipped): each prefix of length
   * 1, 2, 4 or 8 is closed under composition, so {@link FalsePositiveReducer#mirrors()} n averages
   * a group.
   */
  static final int[] MIRROR_ORDER = {0b000, 0b111, 0b001, 0b110, 0b010, 0b101, 0b100, 0b011};

  private ReducerInputs() {}

  /**
   * A channel-major cube of {@code channels} × s³ values, z slowest, flipped along z, y and x as
   * bits 2, 1 and 0 of {@code flips} say (the cube itself when flips is 0).
   */
  static float[] mirror(float[] cube, int channels, int s, int flips) {
    if (flips == 0) {
      return cube;
    }
    boolean fz = (flips & 4) != 0;
    boolean fy = (flips & 2) != 0;
    boolean fx = (flips & 1) != 0;
    float[] out = new float[cube.length];
    int vol = s * s * s;
    for (int c = 0, o = 0; c < channels; c++) {
      for (int z = 0; z < s; z++) {
        int sz = fz ? s - 1 - z : z;
        for (int y = 0; y < s; y++) {
          int sy = fy ? s - 1 - y : y;
          int row = c * vol + (sz * s + sy) * s;
          for (int x = 0; x < s; x++, o++) {
            out[o] = cube[row + (fx ? s - 1 - x : x)];
          }
        }
      }
    }
    return out;
  }

  /**
   * A {@code s³} cube of the input around a voxel position shifted by (dx, dy, dz), padded with the
   * outside value and scaled to the network input {@code (v − 127.5) / 127.5}, z slowest.
   */
  static float[] cube(CtVolume input, VoxelPoint v, int dx, int dy, int dz, int s) {
    VoxelBox box =
        VoxelBox.ofSize(
            (int) Math.round(v.i()) + dx - s / 2,
            (int) Math.round(v.j()) + dy - s / 2,
            (int) Math.round(v.k()) + dz - s / 2,
            s,
            s,
            s);
    float[] out = RandomCropSampler.crop(input, box, OUTSIDE).copyVoxels();
    for (int i = 0; i < out.length; i++) {
      out[i] = (out[i] - 127.5f) / 127.5f;
    }
    return out;
  }

  /**
   * The {@link FalsePositiveReducer.View#FOVEA} input around a voxel position shifted by (dx, dy,
   * dz): channel 0 is {@link #cube} of edge s, channel 1 the cube of edge 2s on the same centre
   * averaged over 2×2×2 voxels, both scaled as {@link #cube}.
   */
  static float[] fovea(CtVolume input, VoxelPoint v, int dx, int dy, int dz, int s) {
    float[] centre = cube(input, v, dx, dy, dz, s);
    float[] wide = cube(input, v, dx, dy, dz, 2 * s);
    float[] out = new float[2 * centre.length];
    System.arraycopy(centre, 0, out, 0, centre.length);
    int t = 2 * s;
    int o = centre.length;
    for (int z = 0; z < s; z++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          int b = (2 * z * t + 2 * y) * t + 2 * x;
          float sum = wide[b] + wide[b + 1] + wide[b + t] + wide[b + t + 1];
          b += t * t;
          sum += wide[b] + wide[b + 1] + wide[b + t] + wide[b + t + 1];
          out[o++] = sum / 8;
        }
      }
    }
    return out;
  }
}
