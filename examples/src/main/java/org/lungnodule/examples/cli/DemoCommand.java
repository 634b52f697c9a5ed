package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.Json;
import org.lungnodule.finetune.LocalizationDemo;
import org.lungnodule.finetune.LocalizationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lungnodule demo}: the paper's experiment end to end on the synthetic phantom. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the PUBLIC, HB and XZ phantom sites, train the baseline classifier and segmenter on"
          + " PUBLIC, fine-tune them for HB and XZ, compare with statistics, and write report.md,"
          + " report.html, report.json, roc.png, bars.png and the model archives into --out.",
      "A killed run resumes where it stopped when started again with the same options."
    })
public final class DemoCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--scale", defaultValue = "quick", description = "tiny, quick (default) or full.")
  String scale;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of everything (default 1).")
  long seed;

  @Option(names = "--out", defaultValue = "demo-out", description = "Output folder (default demo-out).")
  Path out;

  @Option(names = "--no-segmenter", description = "Run the classifier part only.")
  boolean noSegmenter;

  @Override
  public Integer call() throws Exception {
    LocalizationDemo.Scale s;
    try {
      s = LocalizationDemo.Scale.parse(scale);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    LocalizationReport rep =
        LocalizationDemo.builder()
            .scale(s)
            .seed(seed)
            .out(out)
            .segmenter(!noSegmenter)
            .listener(new ProgressBar(spec.commandLine().getErr()))
            .build()
            .run();
    Map<String, Object> m = rep.toMap();
    if (common.json) {
      spec.commandLine().getOut().println(Json.write(m));
    } else {
      spec.commandLine().getOut().println(rep.toMarkdown());
      spec.commandLine().getOut().println("report: " + out.resolve("report.html").toAbsolutePath());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
