package org.lungnodule.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomWriteOptions;
import org.lungnodule.io.dicom.TransferSyntax;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reads a 300-slice 512×512 CT series written by {@link Dicom#writeSeries} into a float HU volume
 * (warm page cache). The series is written once to {@code $LUNGNODULE_BENCH_DIR/series-<syntax>}
 * (default {@code target/lungnodule-bench}) if not there yet, so that pydicom can read the very
 * same folder: {@code PEERS_OUT=target/lungnodule-bench/explicit-peer python3 bench_dicom_read.py}
 * after linking {@code series} to it (see the README "DICOM" section).
 *
 * <p>Run: {@code java -cp ... org.openjdk.jmh.Main DicomReadBenchmark -f 1 -wi 2 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DicomReadBenchmark {

  /** Transfer syntax of the series. */
  @Param({"explicit", "rle"})
  public String syntax;

  Path dir;
  long bytes;

  /** The HU of the series: rounded normal(40, 400) noise clipped to [-1024, 3071], seeded. */
  static CtVolume volume() {
    Dims d = new Dims(512, 512, 300);
    SplittableRandom r = new SplittableRandom(2024);
    float[] hu = new float[d.voxelCount()];
    for (int i = 0; i < hu.length; i++) {
      double g =
          Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      hu[i] = (float) Math.rint(Math.max(-1024, Math.min(3071, 40 + 400 * g)));
    }
    VolumeGeometry g =
        new VolumeGeometry(
            d,
            new Spacing(0.7, 0.7, 1.25),
            new WorldPoint(-179.15, -179.15, -473.75),
            Direction.IDENTITY);
    return CtVolume.wrap(g, hu);
  }

  /** Writes the series (once) and measures its size. */
  @Setup
  public void setup() throws IOException {
    Path root =
        Path.of(System.getenv().getOrDefault("LUNGNODULE_BENCH_DIR", "target/lungnodule-bench"));
    dir = root.resolve("series-" + syntax);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(root);
      Dicom.writeSeries(
          volume(),
          dir,
          DicomWriteOptions.builder()
              .transferSyntax(
                  syntax.equals("rle")
                      ? TransferSyntax.RLE_LOSSLESS
                      : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
              .seed(1)
              .build());
    }
    try (Stream<Path> s = Files.list(dir)) {
      bytes = s.mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf("%n%s: %d files, %.1f MB%n", dir, 300, bytes / 1e6);
  }

  /** Reads the series into a volume. */
  @Benchmark
  public CtVolume readSeries() throws IOException {
    return Dicom.readSeries(dir);
  }
}
