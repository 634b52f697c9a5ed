package org.lungnodule.models.maskrcnn;

import static org.lungnodule.models.maskrcnn.ConfigChecks.context;
import static org.lungnodule.models.maskrcnn.ConfigChecks.notNegative;
import static org.lungnodule.models.maskrcnn.ConfigChecks.positive;
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
 * Every setting of the 3D Mask R-CNN, in five records: {@link BackboneSettings} (architecture),
 * {@link RpnSettings} (anchors and proposals), {@link RoiHeadSettings} (ROI sampling and the box
 * and mask heads), {@link InferenceSettings} (detection and sliding windows) and {@link
 * TrainingSettings} (schedule and optimizer). Immutable and thread-safe; build one with {@link
 * #builder(Preset)} (a preset fills every field, setters override single ones). Each record
 * validates itself, so a configuration read from an archive obeys the same rules as one built here;
 * {@link #toMap()} and {@link #fromMap(Map)} write and read the versioned archive form (see {@link
 * #fromMap(Map)}).
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

  private final Preset preset;
  private final BackboneSettings backbone;
  private final RpnSettings rpn;
  private final RoiHeadSettings roiHeads;
  private final InferenceSettings inference;
  private final TrainingSettings training;

  /**
   * Joins the five records and checks the rules between them.
   *
   * @throws IllegalArgumentException if the window overlap is not below the crop size, or the mask
   *     head's channels are not a multiple of the norm groups
   */
  MaskRcnnConfig(
      Preset preset,
      BackboneSettings backbone,
      RpnSettings rpn,
      RoiHeadSettings roiHeads,
      InferenceSettings inference,
      TrainingSettings training) {
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
    BackboneSettings.checkNormGroups(backbone.normGroups(), roiHeads.maskHeadChannels());
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
  public BackboneSettings backbone() {
    return backbone;
  }

  /** The region proposal network's settings. */
  public RpnSettings rpn() {
    return rpn;
  }

  /** The ROI sampling and the box and mask heads' settings. */
  public RoiHeadSettings roiHeads() {
    return roiHeads;
  }

  /** How whole scans are segmented. */
  public InferenceSettings inference() {
    return inference;
  }

  /** The training run's settings. */
  public TrainingSettings training() {
    return training;
  }

  /**
   * Edge of a training crop and of an inference window, in voxels ({@link
   * BackboneSettings#cropSize}).
   */
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
   * {@link TrainingSettings#learningRateDecay}.
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
   * RoiHeadSettings#maskContext}.
   */
  public double maskContext() {
    return roiHeads.maskContext();
  }

  /**
   * Weight w of the RPN's objectness in a detection's score {@code head^(1-w) * rpn^w}; see {@link
   * RpnSettings#scoreWeight}.
   */
  public double rpnScoreWeight() {
    return rpn.scoreWeight();
  }

  /**
   * Factor by which a proposal is enlarged about its centre for the box head; see {@link
   * RoiHeadSettings#boxContext}.
   */
  public double boxContext() {
    return roiHeads.boxContext();
  }

  /**
   * Fraction of the RPN's sampled negative anchors that are the highest-scoring ones; see {@link
   * RpnSettings#hardNegativeFraction}.
   */
  public double rpnHardNegativeFraction() {
    return rpn.hardNegativeFraction();
  }

  /**
   * Whether background training crops are centred on the lung field; see {@link
   * TrainingSettings#backgroundCropsInLung}.
   */
  public boolean backgroundCropsInLung() {
    return training.backgroundCropsInLung();
  }

  /**
   * Whether training keeps the backbone's body fixed; see {@link TrainingSettings#freezeBackbone}.
   */
  public boolean freezeBackbone() {
    return training.freezeBackbone();
  }

  /**
   * Dilation (mm) of the lung field the model's inputs are made with; see {@link
   * InferenceSettings#lungDilationMm}. Training cases and scans to segment must be prepared with
   * {@link #lungField()}.
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
      BackboneSettings.checkStem(channels, stride);
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
      BackboneSettings.checkStages(list(blocks), list(widths), list(strides));
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
      RpnSettings.checkAnchorSizes(Arrays.stream(v).boxed().toList());
      once("anchorSizesMm", Arrays.toString(v));
      anchorSizesMm = v.clone();
      return this;
    }

    /** IoU at or above which an anchor is positive, and below which it is negative. */
    public Builder rpnIou(double positive, double negative) {
      RpnSettings.checkIou(positive, negative);
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
      RpnSettings.checkProposals(preNms, postNms, nmsIou);
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
      RoiHeadSettings.checkSampling(batch, positiveFraction, positiveIou, negativeIou);
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
      TrainingSettings.checkLearningRate(v);
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
      TrainingSettings.checkSchedule(roiHead, maskHead);
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
      InferenceSettings.checkLungDilation(mm);
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
          new BackboneSettings(
              cropSize,
              stemChannels,
              stemStride,
              list(stageBlocks),
              list(stageWidths),
              list(stageStrides),
              bottleneck,
              featureChannels,
              normGroups),
          new RpnSettings(
              Arrays.stream(anchorSizesMm).boxed().toList(),
              rpnPositiveIou,
              rpnNegativeIou,
              rpnBatch,
              preNmsTopN,
              postNmsTopN,
              rpnNmsIou,
              rpnHardNegativeFraction,
              rpnScoreWeight),
          new RoiHeadSettings(
              roiBatch,
              roiPositiveFraction,
              roiPositiveIou,
              roiNegativeIou,
              poolSize,
              boxHeadHidden,
              maskHeadChannels,
              maskContext,
              boxContext),
          new InferenceSettings(
              scoreThreshold, detectionNmsIou, maxDetections, windowOverlap, lungDilationMm),
          new TrainingSettings(
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
