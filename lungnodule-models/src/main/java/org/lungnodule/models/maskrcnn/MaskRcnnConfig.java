package org.lungnodule.models.maskrcnn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;

/**
 * Every setting of the 3D Mask R-CNN: architecture, anchors, proposal and ROI sampling, detection,
 * training schedule and optimizer. Immutable and thread-safe; build one with {@link
 * #builder(Preset)} (a preset fills every field, setters override single ones).
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

  final Preset preset;
  final int cropSize;
  final int stemChannels;
  final int stemStride;
  final int[] stageBlocks;
  final int[] stageWidths;
  final int[] stageStrides;
  final boolean bottleneck;
  final int featureChannels;
  final int normGroups;
  final double[] anchorSizesMm;
  final double rpnPositiveIou;
  final double rpnNegativeIou;
  final int rpnBatch;
  final int preNmsTopN;
  final int postNmsTopN;
  final double rpnNmsIou;
  final int roiBatch;
  final double roiPositiveFraction;
  final double roiPositiveIou;
  final double roiNegativeIou;
  final int poolSize;
  final int boxHeadHidden;
  final int maskHeadChannels;
  final double scoreThreshold;
  final double detectionNmsIou;
  final int maxDetections;
  final int windowOverlap;
  final int epochs;
  final int cropsPerEpoch;
  final double learningRate;
  final Optimizer optimizer;
  final Schedule learningRateDecay;
  final double roiHeadStart;
  final double maskHeadStart;
  final double positiveCropFraction;
  final double maskContext;
  final double rpnScoreWeight;
  final double boxContext;
  final double rpnHardNegativeFraction;
  final boolean backgroundCropsInLung;
  final boolean freezeBackbone;
  final double lungDilationMm;

  private MaskRcnnConfig(Builder b) {
    preset = b.preset;
    cropSize = b.cropSize;
    stemChannels = b.stemChannels;
    stemStride = b.stemStride;
    stageBlocks = b.stageBlocks.clone();
    stageWidths = b.stageWidths.clone();
    stageStrides = b.stageStrides.clone();
    bottleneck = b.bottleneck;
    featureChannels = b.featureChannels;
    normGroups = b.normGroups;
    anchorSizesMm = b.anchorSizesMm.clone();
    rpnPositiveIou = b.rpnPositiveIou;
    rpnNegativeIou = b.rpnNegativeIou;
    rpnBatch = b.rpnBatch;
    preNmsTopN = b.preNmsTopN;
    postNmsTopN = b.postNmsTopN;
    rpnNmsIou = b.rpnNmsIou;
    roiBatch = b.roiBatch;
    roiPositiveFraction = b.roiPositiveFraction;
    roiPositiveIou = b.roiPositiveIou;
    roiNegativeIou = b.roiNegativeIou;
    poolSize = b.poolSize;
    boxHeadHidden = b.boxHeadHidden;
    maskHeadChannels = b.maskHeadChannels;
    scoreThreshold = b.scoreThreshold;
    detectionNmsIou = b.detectionNmsIou;
    maxDetections = b.maxDetections;
    windowOverlap = b.windowOverlap;
    epochs = b.epochs;
    cropsPerEpoch = b.cropsPerEpoch;
    learningRate = b.learningRate;
    optimizer = b.optimizer;
    learningRateDecay = b.learningRateDecay;
    roiHeadStart = b.roiHeadStart;
    maskHeadStart = b.maskHeadStart;
    positiveCropFraction = b.positiveCropFraction;
    maskContext = b.maskContext;
    rpnScoreWeight = b.rpnScoreWeight;
    boxContext = b.boxContext;
    rpnHardNegativeFraction = b.rpnHardNegativeFraction;
    backgroundCropsInLung = b.backgroundCropsInLung;
    freezeBackbone = b.freezeBackbone;
    lungDilationMm = b.lungDilationMm;
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

  /** Edge of a training crop and of an inference window, in voxels. */
  public int cropSize() {
    return cropSize;
  }

  /** Total stride of the feature map (input voxels per feature cell). */
  public int featureStride() {
    int s = stemStride;
    for (int v : stageStrides) {
      s *= v;
    }
    return s;
  }

  /** Feature channels fed to the RPN and the heads. */
  public int featureChannels() {
    return featureChannels;
  }

  /** Anchor edge lengths in mm. */
  public double[] anchorSizesMm() {
    return anchorSizesMm.clone();
  }

  /** Proposals kept after NMS (1000 in the paper). */
  public int postNmsTopN() {
    return postNmsTopN;
  }

  /** ROIAlign bins per axis. */
  public int poolSize() {
    return poolSize;
  }

  /** Mask resolution per axis ({@code 2 * poolSize}). */
  public int maskSize() {
    return 2 * poolSize;
  }

  /** Detections below this score are dropped. */
  public double scoreThreshold() {
    return scoreThreshold;
  }

  /** Training epochs. */
  public int epochs() {
    return epochs;
  }

  /** Crops per epoch (one crop per optimizer step). */
  public int cropsPerEpoch() {
    return cropsPerEpoch;
  }

  /** The optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * How the learning rate changes over a training run (default {@link Schedule#CONSTANT}), per
   * optimizer step, counted from the start of the run: a resumed run continues the same curve, a
   * fine-tuning starts its own. {@link Schedule#COSINE} ends a run at a small rate, so the weights
   * it ends with are not those of one noisy full-rate step.
   */
  public Schedule learningRateDecay() {
    return learningRateDecay;
  }

  /** Learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** Fraction of training after which the box head trains. */
  public double roiHeadStart() {
    return roiHeadStart;
  }

  /** Fraction of training after which the mask head trains. */
  public double maskHeadStart() {
    return maskHeadStart;
  }

  /**
   * Factor by which a box is enlarged about its centre before the mask head sees it (and the mask
   * is pasted over the enlarged box): a ROI that is off by a voxel or two still holds the whole
   * nodule.
   */
  public double maskContext() {
    return maskContext;
  }

  /**
   * Weight w of the RPN's objectness in a detection's score {@code head^(1-w) * rpn^w} (0: the box
   * head's probability alone, as in the original Mask R-CNN).
   */
  public double rpnScoreWeight() {
    return rpnScoreWeight;
  }

  /**
   * Factor by which a proposal is enlarged about its centre before the box head pools it (the box
   * deltas stay relative to the proposal itself): with context the head can tell a round nodule,
   * whose surroundings are lung, from a vessel, which runs on beyond the box.
   */
  public double boxContext() {
    return boxContext;
  }

  /**
   * Fraction of the RPN's sampled negative anchors that are the highest-scoring ones (hard
   * negatives: vessels, the lung wall); the rest are drawn at random.
   */
  public double rpnHardNegativeFraction() {
    return rpnHardNegativeFraction;
  }

  /**
   * Whether the training crops that are not placed around a nodule are centred on a random voxel of
   * the lung field (so that they show vessels and airways, the detector's false positives) rather
   * than anywhere in the volume (mostly the constant outside of the lungs).
   */
  public boolean backgroundCropsInLung() {
    return backgroundCropsInLung;
  }

  /**
   * Whether training keeps the backbone's body (the stem and the ResNet stages) fixed and updates
   * only the lateral layer, the RPN and the two heads: the "freeze the early layers" option of
   * fine-tuning. A step then skips the body's backward pass (about 30% of a SMALL step).
   */
  public boolean freezeBackbone() {
    return freezeBackbone;
  }

  /**
   * Dilation (mm) of the lung field the model's inputs are made with: 0 keeps {@link LungField}'s
   * default field; a few mm keep juxtapleural nodules whole that the field would cut. Training
   * cases and scans to segment must be prepared with {@link #lungField()}.
   */
  public double lungDilationMm() {
    return lungDilationMm;
  }

  /**
   * The lung-field extractor for this model's inputs (the defaults, dilated by {@link
   * #lungDilationMm()}).
   */
  public LungField lungField() {
    return LungField.builder().dilationMm(lungDilationMm).build();
  }

  /** Voxels by which neighbouring inference windows overlap. */
  public int windowOverlap() {
    return windowOverlap;
  }

  /** Returns every setting by name (for provenance and printing). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("preset", preset.name());
    m.put("cropSize", cropSize);
    m.put("stemChannels", stemChannels);
    m.put("stemStride", stemStride);
    m.put("stageBlocks", Arrays.toString(stageBlocks));
    m.put("stageWidths", Arrays.toString(stageWidths));
    m.put("stageStrides", Arrays.toString(stageStrides));
    m.put("bottleneck", bottleneck);
    m.put("featureChannels", featureChannels);
    m.put("featureStride", featureStride());
    m.put("normGroups", normGroups);
    m.put("anchorSizesMm", Arrays.toString(anchorSizesMm));
    m.put("rpnPositiveIou", rpnPositiveIou);
    m.put("rpnNegativeIou", rpnNegativeIou);
    m.put("rpnBatch", rpnBatch);
    m.put("preNmsTopN", preNmsTopN);
    m.put("postNmsTopN", postNmsTopN);
    m.put("rpnNmsIou", rpnNmsIou);
    m.put("roiBatch", roiBatch);
    m.put("roiPositiveFraction", roiPositiveFraction);
    m.put("roiPositiveIou", roiPositiveIou);
    m.put("roiNegativeIou", roiNegativeIou);
    m.put("poolSize", poolSize);
    m.put("boxHeadHidden", boxHeadHidden);
    m.put("maskHeadChannels", maskHeadChannels);
    m.put("scoreThreshold", scoreThreshold);
    m.put("detectionNmsIou", detectionNmsIou);
    m.put("maxDetections", maxDetections);
    m.put("windowOverlap", windowOverlap);
    m.put("epochs", epochs);
    m.put("cropsPerEpoch", cropsPerEpoch);
    m.put("learningRate", learningRate);
    m.put("optimizer", optimizer.name());
    m.put("learningRateDecay", learningRateDecay.name());
    m.put("roiHeadStart", roiHeadStart);
    m.put("maskHeadStart", maskHeadStart);
    m.put("positiveCropFraction", positiveCropFraction);
    m.put("maskContext", maskContext);
    m.put("rpnScoreWeight", rpnScoreWeight);
    m.put("boxContext", boxContext);
    m.put("rpnHardNegativeFraction", rpnHardNegativeFraction);
    m.put("backgroundCropsInLung", backgroundCropsInLung);
    m.put("freezeBackbone", freezeBackbone);
    m.put("lungDilationMm", lungDilationMm);
    return m;
  }

  /**
   * Rebuilds a configuration from {@link #toMap()} (as read back from an archive).
   *
   * @throws IllegalArgumentException if a value is missing or invalid
   */
  public static MaskRcnnConfig fromMap(Map<String, ?> m) {
    Builder b = builder(Preset.valueOf(str(m, "preset")));
    b.cropSize(integer(m, "cropSize"))
        .stem(integer(m, "stemChannels"), integer(m, "stemStride"))
        .stages(
            ints(m, "stageBlocks"),
            ints(m, "stageWidths"),
            ints(m, "stageStrides"),
            Boolean.parseBoolean(str(m, "bottleneck")))
        .featureChannels(integer(m, "featureChannels"))
        .normGroups(integer(m, "normGroups"))
        .anchorSizesMm(doubles(m, "anchorSizesMm"))
        .rpnIou(dbl(m, "rpnPositiveIou"), dbl(m, "rpnNegativeIou"))
        .rpnBatch(integer(m, "rpnBatch"))
        .proposals(integer(m, "preNmsTopN"), integer(m, "postNmsTopN"), dbl(m, "rpnNmsIou"))
        .roiSampling(
            integer(m, "roiBatch"),
            dbl(m, "roiPositiveFraction"),
            dbl(m, "roiPositiveIou"),
            m.containsKey("roiNegativeIou") ? dbl(m, "roiNegativeIou") : dbl(m, "roiPositiveIou"))
        .poolSize(integer(m, "poolSize"))
        .boxHeadHidden(integer(m, "boxHeadHidden"))
        .maskHeadChannels(integer(m, "maskHeadChannels"))
        .scoreThreshold(dbl(m, "scoreThreshold"))
        .detectionNms(dbl(m, "detectionNmsIou"), integer(m, "maxDetections"))
        .windowOverlap(integer(m, "windowOverlap"))
        .epochs(integer(m, "epochs"))
        .cropsPerEpoch(integer(m, "cropsPerEpoch"))
        .learningRate(dbl(m, "learningRate"))
        .optimizer(Optimizer.valueOf(str(m, "optimizer")))
        .schedule(dbl(m, "roiHeadStart"), dbl(m, "maskHeadStart"))
        .positiveCropFraction(dbl(m, "positiveCropFraction"));
    if (m.containsKey("maskContext")) {
      b.maskContext(dbl(m, "maskContext"));
    }
    if (m.containsKey("rpnScoreWeight")) {
      b.rpnScoreWeight(dbl(m, "rpnScoreWeight"));
    }
    // archives written before these options existed were trained without them
    b.boxContext(m.containsKey("boxContext") ? dbl(m, "boxContext") : 1.0);
    b.rpnHardNegativeFraction(
        m.containsKey("rpnHardNegativeFraction") ? dbl(m, "rpnHardNegativeFraction") : 0.0);
    b.backgroundCropsInLung(
        m.containsKey("backgroundCropsInLung")
            && Boolean.parseBoolean(str(m, "backgroundCropsInLung")));
    b.freezeBackbone(
        m.containsKey("freezeBackbone") && Boolean.parseBoolean(str(m, "freezeBackbone")));
    b.lungDilationMm(m.containsKey("lungDilationMm") ? dbl(m, "lungDilationMm") : 0.0);
    b.learningRateDecay(
        m.containsKey("learningRateDecay")
            ? Schedule.valueOf(str(m, "learningRateDecay"))
            : Schedule.CONSTANT);
    return b.build();
  }

  private static String str(Map<String, ?> m, String k) {
    Object v = m.get(k);
    if (v == null) {
      throw new IllegalArgumentException("configuration lacks '" + k + "'");
    }
    return v.toString();
  }

  private static int integer(Map<String, ?> m, String k) {
    return (int) Math.round(Double.parseDouble(str(m, k)));
  }

  private static double dbl(Map<String, ?> m, String k) {
    return Double.parseDouble(str(m, k));
  }

  private static double[] doubles(Map<String, ?> m, String k) {
    String s = str(m, k).replace("[", "").replace("]", "").trim();
    return s.isEmpty()
        ? new double[0]
        : Arrays.stream(s.split(",")).mapToDouble(t -> Double.parseDouble(t.trim())).toArray();
  }

  private static int[] ints(Map<String, ?> m, String k) {
    return Arrays.stream(doubles(m, k)).mapToInt(d -> (int) Math.round(d)).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskRcnnConfig c && c.toMap().equals(toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "MaskRcnnConfig" + toMap();
  }

  /** Builder; each setter validates at once and may be called once. */
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

    private static int positive(String name, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }

    /** A context enlargement factor: in [1, 3]. */
    private static double context(String name, double v) {
      if (!(v >= 1 && v <= 3)) {
        throw new IllegalArgumentException(name + " must be in [1, 3], got " + v);
      }
      return v;
    }

    private static double unit(String name, double v) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
      }
      return v;
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
      positive("stem channels", channels);
      if (stride != 1 && stride != 2) {
        throw new IllegalArgumentException("stem stride must be 1 or 2, got " + stride);
      }
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
      if (blocks.length == 0 || blocks.length != widths.length || blocks.length != strides.length) {
        throw new IllegalArgumentException(
            "stages need equally many blocks, widths and strides (at least one), got "
                + Arrays.toString(blocks)
                + ", "
                + Arrays.toString(widths)
                + ", "
                + Arrays.toString(strides));
      }
      for (int i = 0; i < blocks.length; i++) {
        positive("blocks per stage", blocks[i]);
        positive("stage width", widths[i]);
        if (strides[i] != 1 && strides[i] != 2) {
          throw new IllegalArgumentException("stage stride must be 1 or 2, got " + strides[i]);
        }
      }
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
      if (v < 0) {
        throw new IllegalArgumentException("norm groups must not be negative, got " + v);
      }
      once("normGroups", v);
      normGroups = v;
      return this;
    }

    /** Anchor edge lengths in mm (at least one). */
    public Builder anchorSizesMm(double... v) {
      if (v.length == 0) {
        throw new IllegalArgumentException("need at least one anchor size");
      }
      for (double d : v) {
        if (!(d > 0)) {
          throw new IllegalArgumentException("anchor sizes must be positive, got " + d + " mm");
        }
      }
      once("anchorSizesMm", Arrays.toString(v));
      anchorSizesMm = v.clone();
      return this;
    }

    /** IoU at or above which an anchor is positive, and below which it is negative. */
    public Builder rpnIou(double positive, double negative) {
      unit("rpn positive iou", positive);
      unit("rpn negative iou", negative);
      if (negative > positive) {
        throw new IllegalArgumentException(
            "rpn negative iou must not exceed positive iou, got " + negative + " > " + positive);
      }
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
      positive("pre-nms top-n", preNms);
      positive("post-nms top-n", postNms);
      unit("proposal nms iou", nmsIou);
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
      if (v < 0) {
        throw new IllegalArgumentException("window overlap must not be negative, got " + v);
      }
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
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("learning rate must be positive, got " + v);
      }
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
      unit("roi head start", roiHead);
      unit("mask head start", maskHead);
      if (maskHead < roiHead) {
        throw new IllegalArgumentException(
            "mask head must not start before the roi head, got " + maskHead + " < " + roiHead);
      }
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
      if (!(mm >= 0 && mm <= 50)) {
        throw new IllegalArgumentException("lung dilation must be in [0, 50] mm, got " + mm);
      }
      once("lungDilationMm", mm);
      lungDilationMm = mm;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if the crop is not a multiple of the stride, or the window
     *     overlap is not below the crop size
     */
    public MaskRcnnConfig build() {
      int stride = stemStride;
      for (int s : stageStrides) {
        stride *= s;
      }
      if (cropSize % stride != 0) {
        throw new IllegalArgumentException(
            "crop size must be a multiple of the feature stride " + stride + ", got " + cropSize);
      }
      if (windowOverlap >= cropSize) {
        throw new IllegalArgumentException(
            "window overlap must be below the crop size " + cropSize + ", got " + windowOverlap);
      }
      int lastWidth = stageWidths[stageWidths.length - 1] * (bottleneck ? 4 : 1);
      if (normGroups > 0) {
        for (int c : new int[] {stemChannels, featureChannels, lastWidth, maskHeadChannels}) {
          if (c % normGroups != 0) {
            throw new IllegalArgumentException(
                "channel counts must be multiples of norm groups " + normGroups + ", got " + c);
          }
        }
      }
      return new MaskRcnnConfig(this);
    }

    @Override
    public String toString() {
      return "MaskRcnnConfig.Builder[" + preset + ", set " + set.keySet() + "]";
    }
  }
}
