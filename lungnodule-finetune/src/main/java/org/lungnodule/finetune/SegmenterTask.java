package org.lungnodule.finetune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.metrics.SegmentationMetrics;
import org.lungnodule.metrics.SegmentationScores;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.maskrcnn.DetectedNodule;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnTrainer;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import org.lungnodule.models.maskrcnn.SegmentationCase;

/**
 * The 3D Mask R-CNN as a {@link ModelTask}. Training uses the given configuration; fine-tuning
 * starts from the parent's weights and network with this task's fine-tuning epochs and learning
 * rate, a fresh optimizer, and all heads training from the first step.
 *
 * <p>Prediction segments each test scan and scores every ground-truth nodule: the detection with
 * the highest score whose centre lies within the nodule's radius of the nodule's centre (the
 * LUNA16 hit rule) is its match; Dice, IoU and the symmetric ASD compare that detection's mask with
 * the nodule's truth mask. A nodule without a match is missed (Dice = IoU = 0, ASD undefined).
 *
 * <p>A fine-tuned segmenter keeps its parent's {@link
 * org.lungnodule.models.maskrcnn.FalsePositiveReducer} (if it has one) unchanged; only the Mask
 * R-CNN is fine-tuned.
 */
public final class SegmenterTask implements ModelTask<ScanCase, NoduleSegmenter> {

  private final MaskRcnnConfig config;
  private final int fineTuneEpochs;
  private final double fineTuneLearningRate;
  private final List<TrainingListener> listeners;

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
  public SegmenterTask(MaskRcnnConfig config, int fineTuneEpochs, double fineTuneLearningRate, List<TrainingListener> listeners) {
    this.config = Objects.requireNonNull(config, "config");
    if (fineTuneEpochs < 1) {
      throw new IllegalArgumentException("fine-tuning epochs must be positive, got " + fineTuneEpochs);
    }
    if (!(fineTuneLearningRate > 0)) {
      throw new IllegalArgumentException("fine-tuning learning rate must be positive, got " + fineTuneLearningRate);
    }
    this.fineTuneEpochs = fineTuneEpochs;
    this.fineTuneLearningRate = fineTuneLearningRate;
    this.listeners = List.copyOf(listeners);
  }

  /** The configuration fine-tuning uses: the parent's network with this task's schedule. */
  MaskRcnnConfig fineTuneConfig(MaskRcnnConfig parent) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(parent.toMap());
    m.put("epochs", fineTuneEpochs);
    m.put("learningRate", fineTuneLearningRate);
    m.put("roiHeadStart", 0.0);
    m.put("maskHeadStart", 0.0);
    return MaskRcnnConfig.fromMap(m);
  }

  @Override
  public String name() {
    return "segmenter";
  }

  @Override
  public NoduleSegmenter train(TrainRequest<ScanCase, NoduleSegmenter> r) throws IOException {
    MaskRcnnTrainer.Builder b = MaskRcnnTrainer.builder().seed(r.seed()).checkpointDir(r.checkpointDir());
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
      String parentName = NoduleSegmenter.MODEL_KIND + ":" + h.substring(0, Math.min(12, h.length()));
      NoduleSegmenter tuned = NoduleSegmenter.of(
          trained.model(), trained.provenance().fineTunedFrom(parentName, r.site().orElse("site")));
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
    List<CaseOutcome> out = new ArrayList<>();
    for (ScanCase c : cases) {
      ScanSegmentation seg = model.segment(c.segmentation().input());
      Mask labels = c.segmentation().labels();
      for (int n = 0; n < c.nodules().size(); n++) {
        Nodule truth = c.nodules().get(n);
        DetectedNodule best = null;
        for (DetectedNodule d : seg.nodules()) {
          if (d.centerMm().distanceMm(truth.centerMm()) <= truth.radiusMm()
              && (best == null || d.score() > best.score())) {
            best = d;
          }
        }
        String id = c.scanId() + "/" + truth.id();
        if (best == null) {
          out.add(new CaseOutcome.Segmented(id, c.patientId(), false, 0, 0, Double.NaN));
          continue;
        }
        SegmentationScores s = SegmentationMetrics.evaluate(seg.mask(best), labels.select(n + 1));
        out.add(
            new CaseOutcome.Segmented(
                id, c.patientId(), true, s.dice(), s.iou(), s.asdMm().orElse(Double.NaN)));
      }
    }
    return out;
  }


  @Override
  public String toString() {
    return "SegmenterTask[" + config.preset() + ", " + config.epochs() + " x " + config.cropsPerEpoch()
        + " crops at " + config.learningRate() + ", fine-tuning " + fineTuneEpochs + " epochs at " + fineTuneLearningRate + "]";
  }
}
