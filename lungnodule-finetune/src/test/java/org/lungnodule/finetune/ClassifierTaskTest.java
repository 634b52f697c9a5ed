package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.ResNet3d;

class ClassifierTaskTest {

  @TempDir Path dir;

  private static final int[] SHAPE = {3, 8, 16, 16};

  private static ResNet3d tiny() {
    return ResNet3d.builder()
        .depth(10)
        .widthMultiplier(0.125)
        .inputShape(SHAPE[0], SHAPE[1], SHAPE[2], SHAPE[3])
        .stemKernel(3)
        .stemStride(1, 1, 1)
        .build();
  }

  private static List<LabelledCube> cubes(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<LabelledCube> out = new ArrayList<>();
    int len = SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3];
    for (int i = 0; i < n; i++) {
      float[] v = new float[len];
      boolean malignant = i % 2 == 1;
      for (int j = 0; j < len; j++) {
        v[j] = (float) (rnd.nextGaussian() * 0.1 + (malignant ? 0.3 : -0.3));
      }
      out.add(LabelledCube.of("p" + seed + "_" + i + "/n0", "p" + seed + "_" + i, v, malignant));
    }
    return out;
  }

  private static ClassifierTask task() {
    return new ClassifierTask(tiny(), 1, 1, 1e-3, 1e-4, 4, false, List.of());
  }

  @Test
  void withTestViews_theTrainedBaselineAveragesThem_andItsFineTunedChildKeepsThem()
      throws IOException {
    ClassifierTask t = task().withTestViews(8);
    assertEquals("8", t.settings().get("testViews"));
    assertFalse(task().settings().containsKey("testViews"));
    MalignancyClassifier base =
        t.train(
            new ModelTask.TrainRequest<>(
                cubes(8, 1), Optional.empty(), Optional.empty(), 3, dir.resolve("b")));
    assertEquals(8, base.views());
    MalignancyClassifier tuned =
        t.train(
            new ModelTask.TrainRequest<>(
                cubes(4, 2), Optional.of(base), Optional.of("HB"), 4, dir.resolve("t")));
    assertEquals(8, tuned.views());
    // without the call, a trained baseline predicts from the cube alone
    MalignancyClassifier plain =
        task()
            .train(
                new ModelTask.TrainRequest<>(
                    cubes(8, 1), Optional.empty(), Optional.empty(), 3, dir.resolve("p")));
    assertEquals(1, plain.views());
    assertThrows(IllegalArgumentException.class, () -> task().withTestViews(2));
  }
}
