package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ResNet3dTest {

  private static INDArray randomInput(int b, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, b, 3, 32, 64, 64);
  }

  @Test
  void small_forwardGivesProbabilities() {
    ComputationGraph g = ResNet3d.small().newGraph(1);
    INDArray out = g.outputSingle(false, randomInput(2, 1));
    assertArrayEquals(new long[] {2, 2}, out.shape());
    assertEquals(2.0, out.sumNumber().doubleValue(), 1e-5);
  }

  @Test
  void paper_forwardAndParameterCount() {
    ComputationGraph g = ResNet3d.paper().newGraph(1);
    // PyTorch's ResNet18-3D (peers/torch_resnet18_3d.py): 33,204,930 trainable parameters plus
    // 9,600 batch-norm running statistics, which DL4J counts as parameters too
    assertEquals(33_204_930L + 9_600L, g.numParams());
    long t = System.nanoTime();
    INDArray out = g.outputSingle(false, randomInput(1, 2));
    System.out.printf("paper forward b=1: %.2f s%n", (System.nanoTime() - t) / 1e9);
    assertArrayEquals(new long[] {1, 2}, out.shape());
    assertEquals(1.0, out.sumNumber().doubleValue(), 1e-5);
  }

  @Test
  void small_parameterCount() {
    long n = ResNet3d.small().newGraph(1).numParams();
    System.out.println("small params " + n);
    assertTrue(n > 100_000 && n < 2_000_000, "small preset has " + n + " parameters");
  }

  @Test
  void depth50_bottleneckForward() {
    ResNet3d r = ResNet3d.builder().depth(50).widthMultiplier(0.125).inputShape(3, 16, 32, 32).build();
    assertEquals(64 * 4, r.featureCount());
    INDArray out = r.newGraph(1).outputSingle(false, Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 16, 32, 32));
    assertArrayEquals(new long[] {1, 2}, out.shape());
  }

  @Test
  void depth34_hasMoreBlocksThanDepth18() {
    ResNet3d r34 = ResNet3d.builder().depth(34).widthMultiplier(0.125).build();
    ResNet3d r18 = ResNet3d.builder().depth(18).widthMultiplier(0.125).build();
    ComputationGraph g34 = r34.newGraph(1);
    assertTrue(g34.numParams() > r18.newGraph(1).numParams());
    assertTrue(g34.getLayer(LayerNames.block(3, 5, "conv2")) != null);
  }

  @Test
  void depth_notSupported() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResNet3d.builder().depth(19));
    assertEquals("depth must be 10, 18, 34 or 50, got 19", e.getMessage());
  }

  @Test
  void depth_setTwice() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ResNet3d.builder().depth(10).depth(18));
    assertEquals("depth was already set to 10", e.getMessage());
  }

  @Test
  void classes_lessThanTwo() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResNet3d.builder().classes(1));
    assertEquals("classes must be at least 2, got 1", e.getMessage());
  }

  @Test
  void inputShape_notPositive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ResNet3d.builder().inputShape(3, 0, 64, 64));
    assertEquals("input shape [c, d, h, w] must be positive, got [3, 0, 64, 64]", e.getMessage());
  }

  @Test
  void widthMultiplier_outOfRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResNet3d.builder().widthMultiplier(0));
    assertTrue(e.getMessage().contains("got 0.0"), e.getMessage());
  }

  @Test
  void preset_unknown() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResNet3d.preset("huge"));
    assertEquals("preset must be small or paper, got 'huge'", e.getMessage());
  }

  @Test
  void newGraph_sameSeedSameWeights() {
    assertEquals(ResNet3d.small().newGraph(5).params(), ResNet3d.small().newGraph(5).params());
  }

  @Test
  void layerNames_comeFromHelper() {
    ComputationGraph g = ResNet3d.small().newGraph(1);
    assertTrue(g.getLayer(LayerNames.stem("conv")) != null);
    assertTrue(g.getLayer(LayerNames.block(2, 0, "down_conv")) != null);
    assertTrue(g.getLayer(LayerNames.OUTPUT) != null);
    assertEquals(LayerNames.OUTPUT, g.getConfiguration().getNetworkOutputs().get(0));
  }

  @Test
  void toString_showsSettings() {
    assertEquals(
        "ResNet3d[depth=18, width=1.0, classes=2, input=[3, 32, 64, 64], stem=7^3/[1, 2, 2]+pool, features=512]",
        ResNet3d.paper().toString());
  }
}
