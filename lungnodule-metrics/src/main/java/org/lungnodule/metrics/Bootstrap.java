package org.lungnodule.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.lungnodule.core.Parallel;

/**
 * The stratified bootstrap: positives and negatives are resampled with replacement separately, each
 * to its own size (pROC's {@code boot.stratified=TRUE}). Replicate {@code r} draws from its own
 * {@link SplittableRandom}, split from {@code new SplittableRandom(seed)} in replicate order before
 * any work starts, so a seed gives the same replicates whatever the number of threads. Replicates
 * run in parallel through {@link Parallel}.
 */
public final class Bootstrap {

  /** The default number of replicates, 2000. */
  public static final int DEFAULT_REPLICATES = 2000;

  /**
   * The most replicates accepted, 100000. The Monte-Carlo error of a percentile interval's end
   * falls as one over the square root of the replicates: at 2000 it is about a tenth of the
   * statistic's standard error, at 100000 about a seventieth, below any digit worth reporting. Each
   * replicate keeps a random stream and a row of results (about 150 bytes), so 100000 take about 15
   * MB and run in seconds on a thousand cases, while the two billion a typo can ask for would need
   * some 300 GB.
   */
  public static final int MAX_REPLICATES = 100_000;

  private static final int CHUNK = 16;

  private Bootstrap() {}

  /** Several statistics of one resample, written into {@code out}. */
  interface MultiStatistic {
    void evaluate(int[] counts, double[] out);
  }

  /**
   * Returns one value of {@code statistic} per stratified replicate.
   *
   * @param labels true = positive; both classes needed
   * @param replicates number of replicates, 2 to {@link #MAX_REPLICATES}
   * @param seed the seed
   * @param statistic the statistic of a resample
   * @return the statistic of each replicate, in replicate order
   * @throws IllegalArgumentException if a class is missing or replicates is not in 2..{@value
   *     #MAX_REPLICATES}
   */
  public static double[] stratified(
      boolean[] labels, int replicates, long seed, ResampledStatistic statistic) {
    Objects.requireNonNull(statistic, "statistic");
    double[][] r = stratified(labels, replicates, seed, 1, (c, out) -> out[0] = statistic.apply(c));
    double[] v = new double[replicates];
    for (int i = 0; i < replicates; i++) {
      v[i] = r[i][0];
    }
    return v;
  }

  static double[][] stratified(
      boolean[] labels, int replicates, long seed, int outputs, MultiStatistic statistic) {
    return stratified(labels, replicates, seed, outputs, statistic, true);
  }

  static double[][] stratified(
      boolean[] labels,
      int replicates,
      long seed,
      int outputs,
      MultiStatistic statistic,
      boolean parallel) {
    Objects.requireNonNull(labels, "labels");
    Inputs.replicates(replicates);
    int m = Inputs.bothClasses(labels);
    int n = labels.length;
    int[] pos = new int[m];
    int[] neg = new int[n - m];
    for (int i = 0, a = 0, b = 0; i < n; i++) {
      if (labels[i]) {
        pos[a++] = i;
      } else {
        neg[b++] = i;
      }
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom[] streams = new SplittableRandom[replicates];
    for (int r = 0; r < replicates; r++) {
      streams[r] = root.split();
    }
    double[][] results = new double[replicates][outputs];
    int chunks = (replicates + CHUNK - 1) / CHUNK;
    java.util.function.IntConsumer chunk =
        c -> {
          int[] counts = new int[n];
          for (int r = c * CHUNK; r < Math.min(replicates, (c + 1) * CHUNK); r++) {
            Arrays.fill(counts, 0);
            SplittableRandom rng = streams[r];
            for (int t = 0; t < pos.length; t++) {
              counts[pos[draw(rng, pos.length)]]++;
            }
            for (int t = 0; t < neg.length; t++) {
              counts[neg[draw(rng, neg.length)]]++;
            }
            statistic.evaluate(counts, results[r]);
          }
        };
    if (parallel) {
      Parallel.forEach(chunks, chunk);
    } else {
      for (int c = 0; c < chunks; c++) {
        chunk.accept(c);
      }
    }
    return results;
  }

  /** Several statistics of a resample given as counts per tie group, one array per model. */
  interface GroupStatistic {
    void evaluate(int[][] posCounts, int[][] negCounts, double[] out);
  }

  /**
   * The stratified bootstrap on grouped data, the fast path for rank statistics: {@code
   * posGroup[m][t]} is the tie group (under model m) of the t-th positive case in case order, the
   * same for negatives. Draws exactly the resamples of {@link #stratified(boolean[], int, long,
   * int, MultiStatistic)} for the same seed, but counts them per group: O(n + groups) per
   * replicate.
   */
  static double[][] grouped(
      int[][] posGroup,
      int[][] negGroup,
      int[] groups,
      int replicates,
      long seed,
      int outputs,
      GroupStatistic statistic,
      boolean parallel) {
    Inputs.replicates(replicates);
    int models = groups.length;
    int m = posGroup[0].length;
    int nn = negGroup[0].length;
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom[] streams = new SplittableRandom[replicates];
    for (int r = 0; r < replicates; r++) {
      streams[r] = root.split();
    }
    double[][] results = new double[replicates][outputs];
    int chunks = (replicates + CHUNK - 1) / CHUNK;
    java.util.function.IntConsumer chunk =
        c -> {
          int[][] pc = new int[models][];
          int[][] nc = new int[models][];
          for (int k = 0; k < models; k++) {
            pc[k] = new int[groups[k]];
            nc[k] = new int[groups[k]];
          }
          for (int r = c * CHUNK; r < Math.min(replicates, (c + 1) * CHUNK); r++) {
            SplittableRandom rng = streams[r];
            if (models == 1) {
              int[] p = pc[0];
              int[] q = nc[0];
              int[] pg = posGroup[0];
              int[] ng = negGroup[0];
              Arrays.fill(p, 0);
              Arrays.fill(q, 0);
              for (int t = 0; t < m; t++) {
                p[pg[draw(rng, m)]]++;
              }
              for (int t = 0; t < nn; t++) {
                q[ng[draw(rng, nn)]]++;
              }
            } else {
              for (int k = 0; k < models; k++) {
                Arrays.fill(pc[k], 0);
                Arrays.fill(nc[k], 0);
              }
              for (int t = 0; t < m; t++) {
                int idx = draw(rng, m);
                for (int k = 0; k < models; k++) {
                  pc[k][posGroup[k][idx]]++;
                }
              }
              for (int t = 0; t < nn; t++) {
                int idx = draw(rng, nn);
                for (int k = 0; k < models; k++) {
                  nc[k][negGroup[k][idx]]++;
                }
              }
            }
            statistic.evaluate(pc, nc, results[r]);
          }
        };
    if (parallel) {
      Parallel.forEach(chunks, chunk);
    } else {
      for (int c = 0; c < chunks; c++) {
        chunk.accept(c);
      }
    }
    return results;
  }

  private static final long MASK32 = 0xFFFFFFFFL;

  /**
   * A uniform integer in [0, bound) from 32 random bits: Lemire's multiply-shift with rejection
   * (exactly uniform, no division in the common case).
   */
  static int draw(SplittableRandom rng, int bound) {
    long m = (rng.nextInt() & MASK32) * bound;
    long l = m & MASK32;
    if (l < bound) {
      long t = (0x100000000L - bound) % bound;
      while (l < t) {
        m = (rng.nextInt() & MASK32) * bound;
        l = m & MASK32;
      }
    }
    return (int) (m >>> 32);
  }

  /**
   * Returns the percentile interval of replicate values (NaN values dropped), with R's default
   * quantile (type 7, linear interpolation), as pROC does.
   *
   * @throws IllegalArgumentException if no value is finite or confidence is not in (0, 1)
   */
  public static Interval percentileInterval(double[] values, double confidence) {
    Inputs.confidence(confidence);
    double[] v = finiteSorted(values);
    double a = (1 - confidence) / 2;
    return new Interval(quantileSorted(v, a), quantileSorted(v, 1 - a));
  }

  /** Returns the type-7 quantile of sorted values. */
  static double quantileSorted(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  static double[] finiteSorted(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      throw new IllegalArgumentException(
          "no bootstrap replicate gave a finite value (of " + values.length + ")");
    }
    return v;
  }

  /** Returns the sample standard deviation (n - 1) of the finite values. */
  static double sd(double[] values) {
    double[] v = finiteSorted(values);
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return Math.sqrt(s / (v.length - 1));
  }
}
