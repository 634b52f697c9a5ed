package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.List;

/**
 * Merging and suppression in a {@link DetectionPipeline}: the Mask R-CNN's detections of
 * overlapping sliding windows are merged by 3D non-maximum suppression ({@link #acrossWindows}),
 * and, after a second stage has rescored the candidates of every source, they are ranked by the
 * final score with duplicates dropped ({@link #rank}).
 *
 * @param windowNmsIou overlap (IoU) above which the lower-scoring of two window detections is
 *     dropped, in [0, 1] ({@link InferenceSettings#detectionNmsIou()})
 * @param maxWindowDetections the most window detections kept for a scan
 * @param suppressDuplicates whether {@link #rank} drops a candidate whose box centre lies inside
 *     (or on) the box of a higher-scoring one it keeps: a blob and a detection on the same spot are
 *     not merged by the window NMS, and one structure would otherwise count twice
 */
public record MergeStage(double windowNmsIou, int maxWindowDetections, boolean suppressDuplicates) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the IoU is outside [0, 1] or the detection limit negative
   */
  public MergeStage {
    if (!(windowNmsIou >= 0 && windowNmsIou <= 1)) {
      throw new IllegalArgumentException("window nms iou must be in [0, 1], got " + windowNmsIou);
    }
    if (maxWindowDetections < 0) {
      throw new IllegalArgumentException(
          "max window detections must not be negative, got " + maxWindowDetections);
    }
  }

  /**
   * The window detections that survive 3D NMS, highest score first (ties: the earlier one first),
   * at most {@link #maxWindowDetections}.
   */
  public List<CropDetection> acrossWindows(List<CropDetection> raw) {
    List<Box3d> boxes = new ArrayList<>(raw.size());
    float[] scores = new float[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      boxes.add(raw.get(i).box());
      scores[i] = (float) raw.get(i).score();
    }
    int[] keep = Nms3d.nms(boxes, scores, windowNmsIou, maxWindowDetections);
    List<CropDetection> kept = new ArrayList<>(keep.length);
    for (int k : keep) {
      kept.add(raw.get(k));
    }
    return kept;
  }

  /**
   * Rescored candidates highest final score first (ties keep their given order), without those
   * centred in a higher-scoring kept one if {@link #suppressDuplicates}.
   */
  public List<CropDetection> rank(List<CropDetection> rescored) {
    return rank(rescored, suppressDuplicates);
  }

  /**
   * Candidates highest score first (ties keep their given order), without those centred in a
   * higher-scoring kept one if {@code suppressDuplicates}.
   */
  public static List<CropDetection> rank(List<CropDetection> rescored, boolean suppressDuplicates) {
    List<CropDetection> order = new ArrayList<>(rescored);
    order.sort((a, b) -> Double.compare(b.score(), a.score()));
    if (!suppressDuplicates) {
      return order;
    }
    List<CropDetection> out = new ArrayList<>();
    for (CropDetection d : order) {
      if (out.stream().noneMatch(k -> holdsCentre(k.box(), d.box()))) {
        out.add(d);
      }
    }
    return out;
  }

  /** Whether {@code outer} holds the centre of {@code inner} (edges included). */
  public static boolean holdsCentre(Box3d outer, Box3d inner) {
    return inner.cz() >= outer.z0()
        && inner.cz() <= outer.z1()
        && inner.cy() >= outer.y0()
        && inner.cy() <= outer.y1()
        && inner.cx() >= outer.x0()
        && inner.cx() <= outer.x1();
  }
}
