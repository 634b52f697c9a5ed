package org.lungnodule.io.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lungnodule.core.Parallel;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomFileInfo;
import org.lungnodule.io.dicom.DicomReferences;
import org.lungnodule.io.dicom.NotDicomException;

/**
 * What a hospital's export folder holds, found by walking it (sub-folders of any depth, files
 * recognised by content, hidden files skipped): CT series grouped by SeriesInstanceUID, DICOM SEG
 * and RTSTRUCT files with their references, label maps by extension, and issues for everything
 * else. A DICOMDIR index is not needed (every file it could name is found by the walk) and is
 * listed as ignored.
 */
final class ExportFolder {

  /** The label-map extensions, longest first. */
  static final List<String> LABEL_MAP_EXTENSIONS = List.of(".nii.gz", ".nii", ".mha", ".mhd");

  /** A CT series: its UID, its files (sorted), its first file's patient id and folder. */
  record CtSeries(String uid, List<Path> files, Optional<String> patientId) {
    /** The folder holding all its files, if they lie in one. */
    Optional<Path> folder() {
      Path f = files.get(0).getParent();
      return files.stream().allMatch(p -> p.getParent().equals(f))
          ? Optional.of(f)
          : Optional.empty();
    }
  }

  /** What an annotation file is. */
  enum Type {
    SEG,
    RTSTRUCT,
    LABEL_MAP
  }

  /**
   * An annotation file.
   *
   * @param refs its references (SEG and RTSTRUCT), or null for a label map
   */
  record Annotation(Path file, Type type, DicomReferences refs) {
    /** The file name without its label-map extension. */
    String stem() {
      String n = file.getFileName().toString();
      String l = n.toLowerCase(Locale.ROOT);
      for (String ext : LABEL_MAP_EXTENSIONS) {
        if (l.endsWith(ext)) {
          return n.substring(0, n.length() - ext.length());
        }
      }
      return n;
    }
  }

  final Path root;
  final List<CtSeries> series;
  final List<Annotation> annotations;
  final List<ImportIssue> issues;

  private ExportFolder(
      Path root, List<CtSeries> series, List<Annotation> annotations, List<ImportIssue> issues) {
    this.root = root;
    this.series = series;
    this.annotations = annotations;
    this.issues = issues;
  }

  /** The file's path relative to the export folder, with {@code /}. */
  static String relative(Path root, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (abs.startsWith(root)) {
      return root.relativize(abs).toString().replace('\\', '/');
    }
    return file.toString();
  }

  /**
   * The message of a failure, on one line, with the export folder's path taken out of the paths it
   * names (so that the report reads the same wherever the export lies).
   */
  static String reason(Path root, Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    return m.replace(root.toString() + root.getFileSystem().getSeparator(), "");
  }

  private String rel(Path file) {
    return relative(root, file);
  }

  /** One file looked at: its header, its references, or why it could not be read. */
  private static final class Looked {
    DicomFileInfo info;
    DicomReferences refs;
    boolean notDicom;
    String error;
  }

  /**
   * Walks the folder.
   *
   * @param root the export folder (absolute, normalised)
   * @param skip files not to look at (the labels file)
   * @throws IOException if the folder cannot be listed
   */
  static ExportFolder scan(Path root, Set<Path> skip) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all =
          s.filter(Files::isRegularFile)
              .filter(p -> !hidden(root.relativize(p)))
              .filter(p -> !skip.contains(p.toAbsolutePath().normalize()))
              .sorted()
              .toList();
    }
    ExportFolder out = new ExportFolder(root, null, new ArrayList<>(), new ArrayList<>());
    List<Path> dicom = new ArrayList<>();
    for (Path p : all) {
      String l = p.getFileName().toString().toLowerCase(Locale.ROOT);
      if (isLabelMap(l)) {
        out.annotations.add(new Annotation(p, Type.LABEL_MAP, null));
      } else if (l.equals("dicomdir")) {
        out.issues.add(
            ImportIssue.of(
                out.rel(p),
                ImportIssue.Kind.NOT_DICOM,
                "a DICOMDIR index, not needed: every file under the folder is looked at"));
      } else if ((l.endsWith(".raw") || l.endsWith(".zraw")) && hasHeader(p)) {
        continue; // the data file of a .mhd label map
      } else {
        dicom.add(p);
      }
    }
    Looked[] looked = new Looked[dicom.size()];
    Parallel.forEach(dicom.size(), i -> looked[i] = look(root, dicom.get(i)));
    Map<String, List<Path>> ct = new LinkedHashMap<>();
    Map<String, Optional<String>> patients = new LinkedHashMap<>();
    Map<String, List<Path>> others = new TreeMap<>();
    for (int i = 0; i < looked.length; i++) {
      Path p = dicom.get(i);
      Looked lk = looked[i];
      if (lk.notDicom) {
        out.issues.add(
            ImportIssue.of(
                out.rel(p), ImportIssue.Kind.NOT_DICOM, "neither DICOM nor a label map, ignored"));
        continue;
      }
      if (lk.error != null) {
        out.issues.add(ImportIssue.of(out.rel(p), ImportIssue.Kind.UNREADABLE_FILE, lk.error));
        continue;
      }
      DicomFileInfo info = lk.info;
      String modality = info.modality().trim().toUpperCase(Locale.ROOT);
      if (lk.refs != null && lk.refs.isSegmentation()) {
        out.annotations.add(new Annotation(p, Type.SEG, lk.refs));
      } else if (lk.refs != null && lk.refs.isStructureSet()) {
        out.annotations.add(new Annotation(p, Type.RTSTRUCT, lk.refs));
      } else if ((modality.isEmpty() || modality.equals("CT"))
          && info.rows() > 0
          && info.columns() > 0) {
        ct.computeIfAbsent(info.seriesInstanceUid(), u -> new ArrayList<>()).add(p);
        patients.putIfAbsent(info.seriesInstanceUid(), info.patientId());
      } else {
        String what = modality.isEmpty() ? "no Modality, no image" : "modality " + modality;
        others
            .computeIfAbsent(what + "\u0000" + info.seriesInstanceUid(), k -> new ArrayList<>())
            .add(p);
      }
    }
    for (Map.Entry<String, List<Path>> e : others.entrySet()) {
      String[] key = e.getKey().split("\u0000", -1);
      List<Path> files = e.getValue();
      out.issues.add(
          ImportIssue.of(
              out.rel(files.get(0)),
              ImportIssue.Kind.OTHER_MODALITY,
              files.size()
                  + " file(s) of "
                  + key[0]
                  + (key[1].isEmpty() ? "" : " in series " + key[1])
                  + ": neither a CT image, a SEG nor an RTSTRUCT, ignored"));
    }
    List<CtSeries> series = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : ct.entrySet()) {
      series.add(new CtSeries(e.getKey(), List.copyOf(e.getValue()), patients.get(e.getKey())));
    }
    return new ExportFolder(root, List.copyOf(series), out.annotations, out.issues);
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static boolean isLabelMap(String lowerName) {
    return LABEL_MAP_EXTENSIONS.stream().anyMatch(lowerName::endsWith);
  }

  private static boolean hasHeader(Path data) {
    String n = data.getFileName().toString();
    String stem = n.substring(0, n.lastIndexOf('.'));
    return Files.isRegularFile(data.resolveSibling(stem + ".mhd"));
  }

  private static Looked look(Path root, Path p) {
    Looked lk = new Looked();
    try {
      lk.info = Dicom.readFileInfo(p);
      String m = lk.info.modality().trim().toUpperCase(Locale.ROOT);
      if (m.equals("SEG") || m.equals("RTSTRUCT") || lk.info.rows() <= 0) {
        lk.refs = Dicom.readReferences(p);
      }
    } catch (NotDicomException e) {
      lk.notDicom = true;
    } catch (IOException | RuntimeException e) {
      lk.error = "cannot be read: " + reason(root, e);
    }
    return lk;
  }
}
