package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;

class LungFieldTest {

  private static SyntheticThorax thorax;
  private static Mask field;

  @BeforeAll
  static void extractOnce() {
    thorax = new SyntheticThorax(20261126L);
    field = LungField.builder().build().extract(thorax.ct);
  }

  @Test
  void extract_syntheticThoraxDice() {
    double dice = SyntheticThorax.dice(field, thorax.lungTruth);
    assertTrue(dice >= 0.95, "dice " + dice);
  }

  @Test
  void extract_keepsJuxtapleuralNodule() {
    assertTrue(thorax.noduleTruth.count() > 50, "nodule voxels " + thorax.noduleTruth.count());
    assertEquals(0, SyntheticThorax.outside(thorax.noduleTruth, field));
  }

  @Test
  void extract_dropsGasPocketAndOutsideAir() {
    assertTrue(thorax.gasPocket.count() > 20);
    assertEquals(thorax.gasPocket.count(), SyntheticThorax.outside(thorax.gasPocket, field));
    Dims d = field.dims();
    assertEquals(0, field.get(0, 0, 40));
    assertEquals(0, field.get(d.nx() - 1, d.ny() / 2, 40));
  }

  @Test
  void extract_withoutHullAndClosingLosesNodule() {
    Mask open =
        LungField.builder().sliceConvexHull(false).closingRadiusMm(0).build().extract(thorax.ct);
    assertEquals(thorax.noduleTruth.count(), SyntheticThorax.outside(thorax.noduleTruth, open));
    // closing alone leaves the nodule's flat base against the pleura outside
    Mask closed = LungField.builder().sliceConvexHull(false).build().extract(thorax.ct);
    assertTrue(SyntheticThorax.outside(thorax.noduleTruth, closed) > 0);
  }

  @Test
  void sliceConvexHull_setTwice() {
    LungField.Builder b = LungField.builder().sliceConvexHull(false);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> b.sliceConvexHull(true));
    assertTrue(e.getMessage().contains("false"), e.getMessage());
  }

  @Test
  void extract_dilationGrowsField() {
    Mask grown = LungField.builder().dilationMm(4).build().extract(thorax.ct);
    assertTrue(grown.count() > field.count() * 1.05, grown.count() + " vs " + field.count());
    assertEquals(0, SyntheticThorax.outside(field, grown));
  }

  @Test
  void extract_noLungsGivesEmptyMask() {
    CtVolume soft =
        CtVolume.filled(VolumeGeometry.of(new Dims(20, 20, 5), Spacing.isotropic(1)), 40f);
    assertTrue(LungField.builder().build().extract(soft).isEmpty());
  }

  @Test
  void segmentationInput_outsideIs170() {
    CtVolume in = LungField.segmentationInput(thorax.ct, field);
    Intensity grt = Intensity.grt123();
    for (int p = 0; p < in.dims().voxelCount(); p += 97) {
      float expected = field.get(p) != 0 ? grt.apply(thorax.ct.get(p)) : 170f;
      assertEquals(expected, in.get(p), 1e-4f);
    }
    assertEquals(170f, in.get(0, 0, 0), 0f);
  }

  @Test
  void segmentationInput_gridMismatch() {
    Mask other = Mask.empty(VolumeGeometry.of(new Dims(4, 4, 4), Spacing.isotropic(1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LungField.segmentationInput(thorax.ct, other));
    assertTrue(
        e.getMessage().contains("4x4x4") && e.getMessage().contains("160x128x80"), e.getMessage());
  }

  @Test
  void thresholdHu_outOfRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LungField.builder().thresholdHu(150));
    assertTrue(e.getMessage().contains("150.0 HU"), e.getMessage());
  }

  @Test
  void thresholdHu_nan() {
    assertThrows(IllegalArgumentException.class, () -> LungField.builder().thresholdHu(Double.NaN));
  }

  @Test
  void thresholdHu_setTwice() {
    LungField.Builder b = LungField.builder().thresholdHu(-400);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.thresholdHu(-300));
    assertTrue(e.getMessage().contains("-400.0"), e.getMessage());
  }

  @Test
  void closingRadiusMm_negative() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LungField.builder().closingRadiusMm(-1));
    assertTrue(e.getMessage().contains("-1.0 mm"), e.getMessage());
  }

  @Test
  void dilationMm_setTwice() {
    LungField.Builder b = LungField.builder().dilationMm(1);
    assertThrows(IllegalStateException.class, () -> b.dilationMm(2));
  }

  @Test
  void toString_showsOptions() {
    String s = LungField.builder().build().toString();
    assertTrue(s.contains("-320.0") && s.contains("10.0") && s.contains("6"), s);
  }
}
