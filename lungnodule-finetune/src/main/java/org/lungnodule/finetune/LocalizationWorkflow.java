package org.lungnodule.finetune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.models.RunFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the paper's experiment for one model family and one site:
 *
 * <ol>
 *   <li>{@code baseline}: train on the public training set (or load a given baseline archive);
 *   <li>{@code baseline-public}, {@code baseline-site}: predict on the public test set and on the
 *       site's independent test set;
 *   <li>{@code finetuned}: train again from the baseline's weights on the mixed set, in which a
 *       fraction of the public training set is replaced by the site's fine-tuning set ({@link
 *       DatasetMixer});
 *   <li>{@code finetuned-site}: predict on the site's test set;
 *   <li>{@code continued} (the control arm, unless {@link Builder#controlArm(boolean)} turns it
 *       off): train again from the baseline's weights on public cases only, with the fine-tuning
 *       schedule and seed and as many cases as the mixed set ({@link #controlSet}), so that it
 *       takes as many steps as fine-tuning; a gain of the fine-tuned model over it cannot come from
 *       the extra training alone. It does not depend on the site: it lives in a folder of its own,
 *       {@code <task>-continued-<key>}, keyed by the baseline archive's bytes (not by the step that
 *       made it), so a second site given the first site's baseline archive, with a mixed set of the
 *       same size, reuses it instead of training it again;
 *   <li>{@code continued-site}: predict on the site's test set with the continued model.
 * </ol>
 *
 * Every step writes its output (a model archive or an outcome CSV) into the work folder and then
 * records itself in {@link WorkflowState} under a key, a hash of the step's inputs: the task's
 * settings ({@link ModelTask#settings()}), the identifiers of the cases it reads, in order, its
 * seed and the identity of the model it starts from (the key of the step that trained it, or the
 * hash of a given baseline archive). A run that was killed resumes after the last finished step and
 * never redoes one; a run with other inputs reruns exactly the steps whose inputs changed (and the
 * steps after them, whose input model changed) instead of reusing stale results. Training steps
 * checkpoint into a folder named by their key and remove it when they finish. The statistics (step
 * 5 of the paper) are computed from the returned {@link LocalizationResult} by {@link
 * SiteComparison}.
 *
 * @param <C> the case type
 * @param <M> the model type
 */
public final class LocalizationWorkflow<C, M> {

  private static final Logger LOG = LoggerFactory.getLogger(LocalizationWorkflow.class);

  private final Builder<C, M> b;

  private LocalizationWorkflow(Builder<C, M> b) {
    this.b = b.copy();
  }

  /** Returns a new builder. */
  public static <C, M> Builder<C, M> builder() {
    return new Builder<>();
  }

  /**
   * Runs (or resumes) the workflow.
   *
   * @return the outcomes of the three evaluations and the model files
   * @throws IOException if a step fails to read or write its files
   */
  public LocalizationResult run() throws IOException {
    ModelTask<C, M> task = b.task;
    Path dir = b.workDir.resolve(task.name() + "-" + b.site);
    WorkflowState state = WorkflowState.open(dir);
    String prefix = task.name() + " " + b.site + ": ";
    String settings = RunFingerprint.hashOf(task.settings());

    Path baselineFile;
    String baselineId;
    M baseline = null;
    if (b.baselineArchive != null) {
      baselineFile = b.baselineArchive;
      baselineId = "file:" + fileHash(baselineFile);
    } else {
      baselineFile = dir.resolve("baseline.zip");
      String key =
          key(
              "baseline",
              settings,
              Map.of("cases", ids(b.publicTrain), "seed", Long.toString(b.seed)));
      baselineId = "step:" + key;
      if (!state.isDone("baseline", key)) {
        LOG.info("{}training the baseline on {} public cases", prefix, b.publicTrain.size());
        Path ckpt = checkpointDir(dir, "baseline", key);
        baseline =
            task.train(
                new ModelTask.TrainRequest<>(
                    b.publicTrain, Optional.empty(), Optional.empty(), b.seed, ckpt));
        task.save(baseline, baselineFile);
        state.markDone("baseline", key, baselineFile.getFileName().toString());
        deleteCheckpoints(ckpt);
      } else {
        LOG.info("{}baseline already trained with these inputs, reusing {}", prefix, baselineFile);
      }
    }
    Path basePub = dir.resolve("baseline-public.csv");
    Path baseSite = dir.resolve("baseline-site.csv");
    Path tunedFile = dir.resolve("finetuned.zip");
    Path tunedSite = dir.resolve("finetuned-site.csv");
    String basePubKey =
        key("baseline-public", settings, Map.of("model", baselineId, "cases", ids(b.publicTest)));
    String baseSiteKey =
        key("baseline-site", settings, Map.of("model", baselineId, "cases", ids(b.siteTest)));
    if (!state.isDone("baseline-public", basePubKey)
        || !state.isDone("baseline-site", baseSiteKey)) {
      baseline = baseline != null ? baseline : task.load(baselineFile);
      if (!state.isDone("baseline-public", basePubKey)) {
        LOG.info("{}evaluating the baseline on {} public test cases", prefix, b.publicTest.size());
        OutcomeFiles.write(basePub, task.predict(baseline, b.publicTest));
        state.markDone("baseline-public", basePubKey, basePub.getFileName().toString());
      }
      if (!state.isDone("baseline-site", baseSiteKey)) {
        LOG.info("{}evaluating the baseline on {} site test cases", prefix, b.siteTest.size());
        OutcomeFiles.write(baseSite, task.predict(baseline, b.siteTest));
        state.markDone("baseline-site", baseSiteKey, baseSite.getFileName().toString());
      }
    }
    MixedSet<C> mixed =
        DatasetMixer.<C>builder()
            .labelOf(b.labelOf)
            .replaceFraction(b.replaceFraction)
            .keepTotalSize(b.keepTotalSize)
            .oversampleSite(b.oversampleSite)
            .seed(b.seed)
            .build()
            .mix(b.publicTrain, b.siteFineTune);
    // the mixed set's ordered case list carries the mixer's settings and seed
    String tunedKey =
        key(
            "finetuned",
            settings,
            Map.of(
                "model",
                baselineId,
                "cases",
                ids(mixed.items()),
                "site",
                b.site,
                "seed",
                Long.toString(b.seed + 1)));
    Optional<Path> continuedFile = Optional.empty();
    Path contSite = dir.resolve("continued-site.csv");
    if (b.controlArm) {
      List<C> control = controlSet(b.publicTrain, mixed.size(), b.seed + 1);
      // the baseline by its bytes, whether trained here or given: a second site handed the first
      // site's baseline archive then finds the continued model the first site trained
      String contKey =
          key(
              "continued",
              settings,
              Map.of(
                  "model",
                  "file:" + fileHash(baselineFile),
                  "cases",
                  ids(control),
                  "site",
                  b.publicName,
                  "seed",
                  Long.toString(b.seed + 1)));
      Path contDir = b.workDir.resolve(task.name() + "-continued-" + contKey.substring(0, 12));
      WorkflowState contState = WorkflowState.open(contDir);
      Path contFile = contDir.resolve("continued.zip");
      M continued = null;
      if (!contState.isDone("continued", contKey)) {
        baseline = baseline != null ? baseline : task.load(baselineFile);
        LOG.info(
            "{}control arm: continuing the baseline on {} public cases with the fine-tuning"
                + " schedule",
            prefix,
            control.size());
        Path ckpt = checkpointDir(contDir, "continued", contKey);
        continued =
            task.train(
                new ModelTask.TrainRequest<>(
                    control, Optional.of(baseline), Optional.of(b.publicName), b.seed + 1, ckpt));
        task.save(continued, contFile);
        contState.markDone("continued", contKey, contFile.getFileName().toString());
        deleteCheckpoints(ckpt);
      } else {
        LOG.info(
            "{}continued model already trained with these inputs, reusing {}", prefix, contFile);
      }
      String contSiteKey =
          key(
              "continued-site",
              settings,
              Map.of("model", "step:" + contKey, "cases", ids(b.siteTest)));
      if (!state.isDone("continued-site", contSiteKey)) {
        continued = continued != null ? continued : task.load(contFile);
        LOG.info(
            "{}evaluating the continued model on {} site test cases", prefix, b.siteTest.size());
        OutcomeFiles.write(contSite, task.predict(continued, b.siteTest));
        state.markDone("continued-site", contSiteKey, contFile.toString());
      }
      continuedFile = Optional.of(contFile);
    }
    M tuned = null;
    if (!state.isDone("finetuned", tunedKey)) {
      baseline = baseline != null ? baseline : task.load(baselineFile);
      LOG.info("{}fine-tuning on {}", prefix, mixed);
      Path ckpt = checkpointDir(dir, "finetuned", tunedKey);
      tuned =
          task.train(
              new ModelTask.TrainRequest<>(
                  mixed.items(), Optional.of(baseline), Optional.of(b.site), b.seed + 1, ckpt));
      task.save(tuned, tunedFile);
      state.markDone("finetuned", tunedKey, tunedFile.getFileName().toString());
      deleteCheckpoints(ckpt);
    }
    String tunedSiteKey =
        key(
            "finetuned-site",
            settings,
            Map.of("model", "step:" + tunedKey, "cases", ids(b.siteTest)));
    if (!state.isDone("finetuned-site", tunedSiteKey)) {
      tuned = tuned != null ? tuned : task.load(tunedFile);
      LOG.info(
          "{}evaluating the fine-tuned model on {} site test cases", prefix, b.siteTest.size());
      OutcomeFiles.write(tunedSite, task.predict(tuned, b.siteTest));
      state.markDone("finetuned-site", tunedSiteKey, tunedSite.getFileName().toString());
    }
    return new LocalizationResult(
        task.name(),
        b.site,
        OutcomeFiles.read(basePub),
        OutcomeFiles.read(baseSite),
        OutcomeFiles.read(tunedSite),
        b.controlArm ? OutcomeFiles.read(contSite) : List.of(),
        baselineFile,
        tunedFile,
        continuedFile,
        mixed.toString());
  }

  /**
   * The control arm's training set: public training cases only, as many as the mixed set holds, so
   * that training on it takes as many steps as fine-tuning. It is the public training set itself
   * when the sizes agree (the paper's setting, {@code keepTotalSize}); a seeded sample without
   * replacement when the mixed set is smaller (a site with too few cases), and the whole set plus
   * cases drawn again with replacement when it is larger.
   *
   * @param publicTrain the public training set
   * @param size the mixed set's size
   * @param seed the seed of the draw
   * @return the cases, in a fixed order for these inputs
   */
  static <T> List<T> controlSet(List<T> publicTrain, int size, long seed) {
    if (size == publicTrain.size()) {
      return publicTrain;
    }
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    List<T> out = new java.util.ArrayList<>();
    if (size < publicTrain.size()) {
      List<T> shuffled = new java.util.ArrayList<>(publicTrain);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        java.util.Collections.swap(shuffled, i, rnd.nextInt(i + 1));
      }
      out.addAll(shuffled.subList(0, size));
    } else {
      out.addAll(publicTrain);
      while (out.size() < size) {
        out.add(publicTrain.get(rnd.nextInt(publicTrain.size())));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The key of a step: a hash of its name, the task, the task's settings and the step's own inputs
   * (case identifiers in order, seeds, and the identity of the model it starts from: the key of the
   * step that made it, or the hash of a given archive's bytes).
   */
  private String key(String step, String settings, Map<String, String> inputs) {
    Map<String, String> m = new TreeMap<>(inputs);
    m.put("step", step);
    m.put("task", b.task.name());
    m.put("task.settings", settings);
    return RunFingerprint.hashOf(m);
  }

  /** The case identifiers in order, one a line. */
  private String ids(List<C> cases) {
    StringBuilder sb = new StringBuilder();
    for (C c : cases) {
      sb.append(b.task.caseId(c)).append('\n');
    }
    return sb.toString();
  }

  /**
   * A step's checkpoint folder, named by its key: a rerun with other inputs starts in a folder of
   * its own instead of meeting another run's checkpoint.
   */
  private static Path checkpointDir(Path dir, String step, String key) {
    return dir.resolve("ckpt-" + step + "-" + key.substring(0, 12));
  }

  /** Removes a finished step's checkpoints (its model is saved); best effort. */
  private static void deleteCheckpoints(Path ckpt) {
    if (!Files.isDirectory(ckpt)) {
      return;
    }
    try (var files = Files.list(ckpt)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(ckpt);
    } catch (IOException e) {
      LOG.warn("could not remove the checkpoints in {}: {}", ckpt, e.toString());
    }
  }

  /** SHA-256 of a file's bytes, streamed. */
  private static String fileHash(Path file) throws IOException {
    java.security.MessageDigest md;
    try {
      md = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    try (var in = new java.security.DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  /**
   * Builder of {@link LocalizationWorkflow}. Required: task, workDir, site, labelOf, publicTrain,
   * publicTest, siteFineTune, siteTest. The workflow keeps its own copy of the settings.
   *
   * @param <C> case type
   * @param <M> model type
   */
  public static final class Builder<C, M> {
    private ModelTask<C, M> task;
    private Path workDir;
    private String site;
    private Function<? super C, NoduleLabel> labelOf;
    private List<C> publicTrain;
    private List<C> publicTest;
    private List<C> siteFineTune;
    private List<C> siteTest;
    private Path baselineArchive;
    private double replaceFraction = 0.5;
    private boolean keepTotalSize = true;
    private boolean oversampleSite;
    private long seed;
    private boolean controlArm = true;
    private String publicName = "public";

    private Builder() {}

    private Builder<C, M> copy() {
      Builder<C, M> c = new Builder<>();
      c.task = task;
      c.workDir = workDir;
      c.site = site;
      c.labelOf = labelOf;
      c.publicTrain = publicTrain;
      c.publicTest = publicTest;
      c.siteFineTune = siteFineTune;
      c.siteTest = siteTest;
      c.baselineArchive = baselineArchive;
      c.replaceFraction = replaceFraction;
      c.keepTotalSize = keepTotalSize;
      c.oversampleSite = oversampleSite;
      c.seed = seed;
      c.controlArm = controlArm;
      c.publicName = publicName;
      return c;
    }

    /** The model family. */
    public Builder<C, M> task(ModelTask<C, M> t) {
      this.task = Objects.requireNonNull(t, "task");
      return this;
    }

    /** The folder for models, outcomes and the resume state. */
    public Builder<C, M> workDir(Path d) {
      this.workDir = Objects.requireNonNull(d, "workDir");
      return this;
    }

    /**
     * The site's name (recorded in the fine-tuned model's provenance).
     *
     * @throws IllegalArgumentException if blank or not usable in a file name
     */
    public Builder<C, M> site(String name) {
      Objects.requireNonNull(name, "site");
      if (!name.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "site name must be letters, digits, '.', '_' or '-', got '" + name + "'");
      }
      this.site = name;
      return this;
    }

    /** How to read a case's label (for the mixer's stratification). */
    public Builder<C, M> labelOf(Function<? super C, NoduleLabel> f) {
      this.labelOf = Objects.requireNonNull(f, "labelOf");
      return this;
    }

    /** The public training set (also the base of the mixed set). */
    public Builder<C, M> publicTrain(List<C> cases) {
      this.publicTrain = List.copyOf(cases);
      return this;
    }

    /** The public test set. */
    public Builder<C, M> publicTest(List<C> cases) {
      this.publicTest = List.copyOf(cases);
      return this;
    }

    /** The site's fine-tuning part (see {@link SiteSplitter}). */
    public Builder<C, M> siteFineTune(List<C> cases) {
      this.siteFineTune = List.copyOf(cases);
      return this;
    }

    /** The site's independent test part. */
    public Builder<C, M> siteTest(List<C> cases) {
      this.siteTest = List.copyOf(cases);
      return this;
    }

    /** Use this archive as the baseline instead of training one. */
    public Builder<C, M> baselineArchive(Path file) {
      this.baselineArchive = Objects.requireNonNull(file, "baselineArchive");
      return this;
    }

    /**
     * The fraction of the public training set replaced by site cases (default 0.5).
     *
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public Builder<C, M> replaceFraction(double f) {
      if (!(f > 0 && f <= 1)) {
        throw new IllegalArgumentException("replace fraction must be in (0, 1], got " + f);
      }
      this.replaceFraction = f;
      return this;
    }

    /** Mixer option, see {@link DatasetMixer}. */
    public Builder<C, M> keepTotalSize(boolean keep) {
      this.keepTotalSize = keep;
      return this;
    }

    /** Mixer option, see {@link DatasetMixer}. */
    public Builder<C, M> oversampleSite(boolean o) {
      this.oversampleSite = o;
      return this;
    }

    /**
     * Whether to train and evaluate the control arm, the {@code continued} model (default true):
     * without it, a gain of the fine-tuned model cannot be told from the effect of training longer.
     */
    public Builder<C, M> controlArm(boolean on) {
      this.controlArm = on;
      return this;
    }

    /**
     * The public site's name (default {@code public}): the continued model's provenance names it as
     * the site it was trained further on.
     *
     * @throws IllegalArgumentException if not usable in a file name
     */
    public Builder<C, M> publicSiteName(String name) {
      Objects.requireNonNull(name, "publicSiteName");
      if (!name.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "public site name must be letters, digits, '.', '_' or '-', got '" + name + "'");
      }
      this.publicName = name;
      return this;
    }

    /** The seed of the whole workflow (training, mixing). */
    public Builder<C, M> seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Builds the workflow.
     *
     * @throws IllegalStateException naming the first missing setting
     */
    public LocalizationWorkflow<C, M> build() {
      require(task, "task");
      require(workDir, "workDir");
      require(site, "site");
      require(labelOf, "labelOf");
      require(publicTrain, "publicTrain");
      require(publicTest, "publicTest");
      require(siteFineTune, "siteFineTune");
      require(siteTest, "siteTest");
      if (publicTrain.isEmpty() && baselineArchive == null) {
        throw new IllegalStateException("publicTrain is empty and no baseline archive is given");
      }
      if (siteTest.isEmpty()) {
        throw new IllegalStateException("siteTest must not be empty");
      }
      return new LocalizationWorkflow<>(this);
    }

    private static void require(Object o, String name) {
      if (o == null) {
        throw new IllegalStateException(name + " must be set");
      }
    }
  }

  /**
   * Returns whether a work folder holds a finished run for a task and site, with whatever inputs: a
   * caller that skips {@link #run()} on this answer must know that its inputs are those of the
   * finished run ({@link #run()} itself checks every step's inputs).
   */
  public static boolean isFinished(Path workDir, String task, String site) throws IOException {
    Path dir = workDir.resolve(task + "-" + site);
    if (!Files.exists(dir.resolve(WorkflowState.FILE_NAME))) {
      return false;
    }
    WorkflowState st = WorkflowState.open(dir);
    return st.isDone("finetuned-site");
  }

  /**
   * Reads the result of a finished run from its work folder, without the cases (which a resumed
   * caller then need not rebuild). As with {@link #isFinished}, the caller answers for the inputs
   * being those of the finished run.
   *
   * @param workDir the work folder given to the workflow
   * @param task the task name
   * @param site the site
   * @param baselineArchive the baseline archive, if the run was given one instead of training
   * @return the result, or empty if the run has not finished
   * @throws IOException if the outcome files cannot be read
   */
  public static Optional<LocalizationResult> readFinished(
      Path workDir, String task, String site, Optional<Path> baselineArchive) throws IOException {
    if (!isFinished(workDir, task, site)) {
      return Optional.empty();
    }
    Path dir = workDir.resolve(task + "-" + site);
    WorkflowState st = WorkflowState.open(dir);
    // the control arm's outcomes, if the run had one; its model file is recorded with them
    Optional<Path> continued = st.get("continued-site").map(Path::of);
    return Optional.of(
        new LocalizationResult(
            task,
            site,
            OutcomeFiles.read(dir.resolve("baseline-public.csv")),
            OutcomeFiles.read(dir.resolve("baseline-site.csv")),
            OutcomeFiles.read(dir.resolve("finetuned-site.csv")),
            continued.isPresent()
                ? OutcomeFiles.read(dir.resolve("continued-site.csv"))
                : List.of(),
            baselineArchive.orElse(dir.resolve("baseline.zip")),
            dir.resolve("finetuned.zip"),
            continued,
            "(resumed)"));
  }
}
