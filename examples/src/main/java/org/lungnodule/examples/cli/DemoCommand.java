package org.lungnodule.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Json;
import org.lungnodule.phantom.segmenter.PhantomSegmenter;
import org.lungnodule.report.LocalizationDemo;
import org.lungnodule.report.LocalizationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungnodule demo}: the paper's experiment end to end on the synthetic phantom, through the
 * same code as {@link LocalizeCommand}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Write the PUBLIC, HB and XZ phantom sites into --out/sites and run 'localize' on them:"
          + " train the baseline classifier and segmenter on PUBLIC, the control arm (the baselines"
          + " trained as long on PUBLIC only) and the models fine-tuned for HB and XZ, compare with"
          + " statistics, and write report.md, report.html, report.json, roc.png, bars.png and the"
          + " model archives into --out.",
      "A killed run resumes where it stopped when started again with the same options.",
      "At the quick scale the segmenter baseline is the bundled one (a SMALL Mask R-CNN trained on"
          + " the PUBLIC phantom for 15.6 minutes on 2 cores, more than the whole demo may take);"
          + " --segmenter-baseline train trains one here instead."
    })
public final class DemoCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--scale", defaultValue = "quick", description = "tiny, quick (default) or full.")
  String scale;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of everything (default 1).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "demo-out",
      description = "Output folder (default demo-out).")
  Path out;

  @Option(names = "--no-segmenter", description = "Run the classifier part only.")
  boolean noSegmenter;

  @Option(
      names = "--segmenter-baseline",
      paramLabel = "bundled|train|FILE",
      description =
          "Where the segmenter baseline comes from: 'bundled' (the default at the quick scale),"
              + " 'train' (train it on the demo's PUBLIC scans; the default at the tiny and full scales) or a"
              + " segmenter archive.")
  String segmenterBaseline;

  /** File name of the bundled segmenter baseline (lungnodule-phantom-segmenter). */
  static final String BUNDLED_SEGMENTER = PhantomSegmenter.FILE_NAME;

  @Override
  public Integer call() throws Exception {
    LocalizationDemo.Scale s;
    try {
      s = LocalizationDemo.Scale.parse(scale);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    String source =
        segmenterBaseline != null
            ? segmenterBaseline
            : s == LocalizationDemo.Scale.QUICK ? "bundled" : "train";
    LocalizationDemo.Builder b =
        LocalizationDemo.builder()
            .scale(s)
            .seed(seed)
            .out(out)
            .segmenter(!noSegmenter)
            .listener(new ProgressBar(spec.commandLine().getErr()));
    if (!noSegmenter) {
      switch (source) {
        case "train" -> {}
        case "bundled" -> b.segmenterBaseline(extractBundledSegmenter(out.resolve("work")));
        default -> {
          Path file = Path.of(source);
          if (!Files.isRegularFile(file)) {
            throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "--segmenter-baseline must be bundled, train or an existing segmenter archive, got '"
                    + source
                    + "'");
          }
          b.segmenterBaseline(file);
        }
      }
    }
    LocalizationReport rep = b.build().run();
    Map<String, Object> m = rep.toMap();
    assert JsonStyle.violations(m).isEmpty() : "demo --json: " + JsonStyle.violations(m);
    if (common.json) {
      spec.commandLine().getOut().println(Json.write(m));
    } else {
      spec.commandLine().getOut().println(rep.toMarkdown());
      spec.commandLine().getOut().println("report: " + out.resolve("report.html").toAbsolutePath());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * Copies the bundled segmenter baseline into {@code dir} (through a temporary file, so a killed
   * copy never looks whole) unless an identical copy is already there.
   *
   * @return the archive's path
   * @throws IOException if the archive is missing from the class path or cannot be written
   */
  static Path extractBundledSegmenter(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve("bundled-" + BUNDLED_SEGMENTER);
    byte[] bytes;
    try {
      bytes = PhantomSegmenter.archiveBytes();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
      return target;
    }
    AtomicFiles.write(target, bytes);
    return target;
  }
}
