package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fine-tuning with a frozen stem (startFrom itself is covered in ClassifierTrainerTest). */
class ClassifierFineTuneTest {

  private static MalignancyClassifier parent() throws IOException {
    return ClassifierTrainer.builder()
        .seed(3)
        .epochs(1)
        .batchSize(4)
        .build()
        .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(8, 1), List.of())
        .classifier();
  }

  @Test
  void freezeStem_keepsStemWeights() throws IOException {
    MalignancyClassifier p = parent();
    MalignancyClassifier tuned =
        ClassifierTrainer.builder()
            .seed(4)
            .epochs(1)
            .batchSize(4)
            .learningRate(1e-2)
            .startFrom(p, "XZ")
            .freezeStem(true)
            .build()
            .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(8, 2), List.of())
            .classifier();
    INDArray pw = p.copyNetwork().getLayer(LayerNames.stem("conv")).params();
    INDArray tw = tuned.copyNetwork().getLayer(LayerNames.stem("conv")).params();
    assertEquals(0.0, pw.sub(tw).norm2Number().doubleValue(), 0.0);
    INDArray po = p.copyNetwork().getLayer(LayerNames.OUTPUT).params();
    INDArray to = tuned.copyNetwork().getLayer(LayerNames.OUTPUT).params();
    assertTrue(po.sub(to).norm2Number().doubleValue() > 0, "later layers still learn");
  }
}
