package org.lungnodule.models.maskrcnn;

import java.util.Arrays;
import java.util.List;

/** Greedy 3D non-maximum suppression and top-N selection on {@link Box3d}s. */
public final class Nms3d {

  private Nms3d() {}

  /**
   * Returns the indices of the {@code k} highest scores, highest first (ties: lower index first).
   *
   * @throws IllegalArgumentException if k is negative
   */
  public static int[] topK(float[] scores, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, got " + k);
    }
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Float.compare(scores[b], scores[a]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    int n = Math.min(k, order.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = order[i];
    }
    return out;
  }

  /**
   * Greedy NMS: visits the boxes by descending score and keeps a box unless it overlaps a kept box
   * with an IoU above {@code iouThreshold}.
   *
   * @param boxes the boxes
   * @param scores one score per box
   * @param iouThreshold overlap above which a lower-scoring box is dropped, in [0, 1]
   * @param maxKeep the most boxes to keep
   * @return indices of the kept boxes, highest score first
   * @throws IllegalArgumentException if the sizes differ or a parameter is out of range
   */
  public static int[] nms(List<Box3d> boxes, float[] scores, double iouThreshold, int maxKeep) {
    if (boxes.size() != scores.length) {
      throw new IllegalArgumentException(
          "need one score per box, got "
              + boxes.size()
              + " boxes and "
              + scores.length
              + " scores");
    }
    if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("iou threshold must be in [0, 1], got " + iouThreshold);
    }
    if (maxKeep < 0) {
      throw new IllegalArgumentException("maxKeep must not be negative, got " + maxKeep);
    }
    int[] order = topK(scores, scores.length);
    boolean[] dropped = new boolean[scores.length];
    int[] keep = new int[Math.min(maxKeep, scores.length)];
    int n = 0;
    for (int a = 0; a < order.length && n < keep.length; a++) {
      int i = order[a];
      if (dropped[i]) {
        continue;
      }
      keep[n++] = i;
      Box3d bi = boxes.get(i);
      for (int b = a + 1; b < order.length; b++) {
        int j = order[b];
        if (!dropped[j] && bi.iou(boxes.get(j)) > iouThreshold) {
          dropped[j] = true;
        }
      }
    }
    return Arrays.copyOf(keep, n);
  }
}
