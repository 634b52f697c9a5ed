package org.lungnodule.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lungnodule.metrics.ClassificationMetrics;
import org.lungnodule.metrics.ClassificationReport;
import org.lungnodule.metrics.Interval;
import org.lungnodule.metrics.Roc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Classification metrics against pROC: the AUC's stratified bootstrap CI with 2000 replicates
 * (peer: pROC {@code ci.auc(method="bootstrap", boot.n=2000)}, {@code
 * benchmarks/peers/bench_proc.R}) for n = 523 (365 positive / 158 negative, the paper's HB test
 * set) and n = 10,000 (5,000 / 5,000, as the peer script). The data mimic the peer's (normal latent
 * shifted by 1 for positives, scores rounded to 0.1 for ties).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MetricsBenchmark {

  /** Number of cases. */
  @Param({"523", "10000"})
  public int n;

  private double[] scores;
  private boolean[] labels;

  /** Builds the cases. */
  @Setup
  public void setup() {
    int npos = n == 523 ? 365 : n / 2;
    SplittableRandom r = new SplittableRandom(42);
    scores = new double[n];
    labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i < npos;
      double latent = r.nextGaussian() + (labels[i] ? 1.0 : 0.0);
      scores[i] = Math.round((latent + 0.5 * r.nextGaussian()) * 10) / 10.0;
    }
  }

  /** The AUC's percentile bootstrap CI alone, 2000 stratified replicates (pROC's ci.auc). */
  @Benchmark
  public Interval bootstrapAucCi() {
    return Roc.bootstrapAucCi(scores, labels, 2000, 1, 0.95);
  }

  /**
   * The whole classification report with 2000 replicates: AUC, DeLong CI, ROC and bootstrap CIs of
   * AUC, accuracy, sensitivity, specificity, PPV, NPV and F1.
   */
  @Benchmark
  public ClassificationReport fullReportBootstrap() {
    return ClassificationMetrics.of(scores, labels).bootstrap(2000).seed(1).compute();
  }
}
