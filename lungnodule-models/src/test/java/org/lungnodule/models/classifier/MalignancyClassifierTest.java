package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.models.ModelArchive;
import org.lungnodule.models.ModelArchiveException;
import org.lungnodule.models.Provenance;

class MalignancyClassifierTest {

  @TempDir Path dir;

  private static final CubePreprocessing PREP =
      CubePreprocessing.of(
          1.0,
          NoduleCubes.builder()
              .size(SyntheticCubes.SHAPE[1], SyntheticCubes.SHAPE[2], SyntheticCubes.SHAPE[3])
              .build());

  private static MalignancyClassifier untrained() {
    return new MalignancyClassifier(
        SyntheticCubes.tinyNet().newGraph(9),
        PREP.toMap(),
        Provenance.now(MalignancyClassifier.KIND, "cafe", 9, Map.of("epochs", "0")));
  }

  @Test
  void save_load_samePredictionsAndProvenance() throws IOException {
    MalignancyClassifier c = untrained();
    List<float[]> cubes = SyntheticCubes.make(5, 7).stream().map(LabelledCube::copyValues).toList();
    double[] before = c.predict(cubes);
    Path f = dir.resolve("model.zip");
    c.save(f);
    MalignancyClassifier back = MalignancyClassifier.load(f);
    assertArrayEquals(before, back.predict(cubes), 1e-6);
    assertEquals(c.provenance(), back.provenance());
    assertEquals(PREP.toMap(), back.preprocessing());
    assertArrayEquals(SyntheticCubes.SHAPE, back.inputShape());
    for (double p : before) {
      assertTrue(p >= 0 && p <= 1);
    }
  }

  @Test
  void load_wrongKind() throws IOException {
    Path f = dir.resolve("seg.zip");
    ModelArchive.of(
            SyntheticCubes.tinyNet().newGraph(1),
            Map.of(),
            Provenance.now("maskrcnn-segmenter", "x", 1, Map.of()))
        .write(f);
    ModelArchiveException e =
        assertThrows(ModelArchiveException.class, () -> MalignancyClassifier.load(f));
    assertTrue(e.getMessage().contains("'resnet3d-classifier'"), e.getMessage());
    assertTrue(e.getMessage().contains("seg.zip"), e.getMessage());
  }

  @Test
  void load_corrupt() throws IOException {
    Path f = dir.resolve("model.zip");
    untrained().save(f);
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 100));
    ModelArchiveException e =
        assertThrows(ModelArchiveException.class, () -> MalignancyClassifier.load(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void predict_concurrentCallsMatchSequential() throws Exception {
    MalignancyClassifier c = untrained();
    List<float[]> cubes = SyntheticCubes.make(6, 8).stream().map(LabelledCube::copyValues).toList();
    double[] expected = new double[cubes.size()];
    for (int i = 0; i < cubes.size(); i++) {
      expected[i] = c.predict(cubes.get(i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(
            pool.submit(
                () -> {
                  double[] got = new double[cubes.size()];
                  for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < cubes.size(); i++) {
                      got[i] = c.predict(cubes.get(i));
                    }
                  }
                  return got;
                }));
      }
      for (Future<double[]> f : fs) {
        assertArrayEquals(expected, f.get(), 1e-6);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Batches of 1 to 19 cubes (the classifier cuts batches of 8, so the last one varies) from four
   * threads at once give the probabilities a single thread gets; the network is shared and every
   * call's arrays are freed as soon as its probabilities are copied out.
   */
  @Test
  void predict_concurrentVariedBatchesMatchSequential() throws Exception {
    MalignancyClassifier c = untrained();
    List<float[]> cubes =
        SyntheticCubes.make(19, 9).stream().map(LabelledCube::copyValues).toList();
    double[] expected = c.predict(cubes);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Double>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        fs.add(
            pool.submit(
                () -> {
                  double worst = 0;
                  for (int n = 1 + first; n <= cubes.size(); n += 4) {
                    double[] got = c.predict(cubes.subList(0, n));
                    for (int i = 0; i < n; i++) {
                      worst = Math.max(worst, Math.abs(got[i] - expected[i]));
                    }
                  }
                  return worst;
                }));
      }
      for (Future<Double> f : fs) {
        assertEquals(0, f.get(), 1e-6, "largest difference from the single-threaded probabilities");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void predict_wrongLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> untrained().predict(new float[3]));
    assertEquals("cube 0 must have 13824 values for shape [3, 8, 24, 24], got 3", e.getMessage());
  }

  @Test
  void predict_noduleOfScan_matchesCubePrediction() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(40, 40, 20), Spacing.isotropic(1.0));
    float[] hu = new float[40 * 40 * 20];
    java.util.Arrays.fill(hu, -900f);
    for (int k = 6; k < 14; k++) {
      for (int j = 15; j < 25; j++) {
        for (int i = 15; i < 25; i++) {
          hu[i + 40 * (j + 40 * k)] = 40f;
        }
      }
    }
    CtVolume v = CtVolume.wrap(g, hu);
    Nodule n =
        Nodule.of(
            "n1",
            g.voxelToWorld(new org.lungnodule.core.VoxelPoint(20, 20, 10)),
            8,
            NoduleLabel.MALIGNANT);
    MalignancyClassifier c = untrained();
    List<NodulePrediction> p = c.predict(v, List.of(n));
    assertEquals(1, p.size());
    assertEquals("n1", p.get(0).noduleId());
    assertEquals(NoduleLabel.MALIGNANT, p.get(0).label());
    float[] cube = PREP.cubes(v, List.of(n)).get(0).data();
    assertEquals(c.predict(cube), p.get(0).score(), 1e-9);
  }

  @Test
  void cubePreprocessing_roundTrip() {
    CubePreprocessing d = CubePreprocessing.defaults();
    assertEquals(d.toMap(), CubePreprocessing.fromMap(d.toMap()).toMap());
    assertEquals("3x32x64x64", d.toMap().get(MalignancyClassifier.INPUT_SHAPE_KEY));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CubePreprocessing.fromMap(Map.of()));
    assertTrue(e.getMessage().contains("lack"), e.getMessage());
  }
}
