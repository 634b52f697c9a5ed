package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UntrainedClassifierTest {

  @TempDir Path dir;

  @Test
  void untrained_sameSeedSameNetwork() throws Exception {
    MalignancyClassifier a = MalignancyClassifier.untrained(SyntheticCubes.tinyNet(), 7);
    MalignancyClassifier b = MalignancyClassifier.untrained(SyntheticCubes.tinyNet(), 7);
    MalignancyClassifier c = MalignancyClassifier.untrained(SyntheticCubes.tinyNet(), 8);
    assertArrayEquals(SyntheticCubes.SHAPE, a.inputShape());
    float[] cube = SyntheticCubes.cube(true, new SplittableRandom(3));
    double pa = a.predict(cube);
    assertTrue(pa >= 0 && pa <= 1, "a probability: " + pa);
    assertEquals(pa, b.predict(cube));
    assertEquals(a.copyNetwork().params(), b.copyNetwork().params());
    assertNotEquals(a.copyNetwork().params(), c.copyNetwork().params());
    assertEquals(7, a.provenance().seed());
    assertFalse(a.provenance().isFineTuned());
    assertEquals("false", a.provenance().hyperparameters().get("trained"));
    // the preprocessing a trainer and a predictor need is all there: it saves and loads as any
    // model
    Path f = dir.resolve("untrained.zip");
    a.save(f);
    MalignancyClassifier back = MalignancyClassifier.load(f);
    assertEquals(pa, back.predict(cube));
    assertEquals(
        CubePreprocessing.fromMap(a.preprocessing()).toMap().get(CubePreprocessing.SPACING_KEY),
        "1.0");
  }

  @Test
  void untrained_cutsCubesOfTheNetworksSize() {
    MalignancyClassifier a = MalignancyClassifier.untrained(SyntheticCubes.tinyNet(), 7);
    int[] s = SyntheticCubes.SHAPE;
    assertEquals(s[1] + "x" + s[2] + "x" + s[3], a.preprocessing().get(CubePreprocessing.SIZE_KEY));
  }

  @Test
  void untrained_channelsMustMatchTheWindows() {
    ResNet3d oneChannel =
        ResNet3d.builder()
            .depth(10)
            .widthMultiplier(0.125)
            .inputShape(1, 8, 24, 24)
            .stemKernel(3)
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> MalignancyClassifier.untrained(oneChannel, 1));
    assertTrue(e.getMessage().contains("got 1"), e.getMessage());
  }

  @Test
  void untrained_nullArchitecture() {
    assertThrows(NullPointerException.class, () -> MalignancyClassifier.untrained(null, 1));
  }
}
