package org.lungnodule.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.models.Backend;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.maskrcnn.FalsePositiveReducer;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnModel;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import org.lungnodule.models.maskrcnn.SlidingWindowDetector;

/**
 * Times the Mask R-CNN's inference, as issue 7 asks: one crop's detection (backbone, RPN,
 * proposals, box head on every proposal, masks) and the whole-scan inference of an {@code N³} 1 mm
 * input (default 300³) with sliding windows. The model is freshly initialised (seed 1): the work
 * per window does not depend on the weights except through the number of masks, which is at most
 * the preset's {@code maxDetections}. The input is lung-like noise in segmentation-input units (no
 * voxel at the outside value 170), so that no window is skipped. A plain harness rather than JMH:
 * one whole scan takes minutes (hours for PAPER on two cores), and JMH's iterations would multiply
 * that.
 *
 * <p>Usage: {@code java -cp ... org.lungnodule.benchmarks.SegmenterBench [small|paper] [--crop N]
 * [--scan N] [--iters N] [--no-scan] [--reducer segmenter.zip [--cubes N]]}; {@code --crop}
 * overrides the preset's crop and window edge (SMALL 64, PAPER 128). Prints the crop detection
 * times (after one warm-up), their median, and the whole-scan time with its window count. With
 * {@code --reducer} it also times the second stage of a trained segmenter archive on the same
 * {@code N³} input: the reducer's dot filter over the whole input and the reducer's network on
 * {@code --cubes} (default 500) candidate cubes at random centres.
 */
public final class SegmenterBench {

  private SegmenterBench() {}

  /** Runs the benchmark and prints its figures. */
  public static void main(String[] args) {
    String preset = "small";
    Integer crop = null;
    int scan = 300;
    int iters = 3;
    boolean doScan = true;
    Path reducerArchive = null;
    int cubes = 500;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reducer" -> reducerArchive = Path.of(args[++i]);
        case "--cubes" -> cubes = Integer.parseInt(args[++i]);
        case "--crop" -> crop = Integer.parseInt(args[++i]);
        case "--scan" -> scan = Integer.parseInt(args[++i]);
        case "--iters" -> iters = Integer.parseInt(args[++i]);
        case "--no-scan" -> doScan = false;
        default -> preset = args[i];
      }
    }
    Backend.Info info = Backend.check();
    MaskRcnnConfig.Preset p = MaskRcnnConfig.Preset.valueOf(preset.toUpperCase(Locale.ROOT));
    MaskRcnnConfig cfg =
        crop == null ? MaskRcnnConfig.of(p) : MaskRcnnConfig.builder(p).cropSize(crop).build();
    MaskRcnnModel model = MaskRcnnModel.create(cfg, 1);
    int s = cfg.cropSize();
    System.out.printf(
        Locale.ROOT,
        "%s preset, %,d parameters, crop %d^3, window overlap %d; %s%n",
        p,
        model.parameterCount(),
        s,
        cfg.windowOverlap(),
        info);
    float[] voxels = lungLike(s * s * s, 7);
    model.detect(voxels, cfg.scoreThreshold());
    double[] t = new double[iters];
    for (int i = 0; i < iters; i++) {
      long t0 = System.nanoTime();
      int n = model.detect(voxels, cfg.scoreThreshold()).size();
      t[i] = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "crop detection %d: %.2f s (%d detections)%n", i + 1, t[i], n);
    }
    double[] sorted = t.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "crop detection median %.2f s%n", sorted[iters / 2]);
    if (!doScan && reducerArchive == null) {
      return;
    }
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(scan, scan, scan),
            Spacing.isotropic(1),
            new WorldPoint(0, 0, 0),
            Direction.IDENTITY);
    CtVolume input = CtVolume.wrap(g, lungLike(scan * scan * scan, 8));
    if (reducerArchive != null) {
      secondStage(reducerArchive, input, cubes);
    }
    if (!doScan) {
      return;
    }
    NoduleSegmenter seg =
        NoduleSegmenter.of(
            model, Provenance.now(NoduleSegmenter.MODEL_KIND, "0".repeat(64), 1, Map.of()));
    long t1 = System.nanoTime();
    ScanSegmentation res = seg.segment(input);
    double sec = (System.nanoTime() - t1) / 1e9;
    int w = SlidingWindowDetector.starts(scan, s, cfg.windowOverlap()).length;
    System.out.printf(
        Locale.ROOT,
        "whole %d^3 scan: %.1f s for %d windows (%d detections at score >= %.2f)%n",
        scan,
        sec,
        w * w * w,
        res.nodules().size(),
        cfg.scoreThreshold());
  }

  /**
   * Times a trained archive's reducer: its dot filter on the input and its network on random cubes.
   */
  private static void secondStage(Path archive, CtVolume input, int cubes) {
    FalsePositiveReducer red;
    try {
      red =
          NoduleSegmenter.load(archive)
              .reducer()
              .orElseThrow(
                  () -> new IllegalArgumentException(archive + " holds no false-positive reducer"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Dims d = input.dims();
    if (red.blobFilter().isPresent()) {
      DotFilter f = red.blobFilter().get();
      long t0 = System.nanoTime();
      int n = f.find(input).size();
      System.out.printf(
          Locale.ROOT,
          "dot filter on %s: %.1f s (%d blobs)%n",
          d,
          (System.nanoTime() - t0) / 1e9,
          n);
    }
    SplittableRandom r = new SplittableRandom(9);
    List<WorldPoint> centres = new ArrayList<>();
    for (int i = 0; i < cubes; i++) {
      centres.add(
          input.geometry().voxelToWorld(r.nextInt(d.nx()), r.nextInt(d.ny()), r.nextInt(d.nz())));
    }
    red.probabilities(input, centres.subList(0, Math.min(16, cubes)));
    long t1 = System.nanoTime();
    red.probabilities(input, centres);
    double sec = (System.nanoTime() - t1) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "reducer %s: %d cubes in %.1f s (%.1f ms per candidate)%n",
        red,
        cubes,
        sec,
        1000 * sec / cubes);
  }

  /** Parenchyma-like values (about 44 ± 6 in grt123 units), never the outside value 170. */
  private static float[] lungLike(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (44 + 12 * (r.nextDouble() - 0.5));
    }
    return v;
  }
}
