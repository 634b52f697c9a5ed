package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lungnodule.models.maskrcnn.FalsePositiveReducer.View;

class SegmenterRecipeTest {

  @Test
  void twoStage_isThePublishedRecipe() {
    SegmenterRecipe r = SegmenterRecipe.twoStage();
    MaskRcnnConfig cfg = r.detector().config().build();
    assertEquals(MaskRcnnConfig.Preset.SMALL, cfg.preset());
    assertEquals(36, cfg.epochs());
    assertEquals(30, cfg.cropsPerEpoch());
    assertEquals(2.0, cfg.lungDilationMm());
    assertEquals(
        new SegmenterRecipe.Reducer(10, List.of(View.FOVEA), 4, 30, 20), r.reducer().get());
  }

  @Test
  void bundled_isTheDetectorAloneOnTheUndilatedLungField() {
    SegmenterRecipe r = SegmenterRecipe.bundled();
    assertEquals(Optional.empty(), r.reducer());
    assertEquals(0.0, r.detector().config().build().lungDilationMm());
    assertEquals("none", r.describe().get("reducer"));
  }

  @Test
  void reducerTrainer_carriesTheSettings() {
    String s =
        new SegmenterRecipe.Reducer(3, List.of(View.CUBE, View.FOVEA), 2, 7, 20)
            .trainer()
            .toString();
    assertTrue(s.contains("[CUBE, FOVEA]") && s.contains("epochs 3,"), s);
  }

  @Test
  void detector_epochsZero() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SegmenterRecipe.Detector(MaskRcnnConfig.Preset.SMALL, 0, 30, 2));
    assertEquals("epochs must be at least 1, got 0", e.getMessage());
  }

  @Test
  void detector_lungDilationNegative() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SegmenterRecipe.Detector(MaskRcnnConfig.Preset.SMALL, 36, 30, -1));
  }

  @Test
  void reducer_mirrorsThree() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SegmenterRecipe.Reducer(10, List.of(View.FOVEA), 3, 30, 20));
    assertEquals("mirrors must be 1, 2, 4 or 8, got 3", e.getMessage());
  }

  @Test
  void reducer_noView() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SegmenterRecipe.Reducer(10, List.of(), 8, 30, 20));
  }

  @Test
  void reducer_negativeBlobs() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SegmenterRecipe.Reducer(10, List.of(View.FOVEA), 8, -1, 20));
  }

  @Test
  void reducer_null() {
    assertThrows(
        NullPointerException.class,
        () -> new SegmenterRecipe(SegmenterRecipe.bundled().detector(), null));
  }
}
