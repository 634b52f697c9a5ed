package org.lungnodule.spark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.SparkSession;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.finetune.inference.PredictionRow;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.spark.internal.ClassifyTask;
import org.lungnodule.spark.internal.Commit;
import org.lungnodule.spark.internal.ExecutorModels;
import org.lungnodule.spark.internal.JobFiles;
import org.lungnodule.spark.internal.Jobs;
import org.lungnodule.spark.internal.ModelRef;
import org.lungnodule.spark.internal.Options;
import org.lungnodule.spark.internal.ParquetShard;
import org.lungnodule.spark.internal.ScanOutcome;
import org.lungnodule.spark.internal.ScanTask;
import org.lungnodule.spark.internal.SiteScans;
import org.lungnodule.spark.internal.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every nodule of one or more sites with a classifier, one Spark task per scan: the
 * distributed {@code bin/lungnodule classify}.
 *
 * <p>Writes into the output folder:
 *
 * <ul>
 *   <li>{@value #PREDICTIONS_CSV}: the columns and rows of {@code bin/lungnodule classify}'s CSV
 *       ({@code patient,nodule,label,score}), sites in the order given, each in manifest order;
 *       with one site, the same bytes;
 *   <li>{@value #PREDICTIONS_TABLE}: the same rows with their site, scan, positions and the model's
 *       SHA-256, as a Parquet table (one file per scan);
 *   <li>{@code failures.csv}: the scans that failed (site, scan, path, error); the others go on;
 *   <li>{@code job.properties}: the model's hash and the options; a rerun must match them.
 * </ul>
 *
 * <p>The model archive is shipped once per executor ({@code SparkContext.addFile}) and loaded once
 * per executor JVM. A scan whose Parquet file is there from an earlier run is not scored again.
 *
 * <pre>{@code
 * ClassifyResult r = ClassifyJob.builder()
 *     .model(Path.of("classifier.zip"))
 *     .site(Path.of("/data/hb"))
 *     .out(Path.of("/shared/out/hb-classify"))
 *     .build()
 *     .run(spark);
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #run} may be called again (a rerun).
 */
public final class ClassifyJob {

  private static final Logger LOG = LoggerFactory.getLogger(ClassifyJob.class);

  /** The predictions CSV in the output folder. */
  public static final String PREDICTIONS_CSV = "predictions.csv";

  /** The predictions table (a folder of Parquet files) in the output folder. */
  public static final String PREDICTIONS_TABLE = "predictions.parquet";

  private final Path model;
  private final List<Path> sites;
  private final Path out;
  private final boolean includeUnknown;

  private ClassifyJob(Builder b) {
    this.model = b.model;
    this.sites = Options.sites(b.sites);
    this.out = b.out;
    this.includeUnknown = Boolean.TRUE.equals(b.includeUnknown);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the job.
   *
   * @param spark the session (its master decides where the tasks run)
   * @return what was done
   * @throws org.lungnodule.models.ModelArchiveException naming the model if it is not a classifier
   *     archive
   * @throws org.lungnodule.io.manifest.ManifestException naming the line if a manifest is malformed
   * @throws IllegalArgumentException if scan ids clash across sites, or the output folder holds
   *     another run's outputs
   * @throws IOException if the model, a manifest or an output cannot be read or written
   */
  public ClassifyResult run(SparkSession spark) throws IOException {
    Objects.requireNonNull(spark, "spark");
    long t0 = System.nanoTime();
    MalignancyClassifier clf = MalignancyClassifier.load(model);
    List<ScanTask> tasks = SiteScans.list(sites, Set.of());
    ModelRef ref = ModelRef.ship(spark.sparkContext(), model);
    ExecutorModels.preload(ref, clf);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("job", "classify");
    settings.put("model_sha256", ref.sha256());
    settings.put("include_unknown", Boolean.toString(includeUnknown));
    JobFiles.claim(out, settings);
    Path table = out.resolve(PREDICTIONS_TABLE);
    Files.createDirectories(table);
    Commit.cleanAttempts(table);

    LOG.info(
        "lungnodule classify: model and manifests ready after {} s",
        String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
    List<ScanOutcome> outcomes =
        Jobs.run(
            spark,
            "lungnodule classify",
            tasks,
            new ClassifyTask(ref, table.toString(), includeUnknown));
    List<ScanTask> done = Jobs.committed(outcomes);
    List<PredictionRow> rows = readTable(table, done);
    Path csv = out.resolve(PREDICTIONS_CSV);
    AtomicFiles.writeStream(
        csv,
        os -> {
          BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
          w.write(PredictionRow.CSV_HEADER + "\n");
          for (PredictionRow r : rows) {
            w.write(r.csvLine() + "\n");
          }
          w.flush();
        });
    ScanCounts counts = Jobs.counts(outcomes);
    JobFiles.writeFailures(out, counts.failures());
    int malignant = (int) rows.stream().filter(r -> r.label() == NoduleLabel.MALIGNANT).count();
    return new ClassifyResult(
        counts,
        rows.size(),
        malignant,
        includeUnknown ? 0 : unlabelled(done),
        csv,
        table,
        clf.provenance().trainingDataHash(),
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Reads the committed scans' rows back from their table files, in site, manifest and nodule order
   * (on the driver: a few rows per scan).
   */
  static List<PredictionRow> readTable(Path table, List<ScanTask> scans) throws IOException {
    List<PredictionRow> out = new ArrayList<>();
    for (ScanTask t : scans) {
      List<Group> rows = new ArrayList<>(ParquetShard.read(Tables.shard(table, t)));
      rows.sort(Comparator.comparingInt(g -> g.getInteger("nodule_index", 0)));
      for (Group g : rows) {
        NoduleLabel label =
            g.getFieldRepetitionCount("label") == 0
                ? NoduleLabel.UNKNOWN
                : g.getInteger("label", 0) == 1 ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN;
        out.add(
            new PredictionRow(
                g.getString("patient", 0),
                g.getString("scan", 0),
                g.getString("nodule", 0),
                label,
                g.getDouble("score", 0)));
      }
    }
    return out;
  }

  private static int unlabelled(List<ScanTask> scans) throws IOException {
    int n = 0;
    for (ScanTask t : scans) {
      Site s = SiteScans.site(t);
      for (ManifestEntry e : s.manifest().rowsOf(t.scanId())) {
        if (e.nodule().isPresent() && e.nodule().get().label() == NoduleLabel.UNKNOWN) {
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "ClassifyJob[model="
        + model
        + ", sites="
        + sites
        + ", out="
        + out
        + (includeUnknown ? ", include unknown" : "")
        + "]";
  }

  /** Builds a {@link ClassifyJob}; model, at least one site and the output folder are required. */
  public static final class Builder {
    private Path model;
    private final List<Path> sites = new ArrayList<>();
    private Path out;
    private Boolean includeUnknown;

    private Builder() {}

    /**
     * The classifier archive ({@code train-classifier}'s output).
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
     * Adds a site folder (with {@code manifest.csv}); call once per site.
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
     * Whether nodules without a benign/malignant label are scored too (default false).
     *
     * @throws IllegalStateException if already set
     */
    public Builder includeUnknown(boolean include) {
      Options.once("includeUnknown", includeUnknown);
      includeUnknown = include;
      return this;
    }

    /**
     * Builds the job; the builder stays usable.
     *
     * @throws IllegalStateException if the model, a site or the output folder is missing
     */
    public ClassifyJob build() {
      Options.required("model", model);
      Options.required("out", out);
      return new ClassifyJob(this);
    }

    @Override
    public String toString() {
      return "ClassifyJob.Builder[model="
          + model
          + ", sites="
          + sites
          + ", out="
          + out
          + ", includeUnknown="
          + includeUnknown
          + "]";
    }
  }
}
