package org.lungnodule.models.classifier;

/**
 * The symmetric views of a channel-major cube that test-time averaging scores: view {@code v} flips
 * z when bit 0 is set, y when bit 1 is, x when bit 2 is, and swaps y and x (a transpose in the
 * axial plane) when bit 3 is. Views 0–7 are the eight flips; views 0–15 add the transposes, which
 * together give every flip and 90° rotation of the axial plane (the training augmentation's group),
 * and need a square plane. View 0 is the cube itself.
 */
final class CubeViews {
  private CubeViews() {}

  /**
   * Returns {@code n} if it is a number of views a classifier can average: 1, 8 or 16.
   *
   * @throws IllegalArgumentException naming {@code n} otherwise
   */
  static int requireCount(int n) {
    if (n != 1 && n != 8 && n != 16) {
      throw new IllegalArgumentException("test views must be 1, 8 or 16, got " + n);
    }
    return n;
  }

  /** The most views a cube of this shape has: 16 with a square axial plane, else 8. */
  static int max(int[] shape) {
    return shape[2] == shape[3] ? 16 : 8;
  }

  /**
   * Writes view {@code view} of the cube at {@code src} into {@code dst} at {@code dstOffset}.
   *
   * @param shape [c, d, h, w]
   * @throws IllegalArgumentException if the view needs a square plane that the shape lacks
   */
  static void copy(float[] src, float[] dst, int dstOffset, int[] shape, int view) {
    int c = shape[0];
    int d = shape[1];
    int h = shape[2];
    int w = shape[3];
    boolean transpose = (view & 8) != 0;
    if (transpose && h != w) {
      throw new IllegalArgumentException(
          "a transposed view needs a square plane, got " + h + "x" + w);
    }
    if (view == 0) {
      System.arraycopy(src, 0, dst, dstOffset, c * d * h * w);
      return;
    }
    boolean flipZ = (view & 1) != 0;
    boolean flipY = (view & 2) != 0;
    boolean flipX = (view & 4) != 0;
    int plane = h * w;
    for (int ch = 0; ch < c; ch++) {
      for (int z = 0; z < d; z++) {
        int srcBase = (ch * d + (flipZ ? d - 1 - z : z)) * plane;
        int dstBase = dstOffset + (ch * d + z) * plane;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int ty = transpose ? x : y;
            int tx = transpose ? y : x;
            int sy = flipY ? h - 1 - ty : ty;
            int sx = flipX ? w - 1 - tx : tx;
            dst[dstBase + y * w + x] = src[srcBase + sy * w + sx];
          }
        }
      }
    }
  }
}
