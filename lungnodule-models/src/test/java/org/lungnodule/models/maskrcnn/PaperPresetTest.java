package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig.Preset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The paper preset (ResNet50, 256 channels at stride 32, 1000 proposals) on one 128³ crop. */
@Tag("slow")
class PaperPresetTest {

  private static final Logger LOG = LoggerFactory.getLogger(PaperPresetTest.class);

  @Test
  void paper_buildsAndRunsOneForwardPass() {
    MaskRcnnConfig cfg = MaskRcnnConfig.of(Preset.PAPER);
    long t0 = System.nanoTime();
    MaskRcnnModel model = MaskRcnnModel.create(cfg, 1);
    long t1 = System.nanoTime();
    long params = model.parameterCount();
    LabelledCrop crop = SyntheticCrops.sphere(128, 8, 1);
    long tb = System.nanoTime();
    model.features(model.input(crop.voxels())); // warm-up of the backbone
    long t2 = System.nanoTime();
    model.features(model.input(crop.voxels()));
    long t3 = System.nanoTime();
    List<CropDetection> dets = model.detect(crop.voxels(), 0.0); // all 1000 proposals, 20 masks
    long t4 = System.nanoTime();
    LOG.info(
        "paper preset: {} parameters (backbone+RPN {}, box head {}, mask head {}); build {} s; backbone on one 128^3 crop {} s "
            + "(warm-up {} s); full detect (1000 proposals, box head, {} masks) {} s",
        params,
        count(model, "backbone/"),
        count(model, "boxHead/"),
        count(model, "maskHead/"),
        (t1 - t0) / 1e9,
        (t3 - t2) / 1e9,
        (t2 - tb) / 1e9,
        dets.size(),
        (t4 - t3) / 1e9);
    assertTrue(
        params > 40_000_000, "ResNet50 + heads has tens of millions of parameters, got " + params);
    assertEquals(4, model.net.gridSize()); // 128 / 32
    assertFalse(dets.isEmpty());
    for (CropDetection d : dets) {
      assertEquals(14, d.maskSize());
    }
  }

  private static long count(MaskRcnnModel m, String prefix) {
    return m.net.parameters().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> e.getValue().length())
        .sum();
  }
}
