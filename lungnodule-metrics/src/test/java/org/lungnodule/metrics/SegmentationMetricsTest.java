package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

class SegmentationMetricsTest {

  private static final Dims D3 = new Dims(3, 3, 3);
  private static final Spacing ISO = Spacing.isotropic(1);

  private static byte[] box(Dims d, int i0, int j0, int k0, int i1, int j1, int k1) {
    byte[] m = new byte[d.voxelCount()];
    for (int k = k0; k < k1; k++) {
      for (int j = j0; j < j1; j++) {
        for (int i = i0; i < i1; i++) {
          m[d.index(i, j, k)] = 1;
        }
      }
    }
    return m;
  }

  @Test
  void evaluate_identicalMasks() {
    byte[] m = box(D3, 0, 0, 0, 3, 3, 3);
    SegmentationScores s = SegmentationMetrics.evaluate(m, m, D3, ISO);
    assertEquals(1.0, s.dice());
    assertEquals(1.0, s.iou());
    assertEquals(0.0, s.asdMm().getAsDouble());
    assertEquals(0.0, s.hd95Mm().getAsDouble());
  }

  @Test
  void evaluate_centreVoxelVsFullCube() {
    // truth = full 3x3x3 (26 surface voxels, border counts as surface), pred = centre voxel only.
    byte[] full = box(D3, 0, 0, 0, 3, 3, 3);
    byte[] centre = box(D3, 1, 1, 1, 2, 2, 2);
    SegmentationScores s = SegmentationMetrics.evaluate(centre, full, D3, ISO);
    assertEquals(2.0 / 28, s.dice(), 1e-15);
    assertEquals(1.0 / 27, s.iou(), 1e-15);
    // truth surface -> centre: 6 faces at 1, 12 edges at sqrt2, 8 corners at sqrt3; centre ->
    // truth: 1
    double t2p = (6 + 12 * Math.sqrt(2) + 8 * Math.sqrt(3)) / 26;
    assertEquals(t2p, s.asdTruthToPredMm().getAsDouble(), 1e-12);
    assertEquals(1.0, s.asdPredToTruthMm().getAsDouble(), 1e-12);
    assertEquals(
        (6 + 12 * Math.sqrt(2) + 8 * Math.sqrt(3) + 1) / 27, s.asdMm().getAsDouble(), 1e-12);
    assertEquals(Math.sqrt(3), s.hausdorffMm().getAsDouble(), 1e-12);
  }

  @Test
  void evaluate_anisotropicShift() {
    // two single voxels apart by one slice with 2.5 mm slices
    Dims d = new Dims(4, 4, 4);
    byte[] a = box(d, 1, 1, 1, 2, 2, 2);
    byte[] b = box(d, 1, 1, 2, 2, 2, 3);
    SegmentationScores s = SegmentationMetrics.evaluate(a, b, d, new Spacing(0.7, 0.7, 2.5));
    assertEquals(0.0, s.dice());
    assertEquals(2.5, s.asdMm().getAsDouble(), 1e-12);
    assertEquals(2.5, s.hd95Mm().getAsDouble(), 1e-12);
  }

  @Test
  void evaluate_emptyConventions() {
    byte[] empty = new byte[D3.voxelCount()];
    byte[] one = box(D3, 1, 1, 1, 2, 2, 2);
    SegmentationScores both = SegmentationMetrics.evaluate(empty, empty, D3, ISO);
    assertEquals(1.0, both.dice());
    assertEquals(1.0, both.iou());
    assertTrue(both.asdMm().isEmpty());
    assertTrue(both.hd95Mm().isEmpty());
    SegmentationScores oneEmpty = SegmentationMetrics.evaluate(empty, one, D3, ISO);
    assertEquals(0.0, oneEmpty.dice());
    assertEquals(0.0, oneEmpty.iou());
    assertTrue(oneEmpty.asdMm().isEmpty());
    assertTrue(oneEmpty.hausdorffMm().isEmpty());
    SegmentationAccumulator acc = new SegmentationAccumulator();
    acc.add(both);
    acc.add(oneEmpty);
    acc.add(SegmentationMetrics.evaluate(one, one, D3, ISO));
    SegmentationSummary sum = acc.aggregate();
    assertEquals(3, sum.cases());
    assertEquals(2.0 / 3, sum.meanDice(), 1e-15);
    assertEquals(1, sum.distanceCases());
    assertEquals(2, sum.excludedFromDistances());
    assertEquals(1, sum.bothEmpty());
    assertEquals(1, sum.oneEmpty());
    assertEquals(0.0, sum.meanAsdMm());
    acc.reset();
    assertEquals(0, acc.aggregate().cases());
    assertTrue(Double.isNaN(acc.aggregate().meanDice()));
  }

  @Test
  void evaluate_maskGridMismatch() {
    VolumeGeometry g = VolumeGeometry.of(D3, ISO);
    Mask a = Mask.empty(g);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SegmentationMetrics.evaluate(
                    a, Mask.empty(VolumeGeometry.of(new Dims(3, 3, 4), ISO))));
    assertTrue(e.getMessage().contains("shape"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SegmentationMetrics.evaluate(
                    a, Mask.empty(VolumeGeometry.of(D3, new Spacing(1, 1, 2)))));
    assertTrue(e.getMessage().contains("spacing"), e.getMessage());
    VolumeGeometry moved = new VolumeGeometry(D3, ISO, new WorldPoint(5, 0, 0), g.direction());
    assertThrows(
        IllegalArgumentException.class, () -> SegmentationMetrics.evaluate(a, Mask.empty(moved)));
    assertThrows(
        IllegalArgumentException.class,
        () -> SegmentationMetrics.evaluate(new byte[27], new byte[26], D3, ISO));
  }

  @Test
  void maskHelpers_agreeWithEvaluate() {
    VolumeGeometry g = VolumeGeometry.of(D3, ISO);
    Mask full = Mask.wrap(g, box(D3, 0, 0, 0, 3, 3, 3));
    Mask centre = Mask.wrap(g, box(D3, 1, 1, 1, 2, 2, 2));
    SegmentationScores s = SegmentationMetrics.evaluate(centre, full);
    assertEquals(s.dice(), SegmentationMetrics.dice(centre, full));
    assertEquals(s.iou(), SegmentationMetrics.iou(centre, full));
    assertEquals(s.asdMm(), SegmentationMetrics.averageSurfaceDistanceMm(centre, full));
    assertEquals(s.hd95Mm(), SegmentationMetrics.hd95Mm(centre, full));
  }
}
