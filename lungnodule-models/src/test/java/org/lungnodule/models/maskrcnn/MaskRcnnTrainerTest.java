package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.TrainingProgress;
import org.nd4j.linalg.api.ndarray.INDArray;

class MaskRcnnTrainerTest {

  private static MaskRcnnConfig tiny(int epochs) {
    return MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY)
        .epochs(epochs)
        .cropsPerEpoch(1)
        .build();
  }

  @Test
  void fit_resumedRunMatchesUninterrupted(@TempDir Path dir) throws Exception {
    List<SegmentationCase> cases = List.of(SyntheticCrops.scan(3));
    List<TrainingProgress> events = new ArrayList<>();
    TrainingListener l =
        new TrainingListener() {
          @Override
          public void onEpochEnd(TrainingProgress p) {
            events.add(p);
          }
        };
    MaskRcnnTrainer full = MaskRcnnTrainer.builder().config(tiny(2)).seed(5).listener(l).build();
    NoduleSegmenter a = full.fit(cases);
    assertEquals(2, full.history().size());
    assertEquals(2, events.size());
    assertTrue(
        Double.isFinite(full.history().get(1).mask()), "mask head trains from the start in TINY");

    Path ck = dir.resolve("ck");
    // killed in epoch 2, after the checkpoint of epoch 1 (the same run: a checkpoint belongs to
    // one run's cases, seed and whole configuration, epochs included)
    TrainingListener kill =
        new TrainingListener() {
          @Override
          public void onIteration(TrainingProgress p) {
            if (p.epoch() == 2) {
              throw new IllegalStateException("simulated kill");
            }
          }
        };
    MaskRcnnTrainer killed =
        MaskRcnnTrainer.builder().config(tiny(2)).seed(5).checkpointDir(ck).listener(kill).build();
    assertThrows(IllegalStateException.class, () -> killed.fit(cases));
    MaskRcnnTrainer resumed =
        MaskRcnnTrainer.builder().config(tiny(2)).seed(5).checkpointDir(ck).build();
    NoduleSegmenter b = resumed.fit(cases);
    assertEquals(1, resumed.history().size());
    assertEquals(2, resumed.history().get(0).epoch());
    assertEquals(2, b.model().iteration());
    Map<String, INDArray> pa = a.model().net.parameters();
    Map<String, INDArray> pb = b.model().net.parameters();
    for (String k : pa.keySet()) {
      assertTrue(
          pa.get(k).equalsWithEps(pb.get(k), 1e-4), "parameter " + k + " differs after resume");
    }
    assertEquals(NoduleSegmenter.MODEL_KIND, b.provenance().modelKind());
    assertEquals(5, b.provenance().seed());
  }

  @Test
  void fit_checkpointOfAnotherRun_refusedNamingBoth(@TempDir Path dir) throws Exception {
    // issue 30: a checkpoint of one run (seed 1, 2 cases) was silently resumed by another (seed 2,
    // 3 cases), whose provenance then claimed seed 2
    Path ck = dir.resolve("ck");
    MaskRcnnConfig c =
        MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY).epochs(2).cropsPerEpoch(1).build();
    TrainingListener kill =
        new TrainingListener() {
          @Override
          public void onIteration(TrainingProgress p) {
            if (p.epoch() == 2) {
              throw new IllegalStateException("simulated kill");
            }
          }
        };
    MaskRcnnTrainer first =
        MaskRcnnTrainer.builder().config(c).seed(1).checkpointDir(ck).listener(kill).build();
    assertThrows(
        IllegalStateException.class,
        () -> first.fit(List.of(SyntheticCrops.scan(3), SyntheticCrops.scan(4))));
    MaskRcnnTrainer other = MaskRcnnTrainer.builder().config(c).seed(2).checkpointDir(ck).build();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                other.fit(
                    List.of(
                        SyntheticCrops.scan(3), SyntheticCrops.scan(4), SyntheticCrops.scan(5))));
    assertTrue(e.getMessage().contains("another training run"), e.getMessage());
    assertTrue(
        e.getMessage().contains("2 cases, seed 1") && e.getMessage().contains("3 cases, seed 2"),
        e.getMessage());
    assertTrue(e.getMessage().contains("latest.zip"), e.getMessage());
  }

  @Test
  void builder_rules() {
    assertThrows(IllegalStateException.class, () -> MaskRcnnTrainer.builder().seed(1).build());
    assertThrows(
        IllegalStateException.class, () -> MaskRcnnTrainer.builder().config(tiny(1)).build());
    assertThrows(IllegalStateException.class, () -> MaskRcnnTrainer.builder().seed(1).seed(2));
    assertThrows(NullPointerException.class, () -> MaskRcnnTrainer.builder().config(null));
  }

  @Test
  void backgroundCrops_centredInTheLungField() {
    // a 100^3 volume, outside value 170 everywhere except a 12^3 "lung" block (30) far from the
    // centre
    int n = 100;
    org.lungnodule.core.VolumeGeometry g =
        org.lungnodule.core.VolumeGeometry.of(
            new org.lungnodule.core.Dims(n, n, n), org.lungnodule.core.Spacing.isotropic(1));
    float[] v = new float[n * n * n];
    java.util.Arrays.fill(v, 170);
    for (int k = 75; k < 87; k++) {
      for (int j = 75; j < 87; j++) {
        for (int i = 75; i < 87; i++) {
          v[(k * n + j) * n + i] = 30;
        }
      }
    }
    SegmentationCase sc =
        new SegmentationCase(
            "lung-block",
            org.lungnodule.core.CtVolume.wrap(g, v),
            org.lungnodule.core.Mask.wrap(g, new byte[v.length]),
            List.of());
    org.lungnodule.core.preprocess.RandomCropSampler around =
        org.lungnodule.core.preprocess.RandomCropSampler.builder()
            .size(32)
            .noduleProbability(1)
            .seed(3)
            .build();
    org.lungnodule.core.preprocess.RandomCropSampler anywhere =
        org.lungnodule.core.preprocess.RandomCropSampler.builder()
            .size(32)
            .noduleProbability(0)
            .seed(3)
            .build();
    int inLung = 0;
    int anywhereInLung = 0;
    for (long idx = 0; idx < 20; idx++) {
      LabelledCrop c =
          MaskRcnnTrainer.crop(around, sc, idx, 0.7, new java.util.SplittableRandom(idx));
      LabelledCrop again =
          MaskRcnnTrainer.crop(around, sc, idx, 0.7, new java.util.SplittableRandom(idx));
      assertArrayEquals(c.voxels(), again.voxels(), "same index and seed, same crop");
      inLung += lungVoxels(c) > 0 ? 1 : 0;
      anywhereInLung += lungVoxels(MaskRcnnTrainer.crop(anywhere, sc, idx)) > 0 ? 1 : 0;
    }
    assertEquals(20, inLung, "every background crop must hold lung");
    assertTrue(
        anywhereInLung < 10, "crops placed anywhere mostly miss the block: " + anywhereInLung);
    // nodule crops still come from the nodule centres
    SegmentationCase withNodules = SyntheticCrops.scan(4);
    for (long idx = 0; idx < 5; idx++) {
      LabelledCrop c =
          MaskRcnnTrainer.crop(around, withNodules, idx, 1.0, new java.util.SplittableRandom(idx));
      assertFalse(c.labelBoxes().isEmpty(), "a nodule crop without its nodule");
    }
  }

  private static int lungVoxels(LabelledCrop c) {
    int n = 0;
    for (float x : c.voxels()) {
      n += x == 30f ? 1 : 0;
    }
    return n;
  }

  @Test
  void freezeBackbone_fineTuningLeavesTheBodyAndTrainsTheRest() throws Exception {
    List<SegmentationCase> cases = List.of(SyntheticCrops.scan(3));
    NoduleSegmenter parent = MaskRcnnTrainer.builder().config(tiny(1)).seed(5).build().fit(cases);
    MaskRcnnConfig frozen =
        MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY)
            .epochs(2)
            .cropsPerEpoch(1)
            .freezeBackbone(true)
            .build();
    NoduleSegmenter child =
        MaskRcnnTrainer.builder()
            .config(frozen)
            .seed(6)
            .initialModel(parent.model().withConfig(frozen))
            .build()
            .fit(cases);

    MaskRcnnNetwork pn = parent.model().net;
    MaskRcnnNetwork cn = child.model().net;
    List<String> all = MaskRcnnNetwork.trainable(cn.backbone);
    List<String> trained = cn.trainedBackboneVariables();
    assertTrue(
        trained.size() > 0 && trained.size() < all.size(),
        "some backbone variables train, not all: " + trained);
    assertTrue(
        trained.stream().anyMatch(v -> v.startsWith("lateral_")), "the lateral layer trains");
    assertEquals(
        all, pn.trainedBackboneVariables(), "an unfrozen network trains the whole backbone");
    Map<String, INDArray> pp = pn.parameters();
    Map<String, INDArray> cp = cn.parameters();
    int changedBody = 0;
    int changedRest = 0;
    for (String k : cp.keySet()) {
      boolean same = cp.get(k).equals(pp.get(k));
      String var = k.substring(k.indexOf('/') + 1);
      if (k.startsWith("backbone/") && !trained.contains(var)) {
        changedBody += same ? 0 : 1;
      } else {
        changedRest += same ? 0 : 1;
      }
    }
    assertEquals(0, changedBody, "frozen body variables changed");
    assertTrue(
        changedRest > 5, "the lateral layer, RPN and heads learn: " + changedRest + " changed");
    assertTrue(child.model().config().freezeBackbone());
  }
}
