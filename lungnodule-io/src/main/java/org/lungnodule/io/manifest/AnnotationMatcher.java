package org.lungnodule.io.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.manifest.ExportFolder.Annotation;
import org.lungnodule.io.manifest.ExportFolder.CtSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which CT series of an export each annotation belongs to (see {@link SiteImporter}: by referenced
 * series, else by frame of reference; label maps by series UID, else by folder name).
 */
final class AnnotationMatcher {

  private static final Logger LOG = LoggerFactory.getLogger(AnnotationMatcher.class);

  private AnnotationMatcher() {}

  /**
   * Attaches each annotation to its series, reporting those that fit none or several.
   *
   * @return the annotations of each series UID, in file order
   */
  static Map<String, List<Annotation>> match(
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
  static String where(Path root, CtSeries s) {
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
  static Map<String, String> framesOfReference(ExportFolder ex) {
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
}
