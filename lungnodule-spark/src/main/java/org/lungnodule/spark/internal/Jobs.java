package org.lungnodule.spark.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;
import org.lungnodule.spark.ScanCounts;
import org.lungnodule.spark.ScanFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a per-scan function over a job's scans, one Spark task per scan. */
public final class Jobs {

  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

  private Jobs() {}

  /**
   * Runs {@code fn} on every scan, one partition per scan (a free executor core takes the next
   * scan, so a slow scan holds up one core only), and returns the outcomes in site and manifest
   * order.
   */
  public static List<ScanOutcome> run(
      SparkSession spark,
      String description,
      List<ScanTask> tasks,
      Function<ScanTask, ScanOutcome> fn) {
    long t0 = System.nanoTime();
    List<ScanOutcome> out = map(spark, description, tasks, fn);
    double wall = (System.nanoTime() - t0) / 1e9;
    out.sort(
        Comparator.comparingInt((ScanOutcome o) -> o.task().siteIndex())
            .thenComparingInt(o -> o.task().scanIndex()));
    for (ScanOutcome o : out) {
      if (!o.ok()) {
        LOG.warn("{}: scan {} failed: {}", description, o.task().scanId(), o.failure().error());
      }
    }
    ScanCounts c = counts(out);
    LOG.info(
        "{}: {} scans ({} computed, {} reused, {} failed) in {} s of Spark job; tasks spent {} s on the computed scans",
        description,
        c.scans(),
        c.computed(),
        c.reused(),
        c.failures().size(),
        String.format(java.util.Locale.ROOT, "%.2f", wall),
        String.format(
            java.util.Locale.ROOT,
            "%.2f",
            out.stream()
                .filter(o -> o.ok() && !o.reused())
                .mapToDouble(ScanOutcome::seconds)
                .sum()));
    return out;
  }

  /** Runs {@code fn} on every input, one partition per input, and collects the results. */
  public static <I, O> List<O> map(
      SparkSession spark, String description, List<I> inputs, Function<I, O> fn) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobDescription(description);
    try {
      return new ArrayList<>(jsc.parallelize(inputs, Math.max(1, inputs.size())).map(fn).collect());
    } finally {
      jsc.setJobDescription(null);
    }
  }

  /** Sums the outcomes up. */
  public static ScanCounts counts(List<ScanOutcome> outcomes) {
    int computed = 0;
    int reused = 0;
    double seconds = 0;
    List<ScanFailure> failures = new ArrayList<>();
    for (ScanOutcome o : outcomes) {
      if (!o.ok()) {
        failures.add(o.failure());
      } else if (o.reused()) {
        reused++;
      } else {
        computed++;
        seconds += o.seconds();
      }
    }
    return new ScanCounts(
        outcomes.size(),
        computed,
        reused,
        failures,
        computed == 0 ? Double.NaN : seconds / computed);
  }

  /** Returns the tasks of the scans whose outputs are committed. */
  public static List<ScanTask> committed(List<ScanOutcome> outcomes) {
    return outcomes.stream().filter(ScanOutcome::ok).map(ScanOutcome::task).toList();
  }
}
