package org.lungnodule.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;

/**
 * The classes are learnable but not trivially: one hand-made shape feature of the mask (voxel
 * sphericity, π^(1/3) (6V)^(2/3) / A with A the exposed voxel-face area) separates malignant from
 * benign with an AUC between 0.70 and 0.95 on 400 PUBLIC nodules.
 */
class NoduleFeatureAucTest {

  static double sphericity(Mask m) {
    Dims d = m.dims();
    Spacing s = m.geometry().spacing();
    double ax = s.yMm() * s.zMm();
    double ay = s.xMm() * s.zMm();
    double az = s.xMm() * s.yMm();
    double area = 0;
    long n = 0;
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          if (!m.isSet(i, j, k)) {
            continue;
          }
          n++;
          area += (in(m, i - 1, j, k) ? 0 : ax) + (in(m, i + 1, j, k) ? 0 : ax);
          area += (in(m, i, j - 1, k) ? 0 : ay) + (in(m, i, j + 1, k) ? 0 : ay);
          area += (in(m, i, j, k - 1) ? 0 : az) + (in(m, i, j, k + 1) ? 0 : az);
        }
      }
    }
    double v = n * s.voxelVolumeMm3();
    return Math.cbrt(Math.PI) * Math.pow(6 * v, 2.0 / 3) / area;
  }

  private static boolean in(Mask m, int i, int j, int k) {
    return m.dims().contains(i, j, k) && m.isSet(i, j, k);
  }

  /** Mann–Whitney AUC: P(score of a positive > score of a negative), ties counting one half. */
  static double auc(List<Double> pos, List<Double> neg) {
    double s = 0;
    for (double p : pos) {
      for (double q : neg) {
        s += p > q ? 1 : (p == q ? 0.5 : 0);
      }
    }
    return s / ((double) pos.size() * neg.size());
  }

  @Test
  void auc_tinyTable() {
    assertEquals(1.0, auc(List.of(3.0, 4.0), List.of(1.0, 2.0)));
    assertEquals(0.5, auc(List.of(1.0), List.of(1.0)));
    assertEquals(0.75, auc(List.of(2.0, 4.0), List.of(3.0, 1.0)));
  }

  @Test
  void sphericity_ofACubeIsPiOverSixToTheThird() {
    byte[] labels = new byte[27];
    java.util.Arrays.fill(labels, (byte) 1);
    Mask cube =
        Mask.wrap(
            org.lungnodule.core.VolumeGeometry.of(new Dims(3, 3, 3), Spacing.isotropic(1)), labels);
    assertEquals(Math.cbrt(Math.PI / 6), sphericity(cube), 1e-12);
  }

  @Test
  void sphericity_separatesClassesOnPublic() {
    // the nodules and masks of the first 400 patches, without rendering their voxels
    Phantom phantom = Phantom.builder().profile(SiteProfile.PUBLIC).seed(11).build();
    List<Double> mal = new ArrayList<>();
    List<Double> ben = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Phantom.Plan p = phantom.patchPlan(i);
      NoduleShape n = p.model.nodules.get(0);
      double irregularity = -sphericity(Phantom.mask(n, p.grid));
      (n.label == NoduleLabel.MALIGNANT ? mal : ben).add(irregularity);
    }
    // the plan is what nodulePatch renders
    Nodule rendered = phantom.nodulePatch(5).nodules().get(0);
    Phantom.Plan p5 = phantom.patchPlan(5);
    assertEquals(
        Phantom.mask(p5.model.nodules.get(0), p5.grid).count(), rendered.mask().get().count());
    assertTrue(mal.size() > 100 && ben.size() > 150, mal.size() + " / " + ben.size());
    double a = auc(mal, ben);
    System.out.printf("sphericity AUC on 400 PUBLIC nodules: %.3f%n", a);
    assertTrue(a >= 0.70 && a <= 0.95, "AUC " + a);
  }
}
