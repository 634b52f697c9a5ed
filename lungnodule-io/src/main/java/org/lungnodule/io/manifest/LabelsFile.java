package org.lungnodule.io.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.io.internal.Csv;

/**
 * The diagnoses file of an import, {@code patient_id,nodule,label}: which nodule (segment label,
 * ROI name or label value) of which patient is malignant or benign. Rows that are malformed, carry
 * an unknown label or repeat an earlier (patient, nodule) are reported and left out; a file that is
 * not UTF-8 or lacks the header stops the import.
 */
final class LabelsFile {

  static final String HEADER = "patient_id,nodule,label";

  /** A (patient, nodule) key. */
  record Key(String patientId, String nodule) {}

  /** A row kept: its label and its line. */
  record Row(NoduleLabel label, int line) {}

  final Map<Key, Row> rows;
  final List<ImportIssue> issues;

  private LabelsFile(Map<Key, Row> rows, List<ImportIssue> issues) {
    this.rows = rows;
    this.issues = issues;
  }

  static LabelsFile empty() {
    return new LabelsFile(Map.of(), List.of());
  }

  /**
   * Reads the file.
   *
   * @param name the file's name in issues
   * @throws SiteImportException naming the line if a line is not UTF-8, or the header is wrong
   * @throws IOException if the file cannot be read
   */
  static LabelsFile read(Path file, String name) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new SiteImportException(file, 0, "labels file not found");
    }
    Map<Key, Row> rows = new LinkedHashMap<>();
    List<ImportIssue> issues = new ArrayList<>();
    try (Csv.Lines lines =
        Csv.Lines.open(file, (line, message) -> new SiteImportException(file, line, message))) {
      String header = lines.next();
      if (header != null && header.startsWith("\uFEFF")) {
        header = header.substring(1);
      }
      if (header == null || !String.join(",", split(header)).equals(HEADER)) {
        throw new SiteImportException(
            file,
            1,
            "header must be '" + HEADER + "', got '" + (header == null ? "" : header) + "'");
      }
      String text;
      while ((text = lines.next()) != null) {
        int line = lines.lineNumber();
        if (text.isBlank()) {
          continue;
        }
        List<String> f;
        try {
          f = Csv.split(text);
        } catch (IllegalArgumentException e) {
          issues.add(ImportIssue.at(name, line, ImportIssue.Kind.LABEL_INVALID, e.getMessage()));
          continue;
        }
        if (f.size() != 3) {
          issues.add(
              ImportIssue.at(
                  name,
                  line,
                  ImportIssue.Kind.LABEL_INVALID,
                  "expected 3 fields (" + HEADER + "), got " + f.size()));
          continue;
        }
        if (f.get(0).isBlank() || f.get(1).isBlank()) {
          issues.add(
              ImportIssue.at(
                  name, line, ImportIssue.Kind.LABEL_INVALID, "patient_id and nodule must be set"));
          continue;
        }
        NoduleLabel label;
        try {
          label = parse(f.get(2));
        } catch (IllegalArgumentException e) {
          issues.add(ImportIssue.at(name, line, ImportIssue.Kind.LABEL_INVALID, e.getMessage()));
          continue;
        }
        Key key = new Key(f.get(0).strip(), f.get(1).strip());
        Row earlier = rows.get(key);
        if (earlier != null) {
          issues.add(
              ImportIssue.at(
                  name,
                  line,
                  ImportIssue.Kind.LABEL_INVALID,
                  "patient "
                      + key.patientId()
                      + ", nodule '"
                      + key.nodule()
                      + "' was already given on line "
                      + earlier.line()
                      + "; this row is left out"));
          continue;
        }
        rows.put(key, new Row(label, line));
      }
    }
    return new LabelsFile(rows, issues);
  }

  private static List<String> split(String header) {
    try {
      return Csv.split(header);
    } catch (IllegalArgumentException e) {
      return List.of(header);
    }
  }

  /** MALIGNANT, BENIGN or UNKNOWN, in any case; nothing else (not the 0/1 of other files). */
  private static NoduleLabel parse(String text) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT);
    for (NoduleLabel l : NoduleLabel.values()) {
      if (l.name().equals(t)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "label must be MALIGNANT, BENIGN or UNKNOWN, got '" + text.strip() + "'");
  }
}
