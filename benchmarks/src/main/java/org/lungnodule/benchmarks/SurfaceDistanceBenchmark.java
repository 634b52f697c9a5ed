package org.lungnodule.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Spacing;
import org.lungnodule.metrics.SegmentationMetrics;
import org.lungnodule.metrics.SegmentationScores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The symmetric ASD of two 256³ masks at 1 mm: a sphere of radius 10 mm and a copy of radius 11 mm
 * shifted 2 voxels in x with 15 border voxels removed and 15 added (peer: scipy's EDT on the full
 * volume and cropped to the bounding box plus a margin, {@code benchmarks/peers/bench_surface.py}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SurfaceDistanceBenchmark {

  private static final Dims DIMS = new Dims(256, 256, 256);
  private static final Spacing SPACING = Spacing.isotropic(1.0);
  private byte[] sphereA;
  private byte[] sphereB;

  /** Builds the masks. */
  @Setup
  public void setup() {
    sphereA = new byte[DIMS.voxelCount()];
    sphereB = new byte[DIMS.voxelCount()];
    int c = 128;
    for (int k = 0; k < 256; k++) {
      for (int j = 0; j < 256; j++) {
        for (int i = 0; i < 256; i++) {
          int dz = k - c;
          int dy = j - c;
          int idx = DIMS.index(i, j, k);
          if ((i - c) * (i - c) + dy * dy + dz * dz <= 100) {
            sphereA[idx] = 1;
          }
          if ((i - c - 2) * (i - c - 2) + dy * dy + dz * dz <= 121) {
            sphereB[idx] = 1;
          }
        }
      }
    }
    // flip 15 inner-border voxels off and 15 outer-border voxels on, like bench_surface.py
    SplittableRandom rng = new SplittableRandom(7);
    int off = 0;
    int on = 0;
    while (off < 15 || on < 15) {
      int i = 128 - 14 + rng.nextInt(30);
      int j = 128 - 12 + rng.nextInt(25);
      int k = 128 - 12 + rng.nextInt(25);
      int idx = DIMS.index(i, j, k);
      boolean inside = sphereB[idx] != 0;
      boolean border = false;
      int[][] nb = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
      for (int[] d : nb) {
        border |= (sphereB[DIMS.index(i + d[0], j + d[1], k + d[2])] != 0) != inside;
      }
      if (!border) {
        continue;
      }
      if (inside && off < 15) {
        sphereB[idx] = 0;
        off++;
      } else if (!inside && on < 15) {
        sphereB[idx] = 1;
        on++;
      }
    }
  }

  /** Symmetric ASD (and Dice, IoU, HD95) of the two 256³ masks, whole-volume input. */
  @Benchmark
  public SegmentationScores surfaceDistance256() {
    return SegmentationMetrics.evaluate(sphereA, sphereB, DIMS, SPACING);
  }
}
