package org.lungnodule.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A tiny seeded graph for infrastructure tests. */
final class TinyNets {
  private TinyNets() {}

  static ComputationGraph dense(long seed) {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(new Adam(1e-2))
            .graphBuilder()
            .addInputs("in")
            .addLayer(
                "d",
                new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build(),
                "in")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(8)
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "d")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  static void fitOnce(ComputationGraph g) {
    INDArray x = Nd4j.linspace(-1, 1, 12).reshape(3, 4);
    INDArray y = Nd4j.create(new float[][] {{1, 0}, {0, 1}, {1, 0}});
    g.fit(new INDArray[] {x}, new INDArray[] {y});
  }
}
