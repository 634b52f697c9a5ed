package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network as three SameDiff graphs that share no variables:
 *
 * <ul>
 *   <li><b>backbone</b>: input {@code [1, 1, S, S, S]} → ResNet with 3×3×3 kernels → 1×1×1 conv to
 *       the feature channels ({@code features}, {@code [1, C, g, g, g]}) → RPN (3×3×3 conv, ReLU,
 *       1×1×1 convs to {@code rpnLogits} {@code [1, A, g, g, g]} and {@code rpnDeltas} {@code [1,
 *       6A, g, g, g]}, channel {@code 6a + k} holding delta k of anchor a). Its loss is the RPN
 *       losses plus the surrogate {@code sum(features * featureGrad)}, through which the heads'
 *       gradient (pushed back by {@link RoiAlign3d#backward}) reaches the backbone.
 *   <li><b>boxHead</b>: pooled ROIs {@code [R, C, P, P, P]} → a per-channel gain → two fully
 *       connected layers, each layer-normalised before its ReLU → class logits {@code [R, 2]}
 *       (background, nodule) and box deltas {@code [R, 6]}.
 *   <li><b>maskHead</b>: pooled positive ROIs → two 3×3×3 convs, ×2 upsampling, a 3×3×3 conv and a
 *       1×1×1 conv to mask logits {@code [R, 1, 2P, 2P, 2P]}.
 * </ul>
 *
 * <p>Convolutions are followed by group normalisation (statistics per crop, so training and
 * inference behave the same with one crop per step). Weights are drawn from a seeded generator (He
 * initialisation), so the same seed gives the same network.
 */
final class MaskRcnnNetwork {

  static final double EPS = 1e-5;

  final MaskRcnnConfig config;
  final DataType dataType;
  final SameDiff backbone;
  final SameDiff boxHead;
  final SameDiff maskHead;
  private final SplittableRandom rng;
  private int counter;

  /** The backbone variables training updates (set once the backbone is built). */
  private List<String> trainedBackbone = List.of();

  private MaskRcnnNetwork(MaskRcnnConfig config, long seed, DataType dataType) {
    this.config = config;
    this.dataType = dataType;
    this.rng = new SplittableRandom(seed);
    this.backbone = SameDiff.create();
    this.boxHead = SameDiff.create();
    this.maskHead = SameDiff.create();
    buildBackbone();
    buildBoxHead();
    buildMaskHead();
  }

  static MaskRcnnNetwork create(MaskRcnnConfig config, long seed) {
    return new MaskRcnnNetwork(config, seed, DataType.FLOAT);
  }

  static MaskRcnnNetwork create(MaskRcnnConfig config, long seed, DataType dataType) {
    return new MaskRcnnNetwork(config, seed, dataType);
  }

  int anchorsPerCell() {
    return config.rpn().anchorSizesMm().size();
  }

  int gridSize() {
    return config.cropSize() / config.featureStride();
  }

  /** All trainable arrays of the three graphs, by graph-qualified name. */
  Map<String, INDArray> parameters() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    put(m, "backbone", backbone);
    put(m, "boxHead", boxHead);
    put(m, "maskHead", maskHead);
    return m;
  }

  private static void put(Map<String, INDArray> m, String prefix, SameDiff sd) {
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
        m.put(prefix + "/" + v.name(), v.getArr());
      }
    }
  }

  /** Names of the trainable variables of one graph. */
  static List<String> trainable(SameDiff sd) {
    List<String> out = new ArrayList<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
        out.add(v.name());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Names of the backbone variables that training updates: all of them, or with {@link
   * MaskRcnnConfig#freezeBackbone()} only those after the body (lateral layer and RPN).
   */
  List<String> trainedBackboneVariables() {
    return trainedBackbone;
  }

  long parameterCount() {
    long n = 0;
    for (INDArray a : parameters().values()) {
      n += a.length();
    }
    return n;
  }

  // ---------------------------------------------------------------- graph construction

  private String name(String kind) {
    return kind + "_" + (counter++);
  }

  private SDVariable weight(SameDiff sd, String kind, double std, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = gaussian() * std;
    }
    return sd.var(name(kind), Nd4j.create(v, shape, dataType));
  }

  private double gaussian() {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private SDVariable constant(SameDiff sd, String kind, double value, long... shape) {
    return sd.var(name(kind), Nd4j.valueArrayOf(shape, value, dataType));
  }

  private SDVariable conv(
      SameDiff sd, SDVariable x, int in, int out, int k, int stride, double gain) {
    return conv(sd, x, in, out, k, stride, gain, "w");
  }

  private SDVariable conv(
      SameDiff sd, SDVariable x, int in, int out, int k, int stride, double gain, String kind) {
    SDVariable w = weight(sd, kind, gain * Math.sqrt(2.0 / (k * k * k * in)), k, k, k, in, out);
    SDVariable b = constant(sd, "b", 0, out);
    Conv3DConfig c =
        Conv3DConfig.builder()
            .kD(k)
            .kH(k)
            .kW(k)
            .sD(stride)
            .sH(stride)
            .sW(stride)
            .paddingMode(PaddingMode.SAME)
            .dataFormat(Conv3DConfig.NCDHW)
            .build();
    return sd.cnn().conv3d(name("conv"), x, w, b, c);
  }

  private SDVariable norm(SameDiff sd, SDVariable x, int channels) {
    int g = config.backbone().normGroups();
    if (g == 0) {
      return x;
    }
    SDVariable xr = x.reshape(g, -1); // one crop per pass: [G, rest]
    SDVariable mean = xr.mean(true, 1);
    SDVariable cen = xr.sub(mean);
    SDVariable var = cen.mul(cen).mean(true, 1);
    // division by the deviation as diag(1 / sd) x [G, rest], for the reason given below
    SDVariable inv = sd.math().rsqrt(var.add(EPS)).reshape(g);
    SDVariable xn = sd.math().diag(inv).mmul(cen);
    // the per-channel affine as diag(gamma) x [C, rest]: libnd4j's backward of a broadcast
    // multiply over a [1, C, D, H, W] map is slow (it was a third of a SMALL training step), a
    // matrix product's backward is two GEMMs
    SDVariable flat = xn.reshape(channels, -1);
    SDVariable gamma = constant(sd, "gamma", 1, 1, channels, 1, 1, 1);
    SDVariable beta = constant(sd, "beta", 0, 1, channels, 1, 1, 1);
    SDVariable scaled =
        sd.math().diag(gamma.reshape(channels)).mmul(flat).add(beta.reshape(channels, 1));
    return sd.reshape(scaled, x.shape());
  }

  /** Layer normalisation of {@code [R, n]} rows with a learnable per-unit gain and bias. */
  private SDVariable layerNorm(SameDiff sd, SDVariable x, int n) {
    SDVariable mean = x.mean(true, 1);
    SDVariable cen = x.sub(mean);
    SDVariable var = cen.mul(cen).mean(true, 1);
    SDVariable xn = cen.mul(sd.math().rsqrt(var.add(EPS)));
    return xn.mul(constant(sd, "lnGain", 1, 1, n)).add(constant(sd, "lnBias", 0, 1, n));
  }

  private SDVariable relu(SameDiff sd, SDVariable x) {
    return sd.nn().relu(x, 0);
  }

  private SDVariable block(SameDiff sd, SDVariable x, int in, int width, int stride) {
    int out = config.backbone().bottleneck() ? 4 * width : width;
    SDVariable y;
    if (config.backbone().bottleneck()) {
      y = relu(sd, norm(sd, conv(sd, x, in, width, 1, 1, 1), width));
      y = relu(sd, norm(sd, conv(sd, y, width, width, 3, stride, 1), width));
      y = norm(sd, conv(sd, y, width, out, 1, 1, 0.5), out);
    } else {
      y = relu(sd, norm(sd, conv(sd, x, in, width, 3, stride, 1), width));
      y = norm(sd, conv(sd, y, width, out, 3, 1, 0.5), out);
    }
    SDVariable shortcut = x;
    if (stride != 1 || in != out) {
      shortcut = norm(sd, conv(sd, x, in, out, 1, stride, 1), out);
    }
    return relu(sd, y.add(shortcut));
  }

  private void buildBackbone() {
    SameDiff sd = backbone;
    int a = anchorsPerCell();
    int c = config.featureChannels();
    SDVariable x = sd.placeHolder("input", dataType, 1, 1, -1, -1, -1);
    BackboneSettings bb = config.backbone();
    SDVariable h =
        relu(
            sd,
            norm(
                sd,
                conv(sd, x, 1, bb.stemChannels(), 3, bb.stemStride(), 1, "stem"),
                bb.stemChannels()));
    int in = bb.stemChannels();
    for (int s = 0; s < bb.stageBlocks().size(); s++) {
      int width = bb.stageWidths().get(s);
      for (int b = 0; b < bb.stageBlocks().get(s); b++) {
        h = block(sd, h, in, width, b == 0 ? bb.stageStrides().get(s) : 1);
        in = bb.bottleneck() ? 4 * width : width;
      }
    }
    Set<String> body = new HashSet<>(trainable(sd)); // the stem and the stages
    SDVariable features = norm(sd, conv(sd, h, in, c, 1, 1, 1, "lateral"), c).rename("features");
    SDVariable r = relu(sd, conv(sd, features, c, c, 3, 1, 1));
    SDVariable logits = conv(sd, r, c, a, 1, 1, 0.1).rename("rpnLogits");
    SDVariable deltas = conv(sd, r, c, 6 * a, 1, 1, 0.1).rename("rpnDeltas");

    SDVariable label = sd.placeHolder("rpnLabel", dataType, 1, a, -1, -1, -1);
    SDVariable labelW = sd.placeHolder("rpnWeight", dataType, 1, a, -1, -1, -1);
    SDVariable deltaT = sd.placeHolder("rpnDeltaTarget", dataType, 1, 6L * a, -1, -1, -1);
    SDVariable deltaW = sd.placeHolder("rpnDeltaWeight", dataType, 1, 6L * a, -1, -1, -1);
    SDVariable featGrad = sd.placeHolder("featureGrad", dataType, 1, c, -1, -1, -1);
    SDVariable obj = bceWithLogits(sd, logits, label).mul(labelW).sum().rename("rpnObjLoss");
    SDVariable box = smoothL1(sd, deltas.sub(deltaT)).mul(deltaW).sum().rename("rpnBoxLoss");
    SDVariable surrogate = features.mul(featGrad).sum().rename("surrogate");
    obj.add(box).add(surrogate).rename("backboneLoss");
    sd.setLossVariables("backboneLoss");
    List<String> all = trainable(sd);
    trainedBackbone =
        config.freezeBackbone() ? all.stream().filter(v -> !body.contains(v)).toList() : all;
  }

  private void buildBoxHead() {
    SameDiff sd = boxHead;
    int c = config.featureChannels();
    int p = config.poolSize();
    long flat = (long) c * p * p * p;
    int hid = config.roiHeads().boxHeadHidden();
    SDVariable rois = sd.placeHolder("rois", dataType, -1, c, p, p, p);
    // a learnable per-channel gain on the pooled features; besides, SameDiff only differentiates
    // placeholder paths that meet a variable, and the gradient with respect to "rois" is needed
    SDVariable x = rois.mul(constant(sd, "roiGain", 1, 1, c, 1, 1, 1)).reshape(-1, flat);
    // each fully connected layer is layer-normalised before its ReLU: with Adam, one step moves
    // each of the flat (11k for SMALL) weights of a unit by about the learning rate, enough to push
    // the unit below zero for every ROI; without the normalisation 123-128 of SMALL's 128
    // first-layer
    // units were dead after 450 steps and the head's score was a constant
    SDVariable h1 =
        relu(
            sd,
            layerNorm(
                sd,
                x.mmul(weight(sd, "fc", Math.sqrt(2.0 / flat), flat, hid))
                    .add(constant(sd, "b", 0, hid)),
                hid));
    SDVariable h2 =
        relu(
            sd,
            layerNorm(
                sd,
                h1.mmul(weight(sd, "fc", Math.sqrt(2.0 / hid), hid, hid))
                    .add(constant(sd, "b", 0, hid)),
                hid));
    SDVariable cls =
        h2.mmul(weight(sd, "cls", 0.01, hid, 2)).add(constant(sd, "b", 0, 2)).rename("clsLogits");
    SDVariable box =
        h2.mmul(weight(sd, "box", 0.001, hid, 6)).add(constant(sd, "b", 0, 6)).rename("boxDeltas");
    SDVariable clsT = sd.placeHolder("clsTarget", dataType, -1, 2);
    SDVariable clsW = sd.placeHolder("clsWeight", dataType, -1, 1);
    SDVariable boxT = sd.placeHolder("boxTarget", dataType, -1, 6);
    SDVariable boxW = sd.placeHolder("boxWeight", dataType, -1, 6);
    SDVariable ce = sd.nn().logSoftmax(cls).mul(clsT).mul(clsW).sum().neg().rename("clsLoss");
    SDVariable sl = smoothL1(sd, box.sub(boxT)).mul(boxW).sum().rename("boxLoss");
    ce.add(sl).rename("boxHeadLoss");
    sd.setLossVariables("boxHeadLoss");
  }

  private void buildMaskHead() {
    SameDiff sd = maskHead;
    int c = config.featureChannels();
    int p = config.poolSize();
    int m = config.roiHeads().maskHeadChannels();
    SDVariable rois = sd.placeHolder("maskRois", dataType, -1, c, p, p, p);
    SDVariable h = relu(sd, conv(sd, rois, c, m, 3, 1, 1));
    h = relu(sd, conv(sd, h, m, m, 3, 1, 1));
    h = sd.cnn().upsampling3d(h, true, 2, 2, 2);
    // skip connection from the crop itself: its intensities sampled at mask resolution join the
    // upsampled features, because stride-4 (or stride-32) features alone are too coarse for the
    // boundary of a 3 mm nodule
    SDVariable intensity = sd.placeHolder("maskInput", dataType, -1, 1, 2L * p, 2L * p, 2L * p);
    h = sd.concat(1, h, intensity);
    h = relu(sd, conv(sd, h, m + 1, m, 3, 1, 1));
    SDVariable logits = conv(sd, h, m, 1, 1, 1, 0.1).rename("maskLogits");
    SDVariable t = sd.placeHolder("maskTarget", dataType, -1, 1, 2L * p, 2L * p, 2L * p);
    SDVariable w = sd.placeHolder("maskWeight", dataType, -1, 1, 2L * p, 2L * p, 2L * p);
    bceWithLogits(sd, logits, t).mul(w).sum().rename("maskLoss");
    sd.setLossVariables("maskLoss");
  }

  /** Elementwise, stable: max(x, 0) - x*y + log(1 + exp(-|x|)). */
  private static SDVariable bceWithLogits(SameDiff sd, SDVariable x, SDVariable y) {
    return sd.nn().relu(x, 0).sub(x.mul(y)).add(sd.nn().softplus(sd.math().abs(x).neg()));
  }

  /** Elementwise smooth L1 (beta 1): 0.5 min(|d|,1)^2 + max(|d| - 1, 0). */
  private static SDVariable smoothL1(SameDiff sd, SDVariable d) {
    SDVariable a = sd.math().abs(d);
    SDVariable over = sd.nn().relu(a.sub(1.0), 0);
    SDVariable in = a.sub(over);
    return in.mul(in).mul(0.5).add(over);
  }

  @Override
  public String toString() {
    return "MaskRcnnNetwork[" + config.preset() + ", " + parameterCount() + " parameters]";
  }
}
