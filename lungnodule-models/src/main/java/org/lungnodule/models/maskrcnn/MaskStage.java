package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.LungField;

/**
 * The last stage of a {@link DetectionPipeline}: pastes the final detections' masks into one label
 * mask on the scan's grid and measures each nodule. A detection's mask comes with it from its
 * source ({@link CropDetection#maskOrigin()}): the mask head's probabilities for a Mask R-CNN
 * detection, a region grown at half maximum for a blob; each {@link DetectedNodule} records which.
 */
public final class MaskStage {

  /** Most nodules in one segmentation (labels are bytes). */
  public static final int MAX_LABELS = 255;

  private static final float OUTSIDE = LungField.OUTSIDE_VALUE;

  private MaskStage() {}

  /**
   * Pastes the detections' masks in the given order (highest score first) into one label mask. A
   * detection is dropped when its mask is empty (no voxel at probability 0.5 left free by earlier
   * ones) or lies mostly outside the lung field (voxels at the outside value 170), where no nodule
   * can be; at most {@link #MAX_LABELS} are kept.
   *
   * @param input the scan's segmentation input the detections lie on
   * @param dets the final detections, in paste order
   * @return the nodules (label 1 first) and the label mask on the input's grid
   */
  public static ScanSegmentation paste(CtVolume input, List<CropDetection> dets) {
    VolumeGeometry g = input.geometry();
    Dims d = g.dims();
    byte[] labels = new byte[d.voxelCount()];
    List<DetectedNodule> out = new ArrayList<>();
    double voxelMm3 = g.spacing().voxelVolumeMm3();
    int[] voxels = new int[0];
    for (CropDetection det : dets) {
      if (out.size() == MAX_LABELS) {
        break;
      }
      int label = out.size() + 1;
      VoxelBox vb = det.maskBox().toVoxelBox().intersect(VoxelBox.of(d));
      int count = 0;
      int outside = 0;
      double si = 0;
      double sj = 0;
      double sk = 0;
      for (int k = vb.minK(); k < vb.maxK(); k++) {
        for (int j = vb.minJ(); j < vb.maxJ(); j++) {
          for (int i = vb.minI(); i < vb.maxI(); i++) {
            int idx = d.index(i, j, k);
            if (labels[idx] == 0 && det.maskAt(k + 0.5, j + 0.5, i + 0.5) >= 0.5) {
              if (count == voxels.length) {
                voxels = Arrays.copyOf(voxels, Math.max(64, 2 * count));
              }
              voxels[count++] = idx;
              outside += input.get(idx) == OUTSIDE ? 1 : 0;
              si += i;
              sj += j;
              sk += k;
            }
          }
        }
      }
      if (count == 0 || 2 * outside > count) {
        continue;
      }
      for (int v = 0; v < count; v++) {
        labels[voxels[v]] = (byte) label;
      }
      out.add(nodule(g, det, label, count, si / count, sj / count, sk / count, voxelMm3));
    }
    return new ScanSegmentation(out, Mask.wrap(g, labels));
  }

  /** A pasted detection as a nodule: its box, mask centroid and size, and how it was found. */
  private static DetectedNodule nodule(
      VolumeGeometry g,
      CropDetection det,
      int label,
      int count,
      double ci,
      double cj,
      double ck,
      double voxelMm3) {
    WorldPoint centre = g.voxelToWorld(ci, cj, ck);
    double volume = count * voxelMm3;
    double diameter = Math.cbrt(6 * volume / Math.PI);
    VoxelBox box = det.box().toVoxelBox().intersect(VoxelBox.of(g.dims()));
    WorldPoint min = g.voxelToWorld(box.minI(), box.minJ(), box.minK());
    WorldPoint max =
        g.voxelToWorld(
            Math.max(box.minI(), box.maxI() - 1),
            Math.max(box.minJ(), box.maxJ() - 1),
            Math.max(box.minK(), box.maxK() - 1));
    return new DetectedNodule(
        label,
        det.score(),
        box,
        min,
        max,
        centre,
        diameter,
        volume,
        count,
        det.source(),
        det.detectorScore(),
        det.reducerProbability(),
        det.maskOrigin());
  }
}
