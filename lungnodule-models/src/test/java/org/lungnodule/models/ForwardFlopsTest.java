package org.lungnodule.models;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnModel;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ForwardFlopsTest {

  @Test
  void sameDiff_convolutionAndProduct_byHand() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, 2, 4, 4, 4);
    SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 3, 3, 3, 2, 5));
    Conv3DConfig c =
        Conv3DConfig.builder()
            .kD(3)
            .kH(3)
            .kW(3)
            .sD(2)
            .sH(2)
            .sW(2)
            .paddingMode(PaddingMode.SAME)
            .dataFormat(Conv3DConfig.NCDHW)
            .build();
    SDVariable y = sd.cnn().conv3d("conv", x, w, c); // [1, 5, 2, 2, 2]
    SDVariable flat = y.reshape(5, 8);
    SDVariable m = sd.var("m", Nd4j.rand(DataType.FLOAT, 8, 3));
    flat.mmul(m).rename("out"); // [5, 3]
    ForwardFlops f =
        ForwardFlops.of(sd, Map.of("x", Nd4j.rand(DataType.FLOAT, 1, 2, 4, 4, 4)), "out");
    // 8 output positions, each 27 * 2 * 5 multiply-adds; then 5 * 8 * 3
    assertEquals(2L * 8 * 27 * 2 * 5, f.convolution());
    assertEquals(2L * 5 * 8 * 3, f.matrixProduct());
    assertEquals(f.convolution() + f.matrixProduct(), f.total());
    // only what the requested output needs runs
    assertEquals(
        0, ForwardFlops.of(sd, Map.of("x", Nd4j.rand(DataType.FLOAT, 1, 2, 4, 4, 4)), "x").total());
  }

  @Test
  void graph_convolutionAndOutputLayer_byHand() {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 6, 6, 6, 1))
            .addLayer(
                "c",
                new Convolution3D.Builder()
                    .kernelSize(3, 3, 3)
                    .stride(1, 1, 1)
                    .nIn(1)
                    .nOut(4)
                    .dataFormat(Convolution3D.DataFormat.NCDHW)
                    .activation(Activation.RELU)
                    .build(),
                "in")
            .addLayer(
                "p",
                new GlobalPoolingLayer.Builder(org.deeplearning4j.nn.conf.layers.PoolingType.AVG)
                    .build(),
                "c")
            .addLayer(
                "o",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(4)
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "p")
            .setOutputs("o")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    ForwardFlops f = ForwardFlops.of(g, Nd4j.rand(DataType.FLOAT, 3, 1, 6, 6, 6));
    // no padding: 4^3 positions per cube, 3 cubes, 27 * 1 * 4 weights
    assertEquals(2L * 3 * 64 * 27 * 4, f.convolution());
    assertEquals(2L * 3 * 4 * 2, f.matrixProduct());
  }

  @Test
  void maskRcnn_backboneScalesWithTheWindow() {
    MaskRcnnConfig tiny = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    MaskRcnnModel.InferenceFlops a = MaskRcnnModel.create(tiny, 1).inferenceFlops();
    MaskRcnnConfig twice =
        MaskRcnnConfig.builder(MaskRcnnConfig.Preset.TINY).cropSize(2 * tiny.cropSize()).build();
    MaskRcnnModel.InferenceFlops b = MaskRcnnModel.create(twice, 1).inferenceFlops();
    assertTrue(a.backbonePerWindow().convolution() > 0);
    // convolutions are per position: 8x the voxels, 8x the FLOPs
    assertEquals(8 * a.backbonePerWindow().convolution(), b.backbonePerWindow().convolution());
    assertTrue(a.boxHeadPerRoi().matrixProduct() > 0, "the box head's dense layers");
    assertTrue(a.maskHeadPerRoi().convolution() > 0, "the mask head's convolutions");
    // the heads work on pooled regions: the window's size does not change them
    assertEquals(a.boxHeadPerRoi(), b.boxHeadPerRoi());
    assertEquals(a.maskHeadPerRoi(), b.maskHeadPerRoi());
  }

  @Test
  void arithmetic() {
    ForwardFlops a = new ForwardFlops(3, 4);
    assertEquals(new ForwardFlops(6, 8), a.times(2));
    assertEquals(new ForwardFlops(4, 6), a.plus(new ForwardFlops(1, 2)));
    assertThrows(IllegalArgumentException.class, () -> new ForwardFlops(-1, 0));
    assertTrue(a.toString().contains("GFLOP"));
  }
}
