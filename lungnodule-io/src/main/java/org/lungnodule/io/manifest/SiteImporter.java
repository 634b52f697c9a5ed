package org.lungnodule.io.manifest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomSeg;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.RtStruct;
import org.lungnodule.io.internal.Csv;
import org.lungnodule.io.manifest.ExportFolder.Annotation;
import org.lungnodule.io.manifest.ExportFolder.CtSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a hospital's export (a folder of DICOM CT series and their annotations as DICOM SEG,
 * RTSTRUCT or label maps) into a site ({@link Site}): one scan per CT series, one nodule per
 * segment, ROI or label value, with diagnoses from an optional labels file.
 *
 * <pre>{@code
 * SiteImportReport r = SiteImporter.builder().labels(Path.of("labels.csv")).build()
 *     .importSite(Path.of("/exports/hb-2026"), Path.of("/data/site-hb"));
 * r.issues().forEach(System.err::println);    // also in /data/site-hb/import-report.csv
 * Site site = Site.open(r.site());
 * }</pre>
 *
 * <p><b>What is read.</b> Every file under the export folder, at any depth, by content (no
 * extension needed; hidden files and folders are skipped; a DICOMDIR is not needed). CT images
 * (Modality CT, or none) are grouped by SeriesInstanceUID and each series is read from exactly its
 * files ({@link Dicom#readSeriesFiles}). Files with SOP class Segmentation (or Modality SEG) and RT
 * Structure Set (or RTSTRUCT) are annotations, and so are {@code .nii.gz}, {@code .nii}, {@code
 * .mha} and {@code .mhd} files (label maps). Anything else is listed in the report as ignored.
 *
 * <p><b>Matching.</b> A SEG or RTSTRUCT belongs to the CT series it names (SEG: Referenced Series
 * Sequence; RTSTRUCT: RT Referenced Series Sequence); one that names no series belongs to the one
 * series sharing its Frame of Reference UID (several: reported as ambiguous). A label map belongs
 * to the series whose SeriesInstanceUID is its file name without extension ({@code 1.2.3.nii.gz}),
 * or else whose files all lie in one folder of that name ({@code CT1/...} and {@code CT1.nii.gz});
 * it must lie on the series' grid (dims equal, spacing, origin and direction within 0.001). The
 * readers place SEG frames and RTSTRUCT contours on the series' slices ({@link DicomSeg#read(Path,
 * DicomSeries)}, {@link RtStruct#read(Path, DicomSeries)}).
 *
 * <p><b>Nodules.</b> Each segment (named by its Segment Label, else {@code segment <n>}), ROI (ROI
 * Name, else {@code roi <n>}) or label value ({@code "1"}, {@code "2"}, ...) is a nodule with that
 * id: centre the centroid of its voxels (world mm, LPS), diameter that of the sphere of the same
 * volume, {@code (6 V / π)^(1/3)}, and its mask on the tight crop of the scan grid. A mask in
 * several 26-connected parts stays one nodule (the annotator drew it as one) and is reported. Two
 * nodules of one scan with the same id are both left out (a label could not tell them apart); an
 * empty one is left out.
 *
 * <p><b>Diagnoses.</b> The labels file ({@code patient_id,nodule,label}, UTF-8, RFC 4180; label
 * {@code MALIGNANT}, {@code BENIGN} or {@code UNKNOWN}) gives the label of each nodule of that
 * patient with that id, in every scan of the patient; a nodule without a row is {@code UNKNOWN}. A
 * row that matches nothing, repeats an earlier one or is malformed is reported with its line.
 *
 * <p><b>The site written.</b> {@code scans/<SeriesInstanceUID>.mha} (compressed MetaImage), {@code
 * masks/<SeriesInstanceUID>_<nodule id>.mha}, {@code manifest.csv} (scan id = series UID, patient
 * id = DICOM PatientID; series ordered by patient then UID) and {@code import-report.csv} ({@value
 * #REPORT_HEADER}: every issue, see {@link ImportIssue}). A series without annotations is imported
 * as a scan without nodules (a negative), unless it shares its Frame of Reference with an annotated
 * series (another reconstruction of an annotated acquisition, which would show its nodules
 * unannotated); a series whose every annotation was left out, and a single-slice series (a
 * localizer), are left out. The whole folder is written beside the target and swapped in ({@link
 * AtomicFiles#replaceFolder}), so an import that fails leaves an earlier site as it was, and the
 * same export gives a byte-identical site. One series is in memory at a time.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 */
public final class SiteImporter {

  /** The report file written into the site. */
  public static final String REPORT_FILE = "import-report.csv";

  /** The header of {@link #REPORT_FILE}. */
  public static final String REPORT_HEADER = "file,line,kind,outcome,message";

  /** Tolerance on a label map's spacing, origin (mm) and direction against its series' grid. */
  static final double GRID_TOLERANCE = 1e-3;

  private static final Logger LOG = LoggerFactory.getLogger(SiteImporter.class);

  private final Optional<Path> labels;

  private SiteImporter(Builder b) {
    this.labels = Optional.ofNullable(b.labels);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the labels file, if one was set. */
  public Optional<Path> labels() {
    return labels;
  }

  /**
   * Imports an export folder into a site folder, replacing any earlier site there.
   *
   * @param export the export folder (read only)
   * @param site the site folder to create or replace; it must lie outside the export folder, and
   *     the export folder outside it
   * @return the manifest written and every issue met
   * @throws NoSuchFileException if the export folder does not exist
   * @throws IllegalArgumentException if one folder lies inside the other
   * @throws SiteImportException if the labels file is not UTF-8 or has the wrong header (naming the
   *     line), or no CT series could be imported (the earlier site is then left as it was)
   * @throws IOException if reading the export or writing the site fails
   */
  public SiteImportReport importSite(Path export, Path site) throws IOException {
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(site, "site");
    if (!Files.isDirectory(export)) {
      throw new NoSuchFileException(export.toString(), null, "export folder not found");
    }
    Path root = export.toRealPath();
    Path target = site.toAbsolutePath().normalize();
    Path targetReal =
        Files.exists(target)
            ? target.toRealPath()
            : realParent(target).resolve(target.getFileName());
    if (targetReal.startsWith(root)) {
      throw new IllegalArgumentException(
          "the site folder " + site + " must lie outside the export folder " + export);
    }
    if (root.startsWith(targetReal)) {
      throw new IllegalArgumentException(
          "the export folder "
              + export
              + " must not lie inside the site folder "
              + site
              + ", which the import replaces");
    }
    LabelsFile labelRows = LabelsFile.empty();
    Set<Path> skip = new HashSet<>();
    String labelsName = "";
    if (labels.isPresent()) {
      Path l = labels.get().toAbsolutePath().normalize();
      labelsName = ExportFolder.relative(root, l);
      labelRows = LabelsFile.read(l, labelsName);
      skip.add(l);
      if (Files.exists(l)) {
        skip.add(l.toRealPath());
      }
    }
    long t0 = System.nanoTime();
    ExportFolder ex = ExportFolder.scan(root, skip);
    List<ImportIssue> issues = new ArrayList<>(ex.issues);
    issues.addAll(labelRows.issues);
    Map<String, String> frameOf = AnnotationMatcher.framesOfReference(ex);
    Map<String, List<Annotation>> attached = AnnotationMatcher.match(ex, frameOf, issues);
    Map<String, String> annotatedFrames = new HashMap<>();
    for (CtSeries s : ex.series) {
      if (attached.containsKey(s.uid())) {
        annotatedFrames.putIfAbsent(frameOf.get(s.uid()), s.uid());
      }
    }
    List<CtSeries> order = new ArrayList<>();
    for (CtSeries s : ex.series) {
      String annotatedTwin = annotatedFrames.get(frameOf.get(s.uid()));
      if (attached.containsKey(s.uid()) || annotatedTwin == null) {
        order.add(s);
        continue;
      }
      issues.add(
          ImportIssue.of(
              AnnotationMatcher.where(root, s),
              ImportIssue.Kind.UNANNOTATED_RECONSTRUCTION,
              "series "
                  + s.uid()
                  + " has no annotation but shares its frame of reference with the annotated"
                  + " series "
                  + annotatedTwin
                  + ": it would show those nodules as a scan without nodules; left out"));
    }
    order.sort(
        Comparator.comparing((CtSeries s) -> s.patientId().orElse(""))
            .thenComparing(CtSeries::uid));
    if (order.isEmpty()) {
      throw new SiteImportException(
          root,
          0,
          "no CT series found under the folder ("
              + ex.annotations.size()
              + " annotation file(s); "
              + issues.size()
              + " other file(s) or series ignored or unreadable)");
    }
    LOG.info(
        "importing {} CT series and {} annotation file(s) from {}",
        order.size(),
        ex.annotations.size(),
        root);
    SeriesImport.Writer w = new SeriesImport.Writer(root, labelRows, labelsName, issues);
    AtomicFiles.replaceFolder(
        target,
        temp -> {
          for (CtSeries s : order) {
            w.series(temp, s, attached.getOrDefault(s.uid(), List.of()));
          }
          if (w.rows.isEmpty()) {
            throw new SiteImportException(
                root,
                0,
                "none of the "
                    + order.size()
                    + " CT series could be imported: "
                    + issues.stream()
                        .filter(i -> i.outcome() == ImportIssue.Outcome.SKIPPED)
                        .limit(5)
                        .map(ImportIssue::toString)
                        .toList());
          }
          for (Map.Entry<LabelsFile.Key, LabelsFile.Row> e : w.labels.rows.entrySet()) {
            if (!w.usedLabels.contains(e.getKey())) {
              issues.add(
                  ImportIssue.at(
                      w.labelsName(),
                      e.getValue().line(),
                      ImportIssue.Kind.LABEL_UNMATCHED,
                      "patient "
                          + e.getKey().patientId()
                          + ", nodule '"
                          + e.getKey().nodule()
                          + "': no imported nodule of that patient has that name"));
            }
          }
          new SiteManifest(w.rows).write(temp.resolve(SiteManifest.FILE_NAME));
          writeReport(temp.resolve(REPORT_FILE), issues);
        });
    SiteImportReport report = new SiteImportReport(target, new SiteManifest(w.rows), issues);
    LOG.info(
        "imported {} into {} in {} ms: {}",
        root,
        target,
        (System.nanoTime() - t0) / 1_000_000,
        report.summary());
    return report;
  }

  private static Path realParent(Path target) throws IOException {
    Path p = target.getParent();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p == null
        ? target.getParent()
        : p.toRealPath().resolve(p.relativize(target.getParent()));
  }

  private static String oneLine(String s) {
    return s == null ? "(no message)" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  private static void writeReport(Path file, List<ImportIssue> issues) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(REPORT_HEADER);
      w.write('\n');
      for (ImportIssue i : issues) {
        w.write(Csv.quote(i.file()));
        w.write(',');
        w.write(i.line().isPresent() ? Integer.toString(i.line().getAsInt()) : "");
        w.write(',');
        w.write(i.kind().name());
        w.write(',');
        w.write(i.outcome().name());
        w.write(',');
        w.write(Csv.quote(oneLine(i.message())));
        w.write('\n');
      }
    }
  }

  @Override
  public String toString() {
    return "SiteImporter[labels=" + labels.map(Path::toString).orElse("(none)") + "]";
  }

  /** Builder of {@link SiteImporter}; each option may be set once. */
  public static final class Builder {
    private Path labels;

    private Builder() {}

    /**
     * Sets the labels file ({@code patient_id,nodule,label}); without one every nodule is {@code
     * UNKNOWN}.
     *
     * @throws NullPointerException if null
     * @throws IllegalStateException if already set
     */
    public Builder labels(Path file) {
      Objects.requireNonNull(file, "labels");
      if (labels != null) {
        throw new IllegalStateException("labels was already set to " + labels);
      }
      labels = file;
      return this;
    }

    /** Returns the importer; the builder stays usable. */
    public SiteImporter build() {
      return new SiteImporter(this);
    }

    @Override
    public String toString() {
      return "SiteImporter.Builder[labels=" + (labels == null ? "(none)" : labels) + "]";
    }
  }
}
