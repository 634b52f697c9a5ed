package org.lungnodule.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.spark.internal.Commit;
import org.lungnodule.spark.internal.JobFiles;
import org.lungnodule.spark.internal.Jobs;
import org.lungnodule.spark.internal.Options;
import org.lungnodule.spark.internal.ParquetShard;
import org.lungnodule.spark.internal.PreprocessTask;
import org.lungnodule.spark.internal.ScanOutcome;
import org.lungnodule.spark.internal.ScanTask;
import org.lungnodule.spark.internal.SiteScans;
import org.lungnodule.spark.internal.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocesses every scan of one or more sites, one Spark task per scan: the resampled volume and
 * its lung field into a shared folder, and one cube per nodule into a Parquet table.
 *
 * <p>Writes into the output folder:
 *
 * <ul>
 *   <li>{@value #VOLUMES}{@code /<scan_id>/volume.mha} and {@code lung.mha}: the scan resampled to
 *       the isotropic spacing (trilinear, grid centred on the original) and its lung field, the
 *       same bytes as {@code bin/lungnodule preprocess <scan> --spacing S --out volume.mha
 *       --lung-mask lung.mha};
 *   <li>{@value #CUBES_TABLE}: one row per nodule with patient, scan, nodule, label (1 malignant, 0
 *       benign, null unknown), centre and diameter, the cube as float32 little-endian in channel,
 *       depth, height, width order with its four sizes, and its provenance (source scan, the cube
 *       settings a classifier saves, the library version); the cubes equal those {@link
 *       org.lungnodule.models.classifier.CubePreprocessing} cuts for a classifier with these
 *       settings;
 *   <li>{@code failures.csv} and {@code job.properties}, as {@link ClassifyJob} does.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class PreprocessJob {

  private static final Logger LOG = LoggerFactory.getLogger(PreprocessJob.class);

  /** The shared volumes folder in the output folder. */
  public static final String VOLUMES = "volumes";

  /** The cubes table (a folder of Parquet files) in the output folder. */
  public static final String CUBES_TABLE = "cubes.parquet";

  private final List<Path> sites;
  private final Path out;
  private final double spacingMm;
  private final int[] cubeSize;

  private PreprocessJob(Builder b) {
    this.sites = Options.sites(b.sites);
    this.out = b.out;
    this.spacingMm = b.spacingMm == null ? 1.0 : b.spacingMm;
    this.cubeSize =
        b.cubeSize == null
            ? new int[] {
              NoduleCubes.DEFAULT_DEPTH, NoduleCubes.DEFAULT_SIDE, NoduleCubes.DEFAULT_SIDE
            }
            : b.cubeSize.clone();
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
   * @throws org.lungnodule.io.manifest.ManifestException naming the line if a manifest is malformed
   * @throws IllegalArgumentException if scan ids clash across sites, or the output folder holds
   *     another run's outputs
   * @throws IOException if a manifest or an output cannot be read or written
   */
  public PreprocessResult run(SparkSession spark) throws IOException {
    Objects.requireNonNull(spark, "spark");
    long t0 = System.nanoTime();
    List<ScanTask> tasks = SiteScans.list(sites, Set.of());
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("job", "preprocess");
    settings.put("spacing_mm", Double.toString(spacingMm));
    settings.put("cube_size", cubeSize[0] + "x" + cubeSize[1] + "x" + cubeSize[2]);
    JobFiles.claim(out, settings);
    Path volumes = out.resolve(VOLUMES);
    Path table = out.resolve(CUBES_TABLE);
    Files.createDirectories(volumes);
    Files.createDirectories(table);
    Commit.cleanAttempts(volumes);
    Commit.cleanAttempts(table);
    LOG.info(
        "lungnodule preprocess: manifests read after {} s",
        String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
    List<ScanOutcome> outcomes =
        Jobs.run(
            spark,
            "lungnodule preprocess",
            tasks,
            new PreprocessTask(volumes.toString(), table.toString(), spacingMm, cubeSize));
    ScanCounts counts = Jobs.counts(outcomes);
    JobFiles.writeFailures(out, counts.failures());
    List<ScanTask> done = Jobs.committed(outcomes);
    long cubes = 0;
    for (ScanTask t : done) {
      cubes += ParquetShard.rowCount(Tables.shard(table, t));
    }
    return new PreprocessResult(counts, cubes, volumes, table, (System.nanoTime() - t0) / 1e9);
  }

  @Override
  public String toString() {
    return "PreprocessJob[sites="
        + sites
        + ", out="
        + out
        + ", spacing="
        + spacingMm
        + " mm, cube="
        + Arrays.toString(cubeSize)
        + "]";
  }

  /** Builds a {@link PreprocessJob}; at least one site and the output folder are required. */
  public static final class Builder {
    private final List<Path> sites = new ArrayList<>();
    private Path out;
    private Double spacingMm;
    private int[] cubeSize;

    private Builder() {}

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
     * The isotropic spacing in mm (default 1.0).
     *
     * @throws IllegalArgumentException if not positive and finite
     * @throws IllegalStateException if already set
     */
    public Builder spacingMm(double mm) {
      if (!(mm > 0) || Double.isInfinite(mm)) {
        throw new IllegalArgumentException(
            "spacing must be positive and finite, got " + mm + " mm");
      }
      Options.once("spacingMm", spacingMm);
      spacingMm = mm;
      return this;
    }

    /**
     * The cube size in voxels (default 32 × 64 × 64, a classifier's default).
     *
     * @throws IllegalArgumentException if a size is not positive
     * @throws IllegalStateException if already set
     */
    public Builder cubeSize(int depth, int height, int width) {
      if (depth < 1 || height < 1 || width < 1) {
        throw new IllegalArgumentException(
            "cube size must be positive, got " + depth + "x" + height + "x" + width);
      }
      Options.once("cubeSize", cubeSize == null ? null : Arrays.toString(cubeSize));
      cubeSize = new int[] {depth, height, width};
      return this;
    }

    /**
     * Builds the job; the builder stays usable.
     *
     * @throws IllegalStateException if a site or the output folder is missing
     */
    public PreprocessJob build() {
      Options.required("out", out);
      return new PreprocessJob(this);
    }
  }
}
