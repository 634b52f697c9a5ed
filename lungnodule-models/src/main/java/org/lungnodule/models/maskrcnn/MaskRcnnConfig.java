package org.lungnodule.models.maskrcnn;

import static org.lungnodule.models.maskrcnn.ConfigChecks.context;
import static org.lungnodule.models.maskrcnn.ConfigChecks.notNegative;
import static org.lungnodule.models.maskrcnn.ConfigChecks.positive;
import static org.lungnodule.models.maskrcnn.ConfigChecks.stride;
import static org.lungnodule.models.maskrcnn.ConfigChecks.unit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;

/**
 * Every setting of the 3D Mask R-CNN, in five records: {@link Backbone} (architecture), {@link Rpn}
 * (anchors and proposals), {@link RoiHeads} (ROI sampling and the box and mask heads), {@link
 * Inference} (detection and sliding windows) and {@link Training} (schedule and optimizer).
 * Immutable and thread-safe; build one with {@link #builder(Preset)} (a preset fills every field,
 * setters override single ones). Each record validates itself, so a configuration read from an
 * archive obeys the same rules as one built here; {@link #toMap()} and {@link #fromMap(Map)} write
 * and read the versioned archive form (see {@link #fromMap(Map)}).
 *
 * <p>Input convention: one channel of grt123 units (HU clipped to [-1200, 600] mapped to [0, 255],
 * outside the lung field 170) on a 1 mm isotropic grid; the network sees {@code (v - 127.5) /
 * 127.5}. A training step takes one crop of {@code cropSize³} voxels.
 */
public final class MaskRcnnConfig {

  /** Ready-made settings. */
  public enum Preset {
    /**
     * The paper: ResNet50 (bottleneck blocks 3-4-6-3) with 3×3×3 kernels, 256-channel features at
     * stride 32, 128³ crops, 1000 proposals, ROIAlign 7³, 200 epochs, ROI head from epoch 65 and
     * mask head from epoch 80.
     */
    PAPER,
    /**
     * A CPU preset: 64³ crops, a narrow ResNet (basic blocks 1-1, widths 16-32) with 32-channel
     * features at the finer stride 4 for small nodules, 100 proposals.
     */
    SMALL,
    /** A tiny preset for tests: 32³ crops, stride 4, 8-channel features. */
    TINY
  }

  /**
   * The backbone: a ResNet with 3×3×3 kernels after a stem convolution, and a 1×1×1 lateral
   * convolution to the feature channels.
   *
   * @param cropSize edge of a training crop and of an inference window in voxels; positive and a
   *     multiple of {@link #featureStride()}
   * @param stemChannels output channels of the stem convolution (positive)
   * @param stemStride stride of the stem convolution (1 or 2)
   * @param stageBlocks residual blocks per stage (each positive; at least one stage)
   * @param stageWidths base width per stage (each positive; as many as stages)
   * @param stageStrides stride of each stage's first block (each 1 or 2; as many as stages)
   * @param bottleneck whether blocks are bottlenecks (1-3-1 kernels, 4× expansion) or basic (3-3)
   * @param featureChannels channels of the feature map fed to the RPN and the heads (positive)
   * @param normGroups groups of the group normalisation after each convolution (0: none); the stem,
   *     the last stage and the feature channels must be multiples of it
   */
  public record Backbone(
      int cropSize,
      int stemChannels,
      int stemStride,
      List<Integer> stageBlocks,
      List<Integer> stageWidths,
      List<Integer> stageStrides,
      boolean bottleneck,
      int featureChannels,
      int normGroups) {

    /**
     * Validates and copies the lists.
     *
     * @throws IllegalArgumentException for a value out of range, named in the message
     * @throws NullPointerException for a null list or element
     */
    public Backbone {
      positive("crop size", cropSize);
      checkStem(stemChannels, stemStride);
      stageBlocks = List.copyOf(stageBlocks);
      stageWidths = List.copyOf(stageWidths);
      stageStrides = List.copyOf(stageStrides);
      checkStages(stageBlocks, stageWidths, stageStrides);
      positive("feature channels", featureChannels);
      notNegative("norm groups", normGroups);
      int stride = stemStride;
      for (int s : stageStrides) {
        stride *= s;
      }
      if (cropSize % stride != 0) {
        throw new IllegalArgumentException(
            "crop size must be a multiple of the feature stride " + stride + ", got " + cropSize);
      }
      int lastWidth = stageWidths.get(stageWidths.size() - 1) * (bottleneck ? 4 : 1);
      for (int c : new int[] {stemChannels, featureChannels, lastWidth}) {
        checkNormGroups(normGroups, c);
      }
    }

    /** Total stride of the feature map (input voxels per feature cell). */
    public int featureStride() {
      int s = stemStride;
      for (int v : stageStrides) {
        s *= v;
      }
      return s;
    }

    static void checkStem(int channels, int stride) {
      positive("stem channels", channels);
      stride("stem stride", stride);
    }

    static void checkStages(List<Integer> blocks, List<Integer> widths, List<Integer> strides) {
      if (blocks.isEmpty() || blocks.size() != widths.size() || blocks.size() != strides.size()) {
        throw new IllegalArgumentException(
            "stages need equally many blocks, widths and strides (at least one), got "
                + blocks
                + ", "
                + widths
                + ", "
                + strides);
      }
      for (int i = 0; i < blocks.size(); i++) {
        positive("blocks per stage", blocks.get(i));
        positive("stage width", widths.get(i));
        stride("stage stride", strides.get(i));
      }
    }

    /** Whether {@code channels} splits into {@code groups} (always, for 0 groups). */
    static void checkNormGroups(int groups, int channels) {
      if (groups > 0 && channels % groups != 0) {
        throw new IllegalArgumentException(
            "channel counts must be multiples of norm groups " + groups + ", got " + channels);
      }
    }
  }

  /**
   * The region proposal network: cubic anchors, their sampling and the proposals it passes on.
   *
   * @param anchorSizesMm anchor edge lengths in mm (at least one, each positive)
   * @param positiveIou IoU with a nodule at or above which an anchor is positive, in [0, 1]
   * @param negativeIou IoU below which an anchor is negative, in [0, positiveIou]
   * @param batch anchors sampled per crop for the RPN losses (positive)
   * @param preNmsTopN proposals kept before NMS (positive)
   * @param postNmsTopN proposals kept after NMS (positive; 1000 in the paper)
   * @param nmsIou NMS IoU among proposals, in [0, 1]
   * @param hardNegativeFraction fraction in [0, 1] of the sampled negative anchors that are the
   *     ones the RPN currently scores highest (hard negatives: vessels, the lung wall); the rest
   *     are drawn at random. 0: all at random, as in the original Faster R-CNN
   * @param scoreWeight weight w in [0, 1] of the RPN's objectness in a detection's score {@code
   *     head^(1-w) * rpn^w} (0: the box head's probability alone, as in the original Mask R-CNN)
   */
  public record Rpn(
      List<Double> anchorSizesMm,
      double positiveIou,
      double negativeIou,
      int batch,
      int preNmsTopN,
      int postNmsTopN,
      double nmsIou,
      double hardNegativeFraction,
      double scoreWeight) {

    /**
     * Validates and copies the anchor sizes.
     *
     * @throws IllegalArgumentException for a value out of range, named in the message
     * @throws NullPointerException for a null list or element
     */
    public Rpn {
      anchorSizesMm = List.copyOf(anchorSizesMm);
      checkAnchorSizes(anchorSizesMm);
      checkIou(positiveIou, negativeIou);
      positive("rpn batch", batch);
      checkProposals(preNmsTopN, postNmsTopN, nmsIou);
      unit("rpn hard negative fraction", hardNegativeFraction);
      unit("rpn score weight", scoreWeight);
    }

    static void checkAnchorSizes(List<Double> sizes) {
      if (sizes.isEmpty()) {
        throw new IllegalArgumentException("need at least one anchor size");
      }
      for (double d : sizes) {
        if (!(d > 0)) {
          throw new IllegalArgumentException("anchor sizes must be positive, got " + d + " mm");
        }
      }
    }

    static void checkIou(double positive, double negative) {
      unit("rpn positive iou", positive);
      unit("rpn negative iou", negative);
      if (negative > positive) {
        throw new IllegalArgumentException(
            "rpn negative iou must not exceed positive iou, got " + negative + " > " + positive);
      }
    }

    static void checkProposals(int preNms, int postNms, double nmsIou) {
      positive("pre-nms top-n", preNms);
      positive("post-nms top-n", postNms);
      unit("proposal nms iou", nmsIou);
    }
  }

  /**
   * The ROI sampling for training and the two heads behind ROIAlign.
   *
   * @param batch ROIs per crop for the heads' losses (positive)
   * @param positiveFraction fraction of those that are positive, in (0, 1]
   * @param positiveIou IoU with a nodule at or above which a ROI is positive, in [0, 1]
   * @param negativeIou IoU below which a ROI is background, in [0, positiveIou]; ROIs in between
   *     are left out of the heads' losses
   * @param poolSize ROIAlign bins per axis (positive; 7 in the paper); the mask is twice that
   * @param boxHeadHidden width of the box head's two fully connected layers (positive)
   * @param maskHeadChannels channels of the mask head's convolutions (positive)
   * @param maskContext factor in [1, 3] by which a box is enlarged about its centre before the mask
   *     head sees it (and the mask is pasted over the enlarged box): a ROI that is off by a voxel
   *     or two still holds the whole nodule
   * @param boxContext factor in [1, 3] by which a proposal is enlarged about its centre before the
   *     box head pools it (the box deltas stay relative to the proposal): with context the head can
   *     tell a round nodule, whose surroundings are lung, from a vessel, which runs on beyond the
   *     box
   */
  public record RoiHeads(
      int batch,
      double positiveFraction,
      double positiveIou,
      double negativeIou,
      int poolSize,
      int boxHeadHidden,
      int maskHeadChannels,
      double maskContext,
      double boxContext) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException for a value out of range, named in the message
     */
    public RoiHeads {
      checkSampling(batch, positiveFraction, positiveIou, negativeIou);
      positive("pool size", poolSize);
      positive("box head width", boxHeadHidden);
      positive("mask head channels", maskHeadChannels);
      context("mask context", maskContext);
      context("box context", boxContext);
    }

    /** Mask resolution per axis ({@code 2 * poolSize}). */
    public int maskSize() {
      return 2 * poolSize;
    }

    static void checkSampling(
        int batch, double positiveFraction, double positiveIou, double negativeIou) {
      positive("roi batch", batch);
      if (!(positiveFraction > 0 && positiveFraction <= 1)) {
        throw new IllegalArgumentException(
            "roi positive fraction must be in (0, 1], got " + positiveFraction);
      }
      unit("roi positive iou", positiveIou);
      unit("roi negative iou", negativeIou);
      if (negativeIou > positiveIou) {
        throw new IllegalArgumentException(
            "roi negative iou " + negativeIou + " exceeds the positive iou " + positiveIou);
      }
    }
  }

  /**
   * How whole scans are segmented.
   *
   * @param scoreThreshold detections below this score are dropped, in [0, 1] (0.5 in the paper)
   * @param detectionNmsIou NMS IoU among detections (within a window and across windows), in [0, 1]
   * @param maxDetections the most detections kept per window (positive)
   * @param windowOverlap voxels by which neighbouring inference windows overlap (not negative;
   *     below the crop size)
   * @param lungDilationMm dilation in mm, in [0, 50], of the lung field the model's inputs are made
   *     with: 0 keeps {@link LungField}'s default field; a few mm keep juxtapleural nodules whole
   *     that the field would cut. Training cases and scans to segment are both prepared with it
   */
  public record Inference(
      double scoreThreshold,
      double detectionNmsIou,
      int maxDetections,
      int windowOverlap,
      double lungDilationMm) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException for a value out of range, named in the message
     */
    public Inference {
      unit("score threshold", scoreThreshold);
      unit("detection nms iou", detectionNmsIou);
      positive("max detections", maxDetections);
      notNegative("window overlap", windowOverlap);
      checkLungDilation(lungDilationMm);
    }

    /** The lung-field extractor for the model's inputs (the defaults, dilated). */
    public LungField lungField() {
      return LungField.builder().dilationMm(lungDilationMm).build();
    }

    static void checkLungDilation(double mm) {
      if (!(mm >= 0 && mm <= 50)) {
        throw new IllegalArgumentException("lung dilation must be in [0, 50] mm, got " + mm);
      }
    }
  }

  /**
   * The training run: its length, the optimizer, the staged schedule of the heads and how crops are
   * drawn.
   *
   * @param epochs training epochs (positive)
   * @param cropsPerEpoch crops per epoch, one per optimizer step (positive)
   * @param learningRate the learning rate (positive and finite)
   * @param optimizer the optimizer
   * @param learningRateDecay how the learning rate changes over a run, per optimizer step, counted
   *     from the start of the run: a resumed run continues the same curve, a fine-tuning starts its
   *     own. {@link Schedule#COSINE} ends a run at a small rate, so the weights it ends with are
   *     not those of one noisy full-rate step
   * @param roiHeadStart fraction of training, in [0, 1], after which the box head trains
   * @param maskHeadStart fraction of training, in [roiHeadStart, 1], after which the mask head
   *     trains
   * @param positiveCropFraction probability in [0, 1] that a training crop is placed around a
   *     nodule
   * @param backgroundCropsInLung whether the other crops are centred on a random voxel of the lung
   *     field (so that they show vessels and airways, the detector's false positives) rather than
   *     anywhere in the volume (mostly the constant outside of the lungs)
   * @param freezeBackbone whether training keeps the backbone's body (the stem and the ResNet
   *     stages) fixed and updates only the lateral layer, the RPN and the two heads: the "freeze
   *     the early layers" option of fine-tuning. A step then skips the body's backward pass (about
   *     30% of a SMALL step)
   */
  public record Training(
      int epochs,
      int cropsPerEpoch,
      double learningRate,
      Optimizer optimizer,
      Schedule learningRateDecay,
      double roiHeadStart,
      double maskHeadStart,
      double positiveCropFraction,
      boolean backgroundCropsInLung,
      boolean freezeBackbone) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException for a value out of range, named in the message
     * @throws NullPointerException for a null optimizer or learning-rate decay
     */
    public Training {
      positive("epochs", epochs);
      positive("crops per epoch", cropsPerEpoch);
      checkLearningRate(learningRate);
      Objects.requireNonNull(optimizer, "optimizer");
      Objects.requireNonNull(learningRateDecay, "learningRateDecay");
      checkSchedule(roiHeadStart, maskHeadStart);
      unit("positive crop fraction", positiveCropFraction);
    }

    static void checkLearningRate(double v) {
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("learning rate must be positive, got " + v);
      }
    }

    static void checkSchedule(double roiHead, double maskHead) {
      unit("roi head start", roiHead);
      unit("mask head start", maskHead);
      if (maskHead < roiHead) {
        throw new IllegalArgumentException(
            "mask head must not start before the roi head, got " + maskHead + " < " + roiHead);
      }
    }
  }

  private final Preset preset;
  private final Backbone backbone;
  private final Rpn rpn;
  private final RoiHeads roiHeads;
  private final Inference inference;
  private final Training training;

  /**
   * Joins the five records and checks the rules between them.
   *
   * @throws IllegalArgumentException if the window overlap is not below the crop size, or the mask
   *     head's channels are not a multiple of the norm groups
   */
  MaskRcnnConfig(
      Preset preset,
      Backbone backbone,
      Rpn rpn,
      RoiHeads roiHeads,
      Inference inference,
      Training training) {
    this.preset = Objects.requireNonNull(preset, "preset");
    this.backbone = Objects.requireNonNull(backbone, "backbone");
    this.rpn = Objects.requireNonNull(rpn, "rpn");
    this.roiHeads = Objects.requireNonNull(roiHeads, "roiHeads");
    this.inference = Objects.requireNonNull(inference, "inference");
    this.training = Objects.requireNonNull(training, "training");
    if (inference.windowOverlap() >= backbone.cropSize()) {
      throw new IllegalArgumentException(
          "window overlap must be below the crop size "
              + backbone.cropSize()
              + ", got "
              + inference.windowOverlap());
    }
    Backbone.checkNormGroups(backbone.normGroups(), roiHeads.maskHeadChannels());
  }

  /** Returns a builder filled with a preset. */
  public static Builder builder(Preset preset) {
    return new Builder(Objects.requireNonNull(preset, "preset"));
  }

  /** Returns the preset's settings unchanged. */
  public static MaskRcnnConfig of(Preset preset) {
    return builder(preset).build();
  }

  /** The preset this configuration started from. */
  public Preset preset() {
    return preset;
  }

  /** The backbone's settings. */
  public Backbone backbone() {
    return backbone;
  }

  /** The region proposal network's settings. */
  public Rpn rpn() {
    return rpn;
  }

  /** The ROI sampling and the box and mask heads' settings. */
  public RoiHeads roiHeads() {
    return roiHeads;
  }

  /** How whole scans are segmented. */
  public Inference inference() {
    return inference;
  }

  /** The training run's settings. */
  public Training training() {
    return training;
  }

  /** Edge of a training crop and of an inference window, in voxels ({@link Backbone#cropSize}). */
  public int cropSize() {
    return backbone.cropSize();
  }

  /** Total stride of the feature map (input voxels per feature cell). */
  public int featureStride() {
    return backbone.featureStride();
  }

  /** Feature channels fed to the RPN and the heads. */
  public int featureChannels() {
    return backbone.featureChannels();
  }

  /** Anchor edge lengths in mm (a new array). */
  public double[] anchorSizesMm() {
    return rpn.anchorSizesMm().stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Proposals kept after NMS (1000 in the paper). */
  public int postNmsTopN() {
    return rpn.postNmsTopN();
  }

  /** ROIAlign bins per axis. */
  public int poolSize() {
    return roiHeads.poolSize();
  }

  /** Mask resolution per axis ({@code 2 * poolSize}). */
  public int maskSize() {
    return roiHeads.maskSize();
  }

  /** Detections below this score are dropped. */
  public double scoreThreshold() {
    return inference.scoreThreshold();
  }

  /** Training epochs. */
  public int epochs() {
    return training.epochs();
  }

  /** Crops per epoch (one crop per optimizer step). */
  public int cropsPerEpoch() {
    return training.cropsPerEpoch();
  }

  /** The optimizer. */
  public Optimizer optimizer() {
    return training.optimizer();
  }

  /**
   * How the learning rate changes over a training run (default {@link Schedule#CONSTANT}); see
   * {@link Training#learningRateDecay}.
   */
  public Schedule learningRateDecay() {
    return training.learningRateDecay();
  }

  /** Learning rate. */
  public double learningRate() {
    return training.learningRate();
  }

  /** Fraction of training after which the box head trains. */
  public double roiHeadStart() {
    return training.roiHeadStart();
  }

  /** Fraction of training after which the mask head trains. */
  public double maskHeadStart() {
    return training.maskHeadStart();
  }

  /**
   * Factor by which a box is enlarged about its centre for the mask head; see {@link
   * RoiHeads#maskContext}.
   */
  public double maskContext() {
    return roiHeads.maskContext();
  }

  /**
   * Weight w of the RPN's objectness in a detection's score {@code head^(1-w) * rpn^w}; see {@link
   * Rpn#scoreWeight}.
   */
  public double rpnScoreWeight() {
    return rpn.scoreWeight();
  }

  /**
   * Factor by which a proposal is enlarged about its centre for the box head; see {@link
   * RoiHeads#boxContext}.
   */
  public double boxContext() {
    return roiHeads.boxContext();
  }

  /**
   * Fraction of the RPN's sampled negative anchors that are the highest-scoring ones; see {@link
   * Rpn#hardNegativeFraction}.
   */
  public double rpnHardNegativeFraction() {
    return rpn.hardNegativeFraction();
  }

  /**
   * Whether background training crops are centred on the lung field; see {@link
   * Training#backgroundCropsInLung}.
   */
  public boolean backgroundCropsInLung() {
    return training.backgroundCropsInLung();
  }

  /** Whether training keeps the backbone's body fixed; see {@link Training#freezeBackbone}. */
  public boolean freezeBackbone() {
    return training.freezeBackbone();
  }

  /**
   * Dilation (mm) of the lung field the model's inputs are made with; see {@link
   * Inference#lungDilationMm}. Training cases and scans to segment must be prepared with {@link
   * #lungField()}.
   */
  public double lungDilationMm() {
    return inference.lungDilationMm();
  }

  /**
   * The lung-field extractor for this model's inputs (the defaults, dilated by {@link
   * #lungDilationMm()}).
   */
  public LungField lungField() {
    return inference.lungField();
  }

  /** Voxels by which neighbouring inference windows overlap. */
  public int windowOverlap() {
    return inference.windowOverlap();
  }

  /**
   * Returns every setting by name, the archive form (for provenance, printing and {@link
   * #fromMap}): {@code configVersion} (the format's version, now 2) and one key per setting, plus
   * {@code featureStride} (derived from the strides, written for readers of the provenance).
   * Numbers and booleans are boxed, lists and enums are strings ({@code "[1, 1]"}, {@code "ADAM"}).
   */
  public Map<String, Object> toMap() {
    return MaskRcnnConfigCodec.write(this);
  }

  /**
   * Rebuilds a configuration from {@link #toMap()} (as read back from an archive), values as
   * objects or their strings.
   *
   * <p>A map with {@code configVersion=2} must hold every key {@link #toMap()} writes and no other.
   * A map without {@code configVersion} is version 1, the form archives were written in before the
   * version existed; it is migrated to version 2 first by filling the keys that the oldest archives
   * lack with the values those archives were always read with: {@code roiNegativeIou} = {@code
   * roiPositiveIou} (no ignore band), {@code maskContext} 1.5, {@code rpnScoreWeight} 0.5, {@code
   * boxContext} 1.0, {@code rpnHardNegativeFraction} 0, {@code backgroundCropsInLung} false, {@code
   * freezeBackbone} false, {@code learningRateDecay} {@code CONSTANT} and {@code lungDilationMm} 0.
   * An explicit {@code configVersion=1} is read the same way; any other version is refused.
   *
   * @throws IllegalArgumentException if the version is unknown, a key is missing or unknown (named
   *     in the message), or a value is malformed or out of range
   */
  public static MaskRcnnConfig fromMap(Map<String, ?> m) {
    return MaskRcnnConfigCodec.read(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskRcnnConfig c
        && c.preset == preset
        && c.backbone.equals(backbone)
        && c.rpn.equals(rpn)
        && c.roiHeads.equals(roiHeads)
        && c.inference.equals(inference)
        && c.training.equals(training);
  }

  @Override
  public int hashCode() {
    return Objects.hash(preset, backbone, rpn, roiHeads, inference, training);
  }

  @Override
  public String toString() {
    return "MaskRcnnConfig" + toMap();
  }

  public static final class Builder {
    private final Preset preset;
    private final Map<String, Object> set = new LinkedHashMap<>();
    private int cropSize;
    private int stemChannels;
    private int stemStride;
    private int[] stageBlocks;
    private int[] stageWidths;
    private int[] stageStrides;
    private boolean bottleneck;
    private int featureChannels;
    private int normGroups;
    private double[] anchorSizesMm;
    private double rpnPositiveIou = 0.4;
    private double rpnNegativeIou = 0.1;
    private int rpnBatch;
    private int preNmsTopN;
    private int postNmsTopN;
    private double rpnNmsIou = 0.3;
    private int roiBatch;
    private double roiPositiveFraction = 0.25;
    private double roiPositiveIou = 0.25;
    private double roiNegativeIou = 0.1;
    private int poolSize = 7;
    private int boxHeadHidden;
    private int maskHeadChannels;
    private double scoreThreshold = 0.5;
    private double detectionNmsIou = 0.1;
    private int maxDetections;
    private int windowOverlap;
    private int epochs;
    private int cropsPerEpoch;
    private double learningRate;
    private Optimizer optimizer = Optimizer.ADAM;
    private Schedule learningRateDecay = Schedule.CONSTANT;
    private double roiHeadStart = 65.0 / 200;
    private double maskHeadStart = 80.0 / 200;
    private double positiveCropFraction = 0.7;
    private double maskContext = 1.5;
    private double rpnScoreWeight = 0.5;
    private double boxContext = 1.0;
    private double rpnHardNegativeFraction = 0.0;
    private boolean backgroundCropsInLung = true;
    private boolean freezeBackbone = false;
    private double lungDilationMm = 0;

    private Builder(Preset preset) {
      this.preset = preset;
      switch (preset) {
        case PAPER -> {
          cropSize = 128;
          stemChannels = 64;
          stemStride = 2;
          stageBlocks = new int[] {3, 4, 6, 3};
          stageWidths = new int[] {64, 128, 256, 512};
          stageStrides = new int[] {2, 2, 2, 2};
          bottleneck = true;
          featureChannels = 256;
          normGroups = 32;
          anchorSizesMm = new double[] {5, 10, 20, 30};
          rpnBatch = 256;
          preNmsTopN = 6000;
          postNmsTopN = 1000;
          roiBatch = 128;
          boxHeadHidden = 1024;
          maskHeadChannels = 256;
          maxDetections = 20;
          windowOverlap = 32;
          epochs = 200;
          cropsPerEpoch = 500;
          learningRate = 1e-4;
        }
        case SMALL -> {
          cropSize = 64;
          stemChannels = 16;
          stemStride = 1;
          stageBlocks = new int[] {1, 1};
          stageWidths = new int[] {16, 32};
          stageStrides = new int[] {2, 2};
          bottleneck = false;
          featureChannels = 32;
          normGroups = 8;
          anchorSizesMm = new double[] {6, 12, 24};
          rpnBatch = 64;
          preNmsTopN = 1000;
          postNmsTopN = 100;
          roiBatch = 32;
          boxHeadHidden = 128;
          maskHeadChannels = 32;
          maxDetections = 20;
          windowOverlap = 16;
          epochs = 20;
          cropsPerEpoch = 50;
          learningRate = 1e-3;
          roiHeadStart = 0.2;
          maskHeadStart = 0.3;
        }
        case TINY -> {
          cropSize = 32;
          stemChannels = 8;
          stemStride = 1;
          stageBlocks = new int[] {1, 1};
          stageWidths = new int[] {8, 8};
          stageStrides = new int[] {2, 2};
          bottleneck = false;
          featureChannels = 8;
          normGroups = 4;
          anchorSizesMm = new double[] {6, 12};
          rpnBatch = 32;
          preNmsTopN = 200;
          postNmsTopN = 20;
          roiBatch = 8;
          poolSize = 4;
          boxHeadHidden = 32;
          maskHeadChannels = 8;
          maxDetections = 10;
          windowOverlap = 8;
          epochs = 2;
          cropsPerEpoch = 4;
          learningRate = 1e-3;
          roiHeadStart = 0;
          maskHeadStart = 0;
        }
        default -> throw new IllegalArgumentException("unknown preset " + preset);
      }
    }

    private void once(String name, Object old) {
      if (set.containsKey(name)) {
        throw new IllegalStateException(name + " was already set to " + set.get(name));
      }
      set.put(name, old);
    }

    /** LabelledCrop (and window) edge in voxels; must be a multiple of the feature stride. */
    public Builder cropSize(int v) {
      positive("crop size", v);
      once("cropSize", v);
      cropSize = v;
      return this;
    }

    /** Stem convolution: output channels and stride (1 or 2). */
    public Builder stem(int channels, int stride) {
      Backbone.checkStem(channels, stride);
      once("stem", channels + "/" + stride);
      stemChannels = channels;
      stemStride = stride;
      return this;
    }

    /**
     * Residual stages: blocks per stage, base width per stage, stride of each stage's first block
     * (1 or 2), and whether blocks are bottlenecks (1-3-1 kernels, 4× expansion) or basic (3-3).
     */
    public Builder stages(int[] blocks, int[] widths, int[] strides, boolean bottleneck) {
      Backbone.checkStages(list(blocks), list(widths), list(strides));
      once("stages", Arrays.toString(blocks));
      stageBlocks = blocks.clone();
      stageWidths = widths.clone();
      stageStrides = strides.clone();
      this.bottleneck = bottleneck;
      return this;
    }

    /** Feature channels of the backbone output (256 in the paper). */
    public Builder featureChannels(int v) {
      positive("feature channels", v);
      once("featureChannels", v);
      featureChannels = v;
      return this;
    }

    /** Groups of the group normalisation after each convolution (0: no normalisation). */
    public Builder normGroups(int v) {
      notNegative("norm groups", v);
      once("normGroups", v);
      normGroups = v;
      return this;
    }

    /** Anchor edge lengths in mm (at least one). */
    public Builder anchorSizesMm(double... v) {
      Rpn.checkAnchorSizes(Arrays.stream(v).boxed().toList());
      once("anchorSizesMm", Arrays.toString(v));
      anchorSizesMm = v.clone();
      return this;
    }

    /** IoU at or above which an anchor is positive, and below which it is negative. */
    public Builder rpnIou(double positive, double negative) {
      Rpn.checkIou(positive, negative);
      once("rpnIou", positive + "/" + negative);
      rpnPositiveIou = positive;
      rpnNegativeIou = negative;
      return this;
    }

    /** Anchors sampled per crop for the RPN losses. */
    public Builder rpnBatch(int v) {
      positive("rpn batch", v);
      once("rpnBatch", v);
      rpnBatch = v;
      return this;
    }

    /** Proposals: top-N before NMS, top-N after NMS (1000 in the paper) and the NMS IoU. */
    public Builder proposals(int preNms, int postNms, double nmsIou) {
      Rpn.checkProposals(preNms, postNms, nmsIou);
      once("proposals", preNms + "/" + postNms);
      preNmsTopN = preNms;
      postNmsTopN = postNms;
      rpnNmsIou = nmsIou;
      return this;
    }

    /**
     * ROIs per crop for the heads, the positive fraction and the IoU making a ROI positive; ROIs
     * below that IoU are negative (no ignore band).
     */
    public Builder roiSampling(int batch, double positiveFraction, double positiveIou) {
      return roiSampling(batch, positiveFraction, positiveIou, positiveIou);
    }

    /**
     * ROIs per crop for the heads, the positive fraction, the IoU with a nodule at or above which a
     * ROI is positive and the IoU below which it is background; ROIs in between are left out of the
     * heads' losses. Defaults 0.25 and 0.1: a 3 mm nodule's box is 3 voxels wide, so one voxel of
     * misplacement costs half its IoU, and a head taught that IoU 0.39 is background learns to
     * reject the proposals it will see at inference.
     */
    public Builder roiSampling(
        int batch, double positiveFraction, double positiveIou, double negativeIou) {
      RoiHeads.checkSampling(batch, positiveFraction, positiveIou, negativeIou);
      once("roiSampling", batch);
      roiBatch = batch;
      roiPositiveFraction = positiveFraction;
      roiPositiveIou = positiveIou;
      roiNegativeIou = negativeIou;
      return this;
    }

    /** ROIAlign bins per axis (7 in the paper); the mask is twice that. */
    public Builder poolSize(int v) {
      positive("pool size", v);
      once("poolSize", v);
      poolSize = v;
      return this;
    }

    /** Width of the box head's two fully connected layers. */
    public Builder boxHeadHidden(int v) {
      positive("box head width", v);
      once("boxHeadHidden", v);
      boxHeadHidden = v;
      return this;
    }

    /** Channels of the mask head's convolutions. */
    public Builder maskHeadChannels(int v) {
      positive("mask head channels", v);
      once("maskHeadChannels", v);
      maskHeadChannels = v;
      return this;
    }

    /** Detections below this score are dropped (0.5 in the paper). */
    public Builder scoreThreshold(double v) {
      unit("score threshold", v);
      once("scoreThreshold", v);
      scoreThreshold = v;
      return this;
    }

    /**
     * NMS IoU among detections (within a window and across windows) and the most kept per window.
     */
    public Builder detectionNms(double iou, int maxDetections) {
      unit("detection nms iou", iou);
      positive("max detections", maxDetections);
      once("detectionNms", iou + "/" + maxDetections);
      detectionNmsIou = iou;
      this.maxDetections = maxDetections;
      return this;
    }

    /** Overlap of neighbouring inference windows in voxels (less than the crop size). */
    public Builder windowOverlap(int v) {
      notNegative("window overlap", v);
      once("windowOverlap", v);
      windowOverlap = v;
      return this;
    }

    /** Training epochs. */
    public Builder epochs(int v) {
      positive("epochs", v);
      once("epochs", v);
      epochs = v;
      return this;
    }

    /** Crops per epoch. */
    public Builder cropsPerEpoch(int v) {
      positive("crops per epoch", v);
      once("cropsPerEpoch", v);
      cropsPerEpoch = v;
      return this;
    }

    /** Learning rate. */
    public Builder learningRate(double v) {
      Training.checkLearningRate(v);
      once("learningRate", v);
      learningRate = v;
      return this;
    }

    /** How the learning rate changes over a run (default {@link Schedule#CONSTANT}). */
    public Builder learningRateDecay(Schedule v) {
      Objects.requireNonNull(v, "learningRateDecay");
      once("learningRateDecay", v);
      learningRateDecay = v;
      return this;
    }

    /** The optimizer. */
    public Builder optimizer(Optimizer v) {
      Objects.requireNonNull(v, "optimizer");
      once("optimizer", v);
      optimizer = v;
      return this;
    }

    /**
     * The staged schedule as fractions of training: the box head trains from {@code roiHead}, the
     * mask head from {@code maskHead} (paper: 65/200 and 80/200).
     */
    public Builder schedule(double roiHead, double maskHead) {
      Training.checkSchedule(roiHead, maskHead);
      once("schedule", roiHead + "/" + maskHead);
      roiHeadStart = roiHead;
      maskHeadStart = maskHead;
      return this;
    }

    /** Probability that a training crop is placed around a nodule (otherwise anywhere). */
    public Builder positiveCropFraction(double v) {
      unit("positive crop fraction", v);
      once("positiveCropFraction", v);
      positiveCropFraction = v;
      return this;
    }

    /**
     * Enlargement of a box about its centre for the mask head (1 = the box itself, as in the
     * original Mask R-CNN; default 1.5, between 1 and 3).
     */
    public Builder maskContext(double v) {
      context("mask context", v);
      once("maskContext", v);
      maskContext = v;
      return this;
    }

    /**
     * Weight w in [0, 1] of the RPN's objectness in a detection's score {@code head^(1-w) * rpn^w};
     * default 0.5 (the geometric mean). The box head only ever sees proposals, most of them near
     * nodules in training crops, while the RPN is trained on every anchor of every crop, so its
     * objectness helps rank the scan's vessels and wall below its nodules.
     */
    public Builder rpnScoreWeight(double v) {
      unit("rpn score weight", v);
      once("rpnScoreWeight", v);
      rpnScoreWeight = v;
      return this;
    }

    /**
     * Enlargement of a proposal about its centre for the box head's pooling (1 = the proposal
     * itself, as in the original Mask R-CNN; between 1 and 3). The box deltas stay relative to the
     * proposal.
     */
    public Builder boxContext(double v) {
      context("box context", v);
      once("boxContext", v);
      boxContext = v;
      return this;
    }

    /**
     * Fraction in [0, 1] of the RPN's sampled negative anchors taken as those it currently scores
     * highest (online hard-negative mining); the rest are drawn at random. 0 (the default): all at
     * random, as in the original Faster R-CNN.
     */
    public Builder rpnHardNegativeFraction(double v) {
      unit("rpn hard negative fraction", v);
      once("rpnHardNegativeFraction", v);
      rpnHardNegativeFraction = v;
      return this;
    }

    /**
     * Whether training crops not placed around a nodule are centred on a random lung-field voxel
     * (default true) or placed anywhere in the volume (false, as before this option).
     */
    public Builder backgroundCropsInLung(boolean v) {
      once("backgroundCropsInLung", v);
      backgroundCropsInLung = v;
      return this;
    }

    /**
     * Whether training updates only the lateral layer, the RPN and the heads, keeping the stem and
     * the ResNet stages as they are (default false: everything trains).
     */
    public Builder freezeBackbone(boolean v) {
      once("freezeBackbone", v);
      freezeBackbone = v;
      return this;
    }

    /**
     * Dilation (mm) of the lung field the inputs are made with (default 0; see {@link
     * MaskRcnnConfig#lungDilationMm()}).
     *
     * @throws IllegalArgumentException unless mm is in [0, 50]
     */
    public Builder lungDilationMm(double mm) {
      Inference.checkLungDilation(mm);
      once("lungDilationMm", mm);
      lungDilationMm = mm;
      return this;
    }

    /**
     * Builds the configuration; the builder is left as it was and may build again.
     *
     * @throws IllegalArgumentException if the crop is not a multiple of the feature stride, the
     *     window overlap is not below the crop size, or a channel count is not a multiple of the
     *     norm groups
     */
    public MaskRcnnConfig build() {
      return new MaskRcnnConfig(
          preset,
          new Backbone(
              cropSize,
              stemChannels,
              stemStride,
              list(stageBlocks),
              list(stageWidths),
              list(stageStrides),
              bottleneck,
              featureChannels,
              normGroups),
          new Rpn(
              Arrays.stream(anchorSizesMm).boxed().toList(),
              rpnPositiveIou,
              rpnNegativeIou,
              rpnBatch,
              preNmsTopN,
              postNmsTopN,
              rpnNmsIou,
              rpnHardNegativeFraction,
              rpnScoreWeight),
          new RoiHeads(
              roiBatch,
              roiPositiveFraction,
              roiPositiveIou,
              roiNegativeIou,
              poolSize,
              boxHeadHidden,
              maskHeadChannels,
              maskContext,
              boxContext),
          new Inference(
              scoreThreshold, detectionNmsIou, maxDetections, windowOverlap, lungDilationMm),
          new Training(
              epochs,
              cropsPerEpoch,
              learningRate,
              optimizer,
              learningRateDecay,
              roiHeadStart,
              maskHeadStart,
              positiveCropFraction,
              backgroundCropsInLung,
              freezeBackbone));
    }

    private static List<Integer> list(int[] v) {
      return Arrays.stream(v).boxed().toList();
    }

    @Override
    public String toString() {
      return "MaskRcnnConfig.Builder[" + preset + ", set " + set.keySet() + "]";
    }
  }
}
