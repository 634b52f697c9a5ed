package org.lungnodule.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.models.Backend;
import org.lungnodule.models.ForwardFlops;
import org.lungnodule.models.maskrcnn.DetectionPipeline;
import org.lungnodule.models.maskrcnn.FalsePositiveReducer;
import org.lungnodule.models.maskrcnn.MaskRcnnModel;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.StageTimes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-scan inference of a trained segmenter archive on a real scan file, stage by stage, against
 * the arithmetic limit of the machine: the time of each {@link DetectionPipeline} stage ({@link
 * StageTimes}), the floating-point operations of its forward passes ({@link ForwardFlops}: the Mask
 * R-CNN's backbone per window, box head per proposal and mask head per detection; the reducer's
 * networks per candidate and mirror image), the rate each stage reaches, and that rate as a share
 * of what this machine's single-precision matrix product (ND4J's {@code gemm}, 2048³) reaches on
 * the same threads.
 *
 * <p>Usage: {@code java -cp ... org.lungnodule.benchmarks.PipelineBench --model segmenter.zip
 * --scan scan.mhd [--min-score 0.05] [--iters 3] [--mirrors N]}; {@code --mirrors} overrides the
 * archive's second-stage mirror images. The scan is read, resampled to 1 mm and given the
 * segmenter's lung field as {@code segment} does (timed apart); then the pipeline runs {@code
 * iters} times after one warm-up run and the median of each stage is reported. Threads: {@code
 * -Dlungnodule.threads=N} (and {@code OMP_NUM_THREADS}).
 */
public final class PipelineBench {

  private PipelineBench() {}

  /** Runs the benchmark and prints its figures. */
  public static void main(String[] args) throws Exception {
    Path modelFile = null;
    Path scanFile = null;
    double minScore = 0.05;
    int iters = 3;
    Integer mirrors = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> modelFile = Path.of(args[++i]);
        case "--scan" -> scanFile = Path.of(args[++i]);
        case "--min-score" -> minScore = Double.parseDouble(args[++i]);
        case "--iters" -> iters = Integer.parseInt(args[++i]);
        case "--mirrors" -> mirrors = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (modelFile == null || scanFile == null) {
      throw new IllegalArgumentException("--model and --scan are required");
    }
    Backend.Info info = Backend.check();
    NoduleSegmenter loaded = NoduleSegmenter.load(modelFile);
    NoduleSegmenter seg =
        mirrors == null || loaded.reducer().isEmpty()
            ? loaded
            : loaded.withReducer(loaded.reducer().get().withMirrors(mirrors));
    CtVolume ct = VolumeFiles.read(scanFile);
    long t0 = System.nanoTime();
    CtVolume input = seg.lungField().segmentationInput(Resampler.isotropic(1.0).resample(ct));
    double prepS = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s; scan %s at %s -> input %s; resampling and lung field %.2f s (first run)%n",
        info,
        ct.dims(),
        ct.spacing(),
        input.dims(),
        prepS);
    DetectionPipeline pipeline = seg.pipeline();
    System.out.println(pipeline);
    pipeline.runTimed(input, minScore, NoduleSegmenter.WindowListener.NONE); // warm-up
    List<StageTimes> runs = new ArrayList<>();
    for (int i = 0; i < iters; i++) {
      StageTimes t =
          pipeline.runTimed(input, minScore, NoduleSegmenter.WindowListener.NONE).times();
      System.out.println("run " + (i + 1) + ": " + t);
      runs.add(t);
    }
    StageTimes last = runs.get(runs.size() - 1);

    MaskRcnnModel.InferenceFlops mf = seg.model().inferenceFlops();
    ForwardFlops backbone = mf.backbonePerWindow().times(last.windows());
    ForwardFlops boxHead = mf.boxHeadPerRoi().times(last.boxHeadRois());
    ForwardFlops maskHead = mf.maskHeadPerRoi().times(last.maskHeadRois());
    ForwardFlops reducer =
        seg.reducer()
            .map(FalsePositiveReducer::forwardFlopsPerCandidate)
            .orElse(ForwardFlops.NONE)
            .times(last.rescored());
    double gemm = sgemmGflops(2048, 3);
    System.out.printf(
        Locale.ROOT,
        "sgemm 2048^3: %.1f GFLOP/s on %s threads%n",
        gemm,
        System.getProperty("lungnodule.threads", "default"));
    System.out.printf(
        Locale.ROOT,
        "per pass: backbone %s per window; box head %s per region; mask head %s per detection%n",
        mf.backbonePerWindow(),
        mf.boxHeadPerRoi(),
        mf.maskHeadPerRoi());
    System.out.printf(
        Locale.ROOT,
        "%-34s %9s %10s %9s %8s%n",
        "stage (median of " + iters + ")",
        "time s",
        "GFLOP",
        "GFLOP/s",
        "of sgemm");
    row(
        "backbone + RPN (" + last.windows() + " windows)",
        runs,
        StageTimes::backboneNanos,
        backbone,
        gemm);
    row(
        "box head (" + last.boxHeadRois() + " regions)",
        runs,
        StageTimes::boxHeadNanos,
        boxHead,
        gemm);
    row(
        "mask head (" + last.maskHeadRois() + " detections)",
        runs,
        StageTimes::maskHeadNanos,
        maskHead,
        gemm);
    row(
        "first source, all",
        runs,
        StageTimes::firstSourceNanos,
        backbone.plus(boxHead).plus(maskHead),
        gemm);
    row(
        "blob candidates (" + last.moreCandidates() + ")",
        runs,
        StageTimes::moreSourcesNanos,
        null,
        gemm);
    row(
        "reducer (" + last.rescored() + " candidates)",
        runs,
        StageTimes::rescoringNanos,
        reducer,
        gemm);
    row(
        "rank and paste (" + last.nodules() + " nodules)",
        runs,
        StageTimes::rankAndPasteNanos,
        null,
        gemm);
    row(
        "whole pipeline",
        runs,
        StageTimes::totalNanos,
        backbone.plus(boxHead).plus(maskHead).plus(reducer),
        gemm);
  }

  private static void row(
      String name,
      List<StageTimes> runs,
      ToLongFunction<StageTimes> nanos,
      ForwardFlops flops,
      double gemm) {
    double s = medianSeconds(runs.stream().mapToLong(nanos).toArray());
    if (flops == null) {
      System.out.printf(Locale.ROOT, "%-34s %9.2f %10s %9s %8s%n", name, s, "-", "-", "-");
      return;
    }
    double g = flops.total() / 1e9;
    double rate = s > 0 ? g / s : 0;
    System.out.printf(
        Locale.ROOT, "%-34s %9.2f %10.2f %9.1f %7.1f%%%n", name, s, g, rate, 100 * rate / gemm);
  }

  /**
   * The median of nanosecond times, in seconds: the mean of the two middle ones for an even count.
   */
  static double medianSeconds(long[] nanos) {
    long[] t = nanos.clone();
    Arrays.sort(t);
    int m = t.length / 2;
    double med = t.length % 2 == 1 ? t[m] : (t[m - 1] + (double) t[m]) / 2;
    return med / 1e9;
  }

  /** Single-precision GEMM rate of n×n by n×n products, best of {@code reps} after a warm-up. */
  static double sgemmGflops(int n, int reps) {
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    double best = Double.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long t = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      best = Math.min(best, (System.nanoTime() - t) / 1e9);
    }
    double flops = 2.0 * n * n * (double) n;
    System.out.println(
        "sgemm check: c[0] = " + c.getFloat(0) + " (" + Arrays.toString(c.shape()) + ")");
    return flops / best / 1e9;
  }
}
