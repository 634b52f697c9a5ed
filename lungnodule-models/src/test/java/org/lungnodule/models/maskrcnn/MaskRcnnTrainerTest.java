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
    return MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY).epochs(epochs).cropsPerEpoch(1).build();
  }

  @Test
  void fit_resumedRunMatchesUninterrupted(@TempDir Path dir) throws Exception {
    List<SegmentationCase> cases = List.of(SyntheticCrops.scan(3));
    List<TrainingProgress> events = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void onEpochEnd(TrainingProgress p) {
        events.add(p);
      }
    };
    MaskRcnnTrainer full = MaskRcnnTrainer.builder().config(tiny(2)).seed(5).listener(l).build();
    NoduleSegmenter a = full.fit(cases);
    assertEquals(2, full.history().size());
    assertEquals(2, events.size());
    assertTrue(Double.isFinite(full.history().get(1).mask()), "mask head trains from the start in TINY");

    Path ck = dir.resolve("ck");
    MaskRcnnTrainer.builder().config(tiny(1)).seed(5).checkpointDir(ck).build().fit(cases);
    MaskRcnnTrainer resumed = MaskRcnnTrainer.builder().config(tiny(2)).seed(5).checkpointDir(ck).build();
    NoduleSegmenter b = resumed.fit(cases);
    assertEquals(1, resumed.history().size());
    assertEquals(2, resumed.history().get(0).epoch());
    assertEquals(2, b.model().iteration());
    Map<String, INDArray> pa = a.model().net.parameters();
    Map<String, INDArray> pb = b.model().net.parameters();
    for (String k : pa.keySet()) {
      assertTrue(pa.get(k).equalsWithEps(pb.get(k), 1e-4), "parameter " + k + " differs after resume");
    }
    assertEquals(NoduleSegmenter.MODEL_KIND, b.provenance().modelKind());
    assertEquals(5, b.provenance().seed());
  }

  @Test
  void builder_rules() {
    assertThrows(IllegalStateException.class, () -> MaskRcnnTrainer.builder().seed(1).build());
    assertThrows(IllegalStateException.class, () -> MaskRcnnTrainer.builder().config(tiny(1)).build());
    assertThrows(IllegalStateException.class, () -> MaskRcnnTrainer.builder().seed(1).seed(2));
    assertThrows(NullPointerException.class, () -> MaskRcnnTrainer.builder().config(null));
  }
}
