package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungnodule.models.classifier.ClassifierTrainer.Balance;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;

class ClassifierRecipeTest {

  @Test
  void tuned_isThePublishedRecipe() {
    ClassifierRecipe r = ClassifierRecipe.tuned();
    assertEquals(
        new ClassifierRecipe(
            "small",
            80,
            8,
            Optimizer.ADAM,
            2e-3,
            Schedule.COSINE,
            1e-4,
            Balance.SAMPLING,
            true,
            3,
            0,
            false,
            16),
        r);
    assertEquals(ResNet3d.small().describe(), r.network().describe());
  }

  @Test
  void trainer_carriesEverySetting() {
    for (ClassifierRecipe r :
        new ClassifierRecipe[] {
          ClassifierRecipe.tuned().withPatience(3).withSchedule(Schedule.STEP),
          ClassifierRecipe.tuned().withShiftVoxels(0).withKeepBestEpoch(true).withTestViews(1),
          ClassifierRecipe.tuned().withShiftVoxels(4).withKeepBestEpoch(false).withTestViews(8)
        }) {
      Map<String, String> expected = new LinkedHashMap<>(r.describe());
      expected.remove("preset");
      assertEquals(expected, r.trainer().seed(1).build().hyperparameters());
    }
  }

  @Test
  void shiftAndViews_outOfRange() {
    assertThrows(
        IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withShiftVoxels(17));
    assertThrows(
        IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withShiftVoxels(-1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withTestViews(4));
    assertEquals("test views must be 1, 8 or 16, got 4", e.getMessage());
  }

  @Test
  void trainer_settingARecipeValueAgain_throws() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ClassifierRecipe.tuned().trainer().epochs(3));
    assertTrue(e.getMessage().contains("80"), e.getMessage());
  }

  @Test
  void with_changesOneSetting() {
    ClassifierRecipe r = ClassifierRecipe.tuned().withLearningRate(1e-3);
    assertEquals(1e-3, r.learningRate());
    assertEquals(ClassifierRecipe.tuned(), r.withLearningRate(2e-3));
  }

  @Test
  void epochs_zero() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withEpochs(0));
    assertEquals("epochs must be at least 1, got 0", e.getMessage());
  }

  @Test
  void batchSize_zero() {
    assertThrows(IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withBatchSize(0));
  }

  @Test
  void learningRate_negative() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withLearningRate(-1));
    assertEquals("learning rate must be in (0, 10], got -1.0", e.getMessage());
  }

  @Test
  void weightDecay_one() {
    assertThrows(IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withWeightDecay(1));
  }

  @Test
  void patience_negative() {
    assertThrows(IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withPatience(-1));
  }

  @Test
  void preset_unknown() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ClassifierRecipe.tuned().withPreset("huge"));
    assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
  }

  @Test
  void optimizer_null() {
    assertThrows(NullPointerException.class, () -> ClassifierRecipe.tuned().withOptimizer(null));
  }
}
