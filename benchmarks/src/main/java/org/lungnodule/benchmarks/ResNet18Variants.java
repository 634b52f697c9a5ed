package org.lungnodule.benchmarks;

import java.util.Locale;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Benchmark-only variants of the paper's ResNet18-3D (the same layers as {@code ResNet3d.paper()}:
 * 7³ stem with stride (1, 2, 2), 3³ max pooling, four stages of two basic blocks with 64–512
 * channels, global average pooling, softmax), built with a choice of data layout and batch-norm
 * formulation, to measure what each costs in DL4J 1.0.0-M2.1.
 *
 * <p>Layouts: {@code NCDHW} (the library's) or {@code NDHWC} (channels last for the convolutions,
 * pooling and batch norm; the input must then be [b, d, h, w, c]). Batch norm: {@code RESHAPE} (the
 * library's: reshape to 4D, 2D batch norm over channels, reshape back) or {@code NONE} (no batch
 * norm at all: a lower bound on what any other formulation could save).
 */
final class ResNet18Variants {

  enum Layout {
    NCDHW,
    NDHWC
  }

  enum Norm {
    RESHAPE,
    NONE
  }

  private ResNet18Variants() {}

  /** A fresh configuration with plain SGD (lr 0.01), as the PyTorch reference. */
  static ComputationGraphConfiguration configuration(
      Layout layout, Norm norm, WorkspaceMode ws, CacheMode cache, int[] input) {
    Builder b = new Builder(layout, norm);
    NeuralNetConfiguration.Builder nb =
        new NeuralNetConfiguration.Builder()
            .seed(0)
            .updater(new Sgd(0.01))
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Truncate)
            .trainingWorkspaceMode(ws)
            .inferenceWorkspaceMode(ws)
            .cacheMode(cache);
    ComputationGraphConfiguration.GraphBuilder gb = nb.graphBuilder().addInputs("input");
    b.gb = gb;
    int[] s = {input[0], input[1], input[2], input[3]};
    s = b.conv("stem_conv", "input", s, 64, 7, new int[] {1, 2, 2}, 3);
    String x = b.bn("stem_bn", "stem_conv", s);
    gb.addLayer("stem_relu", relu(), x);
    gb.addLayer(
        "stem_pool",
        new Subsampling3DLayer.Builder(
                PoolingType.MAX, new int[] {3, 3, 3}, new int[] {2, 2, 2}, new int[] {1, 1, 1})
            .convolutionMode(ConvolutionMode.Truncate)
            .dataFormat(b.format())
            .build(),
        "stem_relu");
    s = new int[] {s[0], (s[1] - 1) / 2 + 1, (s[2] - 1) / 2 + 1, (s[3] - 1) / 2 + 1};
    x = "stem_pool";
    int[] ch = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; stage++) {
      for (int blk = 0; blk < 2; blk++) {
        int st = stage > 0 && blk == 0 ? 2 : 1;
        String p = String.format(Locale.ROOT, "s%d_b%d_", stage + 1, blk);
        int[] s1 = b.conv(p + "conv1", x, s, ch[stage], 3, new int[] {st, st, st}, 1);
        String y = b.bn(p + "bn1", p + "conv1", s1);
        gb.addLayer(p + "relu1", relu(), y);
        b.conv(p + "conv2", p + "relu1", s1, ch[stage], 3, new int[] {1, 1, 1}, 1);
        y = b.bn(p + "bn2", p + "conv2", s1);
        String sc = x;
        if (st != 1 || s[0] != ch[stage]) {
          b.conv(p + "down_conv", x, s, ch[stage], 1, new int[] {st, st, st}, 0);
          sc = b.bn(p + "down_bn", p + "down_conv", s1);
        }
        gb.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), y, sc);
        gb.addLayer(p + "relu", relu(), p + "add");
        x = p + "relu";
        s = s1;
      }
    }
    gb.addLayer(
        "pool",
        new GlobalPoolingLayer.Builder(PoolingType.AVG)
            .poolingDimensions(layout == Layout.NCDHW ? new int[] {2, 3, 4} : new int[] {1, 2, 3})
            .build(),
        x);
    gb.addLayer(
        "output",
        new OutputLayer.Builder(new LossMCXENT())
            .nIn(512)
            .nOut(2)
            .activation(Activation.SOFTMAX)
            .weightInit(WeightInit.XAVIER)
            .build(),
        "pool");
    gb.setOutputs("output");
    return gb.build();
  }

  private static ActivationLayer relu() {
    return new ActivationLayer.Builder().activation(Activation.RELU).build();
  }

  private static final class Builder {
    final Layout layout;
    final Norm norm;
    ComputationGraphConfiguration.GraphBuilder gb;

    Builder(Layout layout, Norm norm) {
      this.layout = layout;
      this.norm = norm;
    }

    Convolution3D.DataFormat format() {
      return layout == Layout.NCDHW
          ? Convolution3D.DataFormat.NCDHW
          : Convolution3D.DataFormat.NDHWC;
    }

    /** Adds a convolution; s and the result are {c, d, h, w}. */
    int[] conv(String name, String in, int[] s, int out, int k, int[] st, int pad) {
      gb.addLayer(
          name,
          new Convolution3D.Builder()
              .kernelSize(k, k, k)
              .stride(st)
              .padding(pad, pad, pad)
              .nIn(s[0])
              .nOut(out)
              .hasBias(false)
              .activation(Activation.IDENTITY)
              .dataFormat(format())
              .build(),
          in);
      return new int[] {
        out,
        (s[1] + 2 * pad - k) / st[0] + 1,
        (s[2] + 2 * pad - k) / st[1] + 1,
        (s[3] + 2 * pad - k) / st[2] + 1
      };
    }

    /** Adds a batch norm after {@code in}; returns the name of its output. */
    String bn(String name, String in, int[] s) {
      if (norm == Norm.NONE) {
        return in;
      }
      int c = s[0];
      if (layout == Layout.NCDHW) {
        gb.addVertex(name + "_flat", new ReshapeVertex(-1, c, s[1], s[2] * s[3]), in);
        gb.addLayer(name, new BatchNormalization.Builder().nIn(c).nOut(c).build(), name + "_flat");
        gb.addVertex(name + "_unflat", new ReshapeVertex(-1, c, s[1], s[2], s[3]), name);
      } else {
        gb.addVertex(name + "_flat", new ReshapeVertex(-1, s[1], s[2] * s[3], c), in);
        gb.addLayer(
            name,
            new BatchNormalization.Builder().nIn(c).nOut(c).dataFormat(CNN2DFormat.NHWC).build(),
            name + "_flat");
        gb.addVertex(name + "_unflat", new ReshapeVertex(-1, s[1], s[2], s[3], c), name);
      }
      return name + "_unflat";
    }
  }
}
