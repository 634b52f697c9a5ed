package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnModel;
import org.lungnodule.models.training.Schedule;

class SegmenterTaskTest {

  private static final MaskRcnnConfig BASE =
      MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY).epochs(6).learningRate(2e-3).build();

  @Test
  void fineTuneConfig_keepsTheNetworkChangesTheSchedule() {
    SegmenterTask t = new SegmenterTask(BASE, 2, 5e-4, List.of());
    MaskRcnnConfig ft = t.fineTuneConfig(BASE);
    assertEquals(2, ft.epochs());
    assertEquals(5e-4, ft.learningRate(), 0);
    assertEquals(0, ft.roiHeadStart(), 0);
    assertEquals(0, ft.maskHeadStart(), 0);
    assertEquals(BASE.cropsPerEpoch(), ft.cropsPerEpoch());
    assertEquals(BASE.featureChannels(), ft.featureChannels());
    // the parent's weights carry over unchanged
    MaskRcnnModel parent = MaskRcnnModel.create(BASE, 4);
    MaskRcnnModel child = parent.withConfig(ft);
    assertEquals(ft, child.config());
    assertEquals(parent.parameterCount(), child.parameterCount());
    assertEquals(0, child.iteration());
  }

  @Test
  void defaultConstructor_repeatsTheBaselineSchedule() {
    MaskRcnnConfig ft = new SegmenterTask(BASE, List.of()).fineTuneConfig(BASE);
    assertEquals(6, ft.epochs());
    assertEquals(2e-3, ft.learningRate(), 0);
  }

  @Test
  void fineTuning_keepsTheParentsReducer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // a 40^3 1 mm scan in segmentation-input units: lung 30, a sphere of radius 4 (170, label 1)
    // and a bright line (150) along x
    int n = 40;
    org.lungnodule.core.VolumeGeometry g =
        org.lungnodule.core.VolumeGeometry.of(
            new org.lungnodule.core.Dims(n, n, n), org.lungnodule.core.Spacing.isotropic(1));
    float[] v = new float[n * n * n];
    byte[] l = new byte[v.length];
    for (int k = 0, i = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        for (int x = 0; x < n; x++, i++) {
          v[i] = Math.hypot(j - 30, k - 30) <= 1.5 ? 150 : 30;
          if ((x - 15) * (x - 15) + (j - 15) * (j - 15) + (k - 15) * (k - 15) <= 16) {
            v[i] = 170;
            l[i] = 1;
          }
        }
      }
    }
    org.lungnodule.models.maskrcnn.SegmentationCase sc =
        new org.lungnodule.models.maskrcnn.SegmentationCase(
            "s",
            org.lungnodule.core.CtVolume.wrap(g, v),
            org.lungnodule.core.Mask.wrap(g, l),
            List.of(g.voxelToWorld(15, 15, 15)));
    org.lungnodule.models.maskrcnn.FalsePositiveReducer r =
        org.lungnodule.models.maskrcnn.FalsePositiveReducer.trainer()
            .cubeSize(16)
            .epochs(1)
            .negatives(0, 5)
            .jitter(2, 1)
            .seed(2)
            .build()
            .fit(List.of(sc), null);
    org.lungnodule.models.maskrcnn.NoduleSegmenter parent =
        org.lungnodule.models.maskrcnn.NoduleSegmenter.of(
                MaskRcnnModel.create(BASE, 4),
                org.lungnodule.models.Provenance.now(
                    org.lungnodule.models.maskrcnn.NoduleSegmenter.MODEL_KIND,
                    "d",
                    4,
                    java.util.Map.of()))
            .withReducer(r);
    SegmenterTask t = new SegmenterTask(BASE, 1, 1e-3, List.of());
    org.lungnodule.models.maskrcnn.NoduleSegmenter child =
        t.train(
            new ModelTask.TrainRequest<>(
                List.of(new ScanCase("p", "s", sc, List.of())),
                java.util.Optional.of(parent),
                java.util.Optional.of("HB"),
                3,
                dir.resolve("ck")));
    assertSame(r, child.reducer().orElseThrow());
    assertTrue(child.provenance().isFineTuned());
  }

  @Test
  void invalidFineTuning_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new SegmenterTask(BASE, 0, 1e-3, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new SegmenterTask(BASE, 1, 0, List.of()));
  }

  @Test
  void withConfig_otherArchitecture_namesTheArray() {
    MaskRcnnModel m = MaskRcnnModel.create(BASE, 4);
    MaskRcnnConfig wider =
        MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY).featureChannels(16).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.withConfig(wider));
    assertTrue(e.getMessage().contains("shape"), e.getMessage());
  }

  private static org.lungnodule.core.Nodule nodule(
      org.lungnodule.core.VolumeGeometry g, double i, double j, double k, double diameterMm) {
    org.lungnodule.core.WorldPoint c = g.voxelToWorld(i, j, k);
    return org.lungnodule.core.Nodule.of(
        "n", c, diameterMm, org.lungnodule.core.NoduleLabel.BENIGN);
  }

  @Test
  void regionAround_isACropCentredOnTheNodule_movedInsideTheScan() {
    org.lungnodule.core.VolumeGeometry g =
        org.lungnodule.core.VolumeGeometry.of(
            new org.lungnodule.core.Dims(200, 150, 100), org.lungnodule.core.Spacing.isotropic(1));
    // a small nodule in the middle: a 64^3 cube starting 32 voxels before its centre
    assertEquals(
        new org.lungnodule.core.VoxelBox(68, 43, 18, 132, 107, 82),
        SegmenterTask.regionAround(g, nodule(g, 100, 75, 50, 6), 64));
    // near the first corner: moved inside, same size
    assertEquals(
        new org.lungnodule.core.VoxelBox(0, 0, 0, 64, 64, 64),
        SegmenterTask.regionAround(g, nodule(g, 5, 3, 2, 6), 64));
    // near the far corner
    assertEquals(
        new org.lungnodule.core.VoxelBox(136, 86, 36, 200, 150, 100),
        SegmenterTask.regionAround(g, nodule(g, 198, 149, 99, 6), 64));
    // a 40 mm nodule: 40 + 32 = 72 voxels
    assertEquals(
        new org.lungnodule.core.VoxelBox(64, 39, 14, 136, 111, 86),
        SegmenterTask.regionAround(g, nodule(g, 100, 75, 50, 40), 64));
    // a scan thinner than the cube: cut to the scan along z
    org.lungnodule.core.VolumeGeometry thin =
        org.lungnodule.core.VolumeGeometry.of(
            new org.lungnodule.core.Dims(200, 150, 40), org.lungnodule.core.Spacing.isotropic(1));
    assertEquals(
        new org.lungnodule.core.VoxelBox(68, 43, 0, 132, 107, 40),
        SegmenterTask.regionAround(thin, nodule(thin, 100, 75, 20, 6), 64));
  }

  @Test
  void withEvaluation_changesOnlyHowCasesArePredicted() {
    SegmenterTask t = new SegmenterTask(BASE, 2, 5e-4, List.of());
    assertEquals(SegmenterTask.Evaluation.WHOLE_SCAN, t.evaluation());
    SegmenterTask a = t.withEvaluation(SegmenterTask.Evaluation.AROUND_NODULES);
    assertEquals(SegmenterTask.Evaluation.AROUND_NODULES, a.evaluation());
    assertEquals(t.fineTuneConfig(BASE), a.fineTuneConfig(BASE));
    assertTrue(a.toString().contains("around each nodule"), a.toString());
    assertThrows(NullPointerException.class, () -> t.withEvaluation(null));
  }

  @Test
  void withFineTunePositiveCrops_setsTheFineTuningShareOnly() {
    SegmenterTask t = new SegmenterTask(BASE, 2, 5e-4, List.of());
    assertEquals(
        BASE.toMap().get("positiveCropFraction"),
        t.fineTuneConfig(BASE).toMap().get("positiveCropFraction"));
    SegmenterTask p =
        t.withFineTunePositiveCrops(0.9).withEvaluation(SegmenterTask.Evaluation.AROUND_NODULES);
    MaskRcnnConfig ft = p.fineTuneConfig(BASE);
    assertEquals(0.9, (Double) ft.toMap().get("positiveCropFraction"), 0);
    assertEquals(2, ft.epochs());
    assertEquals(5e-4, ft.learningRate(), 0);
    assertTrue(p.toString().contains("0.9 of its crops on nodules"), p.toString());
    assertThrows(IllegalArgumentException.class, () -> t.withFineTunePositiveCrops(1.1));
    assertThrows(IllegalArgumentException.class, () -> t.withFineTunePositiveCrops(Double.NaN));
  }

  @Test
  void withFrozenBackbone_freezesFineTuningOnly() {
    SegmenterTask t = new SegmenterTask(BASE, 2, 5e-4, List.of());
    assertFalse(t.frozenBackbone());
    assertFalse(t.fineTuneConfig(BASE).freezeBackbone());
    SegmenterTask f =
        t.withFineTunePositiveCrops(0.9)
            .withFrozenBackbone(true)
            .withEvaluation(SegmenterTask.Evaluation.AROUND_NODULES);
    assertTrue(f.frozenBackbone(), "kept through the other with-methods");
    MaskRcnnConfig ft = f.fineTuneConfig(BASE);
    assertTrue(ft.freezeBackbone());
    assertEquals(0.9, (Double) ft.toMap().get("positiveCropFraction"), 0);
    assertFalse(BASE.freezeBackbone(), "the baseline's own configuration trains everything");
    // a parent fine-tuned with a frozen body is fine-tuned again as this task says
    assertFalse(t.fineTuneConfig(ft).freezeBackbone());
    assertTrue(f.toString().contains("backbone body frozen"), f.toString());
  }

  @Test
  void withFineTuneDecay_setsFineTuningsDecayOnly() {
    SegmenterTask t = new SegmenterTask(BASE, 2, 5e-4, List.of());
    assertEquals(Schedule.CONSTANT, t.fineTuneDecay());
    assertEquals(Schedule.CONSTANT, t.fineTuneConfig(BASE).learningRateDecay());
    SegmenterTask c =
        t.withFineTuneDecay(Schedule.COSINE)
            .withFrozenBackbone(true)
            .withFineTunePositiveCrops(0.9)
            .withEvaluation(SegmenterTask.Evaluation.AROUND_NODULES);
    assertEquals(Schedule.COSINE, c.fineTuneDecay(), "kept through the other with-methods");
    assertTrue(c.frozenBackbone());
    MaskRcnnConfig ft = c.fineTuneConfig(BASE);
    assertEquals(Schedule.COSINE, ft.learningRateDecay());
    assertEquals(
        Schedule.CONSTANT, BASE.learningRateDecay(), "the baseline's own schedule is untouched");
    // a parent fine-tuned with a decay is fine-tuned again as this task says
    assertEquals(Schedule.CONSTANT, t.fineTuneConfig(ft).learningRateDecay());
    assertTrue(c.toString().contains("cosine decay"), c.toString());
    assertThrows(NullPointerException.class, () -> t.withFineTuneDecay(null));
  }
}
