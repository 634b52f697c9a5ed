package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ClassifierFineTuneTest {

  private static MalignancyClassifier parent() throws IOException {
    return ClassifierTrainer.builder().seed(3).epochs(1).batchSize(4).build()
        .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(8, 1), List.of())
        .classifier();
  }

  @Test
  void fineTuneFrom_startsFromParentWeightsAndNamesSite() throws IOException {
    MalignancyClassifier p = parent();
    MalignancyClassifier tuned =
        ClassifierTrainer.builder().seed(4).epochs(1).batchSize(4).learningRate(1e-9)
            .fineTuneFrom(p, "baseline.zip", "HB").build()
            .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(8, 2), List.of())
            .classifier();
    INDArray a = p.copyNetwork().params();
    INDArray b = tuned.copyNetwork().params();
    // batch-norm running statistics move with the data; the learnable weights barely do at lr 1e-9
    ComputationGraph pg = p.copyNetwork();
    ComputationGraph tg = tuned.copyNetwork();
    INDArray pw = pg.getLayer(LayerNames.stem("conv")).params();
    INDArray tw = tg.getLayer(LayerNames.stem("conv")).params();
    assertTrue(pw.sub(tw).norm2Number().doubleValue() < 1e-4 * Math.max(1, pw.norm2Number().doubleValue()),
        "fine-tuning must start from the parent's weights");
    assertEquals(a.length(), b.length());
    assertTrue(tuned.provenance().isFineTuned());
    assertEquals("baseline.zip", tuned.provenance().parentModel().orElseThrow());
    assertEquals("HB", tuned.provenance().site().orElseThrow());

    MalignancyClassifier fresh = ClassifierTrainer.builder().seed(4).epochs(1).batchSize(4).learningRate(1e-9).build()
        .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(8, 2), List.of()).classifier();
    INDArray fw = fresh.copyNetwork().getLayer(LayerNames.stem("conv")).params();
    assertTrue(pw.sub(fw).norm2Number().doubleValue() > 1e-3, "a fresh run starts elsewhere");
  }

  @Test
  void freezeStem_keepsStemWeights() throws IOException {
    MalignancyClassifier p = parent();
    MalignancyClassifier tuned =
        ClassifierTrainer.builder().seed(4).epochs(1).batchSize(4).learningRate(1e-2)
            .fineTuneFrom(p, "baseline", "XZ").freezeStem(true).build()
            .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(8, 2), List.of())
            .classifier();
    INDArray pw = p.copyNetwork().getLayer(LayerNames.stem("conv")).params();
    INDArray tw = tuned.copyNetwork().getLayer(LayerNames.stem("conv")).params();
    assertEquals(0.0, pw.sub(tw).norm2Number().doubleValue(), 0.0);
    INDArray po = p.copyNetwork().getLayer(LayerNames.OUTPUT).params();
    INDArray to = tuned.copyNetwork().getLayer(LayerNames.OUTPUT).params();
    assertTrue(po.sub(to).norm2Number().doubleValue() > 0, "later layers still learn");
  }

  @Test
  void fineTuneFrom_blankSite() throws IOException {
    MalignancyClassifier p = parent();
    assertThrows(IllegalArgumentException.class, () -> ClassifierTrainer.builder().fineTuneFrom(p, "b", " "));
  }
}
