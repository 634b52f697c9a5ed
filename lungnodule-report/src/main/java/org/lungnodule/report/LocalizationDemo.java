package org.lungnodule.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.finetune.ClassifierTask;
import org.lungnodule.finetune.LocalizationResult;
import org.lungnodule.finetune.LocalizationWorkflow;
import org.lungnodule.finetune.ScanCase;
import org.lungnodule.finetune.SegmenterTask;
import org.lungnodule.finetune.SiteComparison;
import org.lungnodule.finetune.SiteSplit;
import org.lungnodule.finetune.SiteSplitter;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.SegmentationCase;
import org.lungnodule.models.training.Schedule;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSite;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end demonstration of the paper on the synthetic phantom: generates the {@code PUBLIC},
 * {@code HB} and {@code XZ} sites, runs the {@link LocalizationWorkflow} for the classifier and the
 * segmenter on both local sites (one baseline per model, trained on PUBLIC), compares baseline and
 * fine-tuned models with {@link SiteComparison}, and writes {@link LocalizationReport} ({@code
 * report.md}, {@code report.html}, {@code report.json}) with ROC curves and a bar chart, plus the
 * model archives, into the output folder.
 *
 * <p>Classifier cases are nodule patches from {@link Phantom#nodulePatches} (one nodule per
 * patient), resampled to 1 mm and cut into {@link NoduleCubes#defaults()} cubes. Segmenter cases
 * are whole phantom scans written to disk as RLE DICOM series with a site manifest, read back
 * through {@link Site}, resampled to 1 mm and lung-field masked. Public cases are split 8:2 by
 * patient; each local site is split by patient into a fine-tuning part holding 46% of its nodules
 * at the paper's 172:268 malignant:benign ratio (as far as the site allows) and a test part.
 * Segmenter scans are split 8:2 (PUBLIC) and in halves (sites) by patient.
 *
 * <p>The segmenter baseline is trained on the PUBLIC training scans unless the builder is given one
 * ({@link Builder#segmenterBaseline(Path)}); the command-line demo gives the quick scale a bundled
 * PUBLIC segmenter, because one the quick budget could train finds almost nothing. At the tiny and
 * quick scales the segmenter is evaluated around each annotated nodule ({@link
 * SegmenterTask.Evaluation#AROUND_NODULES}: the same per-nodule Dice, IoU and ASD as whole-scan
 * segmentation at a fraction of its cost, so more test nodules fit the budget); the full scale
 * segments whole scans.
 *
 * <p>Everything is seeded: the same seed and scale give the same report. A killed run resumes: each
 * workflow keeps its finished steps.
 */
public final class LocalizationDemo {

  private static final Logger LOG = LoggerFactory.getLogger(LocalizationDemo.class);

  /** The file in the work folder that names the inputs of the finished classifier workflows. */
  static final String CLASSIFIER_STAMP = "classifier-inputs.txt";

  /** The paper's fine-tuning share of a site's nodules (440 of HB's 963). */
  static final double FINE_TUNE_SHARE = 440.0 / 963.0;

  /** The paper's malignant share of the fine-tuning part (172 of 440). */
  static final double FINE_TUNE_MALIGNANT = 172.0 / 440.0;

  /** How big a demo run is. */
  public enum Scale {
    /** Tiny: for tests of the whole path (a minute or two). */
    TINY(
        96,
        72,
        4,
        3,
        PhantomSize.TEST,
        1,
        1,
        200,
        1,
        true,
        SegmenterTask.Evaluation.AROUND_NODULES),
    /** The default: small CPU presets, minutes on two cores. */
    QUICK(
        800,
        400,
        40,
        40,
        PhantomSize.QUICK,
        12,
        4,
        1000,
        6,
        true,
        SegmenterTask.Evaluation.AROUND_NODULES),
    /** The paper's case counts and presets: for a GPU or a patient user. */
    FULL(
        1101,
        963,
        60,
        60,
        PhantomSize.QUICK,
        40,
        20,
        2000,
        100,
        false,
        SegmenterTask.Evaluation.WHOLE_SCAN);

    final int publicPatches;
    final int sitePatches;
    final int publicScans;
    final int siteScans;
    final PhantomSize scanSize;
    final int classifierEpochs;
    final int fineTuneEpochs;
    final int bootstrap;
    final int segmenterFineTuneEpochs;
    final boolean segmenterFreezeBackbone;
    final SegmenterTask.Evaluation segmenterEvaluation;

    Scale(
        int publicPatches,
        int sitePatches,
        int publicScans,
        int siteScans,
        PhantomSize scanSize,
        int classifierEpochs,
        int fineTuneEpochs,
        int bootstrap,
        int segmenterFineTuneEpochs,
        boolean segmenterFreezeBackbone,
        SegmenterTask.Evaluation segmenterEvaluation) {
      this.publicPatches = publicPatches;
      this.sitePatches = sitePatches;
      this.publicScans = publicScans;
      this.siteScans = siteScans;
      this.scanSize = scanSize;
      this.classifierEpochs = classifierEpochs;
      this.fineTuneEpochs = fineTuneEpochs;
      this.bootstrap = bootstrap;
      this.segmenterFineTuneEpochs = segmenterFineTuneEpochs;
      this.segmenterFreezeBackbone = segmenterFreezeBackbone;
      this.segmenterEvaluation = segmenterEvaluation;
    }

    /** Parses {@code tiny}, {@code quick} or {@code full}. */
    public static Scale parse(String text) {
      for (Scale s : values()) {
        if (s.name().equalsIgnoreCase(text.trim())) {
          return s;
        }
      }
      throw new IllegalArgumentException("scale must be tiny, quick or full, got '" + text + "'");
    }
  }

  private final Scale scale;
  private final long seed;
  private final Path out;
  private final List<TrainingListener> listeners;
  private final boolean segmenter;
  private final Path segmenterBaseline;

  private LocalizationDemo(Builder b) {
    this.scale = b.scale;
    this.seed = b.seed;
    this.out = b.out;
    this.listeners = List.copyOf(b.listeners);
    this.segmenter = b.segmenter;
    this.segmenterBaseline = b.segmenterBaseline;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  private ResNet3d classifierArch() {
    return scale == Scale.FULL ? ResNet3d.paper() : ResNet3d.small();
  }

  private MaskRcnnConfig segmenterConfig() {
    return switch (scale) {
      case TINY -> MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
      // the SMALL preset with a much shorter schedule (100 crop steps) and less window overlap so
      // the quick demo ends within 15 minutes on 2 cores; the README says what it reaches
      case QUICK ->
          MaskRcnnConfig.builder(MaskRcnnConfig.Preset.SMALL)
              .epochs(4)
              .cropsPerEpoch(25)
              .windowOverlap(8)
              .build();
      case FULL -> MaskRcnnConfig.of(MaskRcnnConfig.Preset.PAPER);
    };
  }

  private static final SiteProfile[] SITES = {SiteProfile.PUBLIC, SiteProfile.HB, SiteProfile.XZ};

  private Phantom phantom(SiteProfile p, PhantomSize size) {
    return Phantom.builder()
        .profile(p)
        .size(size)
        .seed(seed * 1_000_003L + p.name().hashCode())
        .build();
  }

  /**
   * Runs (or resumes) the demo.
   *
   * @return the report it wrote
   * @throws IOException if data, models or the report cannot be written or read
   */
  public LocalizationReport run() throws IOException {
    Files.createDirectories(out);
    long t0 = System.nanoTime();
    List<SiteComparison> comparisons = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    notes.add("lungnodule demo, scale " + scale.name().toLowerCase(Locale.ROOT) + ", seed " + seed);
    Map<String, String> images = new LinkedHashMap<>();

    Path work = out.resolve("work");
    // Classifier
    // the finished classifier workflows are reused without rebuilding their cases only if they ran
    // with this demo's inputs (its cases follow from scale and seed); otherwise the workflows run,
    // and rerun whichever steps' inputs changed
    Path stamp = work.resolve(CLASSIFIER_STAMP);
    String inputs = "scale=" + scale.name() + " seed=" + seed;
    boolean sameInputs = Files.exists(stamp) && Files.readString(stamp).strip().equals(inputs);
    Optional<LocalizationResult> doneHb =
        sameInputs
            ? LocalizationWorkflow.readFinished(work, "classifier", "HB", Optional.empty())
            : Optional.empty();
    Optional<LocalizationResult> doneXz =
        sameInputs
            ? LocalizationWorkflow.readFinished(
                work, "classifier", "XZ", Optional.of(work.resolve("classifier-HB/baseline.zip")))
            : Optional.empty();
    if (doneHb.isPresent() && doneXz.isPresent()) {
      LOG.info("classifier workflows already finished in {}; reusing their outcomes", work);
      notes.add("classifier: resumed from finished workflows in " + work);
      comparisons.add(SiteComparison.of(doneHb.get(), scale.bootstrap, seed, 0.05));
      comparisons.add(SiteComparison.of(doneXz.get(), scale.bootstrap, seed, 0.05));
    } else {
      Files.deleteIfExists(stamp);
      runClassifier(work, notes, comparisons);
      Files.writeString(stamp, inputs + "\n");
    }

    // Segmenter
    if (segmenter) {
      Map<String, List<ScanCase>> scans = new LinkedHashMap<>();
      for (SiteProfile p : SITES) {
        int n = p == SiteProfile.PUBLIC ? scale.publicScans : scale.siteScans;
        scans.put(p.name(), scanCases(p, n));
      }
      SiteSplit<ScanCase> spub =
          publicSplit(scans.get("PUBLIC"), ScanCase::scanLabel, ScanCase::patientId);
      MaskRcnnConfig sc = segmenterConfig();
      // fine-tuning: the scale's epochs (of the baseline's crops per epoch) from the baseline's
      // rate, cosine-annealed towards zero (a constant rate ended the quick fine-tuning on one
      // noisy step: seed-to-seed p-values moved across 0.05), nine crops in ten on a nodule (a
      // site's few fine-tuning scans hold few nodules); at the tiny and quick scales with the
      // backbone's body frozen, which makes a step about 30% cheaper and so lets the quick scale
      // run 6 epochs instead of 3 in its 15 minutes
      SegmenterTask st =
          new SegmenterTask(sc, scale.segmenterFineTuneEpochs, sc.learningRate(), listeners)
              .withFineTunePositiveCrops(0.9)
              .withFrozenBackbone(scale.segmenterFreezeBackbone)
              .withFineTuneDecay(Schedule.COSINE)
              .withEvaluation(scale.segmenterEvaluation);
      notes.add(
          "segmenter: "
              + st
              + "; public train "
              + spub.fineTune().size()
              + " scans, test "
              + spub.test().size());
      Path segBaseline = segmenterBaseline;
      if (segBaseline != null) {
        // the workflows load it; the note only names it (the fine-tuned models' provenance names it
        // too)
        notes.add(
            "segmenter baseline: loaded from " + segBaseline.getFileName() + " (not trained here)");
      }
      for (String site : List.of("HB", "XZ")) {
        List<ScanCase> all = scans.get(site);
        SiteSplit<ScanCase> s = halfSplit(all);
        notes.add(
            "segmenter "
                + site
                + " split: "
                + s.fineTune().size()
                + " scans fine-tune, "
                + s.test().size()
                + " test");
        LocalizationWorkflow.Builder<ScanCase, NoduleSegmenter> wb =
            LocalizationWorkflow.<ScanCase, NoduleSegmenter>builder()
                .task(st)
                .workDir(work)
                .site(site)
                .labelOf(ScanCase::scanLabel)
                .publicTrain(spub.fineTune())
                .publicTest(spub.test())
                .siteFineTune(s.fineTune())
                .siteTest(s.test())
                .seed(seed);
        if (segBaseline != null) {
          wb.baselineArchive(segBaseline);
        }
        LocalizationResult r = wb.build().run();
        segBaseline = r.baselineModel();
        comparisons.add(SiteComparison.of(r, 0, seed, 0.05));
      }
    } else {
      notes.add("segmenter: skipped (--no-segmenter)");
    }

    images.putAll(DemoCharts.write(out, comparisons));
    notes.add(
        String.format(
            Locale.ROOT,
            "wall time %.1f s on %d threads",
            (System.nanoTime() - t0) / 1e9,
            Parallel.parallelism()));
    LocalizationReport rep =
        new LocalizationReport(
            "Localized fine-tuning on the synthetic phantom", comparisons, notes, images);
    rep.write(out);
    LOG.info("report written to {}", out.resolve("report.html"));
    return rep;
  }

  private void runClassifier(Path work, List<String> notes, List<SiteComparison> comparisons)
      throws IOException {
    Map<String, List<LabelledCube>> cubes = new LinkedHashMap<>();
    for (SiteProfile p : SITES) {
      int n = p == SiteProfile.PUBLIC ? scale.publicPatches : scale.sitePatches;
      cubes.put(p.name(), cubes(phantom(p, PhantomSize.QUICK), n));
      LOG.info("classifier data: {} cubes from site {}", n, p.name());
    }
    SiteSplit<LabelledCube> pub =
        publicSplit(cubes.get("PUBLIC"), c -> label(c.malignant()), LabelledCube::patientId);
    ClassifierTask ct =
        new ClassifierTask(
            classifierArch(),
            scale.classifierEpochs,
            scale.fineTuneEpochs,
            2e-3,
            3e-4,
            8,
            1e-4,
            false,
            listeners);
    notes.add("classifier: " + ct + "; public train " + pub.report());
    Path clsBaseline = null;
    for (String site : List.of("HB", "XZ")) {
      SiteSplit<LabelledCube> s =
          siteSplit(cubes.get(site), c -> label(c.malignant()), LabelledCube::patientId);
      notes.add("classifier " + site + " split: " + s.report());
      LocalizationWorkflow.Builder<LabelledCube, MalignancyClassifier> wb =
          LocalizationWorkflow.<LabelledCube, MalignancyClassifier>builder()
              .task(ct)
              .workDir(work)
              .site(site)
              .labelOf(c -> label(c.malignant()))
              .publicTrain(pub.fineTune())
              .publicTest(pub.test())
              .siteFineTune(s.fineTune())
              .siteTest(s.test())
              .seed(seed);
      if (clsBaseline != null) {
        wb.baselineArchive(clsBaseline);
      }
      LocalizationResult r = wb.build().run();
      clsBaseline = r.baselineModel();
      comparisons.add(SiteComparison.of(r, scale.bootstrap, seed, 0.05));
    }
    cubes.clear();
  }

  private static NoduleLabel label(boolean malignant) {
    return malignant ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN;
  }

  /** Nodule patches → 1 mm → default cubes, in parallel, in index order. */
  static List<LabelledCube> cubes(Phantom phantom, int n) {
    NoduleCubes nc = NoduleCubes.defaults();
    Resampler r = Resampler.isotropic(1.0);
    LabelledCube[] out = new LabelledCube[n];
    Parallel.forEach(
        n,
        i -> {
          AnnotatedScan patch = phantom.nodulePatch(i);
          Nodule nod = patch.nodules().get(0);
          CtVolume iso = r.resample(patch.volume());
          out[i] =
              LabelledCube.of(
                  patch.scanId() + "/" + nod.id(),
                  patch.patientId(),
                  nc.extract(iso, nod.centerMm()).data(),
                  nod.label() == NoduleLabel.MALIGNANT);
        });
    return List.of(out);
  }

  private List<ScanCase> scanCases(SiteProfile p, int n) throws IOException {
    Path dir = out.resolve("sites").resolve(p.name());
    if (!Files.exists(dir.resolve("manifest.csv"))) {
      PhantomSite.of(phantom(p, scale.scanSize))
          .withFormat(PhantomSite.ScanFormat.DICOM_RLE)
          .write(dir, n);
    }
    Site site = Site.open(dir);
    LungField lf = LungField.builder().build();
    List<ScanCase> cases = new ArrayList<>();
    for (AnnotatedScan s : site) {
      SegmentationCase sc =
          scale.scanSize == PhantomSize.TEST
              ? SegmentationCase.fromScanInsideLung(s)
              : SegmentationCase.fromScan(s, lf);
      cases.add(new ScanCase(s.patientId(), s.scanId(), sc, s.nodules()));
    }
    LOG.info("segmenter data: {} scans from site {} ({})", cases.size(), p.name(), dir);
    return cases;
  }

  private <T> SiteSplit<T> publicSplit(
      List<T> cases, Function<T, NoduleLabel> labelOf, Function<T, String> patientOf) {
    long m = cases.stream().filter(c -> labelOf.apply(c) == NoduleLabel.MALIGNANT).count();
    long b = cases.stream().filter(c -> labelOf.apply(c) == NoduleLabel.BENIGN).count();
    return SiteSplitter.builder()
        .fineTuneCounts((int) Math.round(0.8 * m), (int) Math.round(0.8 * b))
        .seed(seed)
        .build()
        .split(cases, patientOf, labelOf);
  }

  private <T> SiteSplit<T> siteSplit(
      List<T> cases, Function<T, NoduleLabel> labelOf, Function<T, String> patientOf) {
    long m = cases.stream().filter(c -> labelOf.apply(c) == NoduleLabel.MALIGNANT).count();
    long b = cases.stream().filter(c -> labelOf.apply(c) == NoduleLabel.BENIGN).count();
    long total = Math.round(FINE_TUNE_SHARE * (m + b));
    int fm = (int) Math.min(Math.round(FINE_TUNE_MALIGNANT * total), Math.max(0, m - 5));
    int fb = (int) Math.min(total - fm, Math.max(0, b - 5));
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
    return "LocalizationDemo[scale "
        + scale
        + ", seed "
        + seed
        + ", out "
        + out
        + (segmenter ? "" : ", no segmenter")
        + (segmenterBaseline == null ? "" : ", segmenter baseline " + segmenterBaseline)
        + "]";
  }

  /** Builder of {@link LocalizationDemo}; {@code out} is required. */
  public static final class Builder {
    private Scale scale = Scale.QUICK;
    private long seed = 1;
    private Path out;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private boolean segmenter = true;
    private Path segmenterBaseline;

    private Builder() {}

    /** The scale (default QUICK). */
    public Builder scale(Scale s) {
      this.scale = Objects.requireNonNull(s, "scale");
      return this;
    }

    /** The seed of everything (default 1). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** The output folder (required; created if missing). */
    public Builder out(Path dir) {
      this.out = Objects.requireNonNull(dir, "out");
      return this;
    }

    /** Adds a training progress listener. */
    public Builder listener(TrainingListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /**
     * A segmenter baseline to start from instead of training one on the demo's PUBLIC scans
     * (default: none, train one): both sites evaluate and fine-tune this archive. The quick scale's
     * own baseline (a few minutes of training) finds few nodules; the command-line demo passes a
     * segmenter trained on the PUBLIC phantom for the quick scale.
     */
    public Builder segmenterBaseline(Path archive) {
      this.segmenterBaseline = Objects.requireNonNull(archive, "segmenterBaseline");
      return this;
    }

    /** Whether to run the segmenter part (default true). */
    public Builder segmenter(boolean on) {
      this.segmenter = on;
      return this;
    }

    /**
     * Builds the demo.
     *
     * @throws IllegalStateException if no output folder was set
     */
    public LocalizationDemo build() {
      if (out == null) {
        throw new IllegalStateException("out must be set");
      }
      return new LocalizationDemo(this);
    }
  }
}
