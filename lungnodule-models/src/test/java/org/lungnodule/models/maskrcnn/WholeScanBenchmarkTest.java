package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.models.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times one crop forward and whole-scan inference on a 300³ 1 mm synthetic segmentation input
 * (every window holds lung, so none is skipped). Preset from {@code -Dmaskrcnn.bench.preset}
 * (default SMALL); edge from {@code -Dmaskrcnn.bench.size} (default 300).
 */
@Tag("slow")
class WholeScanBenchmarkTest {

  private static final Logger LOG = LoggerFactory.getLogger(WholeScanBenchmarkTest.class);

  @Test
  void wholeScan_timing() {
    MaskRcnnConfig.Preset preset = MaskRcnnConfig.Preset.valueOf(System.getProperty("maskrcnn.bench.preset", "SMALL"));
    int n = Integer.getInteger("maskrcnn.bench.size", 300);
    MaskRcnnConfig cfg = MaskRcnnConfig.of(preset);
    MaskRcnnModel model = MaskRcnnModel.create(cfg, 1);
    int s = cfg.cropSize();
    LabelledCrop crop = SyntheticCrops.sphere(s, 6, 2);
    model.detect(crop.voxels(), 0.5);
    long t0 = System.nanoTime();
    model.detect(crop.voxels(), 0.5);
    double cropSec = (System.nanoTime() - t0) / 1e9;
    SplittableRandom r = new SplittableRandom(4);
    float[] v = new float[n * n * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (30 + 8 * (r.nextDouble() - 0.5));
    }
    CtVolume input = CtVolume.wrap(new VolumeGeometry(new Dims(n, n, n), Spacing.isotropic(1), new WorldPoint(0, 0, 0), Direction.IDENTITY), v);
    NoduleSegmenter seg = NoduleSegmenter.of(model, Provenance.now(NoduleSegmenter.MODEL_KIND, "0".repeat(64), 1, java.util.Map.of()));
    long t1 = System.nanoTime();
    ScanSegmentation res = seg.segment(input);
    double scanSec = (System.nanoTime() - t1) / 1e9;
    int w = NoduleSegmenter.starts(n, s, cfg.windowOverlap()).length;
    LOG.info("{} preset ({} parameters): one {}^3 crop forward {} s; whole {}^3 scan ({} windows) {} s, {} detections at score >= 0.5",
        preset, model.parameterCount(), s, String.format("%.2f", cropSec), n, w * w * w, String.format("%.1f", scanSec), res.nodules().size());
    assertEquals(input.geometry(), res.labels().geometry());
  }
}
