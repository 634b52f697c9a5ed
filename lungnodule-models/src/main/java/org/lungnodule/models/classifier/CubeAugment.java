package org.lungnodule.models.classifier;

import java.util.SplittableRandom;

/**
 * Seeded in-plane augmentation of channel-major cubes: flips along y and x and rotations by
 * multiples of 90° in the (y, x) plane (only 0° and 180° when the plane is not square), plus a flip
 * along z. Every choice comes from the given generator.
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
    int plane = h * w;
    for (int ch = 0; ch < c; ch++) {
      for (int z = 0; z < d; z++) {
        int sz = flipZ ? d - 1 - z : z;
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
            dst[dstBase + y * w + x] = src[srcBase + ry * w + rx];
          }
        }
      }
    }
  }
}
