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
 * case,patient,detected,dice,iou,asd_mm}.
 */
public final class OutcomeFiles {

  private static final String SCORED = "case,patient,label,score";
  private static final String SEGMENTED = "case,patient,detected,dice,iou,asd_mm";

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
                  "%s,%s,%b,%.17g,%.17g,%.17g",
                  g.caseId(),
                  g.patientId(),
                  g.detected(),
                  g.dice(),
                  g.iou(),
                  g.asdMm()));
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
    if (lines.isEmpty() || !(lines.get(0).equals(SCORED) || lines.get(0).equals(SEGMENTED))) {
      throw new IOException("not an outcome file (unexpected header): " + file);
    }
    boolean scored = lines.get(0).equals(SCORED);
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
        } else if (!scored && f.length == 6) {
          out.add(
              new CaseOutcome.Segmented(
                  f[0],
                  f[1],
                  Boolean.parseBoolean(f[2]),
                  Double.parseDouble(f[3]),
                  Double.parseDouble(f[4]),
                  Double.parseDouble(f[5])));
        } else {
          throw new IOException(
              file
                  + " line "
                  + (n + 1)
                  + ": expected "
                  + (scored ? 4 : 6)
                  + " fields, got "
                  + f.length);
        }
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
