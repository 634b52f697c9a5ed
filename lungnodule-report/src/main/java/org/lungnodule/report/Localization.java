package org.lungnodule.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.finetune.ClassifierTask;
import org.lungnodule.finetune.LocalizationResult;
import org.lungnodule.finetune.LocalizationWorkflow;
import org.lungnodule.finetune.ScanCase;
import org.lungnodule.finetune.SegmenterTask;
import org.lungnodule.finetune.SiteComparison;
import org.lungnodule.finetune.SiteSplit;
import org.lungnodule.finetune.SiteSplitter;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.classifier.ClassifierRecipe;
import org.lungnodule.models.classifier.CubePreprocessing;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.SegmentationCase;
import org.lungnodule.models.training.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper's experiment on your own sites: localizes models trained on a public site to each local
 * site and says, with statistics, whether it helped.
 *
 * <pre>{@code
 * LocalizationReport report = Localization.builder()
 *     .publicSite(Path.of("sites/lidc"))
 *     .site(Path.of("sites/hb"))
 *     .site(Path.of("sites/xz"))
 *     .seed(7)
 *     .out(Path.of("localize-out"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>For each model family ({@link Model}) and each local site, {@link #run()}:
 *
 * <ol>
 *   <li>reads the cases (see {@link LocalizationSite}) and splits them by patient: the public site
 *       into training and test parts as its manifest's {@code split} column says (as {@code
 *       lidc-site} writes it), or 8:2 without one; a local site's classifier cases into a
 *       fine-tuning part of 46% of its nodules (440 of 963, the paper's HB) at the paper's 172:268
 *       malignant:benign ratio, as far as the site allows (at least 5 nodules of each class stay
 *       for testing), and a test part; a local site's segmenter scans in halves;
 *   <li>runs the {@link LocalizationWorkflow}: the baseline (trained on the public training part by
 *       the first site's workflow and shared by the others, or loaded from {@link
 *       Builder#baselineClassifier(Path)} / {@link Builder#baselineSegmenter(Path)}), evaluated on
 *       the public and the site's test parts; the control arm ({@code continued}: the baseline
 *       trained as many steps on public data only, shared by sites); the fine-tuned model, trained
 *       from the baseline on the mixed set (50% of the public training part replaced by the site's
 *       fine-tuning part); both evaluated on the site's test part;
 *   <li>compares the arms ({@link SiteComparison}: DeLong and bootstrap for the classifier,
 *       Wilcoxon's signed-rank test for the segmenter) and writes {@link LocalizationReport}
 *       ({@code report.md}, a self-contained {@code report.html}, {@code report.json}) with ROC
 *       curves and a bar chart into the output folder, the models and outcomes into {@code
 *       out/work}.
 * </ol>
 *
 * <p>A killed run resumes: started again with the same inputs, every finished step is reused (each
 * is keyed by a hash of its inputs, see {@link LocalizationWorkflow}); a changed input reruns the
 * steps it affects. Everything is seeded.
 *
 * <p>Immutable and thread-safe; {@link #run()} itself uses the cores through ND4J and {@link
 * Parallel}.
 */
public final class Localization {

  private static final Logger LOG = LoggerFactory.getLogger(Localization.class);

  /** The paper's fine-tuning share of a site's nodules (440 of HB's 963). */
  static final double FINE_TUNE_SHARE = 440.0 / 963.0;

  /** The paper's malignant share of the fine-tuning part (172 of 440). */
  static final double FINE_TUNE_MALIGNANT = 172.0 / 440.0;

  /** Nodules of each class a site keeps for its test part at least, where it has them. */
  static final int MIN_TEST_PER_CLASS = 5;

  /** A model family to localize. */
  public enum Model {
    /** The benign/malignant 3D ResNet. */
    CLASSIFIER,
    /** The 3D Mask R-CNN nodule segmenter. */
    SEGMENTER;

    /**
     * Parses {@code classifier} or {@code segmenter}.
     *
     * @throws IllegalArgumentException naming the text otherwise
     */
    public static Model parse(String text) {
      for (Model m : values()) {
        if (m.name().equalsIgnoreCase(text.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "model must be classifier or segmenter, got '" + text + "'");
    }
  }

  /** The networks, schedules and bootstrap size. */
  public enum Preset {
    /**
     * For tests of the whole path on tiny phantom sites (a minute or two): the small ResNet for 1
     * epoch (fine-tuning 1), the TINY Mask R-CNN, 200 bootstrap replicates, whole-scan segmentation
     * of the (tiny) test scans with false positives counted.
     */
    TINY(1, 1, 200, 1, true, SegmenterTask.Evaluation.WHOLE_SCAN),
    /**
     * Small CPU networks (minutes on two cores): the small ResNet for 12 epochs (fine-tuning 4),
     * the SMALL Mask R-CNN for 4 × 25 crops (fine-tuning 6 epochs, backbone body frozen), 1000
     * bootstrap replicates. Segmenter test nodules are evaluated around each nodule ({@link
     * SegmenterTask.Evaluation#AROUND_NODULES}: per-nodule Dice, IoU and ASD at a fraction of the
     * cost of whole scans, about 1 s instead of 6 s per scan on two cores; no false positives
     * counted, so no FROC: whole scans for three arms and two sites of 20 test scans would add
     * about 12 minutes to the quick demo's 10 to 12, beyond its 15).
     */
    QUICK(12, 4, 1000, 6, true, SegmenterTask.Evaluation.AROUND_NODULES),
    /**
     * The paper's networks: ResNet18-3D for 40 epochs (fine-tuning 20), the PAPER Mask R-CNN
     * (fine-tuning 100 epochs, everything trains), 2000 bootstrap replicates, whole-scan
     * segmentation of the test scans. For a GPU or a patient user.
     */
    PAPER(40, 20, 2000, 100, false, SegmenterTask.Evaluation.WHOLE_SCAN);

    final int classifierEpochs;
    final int fineTuneEpochs;
    final int bootstrap;
    final int segmenterFineTuneEpochs;
    final boolean segmenterFreezeBackbone;
    final SegmenterTask.Evaluation segmenterEvaluation;

    Preset(
        int classifierEpochs,
        int fineTuneEpochs,
        int bootstrap,
        int segmenterFineTuneEpochs,
        boolean segmenterFreezeBackbone,
        SegmenterTask.Evaluation segmenterEvaluation) {
      this.classifierEpochs = classifierEpochs;
      this.fineTuneEpochs = fineTuneEpochs;
      this.bootstrap = bootstrap;
      this.segmenterFineTuneEpochs = segmenterFineTuneEpochs;
      this.segmenterFreezeBackbone = segmenterFreezeBackbone;
      this.segmenterEvaluation = segmenterEvaluation;
    }

    /**
     * Parses {@code tiny}, {@code quick} or {@code paper}.
     *
     * @throws IllegalArgumentException naming the text otherwise
     */
    public static Preset parse(String text) {
      for (Preset p : values()) {
        if (p.name().equalsIgnoreCase(text.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException("preset must be tiny, quick or paper, got '" + text + "'");
    }

    /** The bootstrap replicates of the classifier's intervals and paired tests. */
    public int bootstrap() {
      return bootstrap;
    }

    ResNet3d classifierArch() {
      return this == PAPER ? ResNet3d.paper() : ResNet3d.small();
    }

    MaskRcnnConfig segmenterConfig() {
      return switch (this) {
        case TINY -> MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
        // the SMALL preset with a much shorter schedule (100 crop steps) and less window overlap,
        // so that the quick demo ends within 15 minutes on 2 cores
        case QUICK ->
            MaskRcnnConfig.builder(MaskRcnnConfig.Preset.SMALL)
                .epochs(4)
                .cropsPerEpoch(25)
                .windowOverlap(8)
                .build();
        case PAPER -> MaskRcnnConfig.of(MaskRcnnConfig.Preset.PAPER);
      };
    }

    /**
     * The classifier task: the tuned recipe's rate, batch, weight decay and test-time views ({@link
     * ClassifierRecipe#tuned()}; its optimiser, schedule, balance and augmentation are the
     * trainer's defaults, the same), the preset's epochs, fine-tuning at 3e-4.
     */
    ClassifierTask classifierTask(List<TrainingListener> listeners) {
      ClassifierRecipe tuned = ClassifierRecipe.tuned();
      return new ClassifierTask(
              classifierArch(),
              classifierEpochs,
              fineTuneEpochs,
              tuned.learningRate(),
              3e-4,
              tuned.batchSize(),
              tuned.weightDecay(),
              false,
              listeners)
          .withTestViews(tuned.testViews());
    }

    /**
     * Fine-tuning: the preset's epochs (of the baseline's crops per epoch) from the baseline's
     * rate, cosine-annealed towards zero (a constant rate ended the quick fine-tuning on one noisy
     * step), nine crops in ten on a nodule (a site's few fine-tuning scans hold few nodules); at
     * the tiny and quick presets with the backbone's body frozen (a step about 30% cheaper).
     */
    SegmenterTask segmenterTask(List<TrainingListener> listeners) {
      MaskRcnnConfig sc = segmenterConfig();
      return new SegmenterTask(sc, segmenterFineTuneEpochs, sc.learningRate(), listeners)
          .withFineTunePositiveCrops(0.9)
          .withFrozenBackbone(segmenterFreezeBackbone)
          .withFineTuneDecay(Schedule.COSINE)
          .withEvaluation(segmenterEvaluation);
    }
  }

  private final LocalizationSite publicSite;
  private final List<LocalizationSite> sites;
  private final Set<Model> models;
  private final Preset preset;
  private final long seed;
  private final Path out;
  private final Path baselineClassifier;
  private final Path baselineSegmenter;
  private final int bootstrap;
  private final double alpha;
  private final boolean controlArm;
  private final boolean scansInsideLung;
  private final String title;
  private final List<String> notes;
  private final List<TrainingListener> listeners;

  private Localization(Builder b) {
    this.publicSite = b.publicSite;
    this.sites = List.copyOf(b.sites);
    this.models = Set.copyOf(b.models == null ? EnumSet.allOf(Model.class) : b.models);
    this.preset = b.preset == null ? Preset.QUICK : b.preset;
    this.seed = b.seed == null ? 1 : b.seed;
    this.out = b.out;
    this.baselineClassifier = b.baselineClassifier;
    this.baselineSegmenter = b.baselineSegmenter;
    this.bootstrap = b.bootstrap == null ? preset.bootstrap : b.bootstrap;
    this.alpha = b.alpha == null ? 0.05 : b.alpha;
    this.controlArm = b.controlArm == null || b.controlArm;
    this.scansInsideLung = b.scansInsideLung != null && b.scansInsideLung;
    this.title = b.title;
    this.notes = List.copyOf(b.notes);
    this.listeners = List.copyOf(b.listeners);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs (or resumes) the experiment and writes the report.
   *
   * @return the report it wrote into the output folder
   * @throws java.nio.file.NoSuchFileException if a site folder has no manifest
   * @throws org.lungnodule.io.manifest.ManifestException if a manifest is malformed
   * @throws IllegalArgumentException if a site has too few cases to split (for example no nodule of
   *     one class)
   * @throws IOException if data, models or the report cannot be read or written
   */
  public LocalizationReport run() throws IOException {
    Files.createDirectories(out);
    long t0 = System.nanoTime();
    Path work = out.resolve("work");
    List<String> lines = new ArrayList<>(notes);
    lines.add(
        "preset "
            + preset.name().toLowerCase(Locale.ROOT)
            + ", seed "
            + seed
            + ", public site "
            + publicSite
            + ", local sites "
            + sites.stream().map(LocalizationSite::name).toList());
    lines.add(
        "arms: baseline (trained on the public training part), fine-tuned (from the baseline on the"
            + " mixed set: 50% of the public training part replaced by the site's fine-tuning"
            + " part)"
            + (controlArm
                ? ", continued (control: from the baseline with the fine-tuning schedule and seed on"
                    + " as many public cases only); \"localization helped\" needs fine-tuned > baseline"
                    + " and fine-tuned > continued on the primary metric (AUC, Dice), each with"
                    + " p < "
                    + alpha
                : "; no control arm: a gain cannot be told from the effect of training longer"));
    List<SiteComparison> comparisons = new ArrayList<>();
    if (models.contains(Model.CLASSIFIER)) {
      runClassifier(work, lines, comparisons);
    }
    if (models.contains(Model.SEGMENTER)) {
      runSegmenter(work, lines, comparisons);
    }
    Map<String, String> images = new LinkedHashMap<>(DemoCharts.write(out, comparisons));
    lines.add(
        String.format(
            Locale.ROOT,
            "wall time %.1f s on %d threads",
            (System.nanoTime() - t0) / 1e9,
            Parallel.parallelism()));
    LocalizationReport rep =
        new LocalizationReport(
            title != null
                ? title
                : "Localized fine-tuning of models trained on " + publicSite.name(),
            comparisons,
            lines,
            images);
    rep.write(out);
    LOG.info("report written to {}", out.resolve("report.html"));
    return rep;
  }

  private void runClassifier(Path work, List<String> lines, List<SiteComparison> comparisons)
      throws IOException {
    ClassifierTask ct = preset.classifierTask(listeners);
    List<LabelledCube> publicCubes = cubes(publicSite.name(), publicSite.classifierFolder());
    SiteSplit<LabelledCube> pub =
        publicSplit(
            publicSite.classifierFolder(),
            publicCubes,
            Localization::label,
            LabelledCube::patientId);
    lines.add("classifier: " + ct + "; public train " + pub.report());
    Path base = baselineClassifier;
    if (base != null) {
      lines.add("classifier baseline: loaded from " + base.getFileName() + " (not trained here)");
    }
    for (LocalizationSite site : sites) {
      List<LabelledCube> cubes = cubes(site.name(), site.classifierFolder());
      SiteSplit<LabelledCube> s = siteSplit(cubes, Localization::label, LabelledCube::patientId);
      lines.add("classifier " + site.name() + " split: " + s.report());
      LocalizationWorkflow.Builder<LabelledCube, MalignancyClassifier> wb =
          LocalizationWorkflow.<LabelledCube, MalignancyClassifier>builder()
              .task(ct)
              .workDir(work)
              .site(site.name())
              .publicSiteName(publicSite.name())
              .labelOf(Localization::label)
              .publicTrain(pub.fineTune())
              .publicTest(pub.test())
              .siteFineTune(s.fineTune())
              .siteTest(s.test())
              .controlArm(controlArm)
              .seed(seed);
      if (base != null) {
        wb.baselineArchive(base);
      }
      LocalizationResult r = wb.build().run();
      base = r.baselineModel();
      comparisons.add(SiteComparison.of(r, bootstrap, seed, alpha));
    }
  }

  private void runSegmenter(Path work, List<String> lines, List<SiteComparison> comparisons)
      throws IOException {
    SegmenterTask st = preset.segmenterTask(listeners);
    List<ScanCase> publicScans = scanCases(publicSite.name(), publicSite.segmenterFolder());
    SiteSplit<ScanCase> spub =
        publicSplit(
            publicSite.segmenterFolder(), publicScans, ScanCase::scanLabel, ScanCase::patientId);
    lines.add(
        "segmenter: "
            + st
            + "; public train "
            + spub.fineTune().size()
            + " scans, test "
            + spub.test().size());
    lines.add(
        st.evaluation() == SegmenterTask.Evaluation.WHOLE_SCAN
            ? "segmenter evaluation: whole test scans, every candidate down to score "
                + SegmenterTask.FROC_CANDIDATE_SCORE
                + " kept for the FROC (false positives counted by the LUNA16 hit rule); Dice, IoU"
                + " and ASD of the nodules matched at the model's score threshold"
            : "segmenter evaluation: a region around each annotated nodule (per-nodule Dice, IoU"
                + " and ASD as on whole scans, at about a tenth of the cost); false positives are"
                + " not counted, so the report has no FROC at this preset (use --preset paper)");
    Path base = baselineSegmenter;
    if (base != null) {
      lines.add("segmenter baseline: loaded from " + base.getFileName() + " (not trained here)");
    }
    for (LocalizationSite site : sites) {
      SiteSplit<ScanCase> s = halfSplit(scanCases(site.name(), site.segmenterFolder()));
      lines.add(
          "segmenter "
              + site.name()
              + " split: "
              + s.fineTune().size()
              + " scans fine-tune, "
              + s.test().size()
              + " test");
      LocalizationWorkflow.Builder<ScanCase, NoduleSegmenter> wb =
          LocalizationWorkflow.<ScanCase, NoduleSegmenter>builder()
              .task(st)
              .workDir(work)
              .site(site.name())
              .publicSiteName(publicSite.name())
              .labelOf(ScanCase::scanLabel)
              .publicTrain(spub.fineTune())
              .publicTest(spub.test())
              .siteFineTune(s.fineTune())
              .siteTest(s.test())
              .controlArm(controlArm)
              .seed(seed);
      if (base != null) {
        wb.baselineArchive(base);
      }
      LocalizationResult r = wb.build().run();
      base = r.baselineModel();
      comparisons.add(SiteComparison.of(r, 0, seed, alpha));
    }
  }

  private static NoduleLabel label(LabelledCube c) {
    return c.malignant() ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN;
  }

  /**
   * The labelled cubes of a site folder: every MALIGNANT or BENIGN nodule of every scan, in
   * manifest order; scans are read in parallel, only those with such a nodule.
   */
  static List<LabelledCube> cubes(String name, Path folder) throws IOException {
    Site site = Site.open(folder);
    Set<String> labelled = new LinkedHashSet<>();
    for (ManifestEntry e : site.manifest().entries()) {
      if (e.nodule().isPresent() && e.nodule().get().label() != NoduleLabel.UNKNOWN) {
        labelled.add(e.scanId());
      }
    }
    List<String> ids = List.copyOf(labelled);
    CubePreprocessing prep = CubePreprocessing.defaults();
    List<List<LabelledCube>> per = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      per.add(null);
    }
    try {
      Parallel.forEach(
          ids.size(),
          i -> {
            try {
              per.set(i, prep.labelledCubes(site.load(ids.get(i))));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<LabelledCube> out = new ArrayList<>();
    per.forEach(out::addAll);
    LOG.info("classifier data: {} cubes from {} scans of site {}", out.size(), ids.size(), name);
    return out;
  }

  /** The scans of a site folder with at least one nodule mask, preprocessed for the segmenter. */
  private List<ScanCase> scanCases(String name, Path folder) throws IOException {
    Site site = Site.open(folder);
    Set<String> masked = new LinkedHashSet<>();
    for (ManifestEntry e : site.manifest().entries()) {
      if (e.nodule().isPresent() && e.nodule().get().maskPath().isPresent()) {
        masked.add(e.scanId());
      }
    }
    LungField lf = LungField.builder().build();
    List<ScanCase> cases = new ArrayList<>();
    for (String id : masked) {
      AnnotatedScan s = site.load(id);
      SegmentationCase sc =
          scansInsideLung
              ? SegmentationCase.fromScanInsideLung(s)
              : SegmentationCase.fromScan(s, lf);
      cases.add(new ScanCase(s.patientId(), s.scanId(), sc, s.nodules()));
    }
    LOG.info("segmenter data: {} scans with masks from site {} ({})", cases.size(), name, folder);
    return cases;
  }

  /**
   * The public site's training and test parts: the patients its manifest's {@code split} column
   * puts on each side when it has one (as {@code lidc-site} writes it), otherwise 8:2 by patient at
   * the public site's class ratio, seeded.
   */
  <T> SiteSplit<T> publicSplit(
      Path folder, List<T> cases, Function<T, NoduleLabel> labelOf, Function<T, String> patientOf)
      throws IOException {
    Optional<Site> train = Site.open(folder).split(ManifestSplit.TRAIN);
    if (train.isPresent()) {
      Set<String> trainPatients = new HashSet<>(train.get().patientIds());
      List<T> ft = new ArrayList<>();
      List<T> test = new ArrayList<>();
      for (T c : cases) {
        (trainPatients.contains(patientOf.apply(c)) ? ft : test).add(c);
      }
      int fm = count(ft, labelOf, NoduleLabel.MALIGNANT);
      int fb = count(ft, labelOf, NoduleLabel.BENIGN);
      SiteSplit.Report r =
          new SiteSplit.Report(
              fm,
              fb,
              fm,
              fb,
              count(test, labelOf, NoduleLabel.MALIGNANT),
              count(test, labelOf, NoduleLabel.BENIGN),
              (int) ft.stream().map(patientOf).distinct().count(),
              (int) test.stream().map(patientOf).distinct().count(),
              seed);
      LOG.info("public site {}: the split of its manifest, {}", folder.getFileName(), r);
      return new SiteSplit<>(ft, test, r);
    }
    long m = cases.stream().filter(c -> labelOf.apply(c) == NoduleLabel.MALIGNANT).count();
    long b = cases.stream().filter(c -> labelOf.apply(c) == NoduleLabel.BENIGN).count();
    return SiteSplitter.builder()
        .fineTuneCounts((int) Math.round(0.8 * m), (int) Math.round(0.8 * b))
        .seed(seed)
        .build()
        .split(cases, patientOf, labelOf);
  }

  private static <T> int count(List<T> cases, Function<T, NoduleLabel> labelOf, NoduleLabel l) {
    return (int) cases.stream().filter(c -> labelOf.apply(c) == l).count();
  }

  private <T> SiteSplit<T> siteSplit(
      List<T> cases, Function<T, NoduleLabel> labelOf, Function<T, String> patientOf) {
    long m = cases.stream().filter(c -> labelOf.apply(c) == NoduleLabel.MALIGNANT).count();
    long b = cases.stream().filter(c -> labelOf.apply(c) == NoduleLabel.BENIGN).count();
    long total = Math.round(FINE_TUNE_SHARE * (m + b));
    int fm =
        (int)
            Math.min(Math.round(FINE_TUNE_MALIGNANT * total), Math.max(0, m - MIN_TEST_PER_CLASS));
    int fb = (int) Math.min(total - fm, Math.max(0, b - MIN_TEST_PER_CLASS));
    return SiteSplitter.builder()
        .fineTuneCounts(fm, fb)
        .seed(seed + 17)
        .build()
        .split(cases, patientOf, labelOf);
  }

  private SiteSplit<ScanCase> halfSplit(List<ScanCase> scans) {
    long m = scans.stream().filter(c -> c.scanLabel() == NoduleLabel.MALIGNANT).count();
    long b = scans.stream().filter(c -> c.scanLabel() == NoduleLabel.BENIGN).count();
    return SiteSplitter.builder()
        .fineTuneCounts((int) (m / 2), (int) Math.max(b / 2, m / 2 == 0 ? 1 : 0))
        .seed(seed + 29)
        .build()
        .split(scans, ScanCase::patientId, ScanCase::scanLabel);
  }

  @Override
  public String toString() {
    return "Localization[public "
        + publicSite
        + ", sites "
        + sites
        + ", models "
        + EnumSet.copyOf(models)
        + ", preset "
        + preset
        + ", seed "
        + seed
        + ", out "
        + out
        + (baselineClassifier == null ? "" : ", classifier baseline " + baselineClassifier)
        + (baselineSegmenter == null ? "" : ", segmenter baseline " + baselineSegmenter)
        + ", bootstrap "
        + bootstrap
        + ", alpha "
        + alpha
        + (controlArm ? "" : ", no control arm")
        + (scansInsideLung ? ", scans inside the lung" : "")
        + "]";
  }

  /**
   * Builder of {@link Localization}. Required: {@link #publicSite}, at least one {@link #site} and
   * {@link #out}. Each setter checks its value at once and may be called once (adders: once per
   * value); {@link #build()} leaves the builder unchanged, so it can build again.
   */
  public static final class Builder {
    private LocalizationSite publicSite;
    private final List<LocalizationSite> sites = new ArrayList<>();
    private Set<Model> models;
    private Preset preset;
    private Long seed;
    private Path out;
    private Path baselineClassifier;
    private Path baselineSegmenter;
    private Integer bootstrap;
    private Double alpha;
    private Boolean controlArm;
    private Boolean scansInsideLung;
    private String title;
    private final List<String> notes = new ArrayList<>();
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder() {}

    private static void once(Object old, String name) {
      if (old != null) {
        throw new IllegalStateException(name + " was already set to " + old);
      }
    }

    /**
     * The public site, one folder for both models, named by the folder (see {@link
     * LocalizationSite#of(Path)}).
     *
     * @throws IllegalStateException if already set
     */
    public Builder publicSite(Path folder) {
      return publicSite(LocalizationSite.of(Objects.requireNonNull(folder, "publicSite")));
    }

    /**
     * The public site the baselines learn from.
     *
     * @throws IllegalStateException if already set
     */
    public Builder publicSite(LocalizationSite site) {
      Objects.requireNonNull(site, "publicSite");
      once(publicSite, "publicSite");
      this.publicSite = site;
      return this;
    }

    /**
     * Adds a local site, one folder for both models, named by the folder.
     *
     * @throws IllegalArgumentException if the folder's name is not a usable site name, or a site of
     *     that name was already added
     */
    public Builder site(Path folder) {
      return site(LocalizationSite.of(Objects.requireNonNull(folder, "site")));
    }

    /**
     * Adds a local site to localize to; sites run in the order added.
     *
     * @throws IllegalArgumentException if a site of that name was already added
     */
    public Builder site(LocalizationSite site) {
      Objects.requireNonNull(site, "site");
      for (LocalizationSite s : sites) {
        if (s.name().equals(site.name())) {
          throw new IllegalArgumentException("site " + site.name() + " was already added: " + s);
        }
      }
      sites.add(site);
      return this;
    }

    /**
     * The model families to localize (default both).
     *
     * @throws IllegalArgumentException if empty
     * @throws IllegalStateException if already set
     */
    public Builder models(Set<Model> which) {
      Objects.requireNonNull(which, "models");
      if (which.isEmpty()) {
        throw new IllegalArgumentException("models must name at least one model, got none");
      }
      once(models, "models");
      this.models = EnumSet.copyOf(which);
      return this;
    }

    /** The model families to localize (default both), see {@link #models(Set)}. */
    public Builder models(Model first, Model... more) {
      Set<Model> s = EnumSet.of(Objects.requireNonNull(first, "models"), more);
      return models(s);
    }

    /**
     * The networks and schedules (default {@link Preset#QUICK}).
     *
     * @throws IllegalStateException if already set
     */
    public Builder preset(Preset p) {
      Objects.requireNonNull(p, "preset");
      once(preset, "preset");
      this.preset = p;
      return this;
    }

    /**
     * The seed of every split, mix, training and bootstrap (default 1).
     *
     * @throws IllegalStateException if already set
     */
    public Builder seed(long s) {
      once(seed, "seed");
      this.seed = s;
      return this;
    }

    /**
     * The output folder (required; created if missing): the report and its charts, and {@code
     * work/} with the models, outcomes and the resume state.
     *
     * @throws IllegalStateException if already set
     */
    public Builder out(Path dir) {
      Objects.requireNonNull(dir, "out");
      once(out, "out");
      this.out = dir;
      return this;
    }

    /**
     * A classifier archive to use as the baseline instead of training one on the public site.
     *
     * @throws IllegalArgumentException if the file does not exist
     * @throws IllegalStateException if already set
     */
    public Builder baselineClassifier(Path archive) {
      this.baselineClassifier = existing(archive, baselineClassifier, "baselineClassifier");
      return this;
    }

    /**
     * A segmenter archive to use as the baseline instead of training one on the public site.
     *
     * @throws IllegalArgumentException if the file does not exist
     * @throws IllegalStateException if already set
     */
    public Builder baselineSegmenter(Path archive) {
      this.baselineSegmenter = existing(archive, baselineSegmenter, "baselineSegmenter");
      return this;
    }

    private static Path existing(Path file, Path old, String name) {
      Objects.requireNonNull(file, name);
      once(old, name);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(name + " must be an existing file, got " + file);
      }
      return file;
    }

    /**
     * Bootstrap replicates of the classifier's intervals and paired tests (default the preset's; 0
     * for none).
     *
     * @throws IllegalArgumentException if negative or 1
     * @throws IllegalStateException if already set
     */
    public Builder bootstrap(int replicates) {
      if (replicates < 0 || replicates == 1) {
        throw new IllegalArgumentException(
            "bootstrap replicates must be 0 or at least 2, got " + replicates);
      }
      once(bootstrap, "bootstrap");
      this.bootstrap = replicates;
      return this;
    }

    /**
     * The significance level of the verdicts (default 0.05).
     *
     * @throws IllegalArgumentException if not in (0, 1)
     * @throws IllegalStateException if already set
     */
    public Builder alpha(double a) {
      if (!(a > 0 && a < 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1), got " + a);
      }
      once(alpha, "alpha");
      this.alpha = a;
      return this;
    }

    /**
     * Whether to run the control arm, the continued model (default true). Without it no site can be
     * found to have been helped by localization.
     *
     * @throws IllegalStateException if already set
     */
    public Builder controlArm(boolean on) {
      once(controlArm, "controlArm");
      this.controlArm = on;
      return this;
    }

    /**
     * Whether every voxel of a segmenter scan counts as lung field (default false: the lung field
     * is extracted). For scans cut inside one lung, such as the phantom's TEST size, where no lung
     * boundary can be found.
     *
     * @throws IllegalStateException if already set
     */
    public Builder scansInsideLung(boolean inside) {
      once(scansInsideLung, "scansInsideLung");
      this.scansInsideLung = inside;
      return this;
    }

    /**
     * The report's title (default names the public site).
     *
     * @throws IllegalArgumentException if blank
     * @throws IllegalStateException if already set
     */
    public Builder title(String t) {
      Objects.requireNonNull(t, "title");
      if (t.isBlank()) {
        throw new IllegalArgumentException("title must not be blank");
      }
      once(title, "title");
      this.title = t;
      return this;
    }

    /** Adds a line to the report's notes (printed first, under the title). */
    public Builder note(String line) {
      notes.add(Objects.requireNonNull(line, "note"));
      return this;
    }

    /** Adds a training progress listener. */
    public Builder listener(TrainingListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /**
     * Builds the experiment.
     *
     * @throws IllegalStateException if the public site, the output folder or every local site is
     *     missing, or a local site has the public site's name
     */
    public Localization build() {
      if (publicSite == null) {
        throw new IllegalStateException("publicSite must be set");
      }
      if (sites.isEmpty()) {
        throw new IllegalStateException("at least one site must be added");
      }
      if (out == null) {
        throw new IllegalStateException("out must be set");
      }
      for (LocalizationSite s : sites) {
        if (s.name().equals(publicSite.name())) {
          throw new IllegalStateException(
              "local site " + s + " has the public site's name " + publicSite.name());
        }
      }
      return new Localization(this);
    }
  }
}
