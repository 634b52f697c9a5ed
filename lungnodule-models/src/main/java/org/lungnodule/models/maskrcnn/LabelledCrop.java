package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.List;

/**
 * A cubic training crop: {@code size³} voxels in grt123 units (z slowest, x fastest) and a label
 * array on the same grid where label {@code n >= 1} marks nodule n. Package-private; cut by {@link
 * MaskRcnnTrainer}.
 */
record LabelledCrop(int size, float[] voxels, byte[] labels) {

  LabelledCrop {
    int n = size * size * size;
    if (voxels.length != n || labels.length != n) {
      throw new IllegalArgumentException(
          "crop arrays must hold " + n + " values, got " + voxels.length + " and " + labels.length);
    }
  }

  /** Ground-truth boxes, one per label present, and the label each box belongs to. */
  List<int[]> labelBoxes() {
    int[][] mm = new int[256][];
    int s = size;
    for (int z = 0, idx = 0; z < s; z++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++, idx++) {
          int l = labels[idx] & 0xFF;
          if (l == 0) {
            continue;
          }
          int[] b = mm[l];
          if (b == null) {
            mm[l] = new int[] {z, y, x, z + 1, y + 1, x + 1, l};
          } else {
            b[0] = Math.min(b[0], z);
            b[1] = Math.min(b[1], y);
            b[2] = Math.min(b[2], x);
            b[3] = Math.max(b[3], z + 1);
            b[4] = Math.max(b[4], y + 1);
            b[5] = Math.max(b[5], x + 1);
          }
        }
      }
    }
    List<int[]> out = new ArrayList<>();
    for (int[] b : mm) {
      if (b != null) {
        out.add(b);
      }
    }
    return out;
  }

  static Box3d box(int[] labelBox) {
    return new Box3d(labelBox[0], labelBox[1], labelBox[2], labelBox[3], labelBox[4], labelBox[5]);
  }

  /**
   * Samples the binary mask of one label at the centres of an {@code m³} grid spanning {@code box}
   * (nearest voxel), the mask head's target.
   */
  float[] maskTarget(Box3d box, int label, int m) {
    float[] t = new float[m * m * m];
    for (int a = 0, o = 0; a < m; a++) {
      int z = (int) Math.floor(box.z0() + (a + 0.5) * box.depth() / m);
      for (int b = 0; b < m; b++) {
        int y = (int) Math.floor(box.y0() + (b + 0.5) * box.height() / m);
        for (int c = 0; c < m; c++, o++) {
          int x = (int) Math.floor(box.x0() + (c + 0.5) * box.width() / m);
          if (z >= 0
              && y >= 0
              && x >= 0
              && z < size
              && y < size
              && x < size
              && (labels[(z * size + y) * size + x] & 0xFF) == label) {
            t[o] = 1;
          }
        }
      }
    }
    return t;
  }
}
