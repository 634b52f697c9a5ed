package org.lungnodule.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.SparkSession;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Json;
import org.lungnodule.finetune.inference.SegmenterEvaluation;
import org.lungnodule.metrics.ClassificationMetrics;
import org.lungnodule.metrics.ClassificationReport;
import org.lungnodule.metrics.ThresholdRule;
import org.lungnodule.spark.internal.EvaluateTask;
import org.lungnodule.spark.internal.JobFiles;
import org.lungnodule.spark.internal.Jobs;
import org.lungnodule.spark.internal.Options;
import org.lungnodule.spark.internal.ParquetShard;
import org.lungnodule.spark.internal.ScanOutcome;
import org.lungnodule.spark.internal.ScanTask;
import org.lungnodule.spark.internal.SegmentTask;
import org.lungnodule.spark.internal.SiteScans;
import org.lungnodule.spark.internal.Tables;

/**
 * Metrics over the other jobs' outputs, equal to the single-machine commands on the same
 * predictions:
 *
 * <ul>
 *   <li>over a {@link ClassifyJob}'s predictions table: AUC with its DeLong interval, accuracy,
 *       sensitivity, specificity, PPV, NPV and F1 at a threshold, and with {@link
 *       Builder#bootstrap} stratified percentile bootstrap intervals, exactly as {@code
 *       bin/lungnodule metrics classify --csv predictions.csv} (the labelled rows, in the CSV's
 *       order, so the same bootstrap replicates);
 *   <li>over a {@link SegmentJob}'s outputs and the sites' annotations: sensitivity and false
 *       positives per scan at the model's score threshold, CPM of the FROC over all detections, and
 *       mean Dice, IoU and ASD of the detected nodules, as {@code bin/lungnodule
 *       evaluate-segmenter} prints them when {@code segment} ran with {@code --min-score 0.05} (its
 *       candidate score). The masks are compared on the executors, one task per scan.
 * </ul>
 *
 * <p>The statistics are computed on the driver from a few numbers per nodule, so the bootstrap
 * needs no shuffle. A scan without complete segment outputs, or whose evaluation fails, is recorded
 * in the result and left out of the segmentation summary. Immutable and thread-safe.
 */
public final class EvaluateJob {

  /** The summary written into the output folder, when one is given. */
  public static final String SUMMARY = "evaluation.json";

  private final Path predictions;
  private final Path segmentations;
  private final List<Path> sites;
  private final ThresholdRule threshold;
  private final Integer bootstrap;
  private final long seed;
  private final double confidence;
  private final Double scoreThreshold;
  private final Path out;

  private EvaluateJob(Builder b) {
    this.predictions = b.predictions;
    this.segmentations = b.segmentations;
    this.sites = List.copyOf(b.sites);
    this.threshold = b.threshold == null ? ThresholdRule.fixed(0.5) : b.threshold;
    this.bootstrap = b.bootstrap;
    this.seed = b.seed == null ? 42L : b.seed;
    this.confidence = b.confidence == null ? 0.95 : b.confidence;
    this.scoreThreshold = b.scoreThreshold;
    this.out = b.out;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the job.
   *
   * @param spark the session
   * @return the metrics
   * @throws java.nio.file.NoSuchFileException if an input folder is not a job's output
   * @throws IllegalArgumentException if the predictions hold one class only, or the segment job
   *     kept fewer detections than the score threshold needs
   * @throws IOException if an input cannot be read or the summary written
   */
  public EvaluateResult run(SparkSession spark) throws IOException {
    Objects.requireNonNull(spark, "spark");
    long t0 = System.nanoTime();
    Optional<ClassificationReport> report = Optional.empty();
    int labelled = 0;
    int unlabelled = 0;
    if (predictions != null) {
      Properties p = JobFiles.settings(predictions);
      expectJob(p, "classify", predictions);
      List<Group> rows = ParquetShard.readTable(predictions.resolve(ClassifyJob.PREDICTIONS_TABLE));
      rows.sort(
          Comparator.comparingInt((Group g) -> g.getInteger("site_index", 0))
              .thenComparingInt(g -> g.getInteger("scan_index", 0))
              .thenComparingInt(g -> g.getInteger("nodule_index", 0)));
      List<double[]> known = new ArrayList<>();
      for (Group g : rows) {
        if (g.getFieldRepetitionCount("label") == 0) {
          unlabelled++;
        } else {
          known.add(new double[] {g.getInteger("label", 0), g.getDouble("score", 0)});
        }
      }
      labelled = known.size();
      double[] scores = new double[labelled];
      boolean[] labels = new boolean[labelled];
      for (int i = 0; i < labelled; i++) {
        labels[i] = known.get(i)[0] == 1;
        scores[i] = known.get(i)[1];
      }
      ClassificationMetrics m =
          ClassificationMetrics.of(scores, labels)
              .threshold(threshold)
              .seed(seed)
              .confidence(confidence);
      if (bootstrap != null) {
        m.bootstrap(bootstrap);
      }
      report = Optional.of(m.compute());
    }
    Optional<Map<String, Object>> segmentation = Optional.empty();
    Optional<ScanCounts> counts = Optional.empty();
    if (segmentations != null) {
      List<ScanOutcome> outcomes = new ArrayList<>();
      segmentation = Optional.of(segmentation(spark, outcomes));
      counts = Optional.of(Jobs.counts(outcomes));
    }
    EvaluateResult result =
        new EvaluateResult(
            report, labelled, unlabelled, segmentation, counts, (System.nanoTime() - t0) / 1e9);
    if (out != null) {
      AtomicFiles.write(
          out.resolve(SUMMARY),
          (Json.pretty(result.toMap()) + "\n").getBytes(StandardCharsets.UTF_8));
      JobFiles.writeFailures(out, counts.map(ScanCounts::failures).orElse(List.of()));
    }
    return result;
  }

  private Map<String, Object> segmentation(SparkSession spark, List<ScanOutcome> outcomes)
      throws IOException {
    Properties p = JobFiles.settings(segmentations);
    expectJob(p, "segment", segmentations);
    double modelThreshold = Double.parseDouble(p.getProperty("score_threshold"));
    double minScore = Double.parseDouble(p.getProperty("min_score"));
    double thr = scoreThreshold == null ? modelThreshold : scoreThreshold;
    if (minScore > thr) {
      throw new IllegalArgumentException(
          segmentations
              + " kept detections at or above "
              + minScore
              + " only, but the score threshold is "
              + thr
              + "; run segment with --min-score at most "
              + thr
              + " (0.05 for evaluate-segmenter's FROC)");
    }
    List<ScanTask> tasks =
        SiteScans.list(
            sites, Set.of(SegmentJob.DETECTIONS_TABLE, JobFiles.FAILURES, JobFiles.SETTINGS));
    Path table = segmentations.resolve(SegmentJob.DETECTIONS_TABLE);
    Map<String, List<double[]>> detections = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (Group g : ParquetShard.readTable(table)) {
      String key = g.getString("site", 0) + "\u0000" + g.getString("scan", 0);
      detections
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(
              new double[] {
                g.getInteger("label", 0),
                g.getDouble("score", 0),
                g.getDouble("center_x_mm", 0),
                g.getDouble("center_y_mm", 0),
                g.getDouble("center_z_mm", 0)
              });
      sources.put(key + "\u0000" + g.getInteger("label", 0), Tables.source(g));
    }
    List<EvaluateTask.Input> inputs = new ArrayList<>();
    for (ScanTask t : tasks) {
      if (!SegmentTask.complete(segmentations, table, t)) {
        outcomes.add(
            new ScanOutcome(
                t,
                false,
                new ScanFailure(
                    t.site(),
                    t.scanId(),
                    t.scanPath(),
                    "no complete segment output in " + segmentations + "; run segment on it again"),
                0));
        continue;
      }
      List<double[]> d =
          new ArrayList<>(detections.getOrDefault(t.site() + "\u0000" + t.scanId(), List.of()));
      d.sort(Comparator.comparingDouble(v -> v[0]));
      String key = t.site() + "\u0000" + t.scanId() + "\u0000";
      inputs.add(
          new EvaluateTask.Input(
              t, d, d.stream().map(v -> sources.get(key + (int) v[0])).toList()));
    }
    List<EvaluateTask.Output> results =
        Jobs.map(
            spark, "lungnodule evaluate", inputs, new EvaluateTask(segmentations.toString(), thr));
    results.sort(
        Comparator.comparingInt((EvaluateTask.Output o) -> o.outcome().task().siteIndex())
            .thenComparingInt(o -> o.outcome().task().scanIndex()));
    List<SegmenterEvaluation.ScanResult> ok = new ArrayList<>();
    for (EvaluateTask.Output o : results) {
      outcomes.add(o.outcome());
      if (o.outcome().ok()) {
        ok.add(o.result());
      }
    }
    outcomes.sort(
        Comparator.comparingInt((ScanOutcome o) -> o.task().siteIndex())
            .thenComparingInt(o -> o.task().scanIndex()));
    return SegmenterEvaluation.summarize(ok, thr);
  }

  private static void expectJob(Properties p, String job, Path folder) {
    if (!job.equals(p.getProperty("job"))) {
      throw new IllegalArgumentException(
          folder + " holds the outputs of a " + p.getProperty("job") + " job, expected " + job);
    }
  }

  @Override
  public String toString() {
    return "EvaluateJob[predictions="
        + predictions
        + ", segmentations="
        + segmentations
        + ", sites="
        + sites
        + ", threshold="
        + threshold
        + ", bootstrap="
        + bootstrap
        + ", seed="
        + seed
        + ", confidence="
        + confidence
        + ", scoreThreshold="
        + scoreThreshold
        + ", out="
        + out
        + "]";
  }

  /**
   * Builds an {@link EvaluateJob}: predictions, segmentations (with their sites), or both. Defaults
   * as {@code metrics classify}: threshold 0.5, no bootstrap, seed 42, confidence 0.95.
   */
  public static final class Builder {
    private Path predictions;
    private Path segmentations;
    private final List<Path> sites = new ArrayList<>();
    private ThresholdRule threshold;
    private Integer bootstrap;
    private Long seed;
    private Double confidence;
    private Double scoreThreshold;
    private Path out;

    private Builder() {}

    /**
     * A {@link ClassifyJob}'s output folder.
     *
     * @throws IllegalStateException if already set
     */
    public Builder predictions(Path folder) {
      Objects.requireNonNull(folder, "predictions");
      Options.once("predictions", predictions);
      predictions = folder.toAbsolutePath().normalize();
      return this;
    }

    /**
     * A {@link SegmentJob}'s output folder; needs the sites it segmented ({@link #site}).
     *
     * @throws IllegalStateException if already set
     */
    public Builder segmentations(Path folder) {
      Objects.requireNonNull(folder, "segmentations");
      Options.once("segmentations", segmentations);
      segmentations = folder.toAbsolutePath().normalize();
      return this;
    }

    /**
     * Adds a site whose annotations the segmentations are measured against.
     *
     * @throws IllegalArgumentException if the same site is added twice
     */
    public Builder site(Path folder) {
      Options.addSite(sites, folder);
      return this;
    }

    /**
     * The classification threshold rule (default: fixed at 0.5).
     *
     * @throws IllegalStateException if already set
     */
    public Builder threshold(ThresholdRule rule) {
      Objects.requireNonNull(rule, "threshold");
      Options.once("threshold", threshold);
      threshold = rule;
      return this;
    }

    /**
     * Adds stratified percentile bootstrap intervals with this many replicates.
     *
     * @throws IllegalArgumentException if fewer than 2
     * @throws IllegalStateException if already set
     */
    public Builder bootstrap(int replicates) {
      if (replicates < 2) {
        throw new IllegalArgumentException(
            "bootstrap replicates must be at least 2, got " + replicates);
      }
      Options.once("bootstrap", bootstrap);
      bootstrap = replicates;
      return this;
    }

    /**
     * The bootstrap seed (default 42).
     *
     * @throws IllegalStateException if already set
     */
    public Builder seed(long s) {
      Options.once("seed", seed);
      seed = s;
      return this;
    }

    /**
     * The confidence level of the intervals (default 0.95).
     *
     * @throws IllegalArgumentException if not in (0, 1)
     * @throws IllegalStateException if already set
     */
    public Builder confidence(double level) {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("confidence must be in (0, 1), got " + level);
      }
      Options.once("confidence", confidence);
      confidence = level;
      return this;
    }

    /**
     * The detection score threshold (default: the segmenter's, recorded by the segment job).
     *
     * @throws IllegalArgumentException if not in [0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder scoreThreshold(double score) {
      if (!(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException("score threshold must be in [0, 1], got " + score);
      }
      Options.once("scoreThreshold", scoreThreshold);
      scoreThreshold = score;
      return this;
    }

    /**
     * A folder for {@value #SUMMARY} and {@code failures.csv} (optional).
     *
     * @throws IllegalStateException if already set
     */
    public Builder out(Path folder) {
      Objects.requireNonNull(folder, "out");
      Options.once("out", out);
      out = folder.toAbsolutePath().normalize();
      return this;
    }

    /**
     * Builds the job; the builder stays usable.
     *
     * @throws IllegalStateException if neither predictions nor segmentations are set, or
     *     segmentations are set without a site
     */
    public EvaluateJob build() {
      if (predictions == null && segmentations == null) {
        throw new IllegalStateException("predictions or segmentations (or both) are required");
      }
      if (segmentations != null && sites.isEmpty()) {
        throw new IllegalStateException("segmentations need the sites they were made from");
      }
      return new EvaluateJob(this);
    }
  }
}
