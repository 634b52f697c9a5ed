package org.lungnodule.models.maskrcnn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.Crop;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.RandomCropSampler;
import org.lungnodule.models.Checkpoints;
import org.lungnodule.models.ProgressTracker;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.RunFingerprint;
import org.lungnodule.models.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link MaskRcnnModel} on {@link SegmentationCase}s: each step cuts one random crop
 * ({@link RandomCropSampler}, padded with 170) — around a nodule with the configured probability,
 * otherwise around a random voxel of the lung field ({@link
 * MaskRcnnConfig#backgroundCropsInLung()}) — and takes one optimizer step. The staged schedule of
 * the paper: the RPN trains from the start, the box head from {@code roiHeadStart} of the steps and
 * the mask head from {@code maskHeadStart}. The learning rate follows {@link
 * MaskRcnnConfig#learningRateDecay()} over the run's steps.
 *
 * <p>Every random choice derives from the seed and the global step number, so a run resumed from a
 * checkpoint (written after each epoch when a checkpoint folder is set) continues as the
 * uninterrupted run would. A checkpoint records the run's {@link RunFingerprint}; a run with other
 * cases, seed, configuration or initial model refuses to resume from it.
 *
 * <pre>{@code
 * NoduleSegmenter seg = MaskRcnnTrainer.builder()
 *     .config(MaskRcnnConfig.of(Preset.SMALL)).seed(7).listener(TrainingListener.logging())
 *     .build().fit(cases);
 * }</pre>
 */
public final class MaskRcnnTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(MaskRcnnTrainer.class);

  private final MaskRcnnConfig config;
  private final long seed;
  private final List<TrainingListener> listeners;
  private final Optional<Path> checkpointDir;
  private final Optional<MaskRcnnModel> initial;

  private MaskRcnnTrainer(Builder b) {
    config = b.config;
    seed = b.seed;
    listeners = List.copyOf(b.listeners);
    checkpointDir = Optional.ofNullable(b.checkpointDir);
    initial = Optional.ofNullable(b.initial);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Loss history of a run: one row per epoch (mean losses), NaN where a head was not trained. */
  public record EpochLosses(
      int epoch, double rpnObjectness, double rpnBox, double cls, double box, double mask) {
    /** The sum of the losses that were trained. */
    public double total() {
      double t = 0;
      for (double v : new double[] {rpnObjectness, rpnBox, cls, box, mask}) {
        t += Double.isNaN(v) ? 0 : v;
      }
      return t;
    }
  }

  private final List<EpochLosses> history = new ArrayList<>();

  /**
   * The per-epoch mean losses of the last {@link #fit} (from this process; resumed epochs only).
   */
  public List<EpochLosses> history() {
    return List.copyOf(history);
  }

  /**
   * Trains and returns the segmenter.
   *
   * @param cases training scans (at least one)
   * @return the trained model with its provenance
   * @throws IOException if a checkpoint cannot be read or written
   * @throws IllegalArgumentException if there is no case
   * @throws IllegalStateException if the checkpoint folder holds a checkpoint of another run (other
   *     cases, seed, configuration or initial model), naming both runs
   */
  public NoduleSegmenter fit(List<SegmentationCase> cases) throws IOException {
    if (cases.isEmpty()) {
      throw new IllegalArgumentException("need at least one training case");
    }
    int epochs = config.epochs();
    int perEpoch = config.cropsPerEpoch();
    long total = (long) epochs * perEpoch;
    MaskRcnnModel model = initial.orElseGet(() -> MaskRcnnModel.create(config, seed));
    List<String> ids = cases.stream().map(SegmentationCase::id).toList();
    String dataHash = Provenance.hashTrainingData(ids, List.of());
    Map<String, String> hyper = new LinkedHashMap<>();
    config.toMap().forEach((k, v) -> hyper.put(k, String.valueOf(v)));
    int startEpoch = 0;
    Optional<Checkpoints> ckpt =
        checkpointDir.map(d -> Checkpoints.in(d, fingerprint(dataHash, cases.size(), hyper)));
    if (ckpt.isPresent()) {
      // refuses another run's checkpoint (other cases, seed, settings or initial model) before
      // reading it
      Optional<Checkpoints.Checkpoint> latest = ckpt.get().latest();
      if (latest.isPresent()) {
        Checkpoints.Checkpoint c = latest.get();
        model =
            MaskRcnnModel.fromCarrier(
                config, c.sameDiff(), Integer.parseInt(c.state().getOrDefault("iteration", "0")));
        startEpoch = c.epochsDone();
        LOG.info("resuming from {} after epoch {}", ckpt.get().latestFile(), startEpoch);
      }
    }
    RandomCropSampler sampler =
        RandomCropSampler.builder()
            .size(config.cropSize())
            .noduleProbability(config.training().positiveCropFraction())
            .seed(seed)
            .build();
    RandomCropSampler around =
        RandomCropSampler.builder().size(config.cropSize()).noduleProbability(1).seed(seed).build();
    ProgressTracker tracker = new ProgressTracker(listeners, epochs, perEpoch, startEpoch + 1);
    history.clear();
    for (int epoch = startEpoch; epoch < epochs; epoch++) {
      double[] sum = new double[5];
      int[] n = new int[5];
      for (int it = 0; it < perEpoch; it++) {
        long step = (long) epoch * perEpoch + it;
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        SegmentationCase sc = cases.get(rng.nextInt(cases.size()));
        LabelledCrop crop =
            config.backgroundCropsInLung()
                ? crop(around, sc, step, config.training().positiveCropFraction(), rng)
                : crop(sampler, sc, step);
        double frac = (double) step / total;
        boolean roi = frac >= config.roiHeadStart();
        boolean mask = frac >= config.maskHeadStart();
        double lr = config.learningRateDecay().factor(step, total);
        MaskRcnnModel.StepLosses l = model.trainStep(crop, roi, mask, rng, epoch, null, lr);
        double[] v = {l.rpnObjectness(), l.rpnBox(), l.cls(), l.box(), l.mask()};
        double loss = 0;
        for (int k = 0; k < 5; k++) {
          if (!Double.isNaN(v[k])) {
            sum[k] += v[k];
            n[k]++;
            loss += v[k];
          }
        }
        LOG.debug("epoch {} step {}: {}", epoch + 1, it + 1, l);
        tracker.iteration(epoch + 1, it + 1, loss);
      }
      double[] mean = new double[5];
      for (int k = 0; k < 5; k++) {
        mean[k] = n[k] == 0 ? Double.NaN : sum[k] / n[k];
      }
      EpochLosses el = new EpochLosses(epoch + 1, mean[0], mean[1], mean[2], mean[3], mean[4]);
      history.add(el);
      LOG.info("epoch {}/{}: {}", epoch + 1, epochs, el);
      tracker.epochEnd(epoch + 1, el.total(), OptionalDouble.empty(), OptionalDouble.empty());
      if (ckpt.isPresent()) {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("iteration", Integer.toString(model.iteration()));
        ckpt.get().saveLatest(model.toCarrier(true), epoch + 1, state);
      }
    }
    tracker.end("finished " + epochs + " epochs");
    Provenance p = Provenance.now(NoduleSegmenter.MODEL_KIND, dataHash, seed, hyper);
    return NoduleSegmenter.of(model, p);
  }

  /**
   * The run's identity: its cases, seed, configuration and, when fine-tuning, the initial weights.
   */
  private RunFingerprint fingerprint(String dataHash, int cases, Map<String, String> hyper) {
    Map<String, String> settings = new LinkedHashMap<>(hyper);
    initial.ifPresent(m -> settings.put("initialModel.weights", m.weightsHash()));
    return RunFingerprint.of(dataHash, cases, seed, settings);
  }

  /** Cuts one crop of a case, z slowest (the order {@link CtVolume} already uses). */
  static LabelledCrop crop(RandomCropSampler sampler, SegmentationCase sc, long index) {
    Crop c = sampler.sample(sc.input(), Optional.of(sc.labels()), sc.centersMm(), index);
    int s = c.image().dims().nx();
    Mask m = c.mask().orElseThrow();
    return new LabelledCrop(s, c.image().copyVoxels(), m.copyLabels());
  }

  /**
   * Cuts one crop of a case: with probability {@code noduleFraction} (if the case has a nodule)
   * around one of its nodules, otherwise around a random voxel of the lung field (found by
   * rejection: a voxel whose value is not the outside value 170; anywhere in the volume if 100,000
   * tries find none). {@code around} places the crop so that the chosen point lies at least an
   * eighth of the crop from its faces.
   */
  static LabelledCrop crop(
      RandomCropSampler around,
      SegmentationCase sc,
      long index,
      double noduleFraction,
      SplittableRandom rng) {
    List<WorldPoint> centre = sc.centersMm();
    if (centre.isEmpty() || rng.nextDouble() >= noduleFraction) {
      CtVolume in = sc.input();
      int nx = in.dims().nx();
      int ny = in.dims().ny();
      int nz = in.dims().nz();
      centre =
          List.of(in.geometry().voxelToWorld(rng.nextInt(nx), rng.nextInt(ny), rng.nextInt(nz)));
      for (int t = 0; t < 100_000; t++) {
        int i = rng.nextInt(nx);
        int j = rng.nextInt(ny);
        int k = rng.nextInt(nz);
        if (in.get(i, j, k) != LungField.OUTSIDE_VALUE) {
          centre = List.of(in.geometry().voxelToWorld(i, j, k));
          break;
        }
      }
    }
    Crop c = around.sample(sc.input(), Optional.of(sc.labels()), centre, index);
    int s = c.image().dims().nx();
    Mask m = c.mask().orElseThrow();
    return new LabelledCrop(s, c.image().copyVoxels(), m.copyLabels());
  }

  @Override
  public String toString() {
    return "MaskRcnnTrainer["
        + config.preset()
        + ", seed "
        + seed
        + ", checkpoints "
        + checkpointDir.map(Path::toString).orElse("none")
        + "]";
  }

  /** Builder; setters validate at once and may be called once. */
  public static final class Builder {
    private MaskRcnnConfig config;
    private Long seedSet;
    private long seed;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Path checkpointDir;
    private MaskRcnnModel initial;

    private Builder() {}

    /** The configuration (required). */
    public Builder config(MaskRcnnConfig c) {
      Objects.requireNonNull(c, "config");
      if (config != null) {
        throw new IllegalStateException("config was already set to " + config.preset());
      }
      config = c;
      return this;
    }

    /** The seed of every random choice (required). */
    public Builder seed(long s) {
      if (seedSet != null) {
        throw new IllegalStateException("seed was already set to " + seedSet);
      }
      seedSet = s;
      seed = s;
      return this;
    }

    /** Adds a listener. */
    public Builder listener(TrainingListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /** Folder for checkpoints; training resumes from its latest checkpoint if there is one. */
    public Builder checkpointDir(Path dir) {
      Objects.requireNonNull(dir, "checkpointDir");
      if (checkpointDir != null) {
        throw new IllegalStateException("checkpoint folder was already set to " + checkpointDir);
      }
      checkpointDir = dir;
      return this;
    }

    /** Starts from an existing model (fine-tuning) instead of fresh weights. */
    public Builder initialModel(MaskRcnnModel m) {
      Objects.requireNonNull(m, "initialModel");
      if (initial != null) {
        throw new IllegalStateException("initial model was already set to " + initial);
      }
      initial = m;
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @throws IllegalStateException if the config or the seed is missing, or the initial model has
     *     another configuration
     */
    public MaskRcnnTrainer build() {
      if (config == null) {
        throw new IllegalStateException("config is required");
      }
      if (seedSet == null) {
        throw new IllegalStateException("seed is required");
      }
      if (initial != null && !initial.config().equals(config)) {
        throw new IllegalStateException("initial model's configuration differs from the trainer's");
      }
      return new MaskRcnnTrainer(this);
    }

    @Override
    public String toString() {
      return "MaskRcnnTrainer.Builder[config "
          + (config == null ? "unset" : config.preset())
          + ", seed "
          + seedSet
          + "]";
    }
  }
}
