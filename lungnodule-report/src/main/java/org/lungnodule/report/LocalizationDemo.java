package org.lungnodule.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.finetune.SiteComparison;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.io.manifest.SiteManifest;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSite;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end demonstration of the paper on the synthetic phantom: writes the {@code PUBLIC},
 * {@code HB} and {@code XZ} sites into {@code out/sites} and runs exactly what {@code lungnodule
 * localize} runs on a user's sites, {@link Localization}, on them: for the classifier and the
 * segmenter, on both local sites, one baseline per model trained on PUBLIC, the control arm and the
 * fine-tuned models, compared with {@link SiteComparison}, into {@link LocalizationReport} ({@code
 * report.md}, {@code report.html}, {@code report.json}) with ROC curves and a bar chart, plus the
 * model archives under {@code out/work}.
 *
 * <p>Each phantom site is written twice, as two site folders, so that the demo's data stay what
 * they were before it went through {@link Localization}: {@code sites/<NAME>-patches} holds nodule
 * patches from {@link Phantom#nodulePatch} (72 × 72 × 40 mm, one nodule per patient, MetaImage
 * {@code .mha} with HU rounded to whole numbers as CT stores them, no masks) for the classifier,
 * which {@link Localization} reads like any site (resampled to 1 mm, {@link NoduleCubes#defaults()}
 * cubes); {@code sites/<NAME>} holds whole phantom scans (RLE DICOM series with nodule masks,
 * {@link PhantomSite}) for the segmenter. Both are written once, atomically (a killed write is
 * redone), and read back through {@link org.lungnodule.io.manifest.Site}.
 *
 * <p>The segmenter baseline is trained on the PUBLIC training scans unless the builder is given one
 * ({@link Builder#segmenterBaseline(Path)}); the command-line demo gives the quick scale a bundled
 * PUBLIC segmenter, because one the quick budget could train finds almost nothing. The scales map
 * to {@link Localization.Preset}s: tiny to TINY, quick to QUICK (segmenter evaluated around each
 * annotated nodule), full to PAPER (whole scans).
 *
 * <p>Everything is seeded: the same seed and scale give the same report. A killed run resumes: the
 * sites on disk are kept and each workflow keeps its finished steps.
 */
public final class LocalizationDemo {

  private static final Logger LOG = LoggerFactory.getLogger(LocalizationDemo.class);

  /** How big a demo run is. */
  public enum Scale {
    /** Tiny: for tests of the whole path (a minute or two). */
    TINY(96, 72, 4, 3, PhantomSize.TEST, Localization.Preset.TINY),
    /** The default: small CPU presets, minutes on two cores. */
    QUICK(800, 400, 40, 40, PhantomSize.QUICK, Localization.Preset.QUICK),
    /** The paper's case counts and presets: for a GPU or a patient user. */
    FULL(1101, 963, 60, 60, PhantomSize.QUICK, Localization.Preset.PAPER);

    final int publicPatches;
    final int sitePatches;
    final int publicScans;
    final int siteScans;
    final PhantomSize scanSize;
    final Localization.Preset preset;

    Scale(
        int publicPatches,
        int sitePatches,
        int publicScans,
        int siteScans,
        PhantomSize scanSize,
        Localization.Preset preset) {
      this.publicPatches = publicPatches;
      this.sitePatches = sitePatches;
      this.publicScans = publicScans;
      this.siteScans = siteScans;
      this.scanSize = scanSize;
      this.preset = preset;
    }

    /** The {@link Localization} preset of this scale. */
    public Localization.Preset preset() {
      return preset;
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

  private static final SiteProfile[] SITES = {SiteProfile.PUBLIC, SiteProfile.HB, SiteProfile.XZ};

  private Phantom phantom(SiteProfile p, PhantomSize size) {
    return Phantom.builder()
        .profile(p)
        .size(size)
        .seed(seed * 1_000_003L + p.name().hashCode())
        .build();
  }

  /**
   * Writes the phantom sites (unless already written) and runs (or resumes) {@link Localization} on
   * them.
   *
   * @return the report it wrote
   * @throws IOException if data, models or the report cannot be written or read
   */
  public LocalizationReport run() throws IOException {
    Files.createDirectories(out);
    Path sitesDir = out.resolve("sites");
    Map<SiteProfile, LocalizationSite> sites = new LinkedHashMap<>();
    for (SiteProfile p : SITES) {
      boolean pub = p == SiteProfile.PUBLIC;
      Path patches = sitesDir.resolve(p.name() + "-patches");
      writePatchSite(
          patches, phantom(p, PhantomSize.QUICK), pub ? scale.publicPatches : scale.sitePatches);
      Path scans = sitesDir.resolve(p.name());
      if (segmenter) {
        writeScanSite(scans, phantom(p, scale.scanSize), pub ? scale.publicScans : scale.siteScans);
      }
      sites.put(p, LocalizationSite.of(p.name(), patches, scans));
    }
    Localization.Builder b =
        Localization.builder()
            .title("Localized fine-tuning on the synthetic phantom")
            .note(
                "lungnodule demo, scale "
                    + scale.name().toLowerCase(Locale.ROOT)
                    + ", seed "
                    + seed)
            .note(
                "demo data in "
                    + sitesDir
                    + ": classifier cases from nodule patch sites (<NAME>-patches, one nodule per"
                    + " patient), segmenter cases from whole-scan sites (<NAME>)")
            .publicSite(sites.get(SiteProfile.PUBLIC))
            .site(sites.get(SiteProfile.HB))
            .site(sites.get(SiteProfile.XZ))
            .preset(scale.preset)
            .seed(seed)
            .out(out)
            .scansInsideLung(scale.scanSize == PhantomSize.TEST)
            .models(
                segmenter
                    ? EnumSet.allOf(Localization.Model.class)
                    : EnumSet.of(Localization.Model.CLASSIFIER));
    if (!segmenter) {
      b.note("segmenter: skipped (--no-segmenter)");
    }
    if (segmenter && segmenterBaseline != null) {
      b.baselineSegmenter(segmenterBaseline);
    }
    listeners.forEach(b::listener);
    return b.build().run();
  }

  /**
   * Writes {@code n} nodule patches of a phantom as a site folder ({@code .mha} scans in whole HU,
   * no masks), unless a complete one is there: the folder is written beside its place and moved in
   * whole. Patches are rendered in parallel, a batch at a time.
   */
  static void writePatchSite(Path dir, Phantom phantom, int n) throws IOException {
    if (Files.exists(dir.resolve(SiteManifest.FILE_NAME))) {
      return;
    }
    LOG.info("writing {} nodule patches of {} into {}", n, phantom.profile().name(), dir);
    AtomicFiles.replaceFolder(dir, tmp -> Site.write(tmp, patches(phantom, n), ".mha"));
  }

  /** The patches, rendered in parallel batches as the writer asks for them, without masks. */
  private static Iterable<AnnotatedScan> patches(Phantom phantom, int n) {
    int batch = Math.max(1, 4 * Parallel.parallelism());
    return () ->
        new java.util.Iterator<AnnotatedScan>() {
          private int next;
          private final List<AnnotatedScan> buffer = new ArrayList<>();

          @Override
          public boolean hasNext() {
            return next < n || !buffer.isEmpty();
          }

          @Override
          public AnnotatedScan next() {
            if (buffer.isEmpty()) {
              if (next >= n) {
                throw new java.util.NoSuchElementException();
              }
              int from = next;
              int count = Math.min(batch, n - from);
              AnnotatedScan[] made = new AnnotatedScan[count];
              Parallel.forEach(count, i -> made[i] = asStored(phantom.nodulePatch(from + i)));
              buffer.addAll(List.of(made));
              next += count;
            }
            return buffer.remove(0);
          }
        };
  }

  /**
   * A patch as a site stores it: HU rounded to whole numbers (as CT stores them; the file is int16,
   * half the size of float32) and no masks (the classifier does not read them).
   */
  private static AnnotatedScan asStored(AnnotatedScan s) {
    float[] hu = s.volume().copyVoxels();
    for (int i = 0; i < hu.length; i++) {
      hu[i] = Math.round(hu[i]);
    }
    List<Nodule> nodules = new ArrayList<>();
    for (Nodule n : s.nodules()) {
      nodules.add(
          new Nodule(
              n.id(),
              n.centerMm(),
              n.diameterMm(),
              n.label(),
              java.util.Optional.empty(),
              n.malignancyRatings()));
    }
    return new AnnotatedScan(s.patientId(), s.scanId(), s.volume().withVoxels(hu), nodules);
  }

  /** Writes {@code n} phantom scans with masks as RLE DICOM, unless a complete site is there. */
  private static void writeScanSite(Path dir, Phantom phantom, int n) throws IOException {
    if (Files.exists(dir.resolve(SiteManifest.FILE_NAME))) {
      return;
    }
    AtomicFiles.replaceFolder(
        dir,
        tmp -> PhantomSite.of(phantom).withFormat(PhantomSite.ScanFormat.DICOM_RLE).write(tmp, n));
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
