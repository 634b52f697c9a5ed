package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.lungnodule.models.training.Optimizer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * A 3D Mask R-CNN with its weights: detects and segments nodules in one cubic crop ({@link
 * #detect}), and takes one training step on a crop (used by {@link MaskRcnnTrainer}). Whole scans
 * go through {@link NoduleSegmenter}.
 *
 * <p>Not thread-safe: a model holds its network's arrays and optimizer state; use one model per
 * thread. {@link #detect} keeps no state between calls: each call runs the graphs in ND4J sessions
 * of its own and frees their native memory before it returns.
 */
public final class MaskRcnnModel {

  static final BoxCoder RPN_CODER = new BoxCoder(1, 1);
  static final BoxCoder HEAD_CODER = new BoxCoder(10, 5);

  /** Jittered ground-truth boxes added to the ROI candidates of a training step, per nodule. */
  static final int JITTERED_PER_GT = 4;

  final MaskRcnnConfig config;
  final MaskRcnnNetwork net;

  /** The anchors of one crop, cell-major (anchor within cell). */
  final List<Box3d> anchors;

  final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
  final Map<String, INDArray> updaterState = new LinkedHashMap<>();
  int iteration;

  // inference since the last takeTally(), kept in plain fields: detection runs on one thread
  private long backboneNanos;
  private long boxHeadNanos;
  private long maskHeadNanos;
  private long boxHeadRois;
  private long maskHeadRois;

  private MaskRcnnModel(MaskRcnnConfig config, MaskRcnnNetwork net) {
    this.config = config;
    this.net = net;
    int g = net.gridSize();
    this.anchors = Anchors.grid(g, g, g, config.featureStride(), config.anchorSizesMm(), 1.0);
  }

  /**
   * Creates a model with freshly initialised weights.
   *
   * @param config the configuration
   * @param seed the seed of the weight initialisation
   * @return the model
   */
  public static MaskRcnnModel create(MaskRcnnConfig config, long seed) {
    return new MaskRcnnModel(
        Objects.requireNonNull(config, "config"), MaskRcnnNetwork.create(config, seed));
  }

  static MaskRcnnModel create(MaskRcnnConfig config, long seed, DataType dataType) {
    return new MaskRcnnModel(config, MaskRcnnNetwork.create(config, seed, dataType));
  }

  /**
   * A copy of this model's weights under another configuration of the same architecture, with a
   * fresh optimizer state: how fine-tuning changes the schedule, learning rate or ROI sampling of a
   * trained model.
   *
   * @param other the configuration; its network (backbone, widths, heads, pool size) must match
   * @return the new model
   * @throws IllegalArgumentException naming the first array whose shape differs
   */
  public MaskRcnnModel withConfig(MaskRcnnConfig other) {
    return fromCarrier(Objects.requireNonNull(other, "config"), toCarrier(false), 0);
  }

  /** The configuration. */
  public MaskRcnnConfig config() {
    return config;
  }

  /** Number of trainable values in all three graphs. */
  public long parameterCount() {
    return net.parameterCount();
  }

  /** Optimizer steps taken so far. */
  public int iteration() {
    return iteration;
  }

  /**
   * SHA-256 over the parameters (names, shapes and values, sorted by name): the identity of a model
   * a run starts from, for {@link org.lungnodule.models.RunFingerprint}.
   */
  String weightsHash() {
    java.security.MessageDigest md;
    try {
      md = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (Map.Entry<String, INDArray> e : new java.util.TreeMap<>(net.parameters()).entrySet()) {
      INDArray a = e.getValue();
      md.update(
          (e.getKey() + java.util.Arrays.toString(a.shape()) + a.dataType() + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update(a.dup('c').data().asBytes());
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  // ------------------------------------------------------------------------------ inference

  /**
   * Detects nodules in one crop.
   *
   * @param voxels {@code cropSize³} values in grt123 units, z slowest and x fastest
   * @param minScore detections below this score are dropped
   * @return detections, highest score first, at most the configured maximum
   * @throws IllegalArgumentException if the array has the wrong length
   */
  public List<CropDetection> detect(float[] voxels, double minScore) {
    WindowBoxes w = detectBoxes(voxels, minScore);
    if (w.boxes().isEmpty()) {
      return List.of();
    }
    float[][] probs = masks(voxels, w.features(), w.maskBoxes());
    List<CropDetection> dets = new ArrayList<>();
    for (int i = 0; i < probs.length; i++) {
      dets.add(
          new CropDetection(
              w.boxes().get(i), w.maskBoxes().get(i), w.scores()[i], config.maskSize(), probs[i]));
    }
    return List.copyOf(dets);
  }

  /**
   * A crop's detections before their masks: boxes and mask boxes in the crop's voxel coordinates,
   * highest score first, and the backbone's features, which {@link #masks} needs.
   */
  record WindowBoxes(List<Box3d> boxes, List<Box3d> maskBoxes, float[] scores, float[] features) {}

  /** {@link #detect} up to and without the mask head. */
  WindowBoxes detectBoxes(float[] voxels, double minScore) {
    int s = config.cropSize();
    if (voxels.length != s * s * s) {
      throw new IllegalArgumentException(
          "crop must hold " + s + "^3 = " + (s * s * s) + " voxels, got " + voxels.length);
    }
    // each graph runs in a session of its own call, its arrays freed as soon as they are copied
    long t0 = System.nanoTime();
    Map<String, float[]> out =
        ScopedInference.output(
            net.backbone, Map.of("input", input(voxels)), "features", "rpnLogits", "rpnDeltas");
    float[] features = out.get("features");
    List<Float> objectness = new ArrayList<>();
    List<Box3d> proposals = proposals(out.get("rpnLogits"), out.get("rpnDeltas"), objectness);
    long t1 = System.nanoTime();
    backboneNanos += t1 - t0;
    WindowBoxes none = new WindowBoxes(List.of(), List.of(), new float[0], features);
    if (proposals.isEmpty()) {
      return none;
    }
    boxHeadRois += proposals.size();
    RoiAlign3d align = align(boxHeadBoxes(proposals));
    Map<String, float[]> head =
        ScopedInference.output(
            net.boxHead,
            Map.of("rois", pooled(align.forward(features), proposals.size())),
            "clsLogits",
            "boxDeltas");
    float[] logits = head.get("clsLogits");
    float[] deltas = head.get("boxDeltas");
    List<Box3d> boxes = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    for (int r = 0; r < proposals.size(); r++) {
      double p =
          score(
              1 / (1 + Math.exp(logits[2 * r] - logits[2 * r + 1])),
              1 / (1 + Math.exp(-objectness.get(r))));
      if (p < minScore) {
        continue;
      }
      Box3d b = HEAD_CODER.decode(proposals.get(r), deltas, 6 * r).clip(s, s, s);
      if (b.depth() < 1 || b.height() < 1 || b.width() < 1) {
        continue;
      }
      boxes.add(b);
      scores.add((float) p);
    }
    float[] sc = new float[scores.size()];
    for (int i = 0; i < sc.length; i++) {
      sc[i] = scores.get(i);
    }
    int[] keep =
        Nms3d.nms(
            boxes, sc, config.inference().detectionNmsIou(), config.inference().maxDetections());
    boxHeadNanos += System.nanoTime() - t1;
    if (keep.length == 0) {
      return none;
    }
    List<Box3d> kept = new ArrayList<>();
    float[] keptScores = new float[keep.length];
    for (int i = 0; i < keep.length; i++) {
      kept.add(boxes.get(keep[i]));
      keptScores[i] = sc[keep[i]];
    }
    List<Box3d> maskBoxes = kept.stream().map(b -> b.scaled(config.maskContext())).toList();
    return new WindowBoxes(List.copyOf(kept), maskBoxes, keptScores, features);
  }

  /**
   * The mask head's probabilities ({@code maskSize³} each, z slowest) for mask boxes in a crop.
   *
   * @param voxels the crop, as given to {@link #detectBoxes}
   * @param features the crop's backbone features ({@link WindowBoxes#features()})
   * @param maskBoxes mask boxes in the crop's voxel coordinates
   */
  float[][] masks(float[] voxels, float[] features, List<Box3d> maskBoxes) {
    long t0 = System.nanoTime();
    float[][] probs = new float[maskBoxes.size()][];
    if (maskBoxes.isEmpty()) {
      return probs;
    }
    maskHeadRois += maskBoxes.size();
    RoiAlign3d maskAlign = align(maskBoxes);
    Map<String, INDArray> mph = new HashMap<>();
    mph.put("maskRois", pooled(maskAlign.forward(features), maskBoxes.size()));
    mph.put("maskInput", maskInput(voxels, maskBoxes));
    float[] ml = ScopedInference.output(net.maskHead, mph, "maskLogits").get("maskLogits");
    int m = config.maskSize();
    int m3 = m * m * m;
    for (int i = 0; i < probs.length; i++) {
      float[] p = new float[m3];
      for (int v = 0; v < m3; v++) {
        p[v] = (float) (1 / (1 + Math.exp(-ml[i * m3 + v])));
      }
      probs[i] = p;
    }
    maskHeadNanos += System.nanoTime() - t0;
    return probs;
  }

  /**
   * The floating-point operations of inference ({@link org.lungnodule.models.ForwardFlops}): one
   * window's backbone and RPN, and the box and mask heads per region of interest (a window runs the
   * box head on up to {@link MaskRcnnConfig#postNmsTopN()} proposals and the mask head on its kept
   * detections). Counted by running each network once.
   */
  public InferenceFlops inferenceFlops() {
    int s = config.cropSize();
    int c = config.featureChannels();
    int p = config.poolSize();
    int m = config.maskSize();
    DataType dt = net.dataType;
    org.lungnodule.models.ForwardFlops backbone =
        org.lungnodule.models.ForwardFlops.of(
            net.backbone,
            Map.of("input", input(new float[s * s * s])),
            "features",
            "rpnLogits",
            "rpnDeltas");
    org.lungnodule.models.ForwardFlops box =
        org.lungnodule.models.ForwardFlops.of(
            net.boxHead, Map.of("rois", Nd4j.zeros(dt, 1, c, p, p, p)), "clsLogits", "boxDeltas");
    org.lungnodule.models.ForwardFlops mask =
        org.lungnodule.models.ForwardFlops.of(
            net.maskHead,
            Map.of(
                "maskRois",
                Nd4j.zeros(dt, 1, c, p, p, p),
                "maskInput",
                Nd4j.zeros(dt, 1, 1, m, m, m)),
            "maskLogits");
    return new InferenceFlops(backbone, box, mask);
  }

  /**
   * FLOPs of the Mask R-CNN's forward passes.
   *
   * @param backbonePerWindow the backbone and RPN on one window
   * @param boxHeadPerRoi the box head on one region
   * @param maskHeadPerRoi the mask head on one detection
   */
  public record InferenceFlops(
      org.lungnodule.models.ForwardFlops backbonePerWindow,
      org.lungnodule.models.ForwardFlops boxHeadPerRoi,
      org.lungnodule.models.ForwardFlops maskHeadPerRoi) {}

  /** What inference did since the last call (time by part, regions per head), and resets it. */
  InferenceTally takeTally() {
    InferenceTally t =
        new InferenceTally(backboneNanos, boxHeadNanos, maskHeadNanos, boxHeadRois, maskHeadRois);
    backboneNanos = 0;
    boxHeadNanos = 0;
    maskHeadNanos = 0;
    boxHeadRois = 0;
    maskHeadRois = 0;
    return t;
  }

  /**
   * Inference time by part and the regions each head ran on.
   *
   * @param backboneNanos backbone and RPN with the proposals
   * @param boxHeadNanos box head with its ROI align and NMS
   * @param maskHeadNanos mask head with its ROI align
   * @param boxHeadRois regions the box head ran on
   * @param maskHeadRois detections the mask head ran on
   */
  record InferenceTally(
      long backboneNanos,
      long boxHeadNanos,
      long maskHeadNanos,
      long boxHeadRois,
      long maskHeadRois) {
    /** No inference. */
    static final InferenceTally NONE = new InferenceTally(0, 0, 0, 0, 0);
  }

  /**
   * A detection's score from the box head's nodule probability and the RPN's objectness of its
   * proposal: {@code head^(1-w) * rpn^w} with w = {@link MaskRcnnConfig#rpnScoreWeight()}.
   */
  double score(double head, double rpn) {
    double w = config.rpnScoreWeight();
    return w == 0 ? head : Math.pow(head, 1 - w) * Math.pow(rpn, w);
  }

  INDArray input(float[] voxels) {
    int s = config.cropSize();
    return Nd4j.create(normalised(voxels), new long[] {1, 1, s, s, s}, 'c').castTo(net.dataType);
  }

  /** grt123 units [0, 255] to the network's [-1, 1]. */
  private static float[] normalised(float[] voxels) {
    float[] x = new float[voxels.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (voxels[i] - 127.5f) / 127.5f;
    }
    return x;
  }

  private INDArray pooled(float[] values, int rois) {
    int p = config.poolSize();
    return Nd4j.create(values, new long[] {rois, config.featureChannels(), p, p, p}, 'c')
        .castTo(net.dataType);
  }

  /**
   * The crop's normalised intensities ROI-aligned to the mask grid ({@code [R, 1, m, m, m]}), the
   * mask head's skip input.
   */
  INDArray maskInput(float[] voxels, List<Box3d> boxes) {
    int s = config.cropSize();
    int m = config.maskSize();
    float[] v = RoiAlign3d.of(1, s, s, s, 1, boxes, m, 2).forward(normalised(voxels));
    return Nd4j.create(v, new long[] {boxes.size(), 1, m, m, m}, 'c').castTo(net.dataType);
  }

  /** The regions the box head pools: the ROIs enlarged by {@link MaskRcnnConfig#boxContext()}. */
  private List<Box3d> boxHeadBoxes(List<Box3d> rois) {
    return config.boxContext() == 1
        ? rois
        : rois.stream().map(b -> b.scaled(config.boxContext())).toList();
  }

  /** The RPN's objectness logits in anchor order (cell-major, anchor within cell). */
  float[] anchorLogits(float[] rpnLogits) {
    int a = net.anchorsPerCell();
    int g = net.gridSize();
    int cells = g * g * g;
    float[] out = new float[a * cells];
    for (int i = 0; i < out.length; i++) {
      out[i] = rpnLogits[(i % a) * cells + i / a];
    }
    return out;
  }

  private RoiAlign3d align(List<Box3d> boxes) {
    int g = net.gridSize();
    return RoiAlign3d.of(
        config.featureChannels(), g, g, g, config.featureStride(), boxes, config.poolSize(), 2);
  }

  /** Decodes, ranks and suppresses the RPN output into at most postNmsTopN proposals. */
  List<Box3d> proposals(float[] logits, float[] deltas) {
    return proposals(logits, deltas, null);
  }

  /**
   * As {@link #proposals(float[], float[])}, also returning each proposal's RPN objectness logit in
   * {@code logitsOut} (if not null; cleared first).
   */
  List<Box3d> proposals(float[] logits, float[] deltas, List<Float> logitsOut) {
    int a = net.anchorsPerCell();
    int g = net.gridSize();
    int cells = g * g * g;
    float[] score = anchorLogits(logits);
    int[] top = Nms3d.topK(score, config.rpn().preNmsTopN());
    float[] d = new float[6];
    List<Box3d> boxes = new ArrayList<>(top.length);
    float[] sc = new float[top.length];
    int s = config.cropSize();
    int kept = 0;
    for (int i : top) {
      int cell = i / a;
      int an = i % a;
      for (int k = 0; k < 6; k++) {
        d[k] = deltas[(6 * an + k) * cells + cell];
      }
      Box3d b = RPN_CODER.decode(anchors.get(i), d, 0).clip(s, s, s);
      if (b.depth() >= 1 && b.height() >= 1 && b.width() >= 1) {
        boxes.add(b);
        sc[kept++] = score[i];
      }
    }
    float[] scores = java.util.Arrays.copyOf(sc, kept);
    int[] keep = Nms3d.nms(boxes, scores, config.rpn().nmsIou(), config.postNmsTopN());
    List<Box3d> out = new ArrayList<>(keep.length);
    if (logitsOut != null) {
      logitsOut.clear();
    }
    for (int k : keep) {
      out.add(boxes.get(k));
      if (logitsOut != null) {
        logitsOut.add(scores[k]);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------- training

  /** Losses of one step; a head that did not train in the step reports NaN. */
  record StepLosses(double rpnObjectness, double rpnBox, double cls, double box, double mask) {}

  /**
   * One optimizer step on one crop: RPN always, the box head when {@code trainRoi}, the mask head
   * when {@code trainMask}. The heads' gradient with respect to the pooled features is pushed back
   * onto the feature map with {@link RoiAlign3d#backward} and enters the backbone through the
   * surrogate loss.
   */
  StepLosses trainStep(
      LabelledCrop crop, boolean trainRoi, boolean trainMask, SplittableRandom rng, int epoch) {
    return trainStep(crop, trainRoi, trainMask, rng, epoch, null, 1.0);
  }

  /**
   * As above, with the heads trained on {@code fixedProposals} instead of the RPN's (if not null).
   */
  StepLosses trainStep(
      LabelledCrop crop,
      boolean trainRoi,
      boolean trainMask,
      SplittableRandom rng,
      int epoch,
      List<Box3d> fixedProposals) {
    return trainStep(crop, trainRoi, trainMask, rng, epoch, fixedProposals, 1.0);
  }

  /**
   * As above, with every parameter's update scaled by {@code learningRateFactor} (the decay's
   * factor at this step: the optimizers' updates are proportional to the learning rate).
   */
  StepLosses trainStep(
      LabelledCrop crop,
      boolean trainRoi,
      boolean trainMask,
      SplittableRandom rng,
      int epoch,
      List<Box3d> fixedProposals,
      double learningRateFactor) {
    Map<String, INDArray> grads = new HashMap<>();
    StepLosses l = gradients(crop, trainRoi, trainMask, rng, grads, fixedProposals);
    applyUpdates(grads, epoch, learningRateFactor);
    iteration++;
    return l;
  }

  /** Computes every gradient of one step into {@code grads} (graph-qualified names). */
  StepLosses gradients(
      LabelledCrop crop,
      boolean trainRoi,
      boolean trainMask,
      SplittableRandom rng,
      Map<String, INDArray> grads) {
    return gradients(crop, trainRoi, trainMask, rng, grads, null);
  }

  StepLosses gradients(
      LabelledCrop crop,
      boolean trainRoi,
      boolean trainMask,
      SplittableRandom rng,
      Map<String, INDArray> grads,
      List<Box3d> fixedProposals) {
    int s = config.cropSize();
    if (crop.size() != s) {
      throw new IllegalArgumentException("crop size must be " + s + ", got " + crop.size());
    }
    int a = net.anchorsPerCell();
    int g = net.gridSize();
    int cells = g * g * g;
    INDArray x = input(crop.voxels());
    Map<String, INDArray> out =
        net.backbone.output(Map.of("input", x), "features", "rpnLogits", "rpnDeltas");
    float[] features = out.get("features").data().asFloat();
    List<Box3d> gts = crop.labelBoxes().stream().map(LabelledCrop::box).toList();
    // RPN targets in network layout
    AnchorTargets at = rpnTargets(out.get("rpnLogits").data().asFloat(), gts, rng);
    float[][] rpn = new float[4][];
    rpn[0] = new float[a * cells];
    rpn[1] = new float[a * cells];
    rpn[2] = new float[6 * a * cells];
    rpn[3] = new float[6 * a * cells];
    int sampled = at.count(AnchorTargets.POSITIVE) + at.count(AnchorTargets.NEGATIVE);
    int npos = at.count(AnchorTargets.POSITIVE);
    for (int i = 0; i < anchors.size(); i++) {
      int lab = at.label(i);
      if (lab == AnchorTargets.IGNORE) {
        continue;
      }
      int an = i % a;
      int cell = i / a;
      rpn[0][an * cells + cell] = lab;
      rpn[1][an * cells + cell] = 1f / sampled;
      if (lab == AnchorTargets.POSITIVE) {
        double[] d = RPN_CODER.encode(anchors.get(i), gts.get(at.matchedGt(i)));
        for (int k = 0; k < 6; k++) {
          rpn[2][(6 * an + k) * cells + cell] = (float) d[k];
          rpn[3][(6 * an + k) * cells + cell] = 1f / npos;
        }
      }
    }
    float[] featGrad = new float[config.featureChannels() * cells];
    double[] head = {Double.NaN, Double.NaN, Double.NaN};
    if (trainRoi) {
      List<Box3d> props =
          fixedProposals != null
              ? fixedProposals
              : proposals(
                  out.get("rpnLogits").data().asFloat(), out.get("rpnDeltas").data().asFloat());
      RoiBatch rb = sampleRois(props, gts, rng);
      if (!rb.rois().isEmpty()) {
        head = heads(features, crop, rb, trainMask, featGrad, grads);
      }
    }
    double[] rpnLoss = backboneGradients(x, rpn, featGrad, grads);
    return new StepLosses(rpnLoss[0], rpnLoss[1], head[0], head[1], head[2]);
  }

  /**
   * The RPN's sampled anchor targets for one crop: positives and negatives by IoU with the nodules,
   * negatives partly the highest-scoring ones ({@link MaskRcnnConfig#rpnHardNegativeFraction()}).
   */
  AnchorTargets rpnTargets(float[] rpnLogits, List<Box3d> gts, SplittableRandom rng) {
    AnchorTargets at =
        AnchorTargets.assign(
            anchors, gts, config.rpn().positiveIou(), config.rpn().negativeIou(), true);
    double hard = config.rpnHardNegativeFraction();
    return at.sample(
        config.rpn().batch(), 0.5, hard, hard > 0 ? anchorLogits(rpnLogits) : null, rng);
  }

  /** Sampled ROIs and, per ROI, the index of its ground-truth box or -1 for background. */
  record RoiBatch(List<Box3d> rois, int[] gtIndex, List<Box3d> gts) {}

  /** Adds the ground-truth boxes to the proposals, matches and samples them for the heads. */
  RoiBatch sampleRois(List<Box3d> proposals, List<Box3d> gts, SplittableRandom rng) {
    List<Box3d> props = new ArrayList<>(proposals);
    props.addAll(gts);
    // jittered copies of each ground-truth box (shift up to 15% of its size, scale 0.85-1.15): more
    // positive ROIs per step, so the heads learn from the first steps instead of waiting for the
    // RPN
    for (Box3d g : gts) {
      for (int j = 0; j < JITTERED_PER_GT; j++) {
        double sz = g.depth() * (0.85 + 0.3 * rng.nextDouble());
        double sy = g.height() * (0.85 + 0.3 * rng.nextDouble());
        double sx = g.width() * (0.85 + 0.3 * rng.nextDouble());
        props.add(
            Box3d.ofCenter(
                g.cz() + g.depth() * 0.15 * (2 * rng.nextDouble() - 1),
                g.cy() + g.height() * 0.15 * (2 * rng.nextDouble() - 1),
                g.cx() + g.width() * 0.15 * (2 * rng.nextDouble() - 1),
                sz,
                sy,
                sx));
      }
    }
    AnchorTargets rt =
        AnchorTargets.assign(
                props, gts, config.roiHeads().positiveIou(), config.roiHeads().negativeIou(), false)
            .sample(config.roiHeads().batch(), config.roiHeads().positiveFraction(), rng);
    List<Box3d> rois = new ArrayList<>();
    List<Integer> gi = new ArrayList<>();
    for (int i = 0; i < props.size(); i++) {
      if (rt.label(i) != AnchorTargets.IGNORE) {
        rois.add(props.get(i));
        gi.add(rt.label(i) == AnchorTargets.POSITIVE ? rt.matchedGt(i) : -1);
      }
    }
    return new RoiBatch(
        List.copyOf(rois), gi.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(gts));
  }

  /**
   * Runs the box head (and the mask head when {@code trainMask}) on a ROI batch, adds their
   * parameter gradients to {@code grads} and their gradient with respect to the features to {@code
   * featGrad}; returns the class, box and mask losses (NaN for a head that did not run).
   */
  double[] heads(
      float[] features,
      LabelledCrop crop,
      RoiBatch rb,
      boolean trainMask,
      float[] featGrad,
      Map<String, INDArray> grads) {
    DataType dt = net.dataType;
    List<Box3d> rois = rb.rois();
    List<int[]> labelBoxes = crop.labelBoxes();
    int r = rois.size();
    int rpos = 0;
    for (int v : rb.gtIndex()) {
      rpos += v >= 0 ? 1 : 0;
    }
    float[] clsT = new float[2 * r];
    float[] clsW = new float[r];
    float[] boxT = new float[6 * r];
    float[] boxW = new float[6 * r];
    for (int i = 0; i < r; i++) {
      int gi = rb.gtIndex()[i];
      clsT[2 * i + (gi >= 0 ? 1 : 0)] = 1;
      // class-balanced: the positives together weigh as much as the negatives, so that the few
      // positive ROIs of a crop are not outvoted into scores below the detection threshold
      clsW[i] = rpos == 0 || rpos == r ? 1f / r : gi >= 0 ? 0.5f / rpos : 0.5f / (r - rpos);
      if (gi >= 0) {
        double[] d = HEAD_CODER.encode(rois.get(i), rb.gts().get(gi));
        for (int k = 0; k < 6; k++) {
          boxT[6 * i + k] = (float) d[k];
          boxW[6 * i + k] = 1f / rpos;
        }
      }
    }
    RoiAlign3d align = align(boxHeadBoxes(rois));
    Map<String, INDArray> ph = new HashMap<>();
    ph.put("rois", pooled(align.forward(features), r));
    ph.put("clsTarget", arr(clsT, dt, r, 2));
    ph.put("clsWeight", arr(clsW, dt, r, 1));
    ph.put("boxTarget", arr(boxT, dt, r, 6));
    ph.put("boxWeight", arr(boxW, dt, r, 6));
    List<String> vars = new ArrayList<>(MaskRcnnNetwork.trainable(net.boxHead));
    vars.add("rois");
    // losses and gradients from one forward pass (a separate output() call ran the head twice)
    OutAndGrad hog =
        net.boxHead.calculateGradientsAndOutputs(ph, List.of("clsLoss", "boxLoss"), vars);
    Map<String, INDArray> hg = hog.getGradients();
    Map<String, INDArray> ho = hog.getOutputs();
    double[] losses = {ho.get("clsLoss").getDouble(0), ho.get("boxLoss").getDouble(0), Double.NaN};
    collect(grads, "boxHead", net.boxHead, hg);
    add(featGrad, align.backward(hg.get("rois").data().asFloat()));
    if (trainMask && rpos > 0) {
      int m = config.maskSize();
      int m3 = m * m * m;
      List<Box3d> mrois = new ArrayList<>();
      float[] mt = new float[rpos * m3];
      float[] mw = new float[rpos * m3];
      java.util.Arrays.fill(mw, 1f / (rpos * m3));
      int j = 0;
      for (int i = 0; i < r; i++) {
        int gi = rb.gtIndex()[i];
        if (gi >= 0) {
          Box3d mb = rois.get(i).scaled(config.maskContext());
          mrois.add(mb);
          System.arraycopy(crop.maskTarget(mb, labelBoxes.get(gi)[6], m), 0, mt, j * m3, m3);
          j++;
        }
      }
      RoiAlign3d malign = align(mrois);
      Map<String, INDArray> mph = new HashMap<>();
      mph.put("maskRois", pooled(malign.forward(features), rpos));
      mph.put("maskInput", maskInput(crop.voxels(), mrois));
      mph.put("maskTarget", arr(mt, dt, rpos, 1, m, m, m));
      mph.put("maskWeight", arr(mw, dt, rpos, 1, m, m, m));
      List<String> mvars = new ArrayList<>(MaskRcnnNetwork.trainable(net.maskHead));
      mvars.add("maskRois");
      OutAndGrad mog = net.maskHead.calculateGradientsAndOutputs(mph, List.of("maskLoss"), mvars);
      Map<String, INDArray> mg = mog.getGradients();
      losses[2] = mog.getOutputs().get("maskLoss").getDouble(0);
      collect(grads, "maskHead", net.maskHead, mg);
      add(featGrad, malign.backward(mg.get("maskRois").data().asFloat()));
    }
    return losses;
  }

  /**
   * Backbone gradients of the RPN losses (targets {@code rpn} = label, label weight, delta target,
   * delta weight in network layout) plus the surrogate {@code sum(features * featGrad)}; returns
   * the RPN objectness and box losses.
   */
  double[] backboneGradients(
      INDArray x, float[][] rpn, float[] featGrad, Map<String, INDArray> grads) {
    int a = net.anchorsPerCell();
    int g = net.gridSize();
    DataType dt = net.dataType;
    Map<String, INDArray> ph = new HashMap<>();
    ph.put("input", x);
    ph.put("rpnLabel", arr(rpn[0], dt, 1, a, g, g, g));
    ph.put("rpnWeight", arr(rpn[1], dt, 1, a, g, g, g));
    ph.put("rpnDeltaTarget", arr(rpn[2], dt, 1, 6L * a, g, g, g));
    ph.put("rpnDeltaWeight", arr(rpn[3], dt, 1, 6L * a, g, g, g));
    ph.put("featureGrad", arr(featGrad, dt, 1, config.featureChannels(), g, g, g));
    OutAndGrad og =
        net.backbone.calculateGradientsAndOutputs(
            ph, List.of("rpnObjLoss", "rpnBoxLoss"), net.trainedBackboneVariables());
    collect(grads, "backbone", net.backbone, og.getGradients());
    return new double[] {
      og.getOutputs().get("rpnObjLoss").getDouble(0), og.getOutputs().get("rpnBoxLoss").getDouble(0)
    };
  }

  /** The backbone's feature map for a normalised input, {@code [C, g, g, g]} flattened. */
  float[] features(INDArray x) {
    return net.backbone.output(Map.of("input", x), "features").get("features").data().asFloat();
  }

  private static INDArray arr(float[] v, DataType dt, long... shape) {
    return Nd4j.create(v, shape, 'c').castTo(dt);
  }

  private static void add(float[] acc, float[] v) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += v[i];
    }
  }

  private static void collect(
      Map<String, INDArray> grads, String prefix, SameDiff sd, Map<String, INDArray> g) {
    for (String v : MaskRcnnNetwork.trainable(sd)) {
      INDArray a = g.get(v);
      if (a != null) {
        grads.put(prefix + "/" + v, a);
      }
    }
  }

  private void applyUpdates(Map<String, INDArray> grads, int epoch, double learningRateFactor) {
    Map<String, INDArray> params = net.parameters();
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      INDArray p = params.get(e.getKey());
      GradientUpdater<?> u = updaters.computeIfAbsent(e.getKey(), k -> newUpdater(k, p));
      INDArray g = e.getValue().dup();
      u.applyUpdater(g, iteration, epoch);
      if (learningRateFactor != 1.0) {
        g.muli(learningRateFactor);
      }
      p.subi(g);
    }
  }

  private GradientUpdater<?> newUpdater(String name, INDArray param) {
    IUpdater cfg =
        config.optimizer() == Optimizer.ADAM
            ? new Adam(config.learningRate())
            : new Nesterovs(config.learningRate(), 0.9);
    INDArray state = updaterState.get(name);
    boolean init = state == null;
    if (init) {
      state = Nd4j.zeros(param.dataType(), 1, cfg.stateSize(param.length()));
      updaterState.put(name, state);
    }
    GradientUpdater<?> u = cfg.instantiate(state, init);
    u.setStateViewArray(state, param.shape(), param.ordering(), init);
    return u;
  }

  // --------------------------------------------------------------------------- persistence

  private static final String SEP = "__";
  private static final String UPDATER = "updater";

  /**
   * Copies the weights (and, if asked, the optimizer state) into a SameDiff holding only variables,
   * named {@code graph__variable} and {@code updater__graph__variable}, the form in which {@link
   * org.lungnodule.models.ModelArchive} and {@link org.lungnodule.models.Checkpoints} store it.
   */
  SameDiff toCarrier(boolean withUpdater) {
    SameDiff c = SameDiff.create();
    for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
      c.var(e.getKey().replace("/", SEP), e.getValue().dup());
    }
    if (withUpdater) {
      for (Map.Entry<String, INDArray> e : updaterState.entrySet()) {
        c.var(UPDATER + SEP + e.getKey().replace("/", SEP), e.getValue().dup());
      }
    }
    return c;
  }

  /**
   * Rebuilds a model from a configuration and a carrier written by {@link #toCarrier}.
   *
   * @throws IllegalArgumentException naming the first missing or mis-shaped array
   */
  static MaskRcnnModel fromCarrier(MaskRcnnConfig config, SameDiff carrier, int iteration) {
    MaskRcnnModel m = create(config, 0);
    Map<String, INDArray> params = m.net.parameters();
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      String key = e.getKey().replace("/", SEP);
      if (!carrier.hasVariable(key) || carrier.getVariable(key).getArr() == null) {
        throw new IllegalArgumentException("weights lack '" + key + "'");
      }
      INDArray a = carrier.getVariable(key).getArr();
      if (!java.util.Arrays.equals(a.shape(), e.getValue().shape())) {
        throw new IllegalArgumentException(
            "weights '"
                + key
                + "' have shape "
                + java.util.Arrays.toString(a.shape())
                + ", expected "
                + java.util.Arrays.toString(e.getValue().shape()));
      }
      e.getValue().assign(a);
      String uk = UPDATER + SEP + key;
      if (carrier.hasVariable(uk) && carrier.getVariable(uk).getArr() != null) {
        m.updaterState.put(e.getKey(), carrier.getVariable(uk).getArr().dup());
      }
    }
    m.iteration = iteration;
    return m;
  }

  @Override
  public String toString() {
    return "MaskRcnnModel["
        + config.preset()
        + ", "
        + parameterCount()
        + " parameters, "
        + iteration
        + " steps]";
  }
}
