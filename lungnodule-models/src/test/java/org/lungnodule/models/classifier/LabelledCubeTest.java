package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.preprocess.NoduleCube;
import org.lungnodule.core.preprocess.NoduleCubes;

class LabelledCubeTest {

  /** A seeded noisy volume at 0.8 × 0.8 × 1.5 mm, so that the cubes are resampled first. */
  private static CtVolume noisy() {
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(90, 80, 30),
            new Spacing(0.8, 0.8, 1.5),
            new org.lungnodule.core.WorldPoint(-30, -20, 40),
            Direction.IDENTITY);
    SplittableRandom r = new SplittableRandom(5);
    float[] a = new float[g.dims().voxelCount()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (-1100 + 1700 * r.nextDouble());
    }
    return CtVolume.wrap(g, a);
  }

  @Test
  void ofHu_valuesEqualTheWindowedCube() {
    CtVolume v = noisy();
    NoduleCubes nc = NoduleCubes.defaults();
    org.lungnodule.core.WorldPoint c = v.geometry().voxelToWorld(40, 41, 12);
    NoduleCube cube = nc.extract(v, c);
    LabelledCube hu = LabelledCube.ofHu("p/s/n", "p", nc.extractHu(v, c), nc, true);
    LabelledCube values = LabelledCube.of("p/s/n", "p", cube, true);
    assertEquals(values.length(), hu.length());
    assertArrayEquals(values.values(), hu.values());
    assertArrayEquals(cube.data(), hu.copyValues());
    assertTrue(hu.malignant());
    assertEquals(values, hu);
  }

  @Test
  void labelledCubes_equalTheCubesOfTheResampledScan() {
    CtVolume v = noisy();
    CubePreprocessing prep = CubePreprocessing.defaults();
    List<Nodule> nodules =
        List.of(
            Nodule.of("n1", v.geometry().voxelToWorld(45, 40, 15), 8, NoduleLabel.MALIGNANT),
            Nodule.of("n2", v.geometry().voxelToWorld(5, 70, 2), 5, NoduleLabel.BENIGN),
            Nodule.of("n3", v.geometry().voxelToWorld(20, 20, 20), 5, NoduleLabel.UNKNOWN));
    List<LabelledCube> cubes = prep.labelledCubes(new AnnotatedScan("p", "s", v, nodules));
    List<NoduleCube> expected = prep.cubes(v, nodules.subList(0, 2));
    assertEquals(2, cubes.size());
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(expected.get(i).data(), cubes.get(i).copyValues());
      assertEquals(expected.get(i).data().length, cubes.get(i).length());
    }
    assertEquals("p/s/n1", cubes.get(0).caseId());
    assertTrue(cubes.get(0).malignant());
    assertTrue(!cubes.get(1).malignant());
  }

  @Test
  void ofHu_wrongLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LabelledCube.ofHu("c", "p", new float[7], NoduleCubes.defaults(), false));
    assertTrue(
        e.getMessage().contains("32x64x64") && e.getMessage().contains("got 7"), e.getMessage());
  }

  @Test
  void ofHu_nonFinite() {
    float[] hu = new float[32 * 64 * 64];
    hu[11] = Float.NaN;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LabelledCube.ofHu("c", "p", hu, NoduleCubes.defaults(), false));
    assertTrue(e.getMessage().contains("index 11"), e.getMessage());
  }

  @Test
  void ofHu_blankId() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LabelledCube.ofHu(" ", "p", new float[32 * 64 * 64], NoduleCubes.defaults(), false));
  }
}
