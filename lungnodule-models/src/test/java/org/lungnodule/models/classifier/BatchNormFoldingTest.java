package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchNormFoldingTest {

  /**
   * Gives every batch norm statistics and an affine map far from the identity, as training would (a
   * fresh network's batch norms are the identity at inference, which any folding preserves).
   */
  static void randomiseBatchNorms(ComputationGraph g, long seed) {
    Random r = new Random(seed);
    for (GraphVertex v : g.getVertices()) {
      if (v.hasLayer()
          && v.getLayer().conf().getLayer() instanceof BatchNormalization bn
          && bn.isUseLogStd()) {
        Map<String, INDArray> p = v.getLayer().paramTable();
        set(p.get(BatchNormalizationParamInitializer.GAMMA), r, 0.5, 1.5);
        set(p.get(BatchNormalizationParamInitializer.BETA), r, -0.5, 0.5);
        set(p.get(BatchNormalizationParamInitializer.GLOBAL_MEAN), r, -0.3, 0.3);
        set(p.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD), r, -0.6, 0.4);
      }
    }
  }

  private static void set(INDArray a, Random r, double lo, double hi) {
    float[] v = new float[(int) a.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    a.assign(Nd4j.create(v).reshape(a.shape()));
  }

  private static int batchNorms(ComputationGraph g) {
    int n = 0;
    for (GraphVertex v : g.getVertices()) {
      n += v.hasLayer() && v.getLayer().conf().getLayer() instanceof BatchNormalization ? 1 : 0;
    }
    return n;
  }

  /** ReLU layers right after a batch norm's unflattening reshape. */
  private static int reluAfterBatchNorm(ComputationGraph g) {
    int n = 0;
    for (GraphVertex v : g.getVertices()) {
      java.util.List<String> ins = g.getConfiguration().getVertexInputs().get(v.getVertexName());
      if (v.hasLayer()
          && v.getLayer().conf().getLayer()
              instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer
          && ins.size() == 1
          && ins.get(0).endsWith("_unflat")) {
        n++;
      }
    }
    return n;
  }

  /** The folded network gives the original's pooled features and probabilities. */
  private static void assertFoldsExactly(ResNet3d arch, int[] in, long seed) {
    ComputationGraph g = arch.newGraph(seed);
    randomiseBatchNorms(g, seed);
    ComputationGraph f = BatchNormFolding.fold(g);
    assertTrue(batchNorms(g) > 0);
    assertEquals(0, batchNorms(f), "every batch norm folded");
    // each batch norm, its two reshapes and, after all but the blocks' last, the ReLU gone
    assertEquals(
        g.getVertices().length - 3 * batchNorms(g) - reluAfterBatchNorm(g), f.getVertices().length);
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, in[0], in[1], in[2], in[3]).subi(0.5).muli(4);
    INDArray pooledG = g.feedForward(x, false).get(LayerNames.POOL);
    INDArray pooledF = f.feedForward(x, false).get(LayerNames.POOL);
    double scale = pooledG.amaxNumber().doubleValue();
    assertTrue(scale > 0.1, "features not trivial: " + scale);
    double diff = pooledG.sub(pooledF).amaxNumber().doubleValue();
    assertTrue(diff < 1e-5 * scale, "max difference " + diff + " at scale " + scale);
    INDArray pg = g.outputSingle(false, x);
    INDArray pf = f.outputSingle(false, x);
    assertTrue(pg.equalsWithEps(pf, 1e-5), pg + " vs " + pf);
    // the original is untouched: its batch norms are still there and give the same output
    assertTrue(g.outputSingle(false, x).equalsWithEps(pg, 0));
  }

  @Test
  void smallPreset_channelsFirst() {
    assertFoldsExactly(ResNet3d.small(), new int[] {3, 32, 64, 64}, 3);
  }

  @Test
  void reducerShape_channelsLast() {
    assertFoldsExactly(
        ResNet3d.builder()
            .depth(10)
            .widthMultiplier(0.125)
            .stemKernel(3)
            .stemStride(2, 2, 2)
            .inputShape(2, 16, 16, 16)
            .channelsLast(true)
            .build(),
        new int[] {2, 16, 16, 16},
        5);
  }

  @Test
  void bottleneckBlocks() {
    assertFoldsExactly(
        ResNet3d.builder().depth(50).widthMultiplier(0.125).inputShape(1, 16, 32, 32).build(),
        new int[] {1, 16, 32, 32},
        7);
  }

  @Test
  void classifierPredictions_areItsNetworksOutput() {
    ComputationGraph g = ResNet3d.small().newGraph(11);
    randomiseBatchNorms(g, 11);
    MalignancyClassifier c =
        new MalignancyClassifier(
            g,
            Map.of(MalignancyClassifier.INPUT_SHAPE_KEY, "3x32x64x64"),
            org.lungnodule.models.Provenance.now(MalignancyClassifier.KIND, "0", 11, Map.of()));
    Random r = new Random(4);
    java.util.List<float[]> cubes = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      float[] x = new float[3 * 32 * 64 * 64];
      for (int t = 0; t < x.length; t++) {
        x[t] = (float) r.nextGaussian();
      }
      cubes.add(x);
    }
    double[] p = c.predict(cubes);
    ComputationGraph copy = c.copyNetwork();
    for (int i = 0; i < cubes.size(); i++) {
      INDArray out =
          copy.outputSingle(false, Nd4j.create(cubes.get(i), new long[] {1, 3, 32, 64, 64}, 'c'));
      assertEquals(out.getDouble(0, 1), p[i], 1e-5, "cube " + i);
    }
  }
}
