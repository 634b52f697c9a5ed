package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungnodule.core.CtVolume;

class DicomSeriesTest {

  @TempDir Path tmp;

  static final Path ROOT = DicomReferenceTest.root();
  static final String CT5N_UID = "1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6";

  @Test
  void ct5n_sortedAlongNormal_spacingFromPositions() throws IOException {
    Map<String, Map<String, Object>> ref = DicomReferenceTest.reference();
    DicomSeries s = Dicom.readSeriesWithInfo(ROOT.resolve("ct5n-series"));
    CtVolume v = s.volume();
    assertEquals(5, s.sliceCount());
    assertEquals("16x16x5", v.dims().toString());
    assertEquals(2.5, v.spacing().zMm(), 1e-9);
    assertEquals(0.488281, v.spacing().xMm(), 1e-9);
    assertEquals(-1.2375, v.geometry().origin().zMm(), 1e-9);
    assertTrue(v.geometry().direction().isIdentity(0));
    assertEquals(
        List.of("3353", "3023", "2693", "2392", "2062"),
        s.files().stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(List.of(-1.2375, 1.2625, 3.7625, 6.2625, 8.7625), s.slicePositionsMm());
    for (int k = 0; k < 5; k++) {
      Map<String, Object> r = ref.get("ct5n-series/" + s.files().get(k).getFileName());
      double sum = 0;
      for (int j = 0; j < 16; j++) {
        for (int i = 0; i < 16; i++) {
          sum += v.get(i, j, k);
        }
      }
      assertEquals((Double) r.get("huSum"), sum, 0, "slice " + k);
      assertEquals((Double) r.get("huAtCenter"), v.get(8, 8, k), 0);
    }
    assertEquals(r("seriesInstanceUID", ref), s.seriesInstanceUid());
  }

  private static String r(String k, Map<String, Map<String, Object>> ref) {
    return (String) ref.get("ct5n-series/2062").get(k);
  }

  @ParameterizedTest
  @ValueSource(strings = {"implicit", "explicit", "bigendian", "deflated", "rle"})
  void ct5nVariants_sameVolumeAsOriginal(String syntax) throws IOException {
    CtVolume original = Dicom.readSeries(ROOT.resolve("ct5n-series"));
    DicomSeries s = Dicom.readSeriesWithInfo(ROOT.resolve("variants/" + syntax + "/ct5n-series"));
    assertArrayEquals(original.copyVoxels(), s.volume().copyVoxels());
    assertTrue(original.geometry().sameGrid(s.volume().geometry(), 1e-9));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ct2-irregular-series",
        "variants/implicit/ct2-irregular-series",
        "variants/deflated/ct2-irregular-series",
        "variants/rle/ct2-irregular-series"
      })
  void ct2Irregular_refusedNamingTheGap(String folder) {
    SliceSpacingException e =
        assertThrows(SliceSpacingException.class, () -> Dicom.readSeries(ROOT.resolve(folder)));
    assertEquals(1, e.gaps().size());
    String m = e.getMessage();
    assertTrue(m.contains("202.500 mm between 17106 (-99.480 mm) and 17136 (103.020 mm)"), m);
    assertTrue(m.contains("nominal 1.250 mm"), m);
    assertTrue(m.contains("161 slice(s) missing"), m);
    assertEquals(ROOT.resolve(folder), e.path());
  }

  @Test
  void ct2Irregular_allowed_loadsWithWarningsAndMeanSpacing() throws IOException {
    DicomSeries s =
        Dicom.readSeriesWithInfo(
            ROOT.resolve("ct2-irregular-series"),
            DicomReadOptions.builder().allowIrregularSpacing(true).build());
    assertEquals(4, s.sliceCount());
    assertEquals((105.519997 + 99.480003) / 3, s.volume().spacing().zMm(), 1e-6);
    assertEquals(1, s.warnings().size());
    assertTrue(s.warnings().get(0).contains("17106"));
  }

  @Test
  void ct2Irregular_wideTolerance_stillRefused() {
    // a gap of 162 spacings is beyond any tolerance below 1
    assertThrows(
        SliceSpacingException.class,
        () ->
            Dicom.readSeriesWithInfo(
                ROOT.resolve("ct2-irregular-series"),
                DicomReadOptions.builder().spacingTolerance(0.9).build()));
  }

  @Test
  void missingSlice_reportedAsMissing() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("gap"));
    for (String f : List.of("2062", "2392", "3023", "3353")) {
      Files.copy(ROOT.resolve("ct5n-series/" + f), d.resolve(f));
    }
    SliceSpacingException e = assertThrows(SliceSpacingException.class, () -> Dicom.readSeries(d));
    assertTrue(
        e.getMessage()
            .contains("5.000 mm between 3023 (1.263 mm) and 2392 (6.263 mm), 1 slice(s) missing"),
        e.getMessage());
  }

  private Path twoSeries() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("two"));
    for (String dir : List.of("ct5n-series", "ct2-irregular-series")) {
      try (var s = Files.list(ROOT.resolve(dir))) {
        for (Path p : s.toList()) {
          Files.copy(p, d.resolve(p.getFileName()));
        }
      }
    }
    Files.writeString(d.resolve("README.txt"), "not DICOM, must be skipped\n");
    return d;
  }

  @Test
  void twoSeries_noChoice_listsEachWithCountAndDescription() throws IOException {
    Path d = twoSeries();
    MultipleSeriesException e =
        assertThrows(MultipleSeriesException.class, () -> Dicom.readSeries(d));
    assertEquals(2, e.series().size());
    String m = e.getMessage();
    assertTrue(m.contains("found 2 series"), m);
    assertTrue(m.contains(CT5N_UID + " (5 slices"), m);
    assertTrue(m.contains("1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2 (4 slices"), m);
    List<DicomSeriesInfo> list = Dicom.listSeries(d);
    assertEquals(2, list.size());
    assertEquals(List.of(4, 5), list.stream().map(DicomSeriesInfo::sliceCount).sorted().toList());
  }

  @Test
  void twoSeries_choiceByUid() throws IOException {
    Path d = twoSeries();
    DicomSeries s =
        Dicom.readSeriesWithInfo(d, DicomReadOptions.builder().seriesInstanceUid(CT5N_UID).build());
    assertEquals(5, s.sliceCount());
    assertArrayEquals(
        Dicom.readSeries(ROOT.resolve("ct5n-series")).copyVoxels(), s.volume().copyVoxels());
    MultipleSeriesException e =
        assertThrows(
            MultipleSeriesException.class,
            () ->
                Dicom.readSeriesWithInfo(
                    d, DicomReadOptions.builder().seriesInstanceUid("1.2.3").build()));
    assertTrue(e.getMessage().contains("no series with SeriesInstanceUID 1.2.3"), e.getMessage());
  }

  private Path writeSlices(String name, DicomBytes.Slice... slices) throws IOException {
    Path d = Files.createDirectories(tmp.resolve(name));
    for (int i = 0; i < slices.length; i++) {
      Files.write(d.resolve("s" + i + ".dcm"), slices[i].build());
    }
    return d;
  }

  private static DicomBytes.Slice at(String ipp) {
    DicomBytes.Slice s = new DicomBytes.Slice();
    s.ipp = ipp;
    return s;
  }

  @Test
  void tiltedSlices_refused() throws IOException {
    Path d = writeSlices("tilt", at("0\\0\\0"), at("0\\0.2\\1"), at("0\\0.4\\2"));
    DicomSeriesException e = assertThrows(DicomSeriesException.class, () -> Dicom.readSeries(d));
    assertTrue(
        e.getMessage().contains("tilted slices (gantry tilt about 11.31 degrees)"), e.getMessage());
  }

  @Test
  void nonParallelSlices_refused() throws IOException {
    DicomBytes.Slice b = at("0\\0\\1");
    b.iop = "1\\0\\0\\0\\0.9950042\\0.0998334";
    Path d = writeSlices("nonparallel", at("0\\0\\0"), b);
    DicomSeriesException e = assertThrows(DicomSeriesException.class, () -> Dicom.readSeries(d));
    assertTrue(e.getMessage().contains("slices are not parallel"), e.getMessage());
  }

  @Test
  void duplicatePositions_refused() throws IOException {
    Path d = writeSlices("dup", at("0\\0\\0"), at("0\\0\\1"), at("0\\0\\1"));
    DicomSeriesException e = assertThrows(DicomSeriesException.class, () -> Dicom.readSeries(d));
    assertTrue(e.getMessage().contains("two slices at the same position"), e.getMessage());
  }

  @Test
  void differentSizes_refused() throws IOException {
    DicomBytes.Slice b = at("0\\0\\1");
    b.rows = 3;
    b.cols = 2;
    Path d = writeSlices("sizes", at("0\\0\\0"), b);
    DicomSeriesException e = assertThrows(DicomSeriesException.class, () -> Dicom.readSeries(d));
    assertTrue(e.getMessage().contains("slices differ in size"), e.getMessage());
  }

  @Test
  void missingPosition_refusedInSeries() throws IOException {
    DicomBytes.Slice b = at(null);
    Path d = writeSlices("nopos", at("0\\0\\0"), b);
    DicomSeriesException e = assertThrows(DicomSeriesException.class, () -> Dicom.readSeries(d));
    assertTrue(e.getMessage().contains("missing ImagePositionPatient (0020,0032)"), e.getMessage());
  }

  @Test
  void flippedColumnCosine_normalAlongIncreasingPosition() throws IOException {
    // row (1,0,0), column (0,-1,0): normal (0,0,-1); slices at z = 0, -2, -4 in file order
    DicomBytes.Slice[] s = new DicomBytes.Slice[3];
    for (int k = 0; k < 3; k++) {
      s[k] = at("5\\6\\" + (-2 * k));
      s[k].iop = "1\\0\\0\\0\\-1\\0";
      s[k].pixels16(k, k, k, k, k, k);
      s[k].intercept = "0";
    }
    DicomSeries r = Dicom.readSeriesWithInfo(writeSlices("flip", s[2], s[0], s[1]));
    CtVolume v = r.volume();
    assertArrayEquals(
        new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1}, v.geometry().direction().toRowMajor(), 0);
    assertEquals(0, v.geometry().origin().zMm(), 0);
    assertEquals(2, v.spacing().zMm(), 1e-12);
    assertEquals(0, v.get(0, 0, 0));
    assertEquals(2, v.get(0, 0, 2));
    assertEquals(-4, v.geometry().voxelToWorld(0, 0, 2).zMm(), 1e-12);
    assertEquals(List.of(0.0, 2.0, 4.0), r.slicePositionsMm());
  }

  @Test
  void rescalePerSlice() throws IOException {
    DicomBytes.Slice a = at("0\\0\\0").pixels16(1, 2, 3, 4, 5, 6);
    DicomBytes.Slice b = at("0\\0\\1").pixels16(1, 2, 3, 4, 5, 6);
    a.slope = "2";
    a.intercept = "-10";
    b.slope = "0.5";
    b.intercept = "100";
    CtVolume v = Dicom.readSeries(writeSlices("rescale", a, b));
    assertArrayEquals(
        new float[] {-8, -6, -4, -2, 0, 2, 100.5f, 101, 101.5f, 102, 102.5f, 103}, v.copyVoxels());
  }

  @Test
  void bitsStored12_maskedAndSignExtended() throws IOException {
    // 12 bits stored in 16, high bit 11; the top 4 bits hold garbage (e.g. overlay bits)
    DicomBytes.Slice s = at("0\\0\\0");
    s.bitsStored = 12;
    s.highBit = 11;
    s.intercept = "0";
    s.pixels16(0xF7FF, 0x0800, 0xAFFF, 0x0001, 0x5000, 0x7123);
    CtVolume signed = Dicom.readSeries(writeSlices("s12", s));
    assertArrayEquals(new float[] {2047, -2048, -1, 1, 0, 0x123}, signed.copyVoxels());
    s.pixelRepresentation = 0;
    CtVolume unsigned = Dicom.readSeries(writeSlices("u12", s));
    assertArrayEquals(new float[] {2047, 2048, 4095, 1, 0, 0x123}, unsigned.copyVoxels());
  }

  @Test
  void highBitBelowTop_shifted() throws IOException {
    // 12 bits stored at bits 14..3 (high bit 14): value = (raw >> 3) & 0xFFF
    DicomBytes.Slice s = at("0\\0\\0");
    s.bitsStored = 12;
    s.highBit = 14;
    s.intercept = "0";
    s.pixelRepresentation = 0;
    s.pixels16(5 << 3, 4095 << 3, 0x8007, 0, 0, 0);
    assertArrayEquals(
        new float[] {5, 4095, 0, 0, 0, 0}, Dicom.readSeries(writeSlices("hb", s)).copyVoxels());
  }

  @Test
  void unsigned16_and_8bit() throws IOException {
    DicomBytes.Slice s = at("0\\0\\0").pixels16(0xFFFF, 0x8000, 0, 1, 2, 3);
    s.pixelRepresentation = 0;
    s.intercept = "0";
    assertArrayEquals(
        new float[] {65535, 32768, 0, 1, 2, 3},
        Dicom.readSeries(writeSlices("u16", s)).copyVoxels());
    DicomBytes.Slice e = at("0\\0\\0");
    e.bitsAllocated = 8;
    e.bitsStored = 8;
    e.highBit = 7;
    e.pixelRepresentation = 1;
    e.intercept = "0";
    e.pixels = new byte[] {(byte) 0xFF, (byte) 0x80, 0, 1, 2, 127};
    assertArrayEquals(
        new float[] {-1, -128, 0, 1, 2, 127}, Dicom.readSeries(writeSlices("s8", e)).copyVoxels());
  }

  @Test
  void implicitVrSynthetic_read() throws IOException {
    DicomBytes.Slice s = at("1\\2\\3").pixels16(10, 20, 30, 40, 50, 60);
    s.ts = "1.2.840.10008.1.2";
    DicomSeries r = Dicom.readSeriesWithInfo(writeSlices("impl", s));
    assertArrayEquals(new float[] {-1014, -1004, -994, -984, -974, -964}, r.volume().copyVoxels());
    assertEquals("1.2.840.10008.1.2", r.transferSyntaxUid());
    assertEquals(1.0, r.volume().spacing().zMm(), 0, "single slice: z spacing = SliceThickness");
  }

  @Test
  void singleSliceWithoutThickness_zSpacingOne() throws IOException {
    DicomBytes.Slice s = at("0\\0\\0");
    s.thickness = "";
    DicomSeries r = Dicom.readSeriesWithInfo(writeSlices("thin", s).resolve("s0.dcm"));
    assertEquals(1.0, r.volume().spacing().zMm(), 0);
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("SliceThickness")));
  }

  @Test
  void serviceLoader_findsPluginsAndPicksHighestPriority() {
    List<String> names = Dicom.readers().stream().map(DicomSeriesReader::name).toList();
    assertEquals(List.of("builtin", "test-low"), names);
    assertEquals("builtin", Dicom.reader().name());
  }

  @Test
  void recursive_findsSeriesInSubfolders() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("patient/study/series"));
    for (String f : List.of("2062", "2392", "2693", "3023", "3353")) {
      Files.copy(ROOT.resolve("ct5n-series/" + f), d.resolve(f));
    }
    Path top = tmp.resolve("patient");
    assertThrows(DicomSeriesException.class, () -> Dicom.listSeries(top));
    List<DicomSeriesInfo> list =
        Dicom.listSeries(top, DicomReadOptions.builder().recursive(true).build());
    assertEquals(1, list.size());
    assertEquals(5, list.get(0).sliceCount());
    assertEquals(Optional.of("SmartScore - Gated 0.5 sec"), list.get(0).description());
    assertEquals(
        5,
        Dicom.readSeriesWithInfo(top, DicomReadOptions.builder().recursive(true).build())
            .sliceCount());
  }
}
