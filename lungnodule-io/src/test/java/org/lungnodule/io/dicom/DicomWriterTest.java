package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

class DicomWriterTest {

  @TempDir Path tmp;

  /** A seeded volume of integer HU in [-1024, 3071] with runs (so RLE has something to do). */
  static CtVolume volume(Dims d, Direction dir, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] hu = new float[d.voxelCount()];
    for (int i = 0; i < hu.length; i++) {
      hu[i] = r.nextInt(4) == 0 ? -1000 : r.nextInt(-1024, 3072);
    }
    VolumeGeometry g =
        new VolumeGeometry(d, new Spacing(0.7, 0.8, 1.25), new WorldPoint(-10.5, 20.25, -300), dir);
    return CtVolume.wrap(g, hu);
  }

  @ParameterizedTest
  @EnumSource(
      value = TransferSyntax.class,
      names = {"EXPLICIT_VR_LITTLE_ENDIAN", "RLE_LOSSLESS"})
  void writeThenRead_identicalVoxelsAndGeometry(TransferSyntax ts) throws IOException {
    CtVolume v = volume(new Dims(23, 17, 6), Direction.IDENTITY, 1);
    Path dir = tmp.resolve("out");
    List<Path> files =
        Dicom.writeSeries(
            v,
            dir,
            DicomWriteOptions.builder()
                .transferSyntax(ts)
                .patientId("P-01")
                .seriesDescription("round trip")
                .seed(5)
                .build());
    assertEquals(6, files.size());
    DicomSeries s = Dicom.readSeriesWithInfo(dir);
    assertEquals(ts.uid(), s.transferSyntaxUid());
    assertEquals("P-01", s.patientId().orElseThrow());
    assertEquals("round trip", s.seriesDescription().orElseThrow());
    assertArrayEquals(v.copyVoxels(), s.volume().copyVoxels());
    assertTrue(
        v.geometry().sameGrid(s.volume().geometry(), 1e-9), s.volume().geometry().toString());
    try (Stream<Path> list = Files.list(tmp)) {
      assertEquals(List.of(dir), list.toList(), "no temporary folder left behind");
    }
  }

  @Test
  void writeThenRead_obliqueDirection() throws IOException {
    double c = Math.cos(0.3);
    double s = Math.sin(0.3);
    // rows along (c, s, 0), columns along z, slices along (s, -c, 0)... normal = row x col
    double[] row = {c, s, 0};
    double[] col = {0, 0, -1};
    double[] normal = {
      row[1] * col[2] - row[2] * col[1],
      row[2] * col[0] - row[0] * col[2],
      row[0] * col[1] - row[1] * col[0]
    };
    Direction dir = Direction.ofColumns(row, col, normal);
    CtVolume v = volume(new Dims(8, 9, 5), dir, 2);
    Path out = tmp.resolve("oblique");
    Dicom.writeSeries(
        v, out, DicomWriteOptions.builder().transferSyntax(TransferSyntax.RLE_LOSSLESS).build());
    CtVolume back = Dicom.readSeries(out);
    assertArrayEquals(v.copyVoxels(), back.copyVoxels());
    assertTrue(v.geometry().sameGrid(back.geometry(), 1e-9), back.geometry().toString());
  }

  @Test
  void writeSeries_sameSeedSameUids_differentSeedDifferentUids() throws IOException {
    CtVolume v = volume(new Dims(4, 4, 2), Direction.IDENTITY, 3);
    Dicom.writeSeries(v, tmp.resolve("a"), DicomWriteOptions.builder().seed(9).build());
    Dicom.writeSeries(v, tmp.resolve("b"), DicomWriteOptions.builder().seed(9).build());
    Dicom.writeSeries(v, tmp.resolve("c"), DicomWriteOptions.builder().seed(10).build());
    String a = Dicom.readSeriesWithInfo(tmp.resolve("a")).seriesInstanceUid();
    assertEquals(a, Dicom.readSeriesWithInfo(tmp.resolve("b")).seriesInstanceUid());
    assertFalse(a.equals(Dicom.readSeriesWithInfo(tmp.resolve("c")).seriesInstanceUid()));
    assertTrue(a.startsWith("2.25.") && a.length() <= 64, a);
  }

  @Test
  void writeSeries_givenUids() throws IOException {
    CtVolume v = volume(new Dims(4, 4, 2), Direction.IDENTITY, 3);
    Dicom.writeSeries(
        v,
        tmp.resolve("u"),
        DicomWriteOptions.builder().studyInstanceUid("1.2.3").seriesInstanceUid("1.2.3.4").build());
    DicomSeries s = Dicom.readSeriesWithInfo(tmp.resolve("u"));
    assertEquals("1.2.3.4", s.seriesInstanceUid());
    assertEquals("1.2.3", s.studyInstanceUid().orElseThrow());
  }

  @Test
  void writeSeries_largeRangeUsesSlope() throws IOException {
    float[] hu = {-100000f, 0f, 50000.5f, 100000f};
    CtVolume v = CtVolume.wrap(VolumeGeometry.of(new Dims(2, 2, 1), Spacing.isotropic(1)), hu);
    Dicom.writeSeries(v, tmp.resolve("wide"));
    CtVolume back = Dicom.readSeries(tmp.resolve("wide"));
    double step = 200000.0 / 65535;
    for (int i = 0; i < 4; i++) {
      assertEquals(hu[i], back.get(i), step, "voxel " + i);
    }
  }

  @Test
  void writeSeries_nonEmptyFolder_refused() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(d.resolve("x.txt"), "x");
    CtVolume v = volume(new Dims(4, 4, 2), Direction.IDENTITY, 3);
    DicomException e = assertThrows(DicomException.class, () -> Dicom.writeSeries(v, d));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    assertEquals(d, e.path());
  }

  @Test
  void writeSeries_emptyExistingFolder_ok() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("empty"));
    CtVolume v = volume(new Dims(4, 4, 2), Direction.IDENTITY, 3);
    assertEquals(2, Dicom.writeSeries(v, d).size());
    assertArrayEquals(v.copyVoxels(), Dicom.readSeries(d).copyVoxels());
  }

  @Test
  void writeOptions_validation() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DicomWriteOptions.builder().seriesInstanceUid("1.02.3"));
    assertThrows(
        IllegalArgumentException.class, () -> DicomWriteOptions.builder().seriesInstanceUid("abc"));
    assertThrows(
        IllegalArgumentException.class, () -> DicomWriteOptions.builder().patientId("a\\b"));
    assertThrows(
        IllegalArgumentException.class,
        () -> DicomWriteOptions.builder().patientId("x".repeat(65)));
    assertThrows(NullPointerException.class, () -> DicomWriteOptions.builder().patientId(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> DicomWriteOptions.builder().transferSyntax(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN));
    IllegalStateException twice =
        assertThrows(
            IllegalStateException.class, () -> DicomWriteOptions.builder().seed(1).seed(2));
    assertTrue(twice.getMessage().contains("1"), twice.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> DicomReadOptions.builder().spacingTolerance(0));
    assertThrows(
        IllegalArgumentException.class, () -> DicomReadOptions.builder().spacingTolerance(1.5));
    assertThrows(
        IllegalStateException.class,
        () -> DicomReadOptions.builder().allowIrregularSpacing(true).allowIrregularSpacing(false));
  }
}
