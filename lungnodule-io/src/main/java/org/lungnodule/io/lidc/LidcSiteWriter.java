package org.lungnodule.io.lidc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.Progress;
import org.lungnodule.io.internal.ContainedPaths;
import org.lungnodule.io.internal.Csv;
import org.lungnodule.io.internal.Numbers;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestNodule;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.SiteManifest;
import org.lungnodule.io.metaimage.MetaImageWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an LIDC-IDRI or LUNA16 folder ({@link LidcLayout}) into a self-contained site folder that
 * {@link org.lungnodule.io.manifest.Site#open} reads:
 *
 * <pre>
 * SITE/
 *   manifest.csv    every kept nodule (label, consensus mask) with a split column; one nodule-less
 *                   row per scan without a kept nodule
 *   excluded.csv    every nodule the cohort rules left out, with its centre and reason
 *   skipped.csv     every XML file left out (not LIDC, no scan, unreadable scan, ...), with reason
 *   scans/&lt;SeriesInstanceUid&gt;.mha              each scan, compressed MetaImage
 *   masks/&lt;SeriesInstanceUid&gt;_&lt;nodule&gt;.mha     each consensus mask, on a crop of the scan grid
 * </pre>
 *
 * <pre>{@code
 * LidcSiteReport r = LidcSiteWriter.builder().seed(42).build()
 *     .write(Path.of("/data/LIDC-IDRI"), Path.of("/data/site-lidc"));
 * Site site = Site.open(r.folder());
 * }</pre>
 *
 * <p><b>Split.</b> Patients with at least one kept nodule are split exactly as {@link
 * LidcCohort#split} splits them (so {@code lidc-cohort} with the same seed puts the same patients
 * in test); patients whose scans have no kept nodule are split separately with the same fraction
 * and seed, so that both sides get nodule-less scans in proportion.
 *
 * <p><b>Atomic and reproducible.</b> The site is filled in a temporary folder beside the target and
 * swapped in ({@link AtomicFiles#replaceFolder}): a run that fails leaves an earlier site as it
 * was, a run that succeeds replaces it whole. The same input and options give a byte-identical
 * {@code manifest.csv}.
 *
 * <p><b>What is left out.</b> An XML file whose scan is missing or unreadable, an XML file that is
 * broken or not LIDC, a second XML of a series already imported, and marks that do not fit the scan
 * are reported in {@code skipped.csv} and the report, and the rest is written. Only when no scan at
 * all can be imported does the write fail ({@link LidcSiteException}).
 *
 * <p>Immutable and thread-safe; scans are read and written one at a time.
 */
public final class LidcSiteWriter {

  /** The name of the excluded-nodule list in the site folder. */
  public static final String EXCLUDED_FILE = "excluded.csv";

  /** The name of the skipped-file list in the site folder. */
  public static final String SKIPPED_FILE = "skipped.csv";

  /** The header of {@code excluded.csv} ({@code ratings} space-separated). */
  public static final String EXCLUDED_HEADER =
      "patient_id,scan_id,nodule_id,center_x_mm,center_y_mm,center_z_mm,diameter_mm,readers,"
          + "ratings,reason";

  /** The header of {@code skipped.csv} ({@code problem} is a {@link LidcSkippedFile.Problem}). */
  public static final String SKIPPED_HEADER = "file,series_uid,problem,reason";

  private static final Logger LOG = LoggerFactory.getLogger(LidcSiteWriter.class);
  private static final String EXT = ".mha";

  private final LidcClusterer clusterer;
  private final LidcCohortRules rules;
  private final double trainFraction;
  private final long seed;

  private LidcSiteWriter(Builder b) {
    this.clusterer = b.clusterer != null ? b.clusterer : LidcClusterer.builder().build();
    this.rules = b.rules != null ? b.rules : LidcCohortRules.PAPER;
    this.trainFraction = b.trainFraction != null ? b.trainFraction : 0.8;
    this.seed = b.seed != null ? b.seed : 42L;
  }

  /**
   * Returns a new builder (defaults: {@code LidcClusterer.builder().build()} (agreement 0.5), the
   * paper's rules {@link LidcCohortRules#PAPER}, train fraction 0.8, seed 42).
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Imports every LIDC XML under {@code input} with its scan and writes the site folder {@code
   * site}, replacing an earlier one.
   *
   * @param input the LIDC-IDRI or LUNA16 folder
   * @param site the site folder to create or replace; it must not lie inside {@code input}, nor
   *     {@code input} inside it
   * @return what was written and what was left out
   * @throws IllegalArgumentException if one folder lies inside the other
   * @throws java.nio.file.NoSuchFileException if {@code input} is not a folder
   * @throws LidcSiteException if no scan could be imported (nothing is written)
   * @throws IOException if reading the folder or writing the site fails (nothing is written)
   */
  public LidcSiteReport write(Path input, Path site) throws IOException {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(site, "site");
    LidcLayout layout = LidcLayout.scan(input);
    Path in = input.toRealPath();
    Path out = site.toAbsolutePath().normalize();
    Path outReal = Files.exists(out) ? out.toRealPath() : out;
    if (outReal.startsWith(in) || in.startsWith(outReal)) {
      throw new IllegalArgumentException(
          "the site folder "
              + out
              + " and the input folder "
              + in
              + " must not lie inside one another");
    }
    LidcSiteReport[] report = new LidcSiteReport[1];
    AtomicFiles.replaceFolder(out, temp -> report[0] = fill(layout, in, temp, out));
    LOG.info("wrote LIDC site {}", report[0]);
    return report[0];
  }

  private LidcSiteReport fill(LidcLayout layout, Path in, Path temp, Path out) throws IOException {
    Files.createDirectories(temp.resolve("scans"));
    Files.createDirectories(temp.resolve("masks"));
    MetaImageWriter mha = MetaImageWriter.builder().compressed(true).build();
    List<ManifestEntry> rows = new ArrayList<>();
    List<LidcCohort.Entry> kept = new ArrayList<>();
    List<ExcludedRow> excluded = new ArrayList<>();
    List<LidcSkippedFile> skipped = new ArrayList<>();
    Map<String, Path> seen = new HashMap<>();
    Progress progress =
        Progress.logging(
            LOG, "lidc-site " + out.getFileName(), "XML files", layout.xmlFiles().size());
    for (Path xml : layout.xmlFiles()) {
      String file = relative(in, xml);
      try {
        LidcCase c = layout.locate(xml);
        Path first = seen.get(c.seriesUid());
        if (first != null) {
          skipped.add(
              new LidcSkippedFile(
                  file,
                  Optional.of(c.seriesUid()),
                  LidcSkippedFile.Problem.DUPLICATE_SERIES,
                  "series " + c.seriesUid() + " is already annotated by " + relative(in, first)));
          continue;
        }
        LidcCase.Volume v = c.readVolume();
        List<LidcNodule> nodules;
        try {
          nodules = clusterer.cluster(c.message(), v.volume().geometry());
        } catch (IllegalArgumentException e) {
          skipped.add(
              new LidcSkippedFile(
                  file,
                  Optional.of(c.seriesUid()),
                  LidcSkippedFile.Problem.BAD_ANNOTATIONS,
                  e.getMessage()));
          continue;
        }
        seen.put(c.seriesUid(), xml);
        importScan(temp, mha, c, v, nodules, rows, kept, excluded);
      } catch (LidcXmlException e) {
        skipped.add(
            new LidcSkippedFile(
                file,
                Optional.empty(),
                e.notLidc()
                    ? LidcSkippedFile.Problem.NOT_LIDC_XML
                    : LidcSkippedFile.Problem.BAD_XML,
                withoutPrefix(e.getMessage(), e.source())));
      } catch (LidcScanException e) {
        skipped.add(
            new LidcSkippedFile(
                file,
                e.seriesUid(),
                problemOf(e.problem()),
                withoutPrefix(e.getMessage(), xml.toString())));
      } finally {
        progress.step();
      }
    }
    if (rows.isEmpty()) {
      throw new LidcSiteException(layout.root(), nothingMessage(layout, skipped), skipped);
    }
    for (LidcSkippedFile s : skipped) {
      if (s.problem() != LidcSkippedFile.Problem.NOT_LIDC_XML) {
        LOG.warn("lidc-site: skipped {}: {} ({})", s.file(), s.reason(), s.problem());
      }
    }
    LidcCohort cohort =
        new LidcCohort(rules, kept, excluded.stream().map(ExcludedRow::excluded).toList());
    Set<String> train = new HashSet<>(cohort.split(trainFraction, seed).trainPatients());
    Set<String> withKept = new HashSet<>(cohort.patients());
    Set<String> others = new LinkedHashSet<>();
    for (ManifestEntry e : rows) {
      if (!withKept.contains(e.patientId())) {
        others.add(e.patientId());
      }
    }
    train.addAll(LidcCohort.trainPatients(others, trainFraction, seed));
    SiteManifest manifest =
        new SiteManifest(
            rows.stream()
                .map(
                    e ->
                        e.withSplit(
                            train.contains(e.patientId())
                                ? ManifestSplit.TRAIN
                                : ManifestSplit.TEST))
                .toList());
    manifest.write(temp.resolve(SiteManifest.FILE_NAME));
    writeExcluded(temp.resolve(EXCLUDED_FILE), excluded);
    writeSkipped(temp.resolve(SKIPPED_FILE), skipped);
    SiteManifest.read(temp.resolve(SiteManifest.FILE_NAME));
    return new LidcSiteReport(out, manifest, cohort.excluded(), skipped);
  }

  private void importScan(
      Path temp,
      MetaImageWriter mha,
      LidcCase c,
      LidcCase.Volume v,
      List<LidcNodule> nodules,
      List<ManifestEntry> rows,
      List<LidcCohort.Entry> kept,
      List<ExcludedRow> excluded)
      throws IOException {
    String uid = c.seriesUid();
    String patient = v.patientId();
    String scanRel = "scans/" + ContainedPaths.safeFileName(uid) + EXT;
    mha.write(v.volume(), temp.resolve(scanRel));
    LidcCohort one = LidcCohort.of(rules, List.of(new LidcCohort.Scan(patient, uid, nodules)));
    for (LidcCohort.Entry e : one.included()) {
      Nodule n = e.nodule();
      Optional<String> maskRel = Optional.empty();
      if (n.mask().isPresent()) {
        String rel =
            "masks/"
                + ContainedPaths.safeFileName(uid)
                + "_"
                + ContainedPaths.safeFileName(n.id())
                + EXT;
        mha.writeMask(n.mask().get(), temp.resolve(rel));
        maskRel = Optional.of(rel);
      }
      rows.add(
          ManifestEntry.withNodule(
              patient,
              uid,
              scanRel,
              new ManifestNodule(n.id(), n.centerMm(), n.diameterMm(), n.label(), maskRel)));
    }
    if (one.included().isEmpty()) {
      rows.add(ManifestEntry.scanOnly(patient, uid, scanRel));
    }
    kept.addAll(one.included());
    for (LidcCohort.Excluded x : one.excluded()) {
      LidcNodule n =
          nodules.stream().filter(m -> m.id().equals(x.noduleId())).findFirst().orElseThrow();
      excluded.add(new ExcludedRow(x, n));
    }
    LOG.debug(
        "lidc-site: scan {} of {}: {} nodules kept, {} excluded",
        uid,
        patient,
        one.included().size(),
        one.excluded().size());
  }

  private record ExcludedRow(LidcCohort.Excluded excluded, LidcNodule nodule) {}

  private static void writeExcluded(Path file, List<ExcludedRow> rows) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(EXCLUDED_HEADER);
      w.write('\n');
      for (ExcludedRow r : rows) {
        LidcNodule n = r.nodule();
        w.write(
            String.join(
                ",",
                Csv.quote(r.excluded().patientId()),
                Csv.quote(r.excluded().scanId()),
                Csv.quote(r.excluded().noduleId()),
                Numbers.num(n.centerMm().xMm()),
                Numbers.num(n.centerMm().yMm()),
                Numbers.num(n.centerMm().zMm()),
                Numbers.num(n.diameterMm()),
                Integer.toString(n.readerCount()),
                n.malignancyRatings().stream()
                    .map(String::valueOf)
                    .collect(Collectors.joining(" ")),
                Csv.quote(r.excluded().reason())));
        w.write('\n');
      }
    }
  }

  private static void writeSkipped(Path file, List<LidcSkippedFile> rows) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(SKIPPED_HEADER);
      w.write('\n');
      for (LidcSkippedFile s : rows) {
        w.write(
            String.join(
                ",",
                Csv.quote(s.file()),
                Csv.quote(s.seriesUid().orElse("")),
                s.problem().name(),
                Csv.quote(oneLine(s.reason()))));
        w.write('\n');
      }
    }
  }

  private static LidcSkippedFile.Problem problemOf(LidcScanException.Problem p) {
    return switch (p) {
      case NO_SERIES_UID -> LidcSkippedFile.Problem.NO_SERIES_UID;
      case SCAN_NOT_FOUND -> LidcSkippedFile.Problem.SCAN_NOT_FOUND;
      case SCAN_UNREADABLE -> LidcSkippedFile.Problem.SCAN_UNREADABLE;
    };
  }

  private static String nothingMessage(LidcLayout layout, List<LidcSkippedFile> skipped) {
    List<LidcSkippedFile> lidc =
        skipped.stream().filter(s -> s.problem() != LidcSkippedFile.Problem.NOT_LIDC_XML).toList();
    if (lidc.isEmpty()) {
      return "no LIDC XML (LidcReadMessage) found among "
          + layout.xmlFiles().size()
          + " XML files; nothing written";
    }
    LidcSkippedFile f = lidc.get(0);
    return "none of the "
        + lidc.size()
        + " LIDC XML files could be imported, nothing written; the first, "
        + f.file()
        + ": "
        + f.reason();
  }

  private static String relative(Path root, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path rel = abs.startsWith(root) ? root.relativize(abs) : abs;
    return rel.toString().replace('\\', '/');
  }

  private static String withoutPrefix(String message, String prefix) {
    String p = prefix + ": ";
    return message.startsWith(p) ? message.substring(p.length()) : message;
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }

  @Override
  public String toString() {
    return "LidcSiteWriter["
        + clusterer
        + ", "
        + rules
        + ", trainFraction="
        + trainFraction
        + ", seed="
        + seed
        + "]";
  }

  /** Builds a {@link LidcSiteWriter}; each option may be set once. Not thread-safe. */
  public static final class Builder {
    private LidcClusterer clusterer;
    private LidcCohortRules rules;
    private Double trainFraction;
    private Long seed;

    private Builder() {}

    /**
     * Sets how readers' marks become nodules (agreement level, tolerance).
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder clusterer(LidcClusterer c) {
      Objects.requireNonNull(c, "clusterer");
      if (clusterer != null) {
        throw new IllegalStateException("clusterer was already set to " + clusterer);
      }
      clusterer = c;
      return this;
    }

    /**
     * Sets which nodules are kept and how they are labelled.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder rules(LidcCohortRules r) {
      Objects.requireNonNull(r, "rules");
      if (rules != null) {
        throw new IllegalStateException("rules was already set to " + rules);
      }
      rules = r;
      return this;
    }

    /**
     * Sets the share of patients that go to training.
     *
     * @param fraction in (0, 1), e.g. 0.8 for the paper's 8:2
     * @throws IllegalArgumentException if not in (0, 1)
     * @throws IllegalStateException if already set
     */
    public Builder trainFraction(double fraction) {
      if (trainFraction != null) {
        throw new IllegalStateException("trainFraction was already set to " + trainFraction);
      }
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + fraction);
      }
      trainFraction = fraction;
      return this;
    }

    /**
     * Sets the seed of the patient split.
     *
     * @throws IllegalStateException if already set
     */
    public Builder seed(long value) {
      if (seed != null) {
        throw new IllegalStateException("seed was already set to " + seed);
      }
      seed = value;
      return this;
    }

    /** Builds the writer; the builder stays usable. */
    public LidcSiteWriter build() {
      return new LidcSiteWriter(this);
    }

    @Override
    public String toString() {
      return "LidcSiteWriter.Builder[clusterer="
          + clusterer
          + ", rules="
          + rules
          + ", trainFraction="
          + trainFraction
          + ", seed="
          + seed
          + "]";
    }
  }
}
