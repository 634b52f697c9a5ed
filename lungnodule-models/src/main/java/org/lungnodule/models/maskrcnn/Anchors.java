package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.List;

/**
 * Cubic anchors on a feature grid. The feature cell {@code (fz, fy, fx)} of a map with stride
 * {@code s} is centred at input coordinate {@code ((fz + 0.5) s, (fy + 0.5) s, (fx + 0.5) s)} (edge
 * convention of {@link Box3d}); at each cell there is one anchor per size, sizes given in mm and
 * turned into voxels with the (isotropic) voxel spacing. Anchor {@code a} of cell {@code (fz, fy,
 * fx)} has index {@code ((fz * H + fy) * W + fx) * A + a}, the order in which the network emits its
 * per-anchor outputs.
 */
public final class Anchors {

  private Anchors() {}

  /**
   * Returns all anchors of a feature grid.
   *
   * @param gridD feature grid size along z
   * @param gridH feature grid size along y
   * @param gridW feature grid size along x
   * @param stride input voxels per feature cell
   * @param sizesMm anchor edge lengths in mm
   * @param spacingMm isotropic voxel spacing in mm
   * @return the anchors in network order
   * @throws IllegalArgumentException if a size, the stride or the spacing is not positive
   */
  public static List<Box3d> grid(
      int gridD, int gridH, int gridW, int stride, double[] sizesMm, double spacingMm) {
    if (gridD < 1 || gridH < 1 || gridW < 1) {
      throw new IllegalArgumentException(
          "grid must be at least 1 in each axis, got " + gridD + "x" + gridH + "x" + gridW);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be positive, got " + stride);
    }
    if (!(spacingMm > 0)) {
      throw new IllegalArgumentException("spacing must be positive, got " + spacingMm + " mm");
    }
    for (double s : sizesMm) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("anchor sizes must be positive, got " + s + " mm");
      }
    }
    List<Box3d> out = new ArrayList<>(gridD * gridH * gridW * sizesMm.length);
    for (int z = 0; z < gridD; z++) {
      for (int y = 0; y < gridH; y++) {
        for (int x = 0; x < gridW; x++) {
          for (double s : sizesMm) {
            double v = s / spacingMm;
            out.add(
                Box3d.ofCenter(
                    (z + 0.5) * stride, (y + 0.5) * stride, (x + 0.5) * stride, v, v, v));
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
