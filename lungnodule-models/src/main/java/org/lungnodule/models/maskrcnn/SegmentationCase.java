package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.Resampler;

/**
 * One training (or evaluation) scan for the Mask R-CNN, already preprocessed: the segmentation
 * input (1 mm isotropic, grt123 units, 170 outside the lung field), a label mask on the same grid
 * (0 background, {@code n} for nodule n), and the nodule centres in world mm.
 *
 * @param id an identifier (for provenance hashes and reports)
 * @param input the segmentation input (see {@link LungField#segmentationInput(CtVolume)})
 * @param labels nodule labels on the input's grid
 * @param centersMm nodule centres in world mm (used to place nodule crops)
 */
public record SegmentationCase(String id, CtVolume input, Mask labels, List<WorldPoint> centersMm) {

  /**
   * Validates the case.
   *
   * @throws IllegalArgumentException if the grids differ or the spacing is not 1 mm isotropic
   */
  public SegmentationCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(labels, "labels");
    centersMm = List.copyOf(centersMm);
    if (!labels.geometry().sameGrid(input.geometry(), 1e-6)) {
      throw new IllegalArgumentException("labels must be on the input's grid, got " + labels.dims() + " for input " + input.dims());
    }
    Spacing s = input.spacing();
    if (Math.abs(s.xMm() - 1) > 1e-3 || Math.abs(s.yMm() - 1) > 1e-3 || Math.abs(s.zMm() - 1) > 1e-3) {
      throw new IllegalArgumentException("input must be 1 mm isotropic, got " + s);
    }
  }

  /**
   * Preprocesses an annotated scan: resamples it to 1 mm, extracts the lung field and maps it to
   * the segmentation input, and rasterises the nodules into labels (nodule n, in the scan's order,
   * gets label n; a nodule mask may lie on the scan's grid or on its own, for example cropped,
   * grid, and is mapped through world coordinates; a nodule without a mask is drawn as a ball of
   * its diameter; at most 255 nodules).
   *
   * @param scan the scan in HU with its nodules
   * @param lungField the lung-field extractor
   * @return the case
   */
  public static SegmentationCase fromScan(AnnotatedScan scan, LungField lungField) {
    Resampler r = Resampler.isotropic(1.0);
    CtVolume iso = r.resample(scan.volume());
    CtVolume input = lungField.segmentationInput(iso);
    VolumeGeometry g = iso.geometry();
    Dims d = g.dims();
    byte[] labels = new byte[d.voxelCount()];
    List<WorldPoint> centres = new ArrayList<>();
    int n = 0;
    for (Nodule nod : scan.nodules()) {
      if (++n > 255) {
        break;
      }
      centres.add(nod.centerMm());
      byte lab = (byte) n;
      if (nod.mask().isPresent()) {
        // the mask may lie on its own (for example cropped) grid: map its voxels through world mm
        Mask m = r.resample(nod.mask().get());
        VolumeGeometry gm = m.geometry();
        Dims dm = gm.dims();
        for (int k = 0, idx = 0; k < dm.nz(); k++) {
          for (int j = 0; j < dm.ny(); j++) {
            for (int i = 0; i < dm.nx(); i++, idx++) {
              if (m.get(idx) == 0) {
                continue;
              }
              VoxelPoint v = g.worldToVoxel(gm.voxelToWorld(i, j, k));
              int ii = (int) Math.round(v.i());
              int jj = (int) Math.round(v.j());
              int kk = (int) Math.round(v.k());
              if (d.contains(ii, jj, kk) && labels[d.index(ii, jj, kk)] == 0) {
                labels[d.index(ii, jj, kk)] = lab;
              }
            }
          }
        }
      } else {
        VoxelPoint c = g.worldToVoxel(nod.centerMm());
        double rad = nod.diameterMm() / 2;
        int rr = (int) Math.ceil(rad) + 1;
        for (int k = (int) Math.round(c.k()) - rr; k <= Math.round(c.k()) + rr; k++) {
          for (int j = (int) Math.round(c.j()) - rr; j <= Math.round(c.j()) + rr; j++) {
            for (int i = (int) Math.round(c.i()) - rr; i <= Math.round(c.i()) + rr; i++) {
              if (d.contains(i, j, k) && sq(i - c.i()) + sq(j - c.j()) + sq(k - c.k()) <= rad * rad && labels[d.index(i, j, k)] == 0) {
                labels[d.index(i, j, k)] = lab;
              }
            }
          }
        }
      }
    }
    return new SegmentationCase(scan.scanId(), input, Mask.wrap(g, labels), centres);
  }

  private static double sq(double v) {
    return v * v;
  }

  @Override
  public String toString() {
    return "SegmentationCase[" + id + ", " + input.dims() + ", " + centersMm.size() + " nodules]";
  }
}
