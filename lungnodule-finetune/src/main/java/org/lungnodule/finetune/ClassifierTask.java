package org.lungnodule.finetune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.classifier.ClassifierTrainer;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.ResNet3d;

/**
 * The 3D ResNet classifier as a {@link ModelTask}: trains on labelled nodule cubes, fine-tunes from
 * a parent's weights with its own (usually shorter, lower learning rate) schedule, and predicts the
 * probability of malignancy of each test cube.
 *
 * <p>The fine-tuned model's provenance names its parent ({@code resnet3d-classifier@<the parent's
 * training-data hash>}) and the site.
 */
public final class ClassifierTask implements ModelTask<LabelledCube, MalignancyClassifier> {

  private final ResNet3d arch;
  private final int epochs;
  private final int fineTuneEpochs;
  private final double learningRate;
  private final double fineTuneLearningRate;
  private final int batchSize;
  private final boolean freezeStem;
  private final double weightDecay;
  private final List<TrainingListener> listeners;
  private final int testViews; // 0: the trainer's rule (a fine-tuned model keeps its parent's)

  /**
   * Creates the task.
   *
   * @param arch the network
   * @param epochs epochs of baseline training (at least 1)
   * @param fineTuneEpochs epochs of fine-tuning (at least 1)
   * @param learningRate baseline learning rate
   * @param fineTuneLearningRate fine-tuning learning rate
   * @param batchSize batch size
   * @param freezeStem whether fine-tuning keeps the stem fixed
   * @param listeners progress listeners
   * @throws IllegalArgumentException for epochs or batch size below 1, or a non-positive rate
   */
  public ClassifierTask(
      ResNet3d arch,
      int epochs,
      int fineTuneEpochs,
      double learningRate,
      double fineTuneLearningRate,
      int batchSize,
      boolean freezeStem,
      List<TrainingListener> listeners) {
    this(
        arch,
        epochs,
        fineTuneEpochs,
        learningRate,
        fineTuneLearningRate,
        batchSize,
        0,
        freezeStem,
        listeners);
  }

  /**
   * Creates the task with L2 weight decay in both trainings.
   *
   * @param arch the network
   * @param epochs epochs of baseline training (at least 1)
   * @param fineTuneEpochs epochs of fine-tuning (at least 1)
   * @param learningRate baseline learning rate
   * @param fineTuneLearningRate fine-tuning learning rate
   * @param batchSize batch size
   * @param weightDecay weight decay (0 for none)
   * @param freezeStem whether fine-tuning keeps the stem fixed
   * @param listeners progress listeners
   * @throws IllegalArgumentException for epochs or batch size below 1, a non-positive rate or a
   *     negative weight decay
   */
  public ClassifierTask(
      ResNet3d arch,
      int epochs,
      int fineTuneEpochs,
      double learningRate,
      double fineTuneLearningRate,
      int batchSize,
      double weightDecay,
      boolean freezeStem,
      List<TrainingListener> listeners) {
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be at least 0, got " + weightDecay);
    }
    this.weightDecay = weightDecay;
    this.arch = Objects.requireNonNull(arch, "arch");
    if (epochs < 1 || fineTuneEpochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "epochs, fine-tune epochs and batch size must be at least 1, got "
              + epochs
              + ", "
              + fineTuneEpochs
              + ", "
              + batchSize);
    }
    if (!(learningRate > 0) || !(fineTuneLearningRate > 0)) {
      throw new IllegalArgumentException(
          "learning rates must be positive, got " + learningRate + " and " + fineTuneLearningRate);
    }
    this.epochs = epochs;
    this.fineTuneEpochs = fineTuneEpochs;
    this.learningRate = learningRate;
    this.fineTuneLearningRate = fineTuneLearningRate;
    this.batchSize = batchSize;
    this.freezeStem = freezeStem;
    this.listeners = List.copyOf(listeners);
    this.testViews = 0;
  }

  private ClassifierTask(ClassifierTask t, int testViews) {
    this.arch = t.arch;
    this.epochs = t.epochs;
    this.fineTuneEpochs = t.fineTuneEpochs;
    this.learningRate = t.learningRate;
    this.fineTuneLearningRate = t.fineTuneLearningRate;
    this.batchSize = t.batchSize;
    this.freezeStem = t.freezeStem;
    this.weightDecay = t.weightDecay;
    this.listeners = t.listeners;
    this.testViews = testViews;
  }

  /**
   * Returns this task with the baseline it trains averaging {@code n} symmetric views of each cube
   * when it predicts ({@link ClassifierTrainer.Builder#testViews}); fine-tuned models keep their
   * parent's views, so a baseline loaded from a file keeps its own throughout. Without this call a
   * trained baseline predicts from the cube alone.
   *
   * @param n 1, 8 or 16
   * @throws IllegalArgumentException for another number
   */
  public ClassifierTask withTestViews(int n) {
    if (n != 1 && n != 8 && n != 16) {
      throw new IllegalArgumentException("test views must be 1, 8 or 16, got " + n);
    }
    return new ClassifierTask(this, n);
  }

  @Override
  public String name() {
    return "classifier";
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> m = new TreeMap<>(arch.describe());
    m.put("epochs", Integer.toString(epochs));
    m.put("fineTuneEpochs", Integer.toString(fineTuneEpochs));
    m.put("learningRate", Double.toString(learningRate));
    m.put("fineTuneLearningRate", Double.toString(fineTuneLearningRate));
    m.put("batchSize", Integer.toString(batchSize));
    m.put("weightDecay", Double.toString(weightDecay));
    m.put("freezeStem", Boolean.toString(freezeStem));
    if (testViews > 0) {
      m.put("testViews", Integer.toString(testViews));
    }
    return m;
  }

  @Override
  public String caseId(LabelledCube c) {
    return c.caseId();
  }

  @Override
  public MalignancyClassifier train(TrainRequest<LabelledCube, MalignancyClassifier> r)
      throws IOException {
    ClassifierTrainer.Builder b =
        ClassifierTrainer.builder()
            .seed(r.seed())
            .batchSize(batchSize)
            .weightDecay(weightDecay)
            .epochs(r.fineTuning() ? fineTuneEpochs : epochs)
            .learningRate(r.fineTuning() ? fineTuneLearningRate : learningRate)
            .checkpointDir(r.checkpointDir());
    for (TrainingListener l : listeners) {
      b.listener(l);
    }
    if (r.fineTuning()) {
      MalignancyClassifier parent = r.parent().orElseThrow();
      b.startFrom(parent, r.site().orElse("site")).freezeStem(freezeStem);
    } else if (testViews > 0) {
      b.testViews(testViews);
    }
    return b.build().fit(arch, r.cases(), List.of()).classifier();
  }

  @Override
  public void save(MalignancyClassifier model, Path file) throws IOException {
    model.save(file);
  }

  @Override
  public MalignancyClassifier load(Path file) throws IOException {
    return MalignancyClassifier.load(file);
  }

  @Override
  public List<CaseOutcome> predict(MalignancyClassifier model, List<LabelledCube> cases) {
    List<float[]> x = new ArrayList<>(cases.size());
    for (LabelledCube c : cases) {
      x.add(c.copyValues());
    }
    double[] p = model.predict(x);
    List<CaseOutcome> out = new ArrayList<>(cases.size());
    for (int i = 0; i < p.length; i++) {
      LabelledCube c = cases.get(i);
      out.add(
          new CaseOutcome.Scored(
              c.caseId(),
              c.patientId(),
              c.malignant() ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN,
              p[i]));
    }
    return out;
  }

  @Override
  public String toString() {
    return "ClassifierTask["
        + arch
        + ", epochs "
        + epochs
        + "/"
        + fineTuneEpochs
        + ", lr "
        + learningRate
        + "/"
        + fineTuneLearningRate
        + ", batch "
        + batchSize
        + (weightDecay > 0 ? ", weight decay " + weightDecay : "")
        + (freezeStem ? ", stem frozen" : "")
        + "]";
  }
}
