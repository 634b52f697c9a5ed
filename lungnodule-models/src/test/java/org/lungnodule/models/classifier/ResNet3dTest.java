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
    ResNet3d r =
        ResNet3d.builder().depth(50).widthMultiplier(0.125).inputShape(3, 16, 32, 32).build();
    assertEquals(64 * 4, r.featureCount());
    INDArray out =
        r.newGraph(1)
            .outputSingle(
                false, Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 16, 32, 32));
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

  @Test
  void centerCrop_outputDependsOnlyOnTheCentre() {
    ResNet3d r =
        ResNet3d.builder()
            .depth(10)
            .widthMultiplier(0.125)
            .stemKernel(3)
            .stemStride(2, 2, 2)
            .inputShape(1, 16, 16, 16)
            .centerCrop(8, 8, 8)
            .build();
    ComputationGraph g = r.newGraph(3);
    Nd4j.getRandom().setSeed(4);
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, 16, 16, 16);
    INDArray base = g.outputSingle(false, x.dup());
    INDArray outside = x.dup();
    outside.putScalar(new long[] {0, 0, 3, 8, 8}, 50f); // z = 3 is outside the crop's 4..11
    outside.putScalar(new long[] {0, 0, 8, 8, 12}, 50f); // x = 12 too
    assertEquals(base, g.outputSingle(false, outside));
    INDArray inside = x.dup();
    inside.putScalar(new long[] {0, 0, 4, 11, 8}, 50f); // corner rows of the crop
    inside.putScalar(new long[] {0, 0, 11, 4, 4}, 50f);
    assertTrue(!base.equals(g.outputSingle(false, inside)), "the centre must matter");
    assertEquals("8x8x8", r.describe().get("arch.centerCrop"));
    assertTrue(!ResNet3d.paper().describe().containsKey("arch.centerCrop"));
  }

  @Test
  void centerCrop_mustFitWithEvenMargins() {
    IllegalArgumentException odd =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResNet3d.builder().centerCrop(32, 33, 32).build());
    assertEquals(
        "center crop [32, 33, 32] must fit the input [3, 32, 64, 64] with an even margin on each axis",
        odd.getMessage());
    IllegalArgumentException big =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResNet3d.builder().centerCrop(34, 32, 32).build());
    assertTrue(big.getMessage().contains("[34, 32, 32]"), big.getMessage());
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class, () -> ResNet3d.builder().centerCrop(0, 32, 32));
    assertEquals("center crop [d, h, w] must be positive, got [0, 32, 32]", zero.getMessage());
    IllegalStateException twice =
        assertThrows(
            IllegalStateException.class,
            () -> ResNet3d.builder().centerCrop(32, 32, 32).centerCrop(16, 16, 16));
    assertEquals("center crop was already set to [32, 32, 32]", twice.getMessage());
  }

  @Test
  void channelsLast_sameFunctionAndGradientsAsChannelsFirst(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    ResNet3d.Builder b =
        ResNet3d.builder()
            .depth(10)
            .widthMultiplier(0.125)
            .stemKernel(3)
            .stemStride(2, 2, 2)
            .inputShape(2, 16, 16, 16)
            .centerCrop(16, 12, 12);
    ResNet3d first = b.build();
    ResNet3d last = b.channelsLast(true).build();
    ComputationGraph gf = first.newGraph(9);
    ComputationGraph gl = last.newGraph(9);
    assertEquals(gf.numParams(), gl.numParams());
    gl.setParams(gf.params().dup());
    Nd4j.getRandom().setSeed(6);
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 2, 16, 16, 16);
    INDArray y = Nd4j.create(new float[] {1, 0, 0, 1, 1, 0}, new long[] {3, 2});
    assertTrue(gf.outputSingle(false, x).equalsWithEps(gl.outputSingle(false, x), 1e-5));
    // one training step each (batch statistics, gradients, update) keeps them equal
    gf.fit(new INDArray[] {x}, new INDArray[] {y});
    gl.fit(new INDArray[] {x}, new INDArray[] {y});
    assertEquals(gf.score(), gl.score(), 1e-5);
    assertTrue(gf.params().equalsWithEps(gl.params(), 1e-4));
    assertEquals("NDHWC", last.describe().get("arch.layout"));
    assertTrue(last.toString().contains(", NDHWC"), last.toString());
    // the permuting layer survives DL4J's save and load
    java.io.File f = dir.resolve("g.zip").toFile();
    gl.save(f, false);
    ComputationGraph back = ComputationGraph.load(f, false);
    assertTrue(gl.outputSingle(false, x).equalsWithEps(back.outputSingle(false, x), 1e-6));
  }
}
