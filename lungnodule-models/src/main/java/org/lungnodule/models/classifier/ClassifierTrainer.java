package org.lungnodule.models.classifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lungnodule.models.Backend;
import org.lungnodule.models.Checkpoints;
import org.lungnodule.models.ProgressTracker;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.RunFingerprint;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link ResNet3d} on labelled nodule cubes.
 *
 * <p>Each epoch visits the training cubes in an order drawn from the seed and the epoch number
 * (with {@link Balance#SAMPLING}: as many draws as cubes, each class equally likely), in
 * mini-batches, with random in-plane flips and 90° rotations, z flips and (with {@link
 * Builder#shift}) translations when augmentation is on. Every random choice derives from {@code
 * (seed, epoch)}, so a run resumed from a {@link Checkpoints checkpoint} after epoch k continues
 * exactly as the uninterrupted run would (on CPU with the same native build and thread count).
 * After each epoch the validation loss and AUC are computed, a checkpoint is written (when a folder
 * is set), and training stops early when the validation loss has not improved for {@code patience}
 * epochs. The returned classifier holds the weights of the epoch with the lowest validation loss,
 * or of the last epoch without a validation set or when {@link Builder#keepBestEpoch
 * keepBestEpoch(false)}.
 *
 * <p>Immutable and thread-safe; one trainer can run several {@link #fit} calls.
 */
public final class ClassifierTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainer.class);

  /** How the classes are balanced. */
  public enum Balance {
    /** Not at all. */
    NONE,
    /** Loss weights n / (2 n_class). */
    WEIGHTED_LOSS,
    /** Each draw picks a class with probability 1/2, then a cube of that class. */
    SAMPLING
  }

  private final int epochs;
  private final int batchSize;
  private final Optimizer optimizer;
  private final double learningRate;
  private final double momentum;
  private final Schedule schedule;
  private final double weightDecay;
  private final Balance balance;
  private final boolean augment;
  private final int shift;
  private final int views;
  private final boolean keepBest;
  private final int patience;
  private final long seed;
  private final Optional<Path> checkpointDir;
  private final List<TrainingListener> listeners;
  private final Map<String, String> preprocessing;
  private final boolean freezeStem;
  private final Optional<MalignancyClassifier> parent;
  private final Optional<String> site;

  private ClassifierTrainer(Builder b) {
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.optimizer = b.optimizer;
    this.learningRate = b.learningRate;
    this.momentum = b.momentum;
    this.schedule = b.schedule;
    this.weightDecay = b.weightDecay;
    this.balance = b.balance;
    this.augment = b.augment;
    this.shift = b.shift;
    this.views = b.views;
    this.keepBest = b.keepBest;
    this.patience = b.patience;
    this.seed = b.seed;
    this.checkpointDir = Optional.ofNullable(b.checkpointDir);
    this.listeners = List.copyOf(b.listeners);
    this.preprocessing = Map.copyOf(b.preprocessing);
    this.freezeStem = b.freezeStem;
    this.parent = Optional.ofNullable(b.parent);
    this.site = Optional.ofNullable(b.site);
  }

  /** Returns a builder; {@link Builder#seed} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns every setting as text (for provenance), architecture excluded. */
  public Map<String, String> hyperparameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("epochs", Integer.toString(epochs));
    m.put("batchSize", Integer.toString(batchSize));
    m.put("optimizer", optimizer.name());
    m.put("learningRate", Double.toString(learningRate));
    if (optimizer == Optimizer.SGD) {
      m.put("momentum", Double.toString(momentum));
    }
    m.put("schedule", schedule.name());
    m.put("weightDecay", Double.toString(weightDecay));
    m.put("balance", balance.name());
    m.put("augment", Boolean.toString(augment));
    if (augment && shift > 0) {
      m.put("shiftVoxels", Integer.toString(shift));
    }
    m.put("patience", Integer.toString(patience));
    if (views > 0) {
      m.put("testViews", Integer.toString(views));
    }
    if (!keepBest) {
      m.put("keepBestEpoch", "false");
    }
    parent.ifPresent(p -> m.put("startFrom", parentName(p)));
    if (parent.isPresent()) {
      m.put("freezeStem", Boolean.toString(freezeStem));
    }
    return m;
  }

  /**
   * Trains a fresh network, or resumes from the checkpoint folder's latest checkpoint when it holds
   * one of the same run (same settings, data and seed).
   *
   * @param arch the network
   * @param train training cubes (both classes needed)
   * @param validation validation cubes (may be empty unless early stopping is on)
   * @return the classifier and the learning curve
   * @throws IllegalArgumentException for a cube of the wrong length, a missing class, or early
   *     stopping without validation cubes
   * @throws IllegalStateException if the checkpoint folder holds a checkpoint of another run
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult fit(ResNet3d arch, List<LabelledCube> train, List<LabelledCube> validation)
      throws IOException {
    Objects.requireNonNull(arch, "arch");
    if (views > CubeViews.max(arch.inputShape())) {
      throw new IllegalArgumentException(
          views
              + " test views need a square axial plane, the input shape is "
              + java.util.Arrays.toString(arch.inputShape()));
    }
    check(arch, train, "training");
    check(arch, validation, "validation");
    long pos = train.stream().filter(LabelledCube::malignant).count();
    if (pos == 0 || pos == train.size()) {
      throw new IllegalArgumentException(
          "training cubes must include both classes, got " + pos + " malignant of " + train.size());
    }
    if (patience > 0 && validation.isEmpty()) {
      throw new IllegalArgumentException(
          "early stopping (patience " + patience + ") needs validation cubes");
    }
    Backend.check();
    Map<String, String> hyper = new TreeMap<>(hyperparameters());
    hyper.putAll(arch.describe());
    String dataHash =
        Provenance.hashTrainingData(
            train.stream().map(LabelledCube::caseId).toList(),
            validation.stream().map(LabelledCube::caseId).toList());
    Map<String, String> runSettings = new TreeMap<>(hyper);
    // the parent's name is its training-data hash only; its whole provenance tells two parents
    // apart
    parent.ifPresent(
        p ->
            runSettings.put(
                "startFrom.provenance",
                RunFingerprint.hashOf(propertiesMap(p.provenance().toProperties()))));
    RunFingerprint run =
        RunFingerprint.of(dataHash, train.size() + validation.size(), seed, runSettings);

    int iterationsPerEpoch = (train.size() + batchSize - 1) / batchSize;
    ComputationGraph net = null;
    int done = 0;
    List<EpochRecord> history = new ArrayList<>();
    int bestEpoch = 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    int sinceBest = 0;
    INDArray bestParams = null;
    Optional<Checkpoints> cps = checkpointDir.map(d -> Checkpoints.in(d, run));
    if (cps.isPresent()) {
      // refuses another run's checkpoint before reading its network
      Optional<Checkpoints.Checkpoint> latest = cps.get().latest();
      if (latest.isPresent()) {
        Map<String, String> st = latest.get().state();
        net = latest.get().graph();
        done = latest.get().epochsDone();
        for (int e = 1; e <= done; e++) {
          history.add(EpochRecord.decode(e, st.get("history." + e)));
        }
        bestEpoch = Integer.parseInt(st.get("bestEpoch"));
        bestLoss = Double.parseDouble(st.get("bestLoss"));
        sinceBest = Integer.parseInt(st.get("sinceBest"));
        Optional<Checkpoints.Checkpoint> best = cps.get().best();
        if (best.isPresent()) {
          bestParams = best.get().graph().params().dup();
        }
        LOG.info("resuming from {} after epoch {}", cps.get().latestFile(), done);
      }
    }
    if (net == null && parent.isPresent()) {
      net = fromParent(parent.get(), arch);
    } else if (net == null) {
      net = arch.newGraph(seed, updater(), weightDecay, classWeights(train));
    }
    LOG.info(
        "training {} on {} cubes ({} validation), {}",
        arch,
        train.size(),
        validation.size(),
        hyper);

    ProgressTracker tracker =
        new ProgressTracker(listeners, epochs, iterationsPerEpoch, Math.min(epochs, done + 1));
    int[] shape = arch.inputShape();
    int len = arch.inputLength();
    String reason = "completed " + epochs + " epochs";
    boolean stopped = false;
    if (done > 0 && patience > 0 && sinceBest >= patience) {
      stopped = true;
      reason = "early stop after epoch " + done + " (resumed)";
    }
    for (int epoch = done + 1; epoch <= epochs && !stopped; epoch++) {
      long t0 = System.nanoTime();
      SplittableRandom rnd = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * epoch));
      int[] order = order(train, rnd);
      double lossSum = 0;
      for (int it = 0; it < iterationsPerEpoch; it++) {
        int from = it * batchSize;
        int b = Math.min(batchSize, order.length - from);
        float[] x = new float[b * len];
        float[] y = new float[b * 2];
        for (int i = 0; i < b; i++) {
          LabelledCube c = train.get(order[from + i]);
          CubeAugment.randomCopy(c.values(), x, i * len, shape, rnd, augment, shift);
          y[i * 2 + (c.malignant() ? 1 : 0)] = 1f;
        }
        INDArray xa = Nd4j.create(x, new long[] {b, shape[0], shape[1], shape[2], shape[3]}, 'c');
        INDArray ya = Nd4j.create(y, new long[] {b, 2}, 'c');
        net.fit(new INDArray[] {xa}, new INDArray[] {ya});
        double loss = net.score();
        lossSum += loss;
        tracker.iteration(epoch, it + 1, loss);
      }
      net.incrementEpochCount();
      double trainLoss = lossSum / iterationsPerEpoch;
      double valLoss = Double.NaN;
      double valAuc = Double.NaN;
      boolean improved;
      if (!validation.isEmpty()) {
        double[] p = MalignancyClassifier.probabilities(net, validation, shape, batchSize);
        valLoss = crossEntropy(p, validation);
        valAuc = RocAuc.of(p, labels(validation));
        improved = valLoss < bestLoss;
      } else {
        improved = true;
      }
      if (improved) {
        bestEpoch = epoch;
        bestLoss = validation.isEmpty() ? trainLoss : valLoss;
        sinceBest = 0;
        bestParams = net.params().dup();
      } else {
        sinceBest++;
      }
      EpochRecord rec =
          new EpochRecord(epoch, trainLoss, valLoss, valAuc, (System.nanoTime() - t0) / 1e9);
      history.add(rec);
      if (cps.isPresent()) {
        Map<String, String> st = new TreeMap<>();
        st.put("bestEpoch", Integer.toString(bestEpoch));
        st.put("bestLoss", Double.toString(bestLoss));
        st.put("sinceBest", Integer.toString(sinceBest));
        for (EpochRecord r : history) {
          st.put("history." + r.epoch(), r.encode());
        }
        if (improved) {
          cps.get().saveBest(net, epoch, st);
        }
        cps.get().saveLatest(net, epoch, st);
      }
      tracker.epochEnd(
          epoch,
          trainLoss,
          validation.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(valLoss),
          validation.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(valAuc));
      if (patience > 0 && sinceBest >= patience) {
        stopped = true;
        reason =
            "early stop after epoch "
                + epoch
                + ": no validation improvement for "
                + patience
                + " epochs";
      }
    }
    int keptEpoch = history.isEmpty() ? bestEpoch : history.get(history.size() - 1).epoch();
    if (keepBest && bestParams != null && !validation.isEmpty()) {
      net.setParams(bestParams);
      keptEpoch = bestEpoch;
    }
    tracker.end(reason);
    Map<String, String> prep = new TreeMap<>(preprocessing);
    prep.put(MalignancyClassifier.INPUT_SHAPE_KEY, arch.describe().get("arch.inputShape"));
    int v = views > 0 ? views : parent.map(MalignancyClassifier::views).orElse(1);
    if (v > 1) {
      prep.put(MalignancyClassifier.VIEWS_KEY, Integer.toString(v));
    } else {
      prep.remove(MalignancyClassifier.VIEWS_KEY);
    }
    Provenance prov = Provenance.now(MalignancyClassifier.KIND, dataHash, seed, hyper);
    if (parent.isPresent()) {
      prov = prov.fineTunedFrom(parentName(parent.get()), site.orElseThrow());
    }
    return new TrainingResult(
        new MalignancyClassifier(net, prep, prov), history, keptEpoch, reason);
  }

  private static Map<String, String> propertiesMap(java.util.Properties p) {
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  private static String parentName(MalignancyClassifier p) {
    return MalignancyClassifier.KIND + "@" + p.provenance().trainingDataHash();
  }

  /**
   * The parent's weights with this trainer's optimiser, schedule and weight decay, counters reset.
   */
  private ComputationGraph fromParent(MalignancyClassifier p, ResNet3d arch) {
    if (!java.util.Arrays.equals(p.inputShape(), arch.inputShape())) {
      throw new IllegalArgumentException(
          "the parent model's input shape "
              + java.util.Arrays.toString(p.inputShape())
              + " differs from the network's "
              + java.util.Arrays.toString(arch.inputShape()));
    }
    org.deeplearning4j.nn.transferlearning.FineTuneConfiguration.Builder ft =
        new org.deeplearning4j.nn.transferlearning.FineTuneConfiguration.Builder()
            .seed(seed)
            .updater(updater());
    if (weightDecay > 0) {
      ft.weightDecay(weightDecay);
    }
    org.deeplearning4j.nn.transferlearning.TransferLearning.GraphBuilder gb =
        new org.deeplearning4j.nn.transferlearning.TransferLearning.GraphBuilder(p.copyNetwork())
            .fineTuneConfiguration(ft.build());
    if (freezeStem) {
      gb.setFeatureExtractor(LayerNames.stem("relu"));
    }
    ComputationGraph g = gb.build();
    g.getConfiguration().setEpochCount(0);
    g.getConfiguration().setIterationCount(0);
    return g;
  }

  private static void check(ResNet3d arch, List<LabelledCube> cubes, String what) {
    Objects.requireNonNull(cubes, what);
    for (LabelledCube c : cubes) {
      if (c.length() != arch.inputLength()) {
        throw new IllegalArgumentException(
            what
                + " cube "
                + c.caseId()
                + " must have "
                + arch.inputLength()
                + " values for shape "
                + java.util.Arrays.toString(arch.inputShape())
                + ", got "
                + c.length());
      }
    }
  }

  private int[] order(List<LabelledCube> train, SplittableRandom rnd) {
    int n = train.size();
    int[] order = new int[n];
    if (balance == Balance.SAMPLING) {
      List<Integer> pos = new ArrayList<>();
      List<Integer> neg = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        (train.get(i).malignant() ? pos : neg).add(i);
      }
      for (int i = 0; i < n; i++) {
        List<Integer> cls = rnd.nextBoolean() ? pos : neg;
        order[i] = cls.get(rnd.nextInt(cls.size()));
      }
      return order;
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private double[] classWeights(List<LabelledCube> train) {
    if (balance != Balance.WEIGHTED_LOSS) {
      return null;
    }
    double n = train.size();
    double pos = train.stream().filter(LabelledCube::malignant).count();
    return new double[] {n / (2 * (n - pos)), n / (2 * pos)};
  }

  private IUpdater updater() {
    Map<Integer, Double> lr = new TreeMap<>();
    for (int e = 0; e < epochs; e++) {
      lr.put(e, learningRate * schedule.factor(e, epochs));
    }
    ISchedule s = new MapSchedule(ScheduleType.EPOCH, lr);
    return optimizer == Optimizer.ADAM ? new Adam(s) : new Nesterovs(s, momentum);
  }

  private static boolean[] labels(List<LabelledCube> cubes) {
    boolean[] l = new boolean[cubes.size()];
    for (int i = 0; i < l.length; i++) {
      l[i] = cubes.get(i).malignant();
    }
    return l;
  }

  private static double crossEntropy(double[] p, List<LabelledCube> cubes) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double q = cubes.get(i).malignant() ? p[i] : 1 - p[i];
      s -= Math.log(Math.max(q, 1e-7));
    }
    return s / p.length;
  }

  @Override
  public String toString() {
    return "ClassifierTrainer"
        + hyperparameters()
        + " seed="
        + seed
        + checkpointDir.map(p -> " checkpoints=" + p).orElse("");
  }

  /**
   * Builds a {@link ClassifierTrainer}. Each setter validates at once and may be called once.
   * Defaults: 20 epochs, batch 8, Adam at 1e-3, cosine schedule, no weight decay, balanced
   * sampling, augmentation on, no early stopping, no checkpoints.
   */
  public static final class Builder {
    private int epochs = 20;
    private int batchSize = 8;
    private Optimizer optimizer = Optimizer.ADAM;
    private double learningRate = 1e-3;
    private double momentum = 0.9;
    private Schedule schedule = Schedule.COSINE;
    private double weightDecay;
    private Balance balance = Balance.SAMPLING;
    private boolean augment = true;
    private int shift;
    private int views;
    private boolean keepBest = true;
    private int patience;
    private long seed;
    private Path checkpointDir;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Map<String, String> preprocessing = Map.of();
    private boolean freezeStem;
    private MalignancyClassifier parent;
    private String site;
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder() {}

    private void once(String what, Object old) {
      if (!set.add(what)) {
        throw new IllegalStateException(what + " was already set to " + old);
      }
    }

    /** Sets the planned number of epochs (1..100000). */
    public Builder epochs(int n) {
      if (n < 1 || n > 100_000) {
        throw new IllegalArgumentException("epochs must be in 1..100000, got " + n);
      }
      once("epochs", epochs);
      epochs = n;
      return this;
    }

    /** Sets the mini-batch size (1..4096). */
    public Builder batchSize(int n) {
      if (n < 1 || n > 4096) {
        throw new IllegalArgumentException("batch size must be in 1..4096, got " + n);
      }
      once("batch size", batchSize);
      batchSize = n;
      return this;
    }

    /** Sets the optimiser. */
    public Builder optimizer(Optimizer o) {
      Objects.requireNonNull(o, "optimizer");
      once("optimizer", optimizer);
      optimizer = o;
      return this;
    }

    /** Sets the initial learning rate (positive, at most 10). */
    public Builder learningRate(double lr) {
      if (!(lr > 0 && lr <= 10)) {
        throw new IllegalArgumentException("learning rate must be in (0, 10], got " + lr);
      }
      once("learning rate", learningRate);
      learningRate = lr;
      return this;
    }

    /** Sets the SGD momentum, in [0, 1). */
    public Builder momentum(double m) {
      if (!(m >= 0 && m < 1)) {
        throw new IllegalArgumentException("momentum must be in [0, 1), got " + m);
      }
      once("momentum", momentum);
      momentum = m;
      return this;
    }

    /** Sets the learning-rate schedule. */
    public Builder schedule(Schedule s) {
      Objects.requireNonNull(s, "schedule");
      once("schedule", schedule);
      schedule = s;
      return this;
    }

    /** Sets the weight decay coefficient, in [0, 1). */
    public Builder weightDecay(double wd) {
      if (!(wd >= 0 && wd < 1)) {
        throw new IllegalArgumentException("weight decay must be in [0, 1), got " + wd);
      }
      once("weight decay", weightDecay);
      weightDecay = wd;
      return this;
    }

    /** Sets how classes are balanced. */
    public Builder balance(Balance b) {
      Objects.requireNonNull(b, "balance");
      once("balance", balance);
      balance = b;
      return this;
    }

    /** Turns the seeded random flips and rotations on or off. */
    public Builder augment(boolean on) {
      once("augment", augment);
      augment = on;
      return this;
    }

    /**
     * Adds a seeded random translation of up to {@code voxels} voxels along each axis to the
     * augmentation (0 = none, the default; border voxels repeat where the shifted cube reaches past
     * the cut one). Only used when augmentation is on.
     *
     * @throws IllegalArgumentException if {@code voxels} is negative or above 16
     */
    public Builder shift(int voxels) {
      if (voxels < 0 || voxels > 16) {
        throw new IllegalArgumentException("shift must be in [0, 16] voxels, got " + voxels);
      }
      once("shift", shift);
      shift = voxels;
      return this;
    }

    /**
     * Sets how many symmetric views of each cube the trained classifier averages when it predicts
     * ({@link MalignancyClassifier#views()}): 1, 8 or 16, saved with the model. Unset, a fine-tuned
     * model keeps its parent's and a new one uses 1. Validation during training scores the cube
     * alone.
     *
     * @throws IllegalArgumentException if {@code n} is not 1, 8 or 16
     */
    public Builder testViews(int n) {
      CubeViews.requireCount(n);
      once("testViews", views);
      views = n;
      return this;
    }

    /**
     * Chooses the weights the trained classifier keeps: those of the epoch with the lowest
     * validation loss ({@code true}, the default) or those of the last epoch ({@code false}; the
     * validation cubes are then scored and reported only). Without validation cubes the last
     * epoch's are kept either way.
     */
    public Builder keepBestEpoch(boolean on) {
      once("keepBestEpoch", keepBest);
      keepBest = on;
      return this;
    }

    /**
     * Stops after {@code epochs} epochs without a lower validation loss (0 = never, the default).
     */
    public Builder earlyStoppingPatience(int epochs) {
      if (epochs < 0) {
        throw new IllegalArgumentException("patience must be >= 0, got " + epochs);
      }
      once("patience", patience);
      patience = epochs;
      return this;
    }

    /** Sets the seed of weight initialisation, ordering, sampling and augmentation (required). */
    public Builder seed(long s) {
      once("seed", seed);
      seed = s;
      return this;
    }

    /** Writes a checkpoint into {@code dir} after each epoch and resumes from it. */
    public Builder checkpointDir(Path dir) {
      Objects.requireNonNull(dir, "checkpointDir");
      once("checkpoint folder", checkpointDir);
      checkpointDir = dir;
      return this;
    }

    /** Adds a listener (may be called several times). */
    public Builder listener(TrainingListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /**
     * Sets the preprocessing settings the cubes were made with (spacing, windows, ...), saved in
     * the model archive.
     */
    public Builder preprocessing(Map<String, String> settings) {
      Objects.requireNonNull(settings, "preprocessing");
      once("preprocessing", preprocessing);
      preprocessing = Map.copyOf(settings);
      return this;
    }

    /**
     * Fine-tunes instead of training from scratch: starts from the parent's weights (with this
     * trainer's optimiser and schedule), and marks the result's provenance as fine-tuned from the
     * parent at {@code siteName}. The network passed to {@link ClassifierTrainer#fit} must have the
     * parent's architecture.
     *
     * @throws IllegalArgumentException if the site name is blank
     */
    public Builder startFrom(MalignancyClassifier parentModel, String siteName) {
      Objects.requireNonNull(parentModel, "parentModel");
      Objects.requireNonNull(siteName, "siteName");
      if (siteName.isBlank()) {
        throw new IllegalArgumentException("site name must not be blank");
      }
      once("parent model", parent);
      parent = parentModel;
      site = siteName;
      return this;
    }

    /**
     * When fine-tuning ({@link #startFrom}), keeps the stem's weights fixed (DL4J's feature
     * extractor up to the stem's activation); default false. Ignored when training from scratch.
     *
     * @throws IllegalStateException if already set
     */
    public Builder freezeStem(boolean on) {
      once("freezeStem", freezeStem);
      this.freezeStem = on;
      return this;
    }

    /**
     * Builds the trainer; the builder stays usable.
     *
     * @throws IllegalStateException if no seed was set
     */
    public ClassifierTrainer build() {
      if (!set.contains("seed")) {
        throw new IllegalStateException(
            "seed must be set (every random choice in training uses it)");
      }
      return new ClassifierTrainer(this);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "ClassifierTrainer.Builder%s", set);
    }
  }
}
