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
import org.lungnodule.core.VoxelIndex;
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
      throw new IllegalArgumentException(
          "labels must be on the input's grid, got "
              + labels.dims()
              + " for input "
              + input.dims());
    }
    Spacing s = input.spacing();
    if (Math.abs(s.xMm() - 1) > 1e-3
        || Math.abs(s.yMm() - 1) > 1e-3
        || Math.abs(s.zMm() - 1) > 1e-3) {
      throw new IllegalArgumentException("input must be 1 mm isotropic, got " + s);
    }
  }

  /**
   * Preprocesses an annotated scan: resamples it to 1 mm, extracts the lung field and maps it to
   * the segmentation input, and rasterises the nodules into labels (nodule n, in the scan's order,
   * gets label n; a nodule without a mask is drawn as a ball of its diameter; at most 255 nodules).
   *
   * @param scan the scan in HU with its nodules
   * @param lungField the lung-field extractor
   * @return the case
   */
  public static SegmentationCase fromScan(AnnotatedScan scan, LungField lungField) {
    Objects.requireNonNull(lungField, "lungField");
    return build(scan, lungField::segmentationInput);
  }

  /**
   * As {@link #fromScan(AnnotatedScan, LungField)} for a scan that lies wholly inside the lung (a
   * window cut inside one lung, such as the phantom's {@code TEST} size, where no lung boundary can
   * be found): every voxel counts as lung field, so the input is the grt123 mapping of the whole
   * window.
   *
   * @param scan the scan in HU with its nodules
   * @return the case
   */
  public static SegmentationCase fromScanInsideLung(AnnotatedScan scan) {
    return build(
        scan,
        iso -> {
          byte[] all = new byte[iso.dims().voxelCount()];
          java.util.Arrays.fill(all, (byte) 1);
          return LungField.segmentationInput(iso, Mask.wrap(iso.geometry(), all));
        });
  }

  private static SegmentationCase build(
      AnnotatedScan scan, java.util.function.UnaryOperator<CtVolume> toInput) {
    Resampler r = Resampler.isotropic(1.0);
    CtVolume iso = r.resample(scan.volume());
    CtVolume input = toInput.apply(iso);
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
        // the nodule's mask may sit on its own (cropped) grid: place it through world positions
        Mask m = r.resample(nod.mask().get());
        Dims md = m.dims();
        VolumeGeometry mg = m.geometry();
        for (int k = 0; k < md.nz(); k++) {
          for (int j = 0; j < md.ny(); j++) {
            for (int i = 0; i < md.nx(); i++) {
              if (!m.isSet(i, j, k)) {
                continue;
              }
              VoxelIndex v = g.worldToVoxel(mg.voxelToWorld(i, j, k)).round();
              if (d.contains(v.i(), v.j(), v.k()) && labels[d.index(v.i(), v.j(), v.k())] == 0) {
                labels[d.index(v.i(), v.j(), v.k())] = lab;
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
              if (d.contains(i, j, k)
                  && sq(i - c.i()) + sq(j - c.j()) + sq(k - c.k()) <= rad * rad
                  && labels[d.index(i, j, k)] == 0) {
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
