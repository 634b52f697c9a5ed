package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnModel;

class SegmenterTaskTest {

  private static final MaskRcnnConfig BASE = MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY).epochs(6).learningRate(2e-3).build();

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
  void invalidFineTuning_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new SegmenterTask(BASE, 0, 1e-3, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new SegmenterTask(BASE, 1, 0, List.of()));
  }

  @Test
  void withConfig_otherArchitecture_namesTheArray() {
    MaskRcnnModel m = MaskRcnnModel.create(BASE, 4);
    MaskRcnnConfig wider = MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY).featureChannels(16).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.withConfig(wider));
    assertTrue(e.getMessage().contains("shape"), e.getMessage());
  }
}
