package org.lungnodule.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.Mask;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.metrics.ClassificationMetrics;
import org.lungnodule.metrics.ClassificationReport;
import org.lungnodule.metrics.Compare;
import org.lungnodule.metrics.Comparison;
import org.lungnodule.metrics.SegmentationMetrics;
import org.lungnodule.metrics.SegmentationScores;
import org.lungnodule.metrics.ThresholdRule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungnodule metrics classify|compare|segment}: classification metrics with confidence
 * intervals, the paired comparison of two models, and segmentation metrics of two mask files.
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description =
        "Measure predictions: classify (AUC, accuracy, ... with CIs), compare (paired tests), segment (Dice, IoU, ASD).",
    subcommands = {
      MetricsCommand.Classify.class,
      MetricsCommand.CompareModels.class,
      MetricsCommand.Segment.class
    })
public final class MetricsCommand implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: classify, compare or segment");
  }

  /** {@code metrics classify}. */
  @Command(
      name = "classify",
      mixinStandardHelpOptions = true,
      description =
          "AUC (DeLong CI), accuracy, sensitivity, specificity, PPV, NPV, F1 of a CSV with label,score columns (label 1 = malignant; other columns ignored).")
  static final class Classify implements Callable<Integer> {
    @Mixin CliSupport.CommonOptions common;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--csv",
        required = true,
        description = "CSV file with a header holding label and score.")
    Path csv;

    @Option(
        names = "--threshold",
        defaultValue = "0.5",
        description =
            "A number (positive when score >= it) or 'youden'. Default: ${DEFAULT-VALUE}.")
    String threshold;

    @Option(
        names = "--bootstrap",
        description = "Add stratified percentile bootstrap CIs with N replicates (e.g. 2000).")
    Integer bootstrap;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Bootstrap seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
        names = "--confidence",
        defaultValue = "0.95",
        description = "Confidence level. Default: ${DEFAULT-VALUE}.")
    double confidence;

    @Override
    public Integer call() throws IOException {
      Map<String, double[]> cols = readCsv(csv, List.of("label", "score"));
      ClassificationMetrics m =
          ClassificationMetrics.of(cols.get("score"), labels(cols.get("label"), csv))
              .threshold(rule(threshold))
              .seed(seed)
              .confidence(confidence);
      if (bootstrap != null) {
        m.bootstrap(bootstrap);
      }
      ClassificationReport r = m.compute();
      CliSupport.print(spec, common.json, r.toMap());
      return 0;
    }
  }

  /** {@code metrics compare}. */
  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description =
          "Paired comparison of two models on the same cases from a CSV with label,scoreA,scoreB: DeLong's test, McNemar, and with --bootstrap a paired bootstrap of every metric.")
  static final class CompareModels implements Callable<Integer> {
    @Mixin CliSupport.CommonOptions common;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--csv",
        required = true,
        description = "CSV file with a header holding label, scoreA (baseline) and scoreB (tuned).")
    Path csv;

    @Option(
        names = "--threshold",
        defaultValue = "0.5",
        description = "A number or 'youden' (each model its own). Default: ${DEFAULT-VALUE}.")
    String threshold;

    @Option(
        names = "--bootstrap",
        description = "Add the paired stratified bootstrap with N replicates.")
    Integer bootstrap;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Bootstrap seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
        names = "--confidence",
        defaultValue = "0.95",
        description = "Confidence level. Default: ${DEFAULT-VALUE}.")
    double confidence;

    @Override
    public Integer call() throws IOException {
      Map<String, double[]> cols = readCsv(csv, List.of("label", "scoreA", "scoreB"));
      Compare c =
          Compare.paired(cols.get("scoreA"), cols.get("scoreB"), labels(cols.get("label"), csv))
              .delong()
              .threshold(rule(threshold))
              .seed(seed)
              .confidence(confidence);
      if (bootstrap != null) {
        c.bootstrap(bootstrap);
      }
      Comparison r = c.compute();
      CliSupport.print(spec, common.json, r.toMap());
      return 0;
    }
  }

  /** {@code metrics segment}. */
  @Command(
      name = "segment",
      mixinStandardHelpOptions = true,
      description =
          "Dice, IoU, symmetric ASD, Hausdorff and HD95 (mm) of a predicted mask against the truth (MetaImage .mhd/.mha or NIfTI .nii/.nii.gz, same grid; non-zero = foreground).")
  static final class Segment implements Callable<Integer> {
    @Mixin CliSupport.CommonOptions common;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--pred", required = true, description = "Predicted mask file.")
    Path pred;

    @Option(names = "--truth", required = true, description = "Ground-truth mask file.")
    Path truth;

    @Override
    public Integer call() throws IOException {
      Mask p = VolumeFiles.readMask(pred);
      Mask t = VolumeFiles.readMask(truth);
      SegmentationScores s = SegmentationMetrics.evaluate(p, t);
      CliSupport.print(spec, common.json, s.toMap());
      return 0;
    }
  }

  static ThresholdRule rule(String text) {
    if (text.trim().equalsIgnoreCase("youden")) {
      return ThresholdRule.youden();
    }
    try {
      return ThresholdRule.fixed(Double.parseDouble(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--threshold must be a number or 'youden', got '" + text + "'");
    }
  }

  static boolean[] labels(double[] v, Path file) {
    boolean[] b = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != 0 && v[i] != 1) {
        throw new IllegalArgumentException(
            file + ": label must be 0 or 1, got " + v[i] + " on data row " + (i + 1));
      }
      b[i] = v[i] == 1;
    }
    return b;
  }

  /**
   * Reads the named numeric columns of a CSV file with a header (other columns ignored; quoted
   * fields allowed; blank lines skipped).
   */
  static Map<String, double[]> readCsv(Path file, List<String> wanted) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + ": empty file, expected a header with " + wanted);
      }
      List<String> names = split(header.replace("\uFEFF", ""));
      Map<String, Integer> at = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        at.putIfAbsent(names.get(i).trim(), i);
      }
      for (String w : wanted) {
        if (!at.containsKey(w)) {
          throw new IllegalArgumentException(
              file + ": header must have columns " + wanted + ", got " + names);
        }
      }
      List<double[]> rows = new ArrayList<>();
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        List<String> f = split(line);
        double[] row = new double[wanted.size()];
        for (int c = 0; c < wanted.size(); c++) {
          int idx = at.get(wanted.get(c));
          if (idx >= f.size()) {
            throw new IllegalArgumentException(
                file + ":" + lineNo + ": expected " + names.size() + " fields, got " + f.size());
          }
          String s = f.get(idx).trim();
          try {
            row[c] = Double.parseDouble(s);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                file + ":" + lineNo + ": " + wanted.get(c) + " must be a number, got '" + s + "'");
          }
          if (!Double.isFinite(row[c])) {
            throw new IllegalArgumentException(
                file + ":" + lineNo + ": " + wanted.get(c) + " must be finite, got " + s);
          }
        }
        rows.add(row);
      }
      if (rows.isEmpty()) {
        throw new IllegalArgumentException(file + ": no data rows");
      }
      Map<String, double[]> out = new HashMap<>();
      for (int c = 0; c < wanted.size(); c++) {
        double[] v = new double[rows.size()];
        for (int r = 0; r < v.length; r++) {
          v[r] = rows.get(r)[c];
        }
        out.put(wanted.get(c), v);
      }
      return out;
    }
  }

  /** Splits one CSV line (RFC 4180 quotes). */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            sb.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          sb.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(sb.toString());
        sb.setLength(0);
      } else {
        sb.append(ch);
      }
    }
    out.add(sb.toString());
    return out;
  }
}
