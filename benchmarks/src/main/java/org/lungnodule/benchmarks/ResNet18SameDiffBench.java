package org.lungnodule.benchmarks;

import java.util.Locale;
import java.util.Map;
import org.lungnodule.models.Backend;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling3DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The paper's ResNet18-3D written directly in SameDiff (no ComputationGraph), timed like {@link
 * ResNet3dBench}: forward and one SGD (lr 0.01) training step on a batch of 4 × [3, 32, 64, 64],
 * median of the last 5 of 7 iterations. Batch norm in training mode is written out (batch mean and
 * variance over batch and voxels per channel, then scale and shift), so its gradient is exact;
 * running statistics are not kept (a timing harness, not a usable model).
 *
 * <p>Usage: {@code java -cp ... org.lungnodule.benchmarks.ResNet18SameDiffBench [--batch N]
 * [--iters N] [--no-bn]}
 */
public final class ResNet18SameDiffBench {

  private ResNet18SameDiffBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) {
    int batch = 4;
    int iters = 7;
    boolean bn = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--iters" -> iters = Integer.parseInt(args[++i]);
        case "--no-bn" -> bn = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.out.println(Backend.check());
    Nd4j.getRandom().setSeed(0);
    Net net = new Net(bn);
    SameDiff sd = net.sd;
    long params = 0;
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
        params += v.getArr().length();
      }
    }
    System.out.printf(
        Locale.ROOT, "SameDiff ResNet18-3D params=%d bn=%s batch=%d%n", params, bn, batch);
    INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 32, 64, 64);
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 2);
    for (int i = 0; i < batch; i++) {
      y.putScalar(i, i % 2, 1f);
    }
    sd.setTrainingConfig(
        TrainingConfig.builder()
            .updater(new Sgd(0.01))
            .dataSetFeatureMapping("input")
            .dataSetLabelMapping("label")
            .build());
    DataSet ds = new DataSet(x, y);
    double fwd = ResNet3dBench.stats("fwd", iters, () -> sd.output(Map.of("input", x), "logits"));
    double train = ResNet3dBench.stats("train", iters, () -> sd.fit(ds));
    System.out.printf(Locale.ROOT, "SUMMARY samediff forward=%.3f s train=%.3f s%n", fwd, train);
  }

  /** The graph: input [b, 3, 32, 64, 64] → logits [b, 2], loss on placeholder "label". */
  private static final class Net {
    final SameDiff sd = SameDiff.create();
    final boolean bn;
    int n;

    Net(boolean bn) {
      this.bn = bn;
      SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, 3, 32, 64, 64);
      SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 2);
      SDVariable x = conv(in, 3, 64, 7, 1, 2, 3);
      x = sd.nn().relu(norm(x, 64), 0);
      x =
          sd.cnn()
              .maxPooling3d(
                  x,
                  Pooling3DConfig.builder()
                      .kD(3)
                      .kH(3)
                      .kW(3)
                      .sD(2)
                      .sH(2)
                      .sW(2)
                      .pD(1)
                      .pH(1)
                      .pW(1)
                      .isSameMode(false)
                      .isNCDHW(true)
                      .build());
      int c = 64;
      int[] ch = {64, 128, 256, 512};
      for (int stage = 0; stage < 4; stage++) {
        for (int b = 0; b < 2; b++) {
          int st = stage > 0 && b == 0 ? 2 : 1;
          SDVariable y = sd.nn().relu(norm(conv(x, c, ch[stage], 3, st, st, 1), ch[stage]), 0);
          y = norm(conv(y, ch[stage], ch[stage], 3, 1, 1, 1), ch[stage]);
          SDVariable sc = x;
          if (st != 1 || c != ch[stage]) {
            sc = norm(conv(x, c, ch[stage], 1, st, st, 0), ch[stage]);
          }
          x = sd.nn().relu(y.add(sc), 0);
          c = ch[stage];
        }
      }
      SDVariable pooled = x.mean(2, 3, 4);
      SDVariable w = sd.var("fc_w", Nd4j.randn(DataType.FLOAT, 512, 2).muli(Math.sqrt(1.0 / 512)));
      SDVariable bias = sd.var("fc_b", Nd4j.zeros(DataType.FLOAT, 1, 2));
      SDVariable logits = pooled.mmul(w).add("logits", bias);
      sd.loss().softmaxCrossEntropy("loss", label, logits, null);
      sd.setLossVariables("loss");
    }

    /**
     * conv3d without bias; kernel k³, stride (sd, sh, sh), padding p; weights [k, k, k, in, out].
     */
    SDVariable conv(SDVariable x, int in, int out, int k, int sD, int sHW, int p) {
      double std = Math.sqrt(2.0 / (in * k * k * k));
      SDVariable w = sd.var("w" + n++, Nd4j.randn(DataType.FLOAT, k, k, k, in, out).muli(std));
      return sd.cnn()
          .conv3d(
              x,
              w,
              Conv3DConfig.builder()
                  .kD(k)
                  .kH(k)
                  .kW(k)
                  .sD(sD)
                  .sH(sHW)
                  .sW(sHW)
                  .pD(p)
                  .pH(p)
                  .pW(p)
                  .dD(1)
                  .dH(1)
                  .dW(1)
                  .paddingMode(PaddingMode.VALID)
                  .biasUsed(false)
                  .dataFormat("NCDHW")
                  .build());
    }

    /** Training-mode batch norm over batch and voxels, per channel (axis 1). */
    SDVariable norm(SDVariable x, int c) {
      if (!bn) {
        return x;
      }
      SDVariable gamma = sd.var("g" + n++, Nd4j.ones(DataType.FLOAT, 1, c, 1, 1, 1));
      SDVariable beta = sd.var("b" + n++, Nd4j.zeros(DataType.FLOAT, 1, c, 1, 1, 1));
      SDVariable mean = x.mean(true, 0, 2, 3, 4);
      SDVariable xc = x.sub(mean);
      SDVariable var = xc.mul(xc).mean(true, 0, 2, 3, 4);
      return xc.mul(sd.math().rsqrt(var.add(1e-5))).mul(gamma).add(beta);
    }
  }
}
