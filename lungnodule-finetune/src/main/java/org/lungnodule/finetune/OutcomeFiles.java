package org.lungnodule.finetune;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lungnodule.core.NoduleLabel;

/**
 * Reads and writes per-case outcomes as CSV, so that a resumed workflow need not predict again.
 * Classifier files have the columns {@code case,patient,label,score} (label 1 = malignant, as
 * {@code bin/lungnodule metrics classify} reads); segmenter files {@code
 * case,patient,detected,dice,iou,asd_mm,match_score,false_positive_scores}: a nodule's row leaves
 * the last column empty, a scan's false positives ({@link CaseOutcome.FalsePositives}) have a row
 * with only {@code case}, {@code patient} and the scores, separated by {@code ;}. Segmenter files
 * of the earlier six-column layout are still read.
 */
public final class OutcomeFiles {

  private static final String SCORED = "case,patient,label,score";
  private static final String SEGMENTED_V1 = "case,patient,detected,dice,iou,asd_mm";
  private static final String SEGMENTED =
      "case,patient,detected,dice,iou,asd_mm,match_score,false_positive_scores";

  private OutcomeFiles() {}

  /**
   * Writes outcomes (all of one kind) atomically.
   *
   * @throws IOException on failure
   * @throws IllegalArgumentException if the kinds are mixed
   */
  public static void write(Path file, List<CaseOutcome> outcomes) throws IOException {
    boolean scored = outcomes.isEmpty() || outcomes.get(0) instanceof CaseOutcome.Scored;
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(scored ? SCORED : SEGMENTED);
      w.newLine();
      for (CaseOutcome o : outcomes) {
        if (o instanceof CaseOutcome.Scored s && scored) {
          w.write(
              String.format(
                  Locale.ROOT,
                  "%s,%s,%d,%.17g",
                  s.caseId(),
                  s.patientId(),
                  s.label() == NoduleLabel.MALIGNANT ? 1 : 0,
                  s.score()));
        } else if (o instanceof CaseOutcome.Segmented g && !scored) {
          w.write(
              String.format(
                  Locale.ROOT,
                  "%s,%s,%b,%.17g,%.17g,%.17g,%.17g,",
                  g.caseId(),
                  g.patientId(),
                  g.detected(),
                  g.dice(),
                  g.iou(),
                  g.asdMm(),
                  g.matchScore()));
        } else if (o instanceof CaseOutcome.FalsePositives fp && !scored) {
          StringBuilder sb = new StringBuilder();
          for (double x : fp.scores()) {
            sb.append(sb.length() == 0 ? "" : ";").append(String.format(Locale.ROOT, "%.17g", x));
          }
          w.write(fp.caseId() + "," + fp.patientId() + ",,,,,," + sb);
        } else {
          throw new IllegalArgumentException("outcomes must all be of one kind, got " + o);
        }
        w.newLine();
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads outcomes written by {@link #write}.
   *
   * @throws IOException if the file is missing or malformed (the message names file and line)
   */
  public static List<CaseOutcome> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()
        || !(lines.get(0).equals(SCORED)
            || lines.get(0).equals(SEGMENTED)
            || lines.get(0).equals(SEGMENTED_V1))) {
      throw new IOException("not an outcome file (unexpected header): " + file);
    }
    boolean scored = lines.get(0).equals(SCORED);
    int fields = scored ? 4 : lines.get(0).equals(SEGMENTED_V1) ? 6 : 8;
    List<CaseOutcome> out = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      try {
        if (scored && f.length == 4) {
          out.add(
              new CaseOutcome.Scored(
                  f[0],
                  f[1],
                  f[2].equals("1") ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN,
                  Double.parseDouble(f[3])));
        } else if (!scored && f.length == fields && fields == 8 && f[2].isEmpty()) {
          List<Double> fps = new ArrayList<>();
          for (String x : f[7].isEmpty() ? new String[0] : f[7].split(";")) {
            fps.add(Double.parseDouble(x));
          }
          out.add(new CaseOutcome.FalsePositives(f[0], f[1], fps));
        } else if (!scored && f.length == fields) {
          out.add(
              new CaseOutcome.Segmented(
                  f[0],
                  f[1],
                  Boolean.parseBoolean(f[2]),
                  Double.parseDouble(f[3]),
                  Double.parseDouble(f[4]),
                  Double.parseDouble(f[5]),
                  fields == 8 ? Double.parseDouble(f[6]) : Double.NaN));
        } else {
          throw new IOException(
              file + " line " + (n + 1) + ": expected " + fields + " fields, got " + f.length);
        }
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
