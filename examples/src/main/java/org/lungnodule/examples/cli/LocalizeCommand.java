package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lungnodule.core.Json;
import org.lungnodule.report.Localization;
import org.lungnodule.report.LocalizationReport;
import org.lungnodule.report.LocalizationSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lungnodule localize}: the paper's experiment on the user's own sites, through {@link
 * Localization}.
 */
@Command(
    name = "localize",
    mixinStandardHelpOptions = true,
    description = {
      "Localize models trained on a public site to local sites, and say with statistics whether it"
          + " helped: for each --site, split by patient, mix (50% of the public training cases"
          + " replaced by the site's), train or load the baseline, train the control arm (the"
          + " baseline trained as long on public data only) and the fine-tuned model, evaluate all"
          + " three on the site's test cases, compare them, and write report.md, report.html (one"
          + " self-contained file), report.json, roc.png, bars.png and the models (work/) into"
          + " --out.",
      "Sites are folders with manifest.csv (see docs/cli.md). A killed run resumes where it"
          + " stopped when started again with the same options."
    })
public final class LocalizeCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--public",
      required = true,
      paramLabel = "[NAME=]DIR",
      description = "The public site the baselines learn from (named by the folder unless NAME=).")
  String publicSite;

  @Option(
      names = "--site",
      required = true,
      paramLabel = "[NAME=]DIR",
      description = "A local site to localize to; repeat for several (they share the baselines).")
  List<String> sites;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "MODEL[,MODEL]",
      description = "classifier, segmenter or both (default both).")
  List<String> models;

  @Option(
      names = "--baseline-classifier",
      paramLabel = "FILE",
      description = "Use this classifier archive as the baseline instead of training one.")
  Path baselineClassifier;

  @Option(
      names = "--baseline-segmenter",
      paramLabel = "FILE",
      description = "Use this segmenter archive as the baseline instead of training one.")
  Path baselineSegmenter;

  @Option(
      names = "--preset",
      defaultValue = "quick",
      description =
          "quick (default: small networks, minutes on a CPU), paper (the paper's networks and"
              + " schedules, for a GPU) or tiny (for tests).")
  String preset;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of everything (default 1).")
  long seed;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description = "Bootstrap replicates of the classifier statistics (default: the preset's).")
  Integer bootstrap;

  @Option(
      names = "--scans-inside-lung",
      description =
          "Every voxel of a segmenter scan counts as lung field (for scans cut inside one lung,"
              + " such as the phantom's test size); by default the lung field is extracted.")
  boolean scansInsideLung;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Localization.Builder b;
    try {
      b =
          Localization.builder()
              .publicSite(site(publicSite))
              .preset(Localization.Preset.parse(preset))
              .seed(seed)
              .out(out)
              .scansInsideLung(scansInsideLung)
              .listener(new ProgressBar(spec.commandLine().getErr()));
      for (String s : sites) {
        b.site(site(s));
      }
      if (models != null) {
        Set<Localization.Model> ms = EnumSet.noneOf(Localization.Model.class);
        for (String m : models) {
          ms.add(Localization.Model.parse(m));
        }
        b.models(ms);
      }
      if (baselineClassifier != null) {
        b.baselineClassifier(baselineClassifier);
      }
      if (baselineSegmenter != null) {
        b.baselineSegmenter(baselineSegmenter);
      }
      if (bootstrap != null) {
        b.bootstrap(bootstrap);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Localization loc;
    try {
      loc = b.build();
    } catch (IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    LocalizationReport rep = loc.run();
    Map<String, Object> m = new LinkedHashMap<>(rep.toMap());
    m.put("report", out.resolve("report.html").toAbsolutePath().toString());
    assert JsonStyle.violations(m).isEmpty() : "localize --json: " + JsonStyle.violations(m);
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
   * Parses {@code DIR} or {@code NAME=DIR}.
   *
   * @throws IllegalArgumentException for an empty name or folder, or a name not usable as a site
   *     name
   */
  static LocalizationSite site(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      if (text.isBlank()) {
        throw new IllegalArgumentException("a site must be [NAME=]DIR, got '" + text + "'");
      }
      return LocalizationSite.of(Path.of(text));
    }
    String name = text.substring(0, eq);
    String dir = text.substring(eq + 1);
    if (name.isBlank() || dir.isBlank()) {
      throw new IllegalArgumentException("a site must be [NAME=]DIR, got '" + text + "'");
    }
    return LocalizationSite.of(name, Path.of(dir));
  }
}
