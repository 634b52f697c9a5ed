package org.lungnodule.io.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.lungnodule.io.manifest.ExportFolder.Annotation;
import org.lungnodule.io.manifest.ExportFolder.CtSeries;
import org.lungnodule.io.metaimage.MetaImageWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The import of one CT series with its annotations into the site being written (see {@link
 * SiteImporter}): read the series, turn each segment, ROI or label value into a nodule, leave out
 * and report what is unsound, write the scan and the masks, and collect the manifest rows.
 */
final class SeriesImport {

  private static final Logger LOG = LoggerFactory.getLogger(SeriesImport.class);

  private SeriesImport() {}

  /** A segment, ROI or label value of one scan, before it is measured. */
  private record Candidate(String id, Mask mask, int value, String file, String what) {}

  /** Writes the series one by one into the temporary site folder and collects the rows. */
  static final class Writer {
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
      return AnnotationMatcher.where(root, s);
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
            if (!labelMap.geometry().sameGrid(g, SiteImporter.GRID_TOLERANCE)) {
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
}
