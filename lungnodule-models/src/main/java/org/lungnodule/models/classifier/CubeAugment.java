package org.lungnodule.models.classifier;

import java.util.SplittableRandom;

/**
 * Seeded in-plane augmentation of channel-major cubes: flips along y and x and rotations by
 * multiples of 90° in the (y, x) plane (only 0° and 180° when the plane is not square), plus a flip
 * along z, and optionally a translation by up to {@code maxShift} voxels along each axis (the
 * border voxels repeat where the shifted cube reaches past the source). Every choice comes from the
 * given generator; without a shift no translation is drawn, so the draws are those of the flips and
 * rotations alone.
 */
final class CubeAugment {
  private CubeAugment() {}

  /**
   * Copies {@code src} into {@code dst} at {@code offset}, transformed at random.
   *
   * @param shape [c, d, h, w]
   */
  static void randomCopy(
      float[] src, float[] dst, int offset, int[] shape, SplittableRandom rnd, boolean augment) {
    randomCopy(src, dst, offset, shape, rnd, augment, 0);
  }

  /**
   * Copies {@code src} into {@code dst} at {@code offset}, flipped, rotated and shifted at random.
   *
   * @param shape [c, d, h, w]
   * @param maxShift the largest translation in voxels along each axis (0 = none)
   */
  static void randomCopy(
      float[] src,
      float[] dst,
      int offset,
      int[] shape,
      SplittableRandom rnd,
      boolean augment,
      int maxShift) {
    int c = shape[0];
    int d = shape[1];
    int h = shape[2];
    int w = shape[3];
    if (!augment) {
      System.arraycopy(src, 0, dst, offset, src.length);
      return;
    }
    boolean flipZ = rnd.nextBoolean();
    boolean flipY = rnd.nextBoolean();
    boolean flipX = rnd.nextBoolean();
    int rot = h == w ? rnd.nextInt(4) : 2 * rnd.nextInt(2);
    int dz = 0;
    int dy = 0;
    int dx = 0;
    if (maxShift > 0) {
      dz = rnd.nextInt(2 * maxShift + 1) - maxShift;
      dy = rnd.nextInt(2 * maxShift + 1) - maxShift;
      dx = rnd.nextInt(2 * maxShift + 1) - maxShift;
    }
    int plane = h * w;
    for (int ch = 0; ch < c; ch++) {
      for (int z = 0; z < d; z++) {
        int sz = clamp((flipZ ? d - 1 - z : z) + dz, d);
        int srcBase = (ch * d + sz) * plane;
        int dstBase = offset + (ch * d + z) * plane;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int ry;
            int rx;
            switch (rot) {
              case 1 -> {
                ry = x;
                rx = w - 1 - y;
              }
              case 2 -> {
                ry = h - 1 - y;
                rx = w - 1 - x;
              }
              case 3 -> {
                ry = h - 1 - x;
                rx = y;
              }
              default -> {
                ry = y;
                rx = x;
              }
            }
            if (flipY) {
              ry = h - 1 - ry;
            }
            if (flipX) {
              rx = w - 1 - rx;
            }
            ry = clamp(ry + dy, h);
            rx = clamp(rx + dx, w);
            dst[dstBase + y * w + x] = src[srcBase + ry * w + rx];
          }
        }
      }
    }
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : i >= n ? n - 1 : i;
  }
}
