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

  @Test
  void views_averageTheProbabilitiesOfTheFlippedAndTransposedCubes() throws Exception {
    MalignancyClassifier one = MalignancyClassifier.untrained(SyntheticCubes.tinyNet(), 7);
    assertEquals(1, one.views());
    float[] cube = SyntheticCubes.cube(true, new SplittableRandom(4));
    int len = cube.length;
    for (int n : new int[] {8, 16}) {
      java.util.Map<String, String> prep = new java.util.TreeMap<>(one.preprocessing());
      prep.put(MalignancyClassifier.VIEWS_KEY, Integer.toString(n));
      MalignancyClassifier many =
          new MalignancyClassifier(one.copyNetwork(), prep, one.provenance());
      assertEquals(n, many.views());
      double mean = 0;
      for (int v = 0; v < n; v++) {
        float[] view = new float[len];
        CubeViews.copy(cube, view, 0, SyntheticCubes.SHAPE, v);
        mean += one.predict(view) / n;
      }
      double p = many.predict(cube);
      assertEquals(mean, p, 1e-6, n + " views");
      // the views differ, so the average is not the cube's own probability
      assertNotEquals(one.predict(cube), p, 1e-7);
      // saved with the model
      Path f = dir.resolve("views" + n + ".zip");
      many.save(f);
      assertEquals(p, MalignancyClassifier.load(f).predict(cube), 1e-7);
    }
  }

  @Test
  void views_badValueInAnArchive_namesFileAndKey() throws Exception {
    MalignancyClassifier one = MalignancyClassifier.untrained(SyntheticCubes.tinyNet(), 7);
    for (String bad : new String[] {"3", "x", "0"}) {
      java.util.Map<String, String> prep = new java.util.TreeMap<>(one.preprocessing());
      prep.put(MalignancyClassifier.VIEWS_KEY, bad);
      Path f = dir.resolve("bad-views.zip");
      org.lungnodule.models.ModelArchive.of(one.copyNetwork(), prep, one.provenance()).write(f);
      org.lungnodule.models.ModelArchiveException e =
          assertThrows(
              org.lungnodule.models.ModelArchiveException.class,
              () -> MalignancyClassifier.load(f));
      assertTrue(e.getMessage().contains("bad-views.zip"), e.getMessage());
      assertTrue(e.getMessage().contains(MalignancyClassifier.VIEWS_KEY), e.getMessage());
    }
  }
}
