package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.WorldPoint;

/** Gantry tilt: refused by default, resampled onto an orthogonal grid on request. */
class DicomTiltTest {

  @TempDir Path tmp;

  static final double TILT_DEG = 20;
  static final int N = 64;
  static final int SLICES = 40;
  static final double PIXEL = 0.7;
  static final double TABLE_STEP = 1.25;
  static final double RADIUS = 8;
  static final double[] CENTER = {1.3, -0.6, 24.2};

  /** Width of the linear edge of the sphere, mm (partial volume, so the volume is measurable). */
  static final double EDGE = 1.0;

  /** Fraction of a voxel at world point w inside the sphere (linear ramp across the edge). */
  static double inside(double x, double y, double z) {
    double r =
        Math.sqrt(
            (x - CENTER[0]) * (x - CENTER[0])
                + (y - CENTER[1]) * (y - CENTER[1])
                + (z - CENTER[2]) * (z - CENTER[2]));
    return Math.max(0, Math.min(1, 0.5 - (r - RADIUS) / EDGE));
  }

  /**
   * Writes a tilted series as a scanner does: ImageOrientationPatient tilted about x (column cosine
   * (0, cos t, sin t)), ImagePositionPatient moving along the table (z) only. The sphere (1000 HU
   * inside, -1000 HU outside) is sampled in world coordinates at each pixel.
   */
  Path writeTilted() throws IOException {
    return writeTilted(Files.createDirectories(tmp.resolve("tilted")), N, SLICES, TILT_DEG);
  }

  static Path writeTilted(Path d, int n, int slices, double tiltDeg) throws IOException {
    final int N = n;
    final int SLICES = slices;
    double t = Math.toRadians(tiltDeg);
    double[] row = {1, 0, 0};
    double[] col = {0, Math.cos(t), Math.sin(t)};
    double x0 = -N * PIXEL / 2;
    double y0 = -N * PIXEL / 2 * Math.cos(t);
    for (int k = 0; k < SLICES; k++) {
      double[] ipp = {x0, y0, k * TABLE_STEP - N * PIXEL / 2 * Math.sin(t)};
      int[] v = new int[N * N];
      for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++) {
          double wx = ipp[0] + i * PIXEL * row[0] + j * PIXEL * col[0];
          double wy = ipp[1] + i * PIXEL * row[1] + j * PIXEL * col[1];
          double wz = ipp[2] + i * PIXEL * row[2] + j * PIXEL * col[2];
          double hu = -1000 + 2000 * inside(wx, wy, wz);
          v[j * N + i] = (int) Math.round(hu + 1024);
        }
      }
      DicomBytes.Slice s = new DicomBytes.Slice();
      s.rows = N;
      s.cols = N;
      s.pixelSpacing = PIXEL + "\\" + PIXEL;
      s.ipp = String.format(Locale.ROOT, "%.6f\\%.6f\\%.6f", ipp[0], ipp[1], ipp[2]);
      s.iop = String.format(Locale.ROOT, "1\\0\\0\\0\\%.8f\\%.8f", col[1], col[2]);
      s.pixels16(v);
      // file names without extension, in an order unrelated to position
      Files.write(d.resolve("IM" + ((k * 17) % SLICES)), s.build());
    }
    return d;
  }

  /** The committed fixture {@code dicom/tilted-series} (used by the CLI tests). */
  static final Path FIXTURE = DicomReferenceTest.root().resolve("tilted-series");

  /**
   * Writes the committed fixture {@code dicom/tilted-series}: 16×16 pixels, 6 slices, 20° tilt, the
   * sphere of this test cut by them. Run once; the output is committed.
   *
   * @param args the folder to write (it must not hold other files)
   * @throws IOException if writing fails
   */
  public static void main(String[] args) throws IOException {
    writeTilted(Files.createDirectories(Path.of(args[0])), 16, 6, TILT_DEG);
  }

  @Test
  void committedFixture_isWhatTheGeneratorWrites() throws IOException {
    Path d = writeTilted(Files.createDirectories(tmp.resolve("small")), 16, 6, TILT_DEG);
    try (var files = Files.list(d)) {
      for (Path f : files.toList()) {
        assertArrayEquals(
            Files.readAllBytes(f),
            Files.readAllBytes(FIXTURE.resolve(f.getFileName().toString())),
            f.getFileName().toString());
      }
    }
    assertThrows(DicomSeriesException.class, () -> Dicom.readSeries(FIXTURE));
    DicomSeries s =
        Dicom.readSeriesWithInfo(FIXTURE, DicomReadOptions.builder().resampleTilted(true).build());
    assertEquals("16x16x6", s.volume().dims().toString());
  }

  @Test
  void tiltedSeries_refusedByDefault_namingTiltAndFlag() throws IOException {
    Path d = writeTilted();
    DicomSeriesException e = assertThrows(DicomSeriesException.class, () -> Dicom.readSeries(d));
    assertTrue(e.getMessage().contains("gantry tilt about 20.00 degrees"), e.getMessage());
    assertTrue(e.getMessage().contains("--resample-tilt"), e.getMessage());
    assertTrue(e.getMessage().contains("resampleTilted(true)"), e.getMessage());
  }

  @Test
  void tiltedSeries_resampled_sphereKeepsCentroidAndVolume() throws IOException {
    Path d = writeTilted();
    DicomSeries s =
        Dicom.readSeriesWithInfo(d, DicomReadOptions.builder().resampleTilted(true).build());
    CtVolume v = s.volume();
    double t = Math.toRadians(TILT_DEG);
    // orthogonal grid: z spacing is the perpendicular distance between slices
    assertEquals(TABLE_STEP * Math.cos(t), v.spacing().zMm(), 1e-4);
    assertEquals(N, v.dims().nx());
    assertEquals(SLICES, v.dims().nz());
    assertTrue(
        s.warnings().stream()
            .anyMatch(
                w ->
                    w.contains("gantry tilt of about 20.00 degrees")
                        && w.contains("resampled onto an orthogonal grid")),
        s.warnings().toString());
    double sum = 0;
    double cx = 0;
    double cy = 0;
    double cz = 0;
    int air = 0;
    for (int k = 0; k < v.dims().nz(); k++) {
      for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++) {
          float hu = v.get(i, j, k);
          if (hu == -1024f) {
            air++;
          }
          double f = Math.max(0, (hu + 1000) / 2000.0);
          if (f == 0) {
            continue;
          }
          WorldPoint p = v.geometry().voxelToWorld(i, j, k);
          sum += f;
          cx += f * p.xMm();
          cy += f * p.yMm();
          cz += f * p.zMm();
        }
      }
    }
    assertTrue(air > 0, "the shifted slices leave uncovered voxels at -1024 HU");
    double voxelVolume = v.spacing().xMm() * v.spacing().yMm() * v.spacing().zMm();
    double volume = sum * voxelVolume;
    double truth = 4.0 / 3.0 * Math.PI * RADIUS * RADIUS * RADIUS;
    assertEquals(truth, volume, 0.05 * truth, "volume");
    double[] c = {cx / sum, cy / sum, cz / sum};
    double halfVoxel = 0.5 * Math.min(PIXEL, v.spacing().zMm());
    for (int a = 0; a < 3; a++) {
      assertEquals(CENTER[a], c[a], halfVoxel, "centroid axis " + a);
    }
  }
}
