package org.lungnodule.spark.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.lungnodule.core.Json;
import org.lungnodule.core.LibraryInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/lungnodule-spark} and of {@code spark-submit}. Each job is a subcommand
 * with the options of its single-machine counterpart plus {@code --master} and {@code --conf}. Exit
 * codes: 0 done, 1 failed, 2 bad usage, 3 done but some scans failed (listed in the output folder's
 * {@code failures.csv}).
 */
@Command(
    name = "lungnodule-spark",
    mixinStandardHelpOptions = true,
    versionProvider = LungnoduleSpark.Version.class,
    description = "Cohort preprocessing, inference and evaluation on Apache Spark.",
    subcommands = {
      CommandLine.HelpCommand.class,
      LungnoduleSpark.Preprocess.class,
      LungnoduleSpark.Classify.class,
      LungnoduleSpark.Segment.class,
      LungnoduleSpark.Evaluate.class,
    })
public final class LungnoduleSpark implements Runnable {

  /** Exit code of a job that finished with some scans failed. */
  public static final int SOME_SCANS_FAILED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a job is required: classify, segment, evaluate or preprocess");
  }

  /** Runs the tool and returns its exit code. */
  public static int execute(String... args) {
    return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args);
  }

  /** Builds the command line writing to out/err, with the exit codes above. */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new LungnoduleSpark());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, c, parse) -> {
          String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
          c.getErr()
              .println("lungnodule-spark " + c.getCommandName() + ": " + msg.replace('\n', ' '));
          boolean verbose =
              parse.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
          if (verbose) {
            ex.printStackTrace(c.getErr());
          }
          c.getErr().flush();
          return 1;
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("lungnodule-spark: " + ex.getMessage());
          c.getErr()
              .println(
                  "Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
          c.getErr().flush();
          return 2;
        });
    return cl;
  }

  /** Main. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Options every job has. */
  static final class SparkOptions {
    @CommandLine.Option(
        names = "--master",
        paramLabel = "<url>",
        description = "Spark master, e.g. local[2] (default: spark-submit's, else local[*]).")
    String master;

    @CommandLine.Option(
        names = "--conf",
        paramLabel = "<key=value>",
        description = "A Spark setting (repeatable), e.g. spark.executor.memoryOverhead=6g.")
    List<String> conf = new ArrayList<>();

    @CommandLine.Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @CommandLine.Option(
        names = "--verbose",
        description = "Print the stack trace when the job fails.")
    boolean verbose;

    /** Opens the session: the given master, else spark-submit's, else local[*]. */
    SparkSession session(String job) {
      SparkConf conf = new SparkConf().setAppName("lungnodule " + job);
      for (String kv : this.conf) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--conf must be key=value, got '" + kv + "'");
        }
        conf.set(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
      }
      if (master != null) {
        conf.setMaster(master);
      } else if (!conf.contains("spark.master")) {
        conf.setMaster("local[*]");
      }
      return SparkSession.builder().config(conf).getOrCreate();
    }

    /** Prints a result map as JSON or as aligned lines. */
    void print(CommandLine.Model.CommandSpec spec, Map<String, ?> result) {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(result));
      } else {
        int w = result.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, ?> e : result.entrySet()) {
          Object v = e.getValue();
          String text =
              v instanceof String || v instanceof Number ? String.valueOf(v) : Json.write(v);
          out.printf("%-" + w + "s  %s%n", e.getKey(), text);
        }
      }
      out.flush();
    }
  }

  /** {@code classify}. */
  @Command(
      name = "classify",
      mixinStandardHelpOptions = true,
      description = {
        "Score every nodule of one or more sites with a trained classifier, one Spark task per scan.",
        "Writes OUT/predictions.csv (the columns and rows of 'lungnodule classify'), the Parquet",
        "table OUT/predictions.parquet and OUT/failures.csv."
      })
  static final class Classify implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin SparkOptions spark;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
        names = "--model",
        required = true,
        description = "Model file from train-classifier.")
    java.nio.file.Path model;

    @CommandLine.Option(
        names = "--site",
        required = true,
        description = "Site folder with manifest.csv (repeatable).")
    List<java.nio.file.Path> sites;

    @CommandLine.Option(names = "--out", required = true, description = "Output folder.")
    java.nio.file.Path out;

    @CommandLine.Option(
        names = "--include-unknown",
        description = "Also score nodules without a benign/malignant label (label column empty).")
    boolean includeUnknown;

    @Override
    public Integer call() throws Exception {
      org.lungnodule.spark.ClassifyJob.Builder b =
          org.lungnodule.spark.ClassifyJob.builder()
              .model(model)
              .out(out)
              .includeUnknown(includeUnknown);
      sites.forEach(b::site);
      org.lungnodule.spark.ClassifyJob job = b.build();
      SparkSession s = spark.session("classify");
      org.lungnodule.spark.ClassifyResult r = job.run(s);
      spark.print(spec, r.toMap());
      return r.scans().failures().isEmpty() ? 0 : SOME_SCANS_FAILED;
    }
  }

  /** {@code preprocess}. */
  @Command(
      name = "preprocess",
      mixinStandardHelpOptions = true,
      description = {
        "Resample every scan of one or more sites to an isotropic spacing, extract its lung field and",
        "cut one cube per nodule. Writes OUT/volumes/<scan_id>/{volume,lung}.mha (as 'lungnodule",
        "preprocess'), the Parquet table OUT/cubes.parquet and OUT/failures.csv."
      })
  static final class Preprocess implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin SparkOptions spark;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
        names = "--site",
        required = true,
        description = "Site folder with manifest.csv (repeatable).")
    List<java.nio.file.Path> sites;

    @CommandLine.Option(names = "--out", required = true, description = "Output folder.")
    java.nio.file.Path out;

    @CommandLine.Option(
        names = "--spacing",
        paramLabel = "<mm>",
        defaultValue = "1.0",
        description = "Target isotropic spacing in mm (default: ${DEFAULT-VALUE}).")
    double spacingMm;

    @CommandLine.Option(
        names = "--cube-size",
        paramLabel = "<DxHxW>",
        defaultValue = "32x64x64",
        description = "Cube size in voxels (default: ${DEFAULT-VALUE}, a classifier's).")
    String cubeSize;

    @Override
    public Integer call() throws Exception {
      org.lungnodule.spark.PreprocessJob.Builder b =
          org.lungnodule.spark.PreprocessJob.builder().out(out);
      sites.forEach(b::site);
      b.spacingMm(spacingMm);
      String[] p = cubeSize.toLowerCase(java.util.Locale.ROOT).split("x");
      if (p.length != 3) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--cube-size must be DxHxW, got '" + cubeSize + "'");
      }
      try {
        b.cubeSize(
            Integer.parseInt(p[0].trim()),
            Integer.parseInt(p[1].trim()),
            Integer.parseInt(p[2].trim()));
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--cube-size must be DxHxW, got '" + cubeSize + "'");
      }
      org.lungnodule.spark.PreprocessResult r = b.build().run(spark.session("preprocess"));
      spark.print(spec, r.toMap());
      return r.scans().failures().isEmpty() ? 0 : SOME_SCANS_FAILED;
    }
  }

  /** {@code segment}. */
  @Command(
      name = "segment",
      mixinStandardHelpOptions = true,
      description = {
        "Detect and segment the nodules of every scan of one or more sites, one Spark task per scan.",
        "Writes OUT/<scan_id>/ (nodules.csv, nodules.json, labels.mha, as 'lungnodule segment'),",
        "the Parquet table OUT/detections.parquet and OUT/failures.csv."
      })
  static final class Segment implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin SparkOptions spark;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
        names = "--model",
        required = true,
        description = "Segmenter archive (.zip).")
    java.nio.file.Path model;

    @CommandLine.Option(
        names = "--site",
        required = true,
        description = "Site folder with manifest.csv (repeatable).")
    List<java.nio.file.Path> sites;

    @CommandLine.Option(names = "--out", required = true, description = "Output folder.")
    java.nio.file.Path out;

    @CommandLine.Option(
        names = "--min-score",
        description =
            "Keep detections at or above this score (default: the model's, 0.5; 0.05 to evaluate an FROC).")
    Double minScore;

    @Override
    public Integer call() throws Exception {
      org.lungnodule.spark.SegmentJob.Builder b =
          org.lungnodule.spark.SegmentJob.builder().model(model).out(out);
      sites.forEach(b::site);
      if (minScore != null) {
        b.minScore(minScore);
      }
      org.lungnodule.spark.SegmentResult r = b.build().run(spark.session("segment"));
      spark.print(spec, r.toMap());
      return r.scans().failures().isEmpty() ? 0 : SOME_SCANS_FAILED;
    }
  }

  /** {@code evaluate}. */
  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description = {
        "Metrics over the outputs of classify (AUC with DeLong and bootstrap CIs, ... as 'metrics classify')",
        "and of segment (sensitivity, FP per scan, CPM, Dice, IoU, ASD as 'evaluate-segmenter')."
      })
  static final class Evaluate implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin SparkOptions spark;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--predictions", description = "Output folder of classify.")
    java.nio.file.Path predictions;

    @CommandLine.Option(
        names = "--segmentations",
        description = "Output folder of segment (needs --site).")
    java.nio.file.Path segmentations;

    @CommandLine.Option(
        names = "--site",
        description = "Site folder the segmentations were made from (repeatable).")
    List<java.nio.file.Path> sites = new ArrayList<>();

    @CommandLine.Option(
        names = "--threshold",
        defaultValue = "0.5",
        description =
            "A number (positive when score >= it) or 'youden'. Default: ${DEFAULT-VALUE}.")
    String threshold;

    @CommandLine.Option(
        names = "--bootstrap",
        description = "Add stratified percentile bootstrap CIs with N replicates (e.g. 2000).")
    Integer bootstrap;

    @CommandLine.Option(
        names = "--seed",
        defaultValue = "42",
        description = "Bootstrap seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @CommandLine.Option(
        names = "--confidence",
        defaultValue = "0.95",
        description = "Confidence level. Default: ${DEFAULT-VALUE}.")
    double confidence;

    @CommandLine.Option(
        names = "--score-threshold",
        description = "Detection score threshold (default: the segmenter's).")
    Double scoreThreshold;

    @CommandLine.Option(
        names = "--out",
        description = "Folder for evaluation.json and failures.csv.")
    java.nio.file.Path out;

    @Override
    public Integer call() throws Exception {
      org.lungnodule.spark.EvaluateJob.Builder b =
          org.lungnodule.spark.EvaluateJob.builder()
              .threshold(rule(threshold))
              .seed(seed)
              .confidence(confidence);
      if (predictions != null) {
        b.predictions(predictions);
      }
      if (segmentations != null) {
        b.segmentations(segmentations);
      }
      sites.forEach(b::site);
      if (bootstrap != null) {
        b.bootstrap(bootstrap);
      }
      if (scoreThreshold != null) {
        b.scoreThreshold(scoreThreshold);
      }
      if (out != null) {
        b.out(out);
      }
      org.lungnodule.spark.EvaluateJob job;
      try {
        job = b.build();
      } catch (IllegalStateException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      org.lungnodule.spark.EvaluateResult r = job.run(spark.session("evaluate"));
      spark.print(spec, r.toMap());
      boolean failed = r.segmentationScans().map(c -> !c.failures().isEmpty()).orElse(false);
      return failed ? SOME_SCANS_FAILED : 0;
    }

    /** Parses a threshold as 'metrics classify' does: a number, or 'youden'. */
    static org.lungnodule.metrics.ThresholdRule rule(String text) {
      if (text.trim().equalsIgnoreCase("youden")) {
        return org.lungnodule.metrics.ThresholdRule.youden();
      }
      try {
        return org.lungnodule.metrics.ThresholdRule.fixed(Double.parseDouble(text.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--threshold must be a number or 'youden', got '" + text + "'");
      }
    }
  }

  /** Prints the library and Spark versions. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "lungnodule-spark "
            + LibraryInfo.version()
            + " (Spark "
            + org.apache.spark.package$.MODULE$.SPARK_VERSION()
            + ")",
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
