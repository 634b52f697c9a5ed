package org.lungnodule.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.Resampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Preprocessing of a 512×512×300 chest CT at 0.7×0.7×1.25 mm: resampling to 1 mm isotropic (peer:
 * {@code scipy.ndimage.zoom(order=1)} in {@code benchmarks/peers/bench_resample.py}, same array
 * shape) and lung-field extraction on the original grid.
 *
 * <p>Run: {@code java -cp <classpath> org.openjdk.jmh.Main PreprocessBenchmark -f 1 -wi 2 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx5g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class PreprocessBenchmark {

  private CtVolume ct;
  private Resampler resampler;
  private LungField lungField;

  /** Builds a seeded synthetic thorax: body ellipse, two lungs at -850 HU, noise. */
  @Setup
  public void setUp() {
    Dims d = new Dims(512, 512, 300);
    VolumeGeometry g = VolumeGeometry.of(d, new Spacing(0.7, 0.7, 1.25));
    float[] hu = new float[d.voxelCount()];
    Parallel.forEach(
        d.nz(),
        k -> {
          SplittableRandom rnd = new SplittableRandom(12345L + k);
          double z = (k - 149.5) * 1.25;
          for (int j = 0; j < 512; j++) {
            double y = (j - 255.5) * 0.7;
            for (int i = 0; i < 512; i++) {
              double x = (i - 255.5) * 0.7;
              double v = -1000;
              if (sq(x / 170) + sq(y / 125) <= 1) {
                v = 40;
                for (double side : new double[] {75, -75}) {
                  if (sq((x - side) / 60) + sq(y / 85) + sq(z / 170) <= 1) {
                    v = -850;
                  }
                }
              }
              hu[d.index(i, j, k)] = (float) (v + 30 * (rnd.nextDouble() - 0.5));
            }
          }
        });
    ct = CtVolume.wrap(g, hu);
    resampler = Resampler.builder().spacing(Spacing.isotropic(1.0)).build();
    lungField = LungField.builder().build();
  }

  private static double sq(double a) {
    return a * a;
  }

  /** Trilinear resampling 512×512×300 at 0.7×0.7×1.25 mm → 358×358×375 at 1 mm. */
  @Benchmark
  public CtVolume resampleTo1mm() {
    return resampler.resample(ct);
  }

  /** Lung-field extraction with the default settings on the 512×512×300 grid. */
  @Benchmark
  public Mask lungField() {
    return lungField.extract(ct);
  }
}
