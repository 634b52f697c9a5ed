package org.lungnodule.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.spark.internal.Commit;
import org.lungnodule.spark.internal.ExecutorModels;
import org.lungnodule.spark.internal.JobFiles;
import org.lungnodule.spark.internal.Jobs;
import org.lungnodule.spark.internal.ModelRef;
import org.lungnodule.spark.internal.Options;
import org.lungnodule.spark.internal.ParquetShard;
import org.lungnodule.spark.internal.ScanOutcome;
import org.lungnodule.spark.internal.ScanTask;
import org.lungnodule.spark.internal.SegmentTask;
import org.lungnodule.spark.internal.SiteScans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects and segments the nodules of every scan of one or more sites, one Spark task per scan:
 * {@code bin/lungnodule segment} over a cohort.
 *
 * <p>Writes into the output folder:
 *
 * <ul>
 *   <li>{@code <scan_id>/}: {@code nodules.csv}, {@code nodules.json} and {@code labels.mha}, the
 *       same bytes as {@code bin/lungnodule segment --scan <the scan> --out <scan_id>} (scan ids
 *       made file-name safe as in a site's {@code scans/} folder);
 *   <li>{@value #DETECTIONS_TABLE}: every detection with its site, scan, score, centre, size, box,
 *       the lowest score kept and the model's SHA-256, as a Parquet table (one file per scan, in
 *       full precision; the {@code evaluate} job reads it);
 *   <li>{@code failures.csv} and {@code job.properties}, as {@link ClassifyJob} does.
 * </ul>
 *
 * <p>The segmenter is shipped once per executor and loaded once per executor JVM; its network calls
 * are serialised within an executor (preprocessing runs in parallel), so give an executor as many
 * cores as ND4J should use for one scan. Immutable and thread-safe.
 */
public final class SegmentJob {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentJob.class);

  /** The detections table (a folder of Parquet files) in the output folder. */
  public static final String DETECTIONS_TABLE = "detections.parquet";

  private final Path model;
  private final List<Path> sites;
  private final Path out;
  private final Double minScore;

  private SegmentJob(Builder b) {
    this.model = b.model;
    this.sites = Options.sites(b.sites);
    this.out = b.out;
    this.minScore = b.minScore;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the job.
   *
   * @param spark the session
   * @return what was done
   * @throws org.lungnodule.models.ModelArchiveException naming the model if it is not a segmenter
   *     archive
   * @throws org.lungnodule.io.manifest.ManifestException naming the line if a manifest is malformed
   * @throws IllegalArgumentException if scan ids clash across sites or with the job's own files, or
   *     the output folder holds another run's outputs
   * @throws IOException if the model, a manifest or an output cannot be read or written
   */
  public SegmentResult run(SparkSession spark) throws IOException {
    Objects.requireNonNull(spark, "spark");
    long t0 = System.nanoTime();
    NoduleSegmenter seg = NoduleSegmenter.load(model);
    List<ScanTask> tasks =
        SiteScans.list(sites, Set.of(DETECTIONS_TABLE, JobFiles.FAILURES, JobFiles.SETTINGS));
    ModelRef ref = ModelRef.ship(spark.sparkContext(), model);
    ExecutorModels.preload(ref, seg);
    double threshold = seg.model().config().scoreThreshold();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("job", "segment");
    settings.put("model_sha256", ref.sha256());
    settings.put("min_score", Double.toString(minScore == null ? threshold : minScore));
    settings.put("score_threshold", Double.toString(threshold));
    JobFiles.claim(out, settings);
    Path table = out.resolve(DETECTIONS_TABLE);
    Files.createDirectories(table);
    Commit.cleanAttempts(out);
    Commit.cleanAttempts(table);

    LOG.info(
        "lungnodule segment: model and manifests ready after {} s",
        String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
    List<ScanOutcome> outcomes =
        Jobs.run(
            spark,
            "lungnodule segment",
            tasks,
            new SegmentTask(ref, out.toString(), table.toString(), minScore));
    ScanCounts counts = Jobs.counts(outcomes);
    JobFiles.writeFailures(out, counts.failures());
    List<ScanTask> done = Jobs.committed(outcomes);
    long detections = 0;
    for (ScanTask t : done) {
      detections += ParquetShard.rowCount(org.lungnodule.spark.internal.Tables.shard(table, t));
    }
    return new SegmentResult(
        counts,
        detections,
        out,
        table,
        seg.provenance().trainingDataHash(),
        (System.nanoTime() - t0) / 1e9);
  }

  @Override
  public String toString() {
    return "SegmentJob[model="
        + model
        + ", sites="
        + sites
        + ", out="
        + out
        + (minScore == null ? "" : ", minScore=" + minScore)
        + "]";
  }

  /** Builds a {@link SegmentJob}; model, at least one site and the output folder are required. */
  public static final class Builder {
    private Path model;
    private final List<Path> sites = new ArrayList<>();
    private Path out;
    private Double minScore;

    private Builder() {}

    /**
     * The segmenter archive ({@code train-segmenter}'s output).
     *
     * @throws IllegalStateException if already set
     */
    public Builder model(Path file) {
      Objects.requireNonNull(file, "model");
      Options.once("model", model);
      model = file.toAbsolutePath().normalize();
      return this;
    }

    /**
     * Adds a site folder; call once per site.
     *
     * @throws IllegalArgumentException if the same site is added twice
     */
    public Builder site(Path folder) {
      Options.addSite(sites, folder);
      return this;
    }

    /**
     * The output folder, on a file system every executor sees at the same path.
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
     * Keep detections at or above this score (default: the model's threshold). For {@code
     * evaluate}'s FROC, give the candidate score that {@code evaluate-segmenter} uses (0.05).
     *
     * @throws IllegalArgumentException if not in [0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder minScore(double score) {
      if (!(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException("minimum score must be in [0, 1], got " + score);
      }
      Options.once("minScore", minScore);
      minScore = score;
      return this;
    }

    /**
     * Builds the job; the builder stays usable.
     *
     * @throws IllegalStateException if the model, a site or the output folder is missing
     */
    public SegmentJob build() {
      Options.required("model", model);
      Options.required("out", out);
      return new SegmentJob(this);
    }

    @Override
    public String toString() {
      return "SegmentJob.Builder[model="
          + model
          + ", sites="
          + sites
          + ", out="
          + out
          + ", minScore="
          + minScore
          + "]";
    }
  }
}
