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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Mask;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomReadOptions;
import org.lungnodule.io.dicom.DicomReferenceException;
import org.lungnodule.io.dicom.DicomSeg;
import org.lungnodule.io.dicom.DicomSegment;
import org.lungnodule.io.dicom.DicomSegmentation;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.RtStruct;
import org.lungnodule.io.dicom.RtStructRoi;
import org.lungnodule.io.dicom.RtStructureSet;
import org.lungnodule.io.internal.Csv;
import org.lungnodule.io.manifest.ExportFolder.Annotation;
import org.lungnodule.io.manifest.ExportFolder.CtSeries;
import org.lungnodule.io.metaimage.MetaImageWriter;
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
    Map<String, String> frameOf = framesOfReference(ex);
    Map<String, List<Annotation>> attached = match(ex, frameOf, issues);
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
              where(root, s),
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
    Writer w = new Writer(root, labelRows, labelsName, issues);
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

  /**
   * Attaches each annotation to its series, reporting those that fit none or several.
   *
   * @return the annotations of each series UID, in file order
   */
  private static Map<String, List<Annotation>> match(
      ExportFolder ex, Map<String, String> frameOf, List<ImportIssue> issues) {
    Map<String, CtSeries> byUid = new LinkedHashMap<>();
    for (CtSeries s : ex.series) {
      byUid.put(s.uid(), s);
    }
    Map<String, List<Annotation>> out = new HashMap<>();
    for (Annotation a : ex.annotations) {
      String rel = ExportFolder.relative(ex.root, a.file());
      List<CtSeries> fits = new ArrayList<>();
      String why;
      if (a.type() == ExportFolder.Type.LABEL_MAP) {
        String stem = a.stem();
        CtSeries byName = byUid.get(stem);
        if (byName != null) {
          fits.add(byName);
        } else {
          for (CtSeries s : ex.series) {
            if (s.folder().map(f -> f.getFileName().toString().equals(stem)).orElse(false)) {
              fits.add(s);
            }
          }
        }
        why =
            "a label map named '"
                + stem
                + "': no CT series has that SeriesInstanceUID or"
                + " lies alone in a folder of that name";
      } else {
        List<String> refSeries = a.refs().referencedSeriesInstanceUids();
        List<String> frames =
            a.type() == ExportFolder.Type.SEG
                ? (a.refs().frameOfReferenceUid().isEmpty()
                    ? List.of()
                    : List.of(a.refs().frameOfReferenceUid()))
                : a.refs().referencedFrameOfReferenceUids();
        if (!refSeries.isEmpty()) {
          for (String u : refSeries) {
            if (byUid.containsKey(u)) {
              fits.add(byUid.get(u));
            }
          }
          why = "references series " + String.join(", ", refSeries) + ", not in the export";
        } else {
          for (CtSeries s : ex.series) {
            if (frames.contains(frameOf.get(s.uid()))) {
              fits.add(s);
            }
          }
          why =
              frames.isEmpty()
                  ? "names neither a series nor a frame of reference"
                  : "names no series, and no CT series of the export has its frame of reference "
                      + String.join(", ", frames);
        }
      }
      if (fits.isEmpty()) {
        issues.add(ImportIssue.of(rel, ImportIssue.Kind.ANNOTATION_WITHOUT_SERIES, why));
      } else if (fits.size() > 1) {
        issues.add(
            ImportIssue.of(
                rel,
                ImportIssue.Kind.AMBIGUOUS_ANNOTATION,
                "fits "
                    + fits.size()
                    + " CT series ("
                    + String.join(", ", fits.stream().map(CtSeries::uid).toList())
                    + "); cannot tell which it was drawn on"));
      } else {
        out.computeIfAbsent(fits.get(0).uid(), u -> new ArrayList<>()).add(a);
      }
    }
    return out;
  }

  /** Where a series lies, for issues: its folder relative to the export, else its first file. */
  private static String where(Path root, CtSeries s) {
    Optional<Path> f = s.folder();
    if (f.isPresent()) {
      String r = ExportFolder.relative(root, f.get());
      return r.isEmpty() ? "." : r;
    }
    return ExportFolder.relative(root, s.files().get(0));
  }

  /**
   * The Frame of Reference UID of each series, from its first file (a value matching no other when
   * the file has none or cannot be read).
   */
  private static Map<String, String> framesOfReference(ExportFolder ex) {
    Map<String, String> out = new HashMap<>();
    for (CtSeries s : ex.series) {
      String f = "";
      try {
        f = Dicom.readReferences(s.files().get(0)).frameOfReferenceUid();
      } catch (IOException e) {
        LOG.debug("no frame of reference for series {}: {}", s.uid(), e.toString());
      }
      out.put(s.uid(), f.isEmpty() ? "\u0000none " + s.uid() : f);
    }
    return out;
  }

  /** A segment, ROI or label value of one scan, before it is measured. */
  private record Candidate(String id, Mask mask, int value, String file, String what) {}

  /** Writes the series one by one into the temporary site folder and collects the rows. */
  private static final class Writer {
    final Path root;
    final LabelsFile labels;
    final String labelsName;
    final List<ImportIssue> issues;
    final List<ManifestEntry> rows = new ArrayList<>();
    final Set<LabelsFile.Key> usedLabels = new HashSet<>();
    final MetaImageWriter mha = MetaImageWriter.builder().compressed(true).build();

    Writer(Path root, LabelsFile labels, String labelsName, List<ImportIssue> issues) {
      this.root = root;
      this.labels = labels;
      this.labelsName = labelsName;
      this.issues = issues;
    }

    String labelsName() {
      return labelsName;
    }

    private String rel(Path p) {
      return ExportFolder.relative(root, p);
    }

    private String where(CtSeries s) {
      return SiteImporter.where(root, s);
    }

    private void dropAnnotations(List<Annotation> anns, String uid, String reason) {
      for (Annotation a : anns) {
        issues.add(
            ImportIssue.of(
                rel(a.file()),
                ImportIssue.Kind.ANNOTATION_WITHOUT_SERIES,
                "its series " + uid + " " + reason));
      }
    }

    void series(Path site, CtSeries s, List<Annotation> anns) throws IOException {
      String where = where(s);
      if (s.uid().isEmpty() || s.patientId().isEmpty() || s.patientId().get().isBlank()) {
        String what =
            s.uid().isEmpty()
                ? "no SeriesInstanceUID (0020,000E)"
                : "no Patient ID (0010,0020), and the site splits by patient";
        issues.add(
            ImportIssue.of(
                where,
                ImportIssue.Kind.SERIES_UNREADABLE,
                s.files().size() + " CT image(s) with " + what + "; left out"));
        dropAnnotations(anns, s.uid(), "was left out");
        return;
      }
      String uid = s.uid();
      String patient = s.patientId().get().strip();
      DicomSeries ds;
      try {
        ds =
            Dicom.readSeriesFiles(
                s.files(), DicomReadOptions.builder().seriesInstanceUid(uid).build());
      } catch (IOException e) {
        issues.add(
            ImportIssue.of(
                where,
                ImportIssue.Kind.SERIES_UNREADABLE,
                "series " + uid + " cannot be read: " + ExportFolder.reason(root, e)));
        dropAnnotations(anns, uid, "cannot be read");
        return;
      }
      if (ds.sliceCount() < 2) {
        issues.add(
            ImportIssue.of(
                where,
                ImportIssue.Kind.SINGLE_SLICE_SERIES,
                "series " + uid + " is a single slice (a localizer?), not a volume; left out"));
        dropAnnotations(anns, uid, "is a single slice");
        return;
      }
      List<Candidate> found = new ArrayList<>();
      for (Annotation a : anns) {
        found.addAll(candidates(a, ds));
      }
      List<Candidate> kept = withoutDuplicates(found, uid);
      String scanRel = "scans/" + Site.safe(uid) + ".mha";
      List<ManifestEntry> scanRows = new ArrayList<>();
      Set<String> maskNames = new HashSet<>();
      for (Candidate c : kept) {
        Mask m = c.value() > 0 ? onGrid(c.mask().select(c.value()), ds) : c.mask();
        if (m.isEmpty()) {
          issues.add(
              ImportIssue.of(
                  c.file(),
                  ImportIssue.Kind.EMPTY_NODULE,
                  c.what() + " has no voxel on series " + uid + "; left out"));
          continue;
        }
        NoduleMasks.Measured mm = NoduleMasks.measure(m);
        if (mm.parts() > 1) {
          issues.add(
              ImportIssue.of(
                  c.file(),
                  ImportIssue.Kind.DISCONNECTED_PARTS,
                  c.what()
                      + " is "
                      + mm.parts()
                      + " disconnected parts (26-connectivity),"
                      + " imported as one nodule centred on the centroid of all its voxels"));
        }
        String maskRel = "masks/" + Site.safe(uid) + "_" + Site.safe(c.id());
        String unique = maskRel;
        for (int n = 2; !maskNames.add(unique); n++) {
          unique = maskRel + "-" + n;
        }
        maskRel = unique + ".mha";
        Files.createDirectories(site.resolve("masks"));
        mha.writeMask(mm.crop(), site.resolve(maskRel));
        LabelsFile.Key key = new LabelsFile.Key(patient, c.id());
        LabelsFile.Row row = labels.rows.get(key);
        NoduleLabel label = NoduleLabel.UNKNOWN;
        if (row != null) {
          label = row.label();
          usedLabels.add(key);
        }
        scanRows.add(
            ManifestEntry.withNodule(
                patient,
                uid,
                scanRel,
                new ManifestNodule(
                    c.id(), mm.centerMm(), mm.diameterMm(), label, Optional.of(maskRel))));
      }
      if (scanRows.isEmpty() && !anns.isEmpty()) {
        issues.add(
            ImportIssue.of(
                where,
                ImportIssue.Kind.SERIES_WITHOUT_SOUND_ANNOTATIONS,
                "series "
                    + uid
                    + ": every nodule of its "
                    + anns.size()
                    + " annotation file(s) was"
                    + " left out, so the scan is left out rather than imported without nodules"));
        return;
      }
      if (anns.isEmpty()) {
        issues.add(
            ImportIssue.of(
                where,
                ImportIssue.Kind.SERIES_WITHOUT_ANNOTATIONS,
                "series "
                    + uid
                    + " has no SEG, RTSTRUCT or label map; imported as a scan without"
                    + " nodules"));
        scanRows.add(ManifestEntry.scanOnly(patient, uid, scanRel));
      }
      Files.createDirectories(site.resolve("scans"));
      mha.write(ds.volume(), site.resolve(scanRel));
      rows.addAll(scanRows);
      LOG.info(
          "imported series {} of patient {}: {} slices, {} nodule(s)",
          uid,
          patient,
          ds.sliceCount(),
          anns.isEmpty() ? 0 : scanRows.size());
    }

    private static Mask onGrid(Mask m, DicomSeries ds) {
      return m.geometry().equals(ds.volume().geometry())
          ? m
          : Mask.wrap(ds.volume().geometry(), m.copyLabels());
    }

    /** The segments, ROIs or label values of one annotation file on the series' grid. */
    private List<Candidate> candidates(Annotation a, DicomSeries ds) {
      String rel = rel(a.file());
      List<Candidate> out = new ArrayList<>();
      try {
        switch (a.type()) {
          case SEG -> {
            DicomSegmentation seg = DicomSeg.read(a.file(), ds);
            for (DicomSegment sg : seg.segments()) {
              String id = sg.label().isBlank() ? "segment " + sg.number() : sg.label().strip();
              out.add(
                  new Candidate(id, sg.mask(), 0, rel, "segment " + sg.number() + " '" + id + "'"));
            }
          }
          case RTSTRUCT -> {
            RtStructureSet rs = RtStruct.read(a.file(), ds);
            for (String w : rs.warnings()) {
              issues.add(ImportIssue.of(rel, ImportIssue.Kind.ANNOTATION_WARNING, w));
            }
            for (RtStructRoi r : rs.rois()) {
              String id = r.name().isBlank() ? "roi " + r.number() : r.name().strip();
              out.add(new Candidate(id, r.mask(), 0, rel, "ROI " + r.number() + " '" + id + "'"));
            }
          }
          case LABEL_MAP -> {
            Mask labelMap = VolumeFiles.readMask(a.file());
            VolumeGeometry g = ds.volume().geometry();
            if (!labelMap.geometry().sameGrid(g, GRID_TOLERANCE)) {
              issues.add(
                  ImportIssue.of(
                      rel,
                      ImportIssue.Kind.ANNOTATION_MISMATCH,
                      "the label map's grid "
                          + labelMap.geometry()
                          + " is not the grid of series "
                          + ds.seriesInstanceUid()
                          + ", "
                          + g));
              return List.of();
            }
            boolean[] present = new boolean[256];
            java.nio.ByteBuffer b = labelMap.labels();
            for (int i = b.position(); i < b.limit(); i++) {
              present[b.get(i) & 0xFF] = true;
            }
            for (int v = 1; v < 256; v++) {
              if (present[v]) {
                out.add(new Candidate(Integer.toString(v), labelMap, v, rel, "label value " + v));
              }
            }
            if (out.isEmpty()) {
              issues.add(
                  ImportIssue.of(
                      rel, ImportIssue.Kind.EMPTY_NODULE, "the label map has no label value > 0"));
            }
          }
          default -> throw new IllegalStateException("unknown annotation type " + a.type());
        }
      } catch (DicomReferenceException e) {
        issues.add(
            ImportIssue.of(
                rel, ImportIssue.Kind.ANNOTATION_MISMATCH, ExportFolder.reason(root, e)));
        return List.of();
      } catch (IOException e) {
        issues.add(
            ImportIssue.of(
                rel,
                ImportIssue.Kind.UNREADABLE_FILE,
                "cannot be read: " + ExportFolder.reason(root, e)));
        return List.of();
      }
      return out;
    }

    /** Leaves out (and reports) every candidate whose id another candidate of the scan has too. */
    private List<Candidate> withoutDuplicates(List<Candidate> all, String uid) {
      Map<String, List<Candidate>> byId = new LinkedHashMap<>();
      for (Candidate c : all) {
        byId.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c);
      }
      List<Candidate> kept = new ArrayList<>();
      for (Candidate c : all) {
        List<Candidate> same = byId.get(c.id());
        if (same.size() == 1) {
          kept.add(c);
          continue;
        }
        List<String> others = new ArrayList<>();
        for (Candidate o : same) {
          if (o != c) {
            others.add(o.what() + (o.file().equals(c.file()) ? "" : " of " + o.file()));
          }
        }
        issues.add(
            ImportIssue.of(
                c.file(),
                ImportIssue.Kind.DUPLICATE_NODULE_NAME,
                c.what()
                    + ": scan "
                    + uid
                    + " has another nodule named '"
                    + c.id()
                    + "' ("
                    + String.join(", ", others)
                    + "); both are left out, since a label row could"
                    + " not tell them apart"));
      }
      return kept;
    }
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
