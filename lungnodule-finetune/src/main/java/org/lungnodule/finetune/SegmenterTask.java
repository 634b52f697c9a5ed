package org.lungnodule.finetune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelIndex;
import org.lungnodule.core.preprocess.RandomCropSampler;
import org.lungnodule.finetune.inference.SegmenterEvaluation;
import org.lungnodule.metrics.DetectionEvaluation;
import org.lungnodule.metrics.SegmentationScores;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnTrainer;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import org.lungnodule.models.maskrcnn.SegmentationCase;
import org.lungnodule.models.training.Schedule;

/**
 * The 3D Mask R-CNN as a {@link ModelTask}. Training uses the given configuration; fine-tuning
 * starts from the parent's weights and network with this task's fine-tuning epochs and learning
 * rate, a fresh optimizer, and all heads training from the first step.
 *
 * <p>Prediction segments each test scan and scores every ground-truth nodule with {@link
 * DetectionEvaluation}: the detection with the highest score whose centre lies strictly within the
 * nodule's radius of the nodule's centre (the LUNA16 hit rule) is its match; Dice, IoU and the
 * symmetric ASD compare that detection's mask with the nodule's truth mask. A nodule without a
 * match at or above the model's score threshold is missed (Dice = IoU = 0, ASD undefined). Whole
 * scans ({@link Evaluation#WHOLE_SCAN}) keep every candidate down to {@link #FROC_CANDIDATE_SCORE}:
 * each nodule's outcome carries its match's score, and each scan adds one {@link
 * CaseOutcome.FalsePositives} with the scores of the candidates that hit no nodule, from which
 * {@link SiteComparison} draws the FROC (sensitivity at 1, 2 and 4 false positives per scan, CPM).
 * With {@link Evaluation#AROUND_NODULES} the segmenter sees a region around each annotated nodule
 * instead of the whole scan (see there); the matching and the scores are the same.
 *
 * <p>A fine-tuned segmenter keeps its parent's {@link
 * org.lungnodule.models.maskrcnn.FalsePositiveReducer} (if it has one) unchanged; only the Mask
 * R-CNN is fine-tuned.
 */
public final class SegmenterTask implements ModelTask<ScanCase, NoduleSegmenter> {

  /**
   * The lowest score a whole-scan evaluation keeps as an FROC candidate (the default of {@code
   * evaluate-segmenter --candidate-score}).
   */
  public static final double FROC_CANDIDATE_SCORE = 0.05;

  /** What the segmenter sees when a test case is predicted. */
  public enum Evaluation {
    /** The whole scan, in sliding windows (the default; what a user's {@code segment} does). */
    WHOLE_SCAN,
    /**
     * A cube around each annotated nodule (no false positives are counted, so no FROC): the model's
     * crop size, or the nodule's diameter plus half a crop where that is larger, centred on the
     * nodule and moved inside the scan where it would cross the border. A nodule's match can only
     * be a detection whose centre lies within the nodule's radius, so detections elsewhere in the
     * scan never enter its scores: this gives the per-nodule Dice, IoU and ASD of whole-scan
     * segmentation at the cost of one or a few windows per nodule instead of dozens per scan. It
     * does not measure false positives elsewhere in the scan (this task reports none anyway), and a
     * nodule now sits at another place in its window than whole-scan tiling would put it, so single
     * scores can differ slightly.
     */
    AROUND_NODULES
  }

  private final MaskRcnnConfig config;
  private final int fineTuneEpochs;
  private final double fineTuneLearningRate;
  private final List<TrainingListener> listeners;
  private final Evaluation evaluation;
  private final double fineTunePositiveCrops;
  private final boolean freezeBackbone;
  private final Schedule fineTuneDecay;

  /**
   * Creates the task; fine-tuning repeats the baseline's schedule and learning rate.
   *
   * @param config the network and training configuration of the baseline
   * @param listeners progress listeners
   */
  public SegmenterTask(MaskRcnnConfig config, List<TrainingListener> listeners) {
    this(config, config.epochs(), config.learningRate(), listeners);
  }

  /**
   * Creates the task with its own fine-tuning schedule: fine-tuning starts from the baseline's
   * weights with a fresh optimizer, runs {@code fineTuneEpochs} epochs of the baseline's crops per
   * epoch at {@code fineTuneLearningRate}, and trains all heads from the first step (they are
   * already trained).
   *
   * @param config the network and training configuration of the baseline
   * @param fineTuneEpochs epochs of fine-tuning (at least 1)
   * @param fineTuneLearningRate the fine-tuning learning rate (positive)
   * @param listeners progress listeners
   * @throws IllegalArgumentException if the epochs or the rate are not positive
   */
  public SegmenterTask(
      MaskRcnnConfig config,
      int fineTuneEpochs,
      double fineTuneLearningRate,
      List<TrainingListener> listeners) {
    this.config = Objects.requireNonNull(config, "config");
    if (fineTuneEpochs < 1) {
      throw new IllegalArgumentException(
          "fine-tuning epochs must be positive, got " + fineTuneEpochs);
    }
    if (!(fineTuneLearningRate > 0)) {
      throw new IllegalArgumentException(
          "fine-tuning learning rate must be positive, got " + fineTuneLearningRate);
    }
    this.fineTuneEpochs = fineTuneEpochs;
    this.fineTuneLearningRate = fineTuneLearningRate;
    this.listeners = List.copyOf(listeners);
    this.evaluation = Evaluation.WHOLE_SCAN;
    this.fineTunePositiveCrops = Double.NaN;
    this.freezeBackbone = false;
    this.fineTuneDecay = Schedule.CONSTANT;
  }

  private SegmenterTask(
      SegmenterTask t,
      Evaluation evaluation,
      double fineTunePositiveCrops,
      boolean freezeBackbone,
      Schedule fineTuneDecay) {
    this.config = t.config;
    this.fineTuneEpochs = t.fineTuneEpochs;
    this.fineTuneLearningRate = t.fineTuneLearningRate;
    this.listeners = t.listeners;
    this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    this.fineTunePositiveCrops = fineTunePositiveCrops;
    this.freezeBackbone = freezeBackbone;
    this.fineTuneDecay = Objects.requireNonNull(fineTuneDecay, "fineTuneDecay");
  }

  /**
   * Returns this task with another way of predicting test cases (default {@link
   * Evaluation#WHOLE_SCAN}).
   */
  public SegmenterTask withEvaluation(Evaluation e) {
    return new SegmenterTask(this, e, fineTunePositiveCrops, freezeBackbone, fineTuneDecay);
  }

  /**
   * Returns this task fine-tuning with its own share of training crops that contain a nodule
   * (default: the parent's, {@link MaskRcnnConfig.Builder#positiveCropFraction(double)}). A site's
   * few scans hold few nodules; more nodule crops let a short fine-tuning see them more often.
   *
   * @throws IllegalArgumentException if the fraction is not in [0, 1]
   */
  public SegmenterTask withFineTunePositiveCrops(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "fine-tuning positive crop fraction must be in [0, 1], got " + fraction);
    }
    return new SegmenterTask(this, evaluation, fraction, freezeBackbone, fineTuneDecay);
  }

  /**
   * Returns this task fine-tuning with the backbone's body (stem and ResNet stages) frozen, or not
   * (the default): only the lateral layer, the RPN and the heads then learn the site, and each step
   * skips the body's backward pass ({@link MaskRcnnConfig#freezeBackbone()}). Baselines this task
   * trains always train everything.
   */
  public SegmenterTask withFrozenBackbone(boolean freeze) {
    return new SegmenterTask(this, evaluation, fineTunePositiveCrops, freeze, fineTuneDecay);
  }

  /**
   * Returns this task fine-tuning with the given learning-rate decay over the fine-tuning steps
   * (default {@link Schedule#CONSTANT}, the baseline's own decay is not inherited). {@link
   * Schedule#COSINE} ends a short fine-tuning at a small rate instead of on one full-rate step of a
   * few site crops. Baselines this task trains use the configuration's decay.
   */
  public SegmenterTask withFineTuneDecay(Schedule decay) {
    return new SegmenterTask(this, evaluation, fineTunePositiveCrops, freezeBackbone, decay);
  }

  /** The learning-rate decay of fine-tuning. */
  public Schedule fineTuneDecay() {
    return fineTuneDecay;
  }

  /** Whether fine-tuning keeps the backbone's body fixed. */
  public boolean frozenBackbone() {
    return freezeBackbone;
  }

  /** How test cases are segmented. */
  public Evaluation evaluation() {
    return evaluation;
  }

  /** The configuration fine-tuning uses: the parent's network with this task's schedule. */
  MaskRcnnConfig fineTuneConfig(MaskRcnnConfig parent) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(parent.toMap());
    m.put("epochs", fineTuneEpochs);
    m.put("learningRate", fineTuneLearningRate);
    m.put("roiHeadStart", 0.0);
    m.put("maskHeadStart", 0.0);
    if (!Double.isNaN(fineTunePositiveCrops)) {
      m.put("positiveCropFraction", fineTunePositiveCrops);
    }
    m.put("freezeBackbone", freezeBackbone);
    m.put("learningRateDecay", fineTuneDecay.name());
    return MaskRcnnConfig.fromMap(m);
  }

  @Override
  public String name() {
    return "segmenter";
  }

  @Override
  public java.util.Map<String, String> settings() {
    java.util.Map<String, String> m = new java.util.TreeMap<>();
    config.toMap().forEach((k, v) -> m.put("config." + k, String.valueOf(v)));
    m.put("fineTuneEpochs", Integer.toString(fineTuneEpochs));
    m.put("fineTuneLearningRate", Double.toString(fineTuneLearningRate));
    m.put("fineTunePositiveCrops", Double.toString(fineTunePositiveCrops));
    m.put("freezeBackbone", Boolean.toString(freezeBackbone));
    m.put("fineTuneDecay", fineTuneDecay.name());
    m.put("evaluation", evaluation.name());
    return m;
  }

  @Override
  public String caseId(ScanCase c) {
    return c.patientId() + "/" + c.scanId();
  }

  @Override
  public NoduleSegmenter train(TrainRequest<ScanCase, NoduleSegmenter> r) throws IOException {
    MaskRcnnTrainer.Builder b =
        MaskRcnnTrainer.builder().seed(r.seed()).checkpointDir(r.checkpointDir());
    for (TrainingListener l : listeners) {
      b.listener(l);
    }
    if (r.fineTuning()) {
      NoduleSegmenter parent = r.parent().orElseThrow();
      MaskRcnnConfig ft = fineTuneConfig(parent.model().config());
      b.config(ft).initialModel(parent.model().withConfig(ft));
    } else {
      b.config(config);
    }
    List<SegmentationCase> cases = new ArrayList<>();
    for (ScanCase c : r.cases()) {
      cases.add(c.segmentation());
    }
    NoduleSegmenter trained = b.build().fit(cases);
    if (r.fineTuning()) {
      NoduleSegmenter parent = r.parent().orElseThrow();
      String h = parent.provenance().trainingDataHash();
      String parentName =
          NoduleSegmenter.MODEL_KIND + ":" + h.substring(0, Math.min(12, h.length()));
      NoduleSegmenter tuned =
          NoduleSegmenter.of(
              trained.model(),
              trained.provenance().fineTunedFrom(parentName, r.site().orElse("site")));
      // the parent's false-positive reducer, if any, comes along unchanged
      return parent.reducer().map(tuned::withReducer).orElse(tuned);
    }
    return trained;
  }

  @Override
  public void save(NoduleSegmenter model, Path file) throws IOException {
    model.save(file);
  }

  @Override
  public NoduleSegmenter load(Path file) throws IOException {
    return NoduleSegmenter.load(file);
  }

  @Override
  public List<CaseOutcome> predict(NoduleSegmenter model, List<ScanCase> cases) {
    boolean around = evaluation == Evaluation.AROUND_NODULES;
    List<CaseOutcome> out = new ArrayList<>();
    for (ScanCase c : cases) {
      CtVolume input = c.segmentation().input();
      Mask labels = c.segmentation().labels();
      List<Nodule> truths = c.nodules();
      if (around) {
        List<DetectionEvaluation.NoduleMatch> matches = new ArrayList<>();
        // one window per nodule: cut first, so that masks stay cube-sized; the nodule keeps its
        // label
        for (int n = 0; n < truths.size(); n++) {
          VoxelBox box =
              regionAround(input.geometry(), truths.get(n), model.model().config().cropSize());
          ScanSegmentation seg = model.segment(RandomCropSampler.crop(input, box, 0f));
          Mask truthLabels = RandomCropSampler.crop(labels, box).select(n + 1);
          matches.add(
              DetectionEvaluation.match(
                      SegmenterEvaluation.detectionScan(
                          c.scanId(),
                          List.of(truths.get(n)),
                          truthLabels,
                          detected(seg),
                          seg.labels()))
                  .nodules()
                  .get(0));
        }
        for (int n = 0; n < truths.size(); n++) {
          out.add(outcome(c, truths.get(n), matches.get(n), Double.NaN, true));
        }
      } else {
        // every candidate down to the FROC's score, so that false positives are counted; a nodule
        // counts as detected (and gets its masks scored) when its match reaches the threshold
        double threshold = model.model().config().scoreThreshold();
        ScanSegmentation seg = model.segment(input, Math.min(FROC_CANDIDATE_SCORE, threshold));
        DetectionEvaluation.ScanMatch all =
            DetectionEvaluation.match(
                SegmenterEvaluation.detectionScan(
                    c.scanId(), truths, labels, detected(seg), seg.labels()));
        for (int n = 0; n < truths.size(); n++) {
          DetectionEvaluation.NoduleMatch m = all.nodules().get(n);
          double score = m.hit() ? all.candidates().get(m.match()).score() : Double.NaN;
          out.add(outcome(c, truths.get(n), m, score, m.hit() && score >= threshold));
        }
        List<Double> fps = new ArrayList<>();
        for (DetectionEvaluation.CandidateMatch cand : all.candidates()) {
          if (!cand.hit()) {
            fps.add(cand.score());
          }
        }
        out.add(new CaseOutcome.FalsePositives(c.scanId(), c.patientId(), fps));
      }
    }
    return out;
  }

  /** A nodule's outcome: missed unless {@code detected}, else its match's mask scores. */
  private static CaseOutcome.Segmented outcome(
      ScanCase c,
      Nodule truth,
      DetectionEvaluation.NoduleMatch m,
      double matchScore,
      boolean detected) {
    String id = c.scanId() + "/" + truth.id();
    if (!m.hit() || !detected) {
      return new CaseOutcome.Segmented(id, c.patientId(), false, 0, 0, Double.NaN, matchScore);
    }
    SegmentationScores s = m.segmentation().orElseThrow();
    return new CaseOutcome.Segmented(
        id, c.patientId(), true, s.dice(), s.iou(), s.asdMm().orElse(Double.NaN), matchScore);
  }

  private static List<SegmenterEvaluation.Detected> detected(ScanSegmentation seg) {
    return seg.nodules().stream().map(SegmenterEvaluation.Detected::of).toList();
  }

  /**
   * The voxel box {@link Evaluation#AROUND_NODULES} segments for a nodule: a cube of {@code
   * max(cropSize, ⌈diameter / smallest spacing⌉ + cropSize / 2)} voxels centred on the nodule's
   * centre, shifted to lie inside the volume (and cut to the volume where the volume is smaller).
   */
  static VoxelBox regionAround(VolumeGeometry g, Nodule truth, int cropSize) {
    Dims d = g.dims();
    VoxelIndex centre = g.worldToVoxel(truth.centerMm()).round();
    double minSpacing = Math.min(g.spacing().xMm(), Math.min(g.spacing().yMm(), g.spacing().zMm()));
    int side =
        Math.max(cropSize, (int) Math.ceil(2 * truth.radiusMm() / minSpacing) + cropSize / 2);
    int[] n = {d.nx(), d.ny(), d.nz()};
    int[] c = {centre.i(), centre.j(), centre.k()};
    int[] lo = new int[3];
    for (int a = 0; a < 3; a++) {
      int s = Math.min(side, n[a]);
      lo[a] = Math.max(0, Math.min(c[a] - s / 2, n[a] - s));
    }
    return new VoxelBox(
        lo[0],
        lo[1],
        lo[2],
        lo[0] + Math.min(side, n[0]),
        lo[1] + Math.min(side, n[1]),
        lo[2] + Math.min(side, n[2]));
  }

  @Override
  public String toString() {
    return "SegmenterTask["
        + config.preset()
        + ", "
        + config.epochs()
        + " x "
        + config.cropsPerEpoch()
        + " crops at "
        + config.learningRate()
        + ", fine-tuning "
        + fineTuneEpochs
        + " epochs at "
        + fineTuneLearningRate
        + (Double.isNaN(fineTunePositiveCrops)
            ? ""
            : " with " + fineTunePositiveCrops + " of its crops on nodules")
        + (fineTuneDecay == Schedule.CONSTANT
            ? ""
            : ", " + fineTuneDecay.name().toLowerCase(Locale.ROOT) + " decay")
        + (freezeBackbone ? ", backbone body frozen" : "")
        + (evaluation == Evaluation.WHOLE_SCAN ? "" : ", evaluated around each nodule")
        + "]";
  }
}
