package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.VolumeGeometry;

/**
 * Enhanced CT files made by pydicom, dcmtk and GDCM from a real single-frame series
 * (dicom/enhanced, see its README) read into the same volume as that series.
 */
class EnhancedCtTest {

  static Path enhanced() {
    try {
      return Path.of(EnhancedCtTest.class.getResource("/dicom/enhanced/README.md").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path series(String name) {
    return enhanced().getParent().resolve(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "enhanced-ct5n.dcm",
        "enhanced-ct5n-implicit.dcm",
        "enhanced-ct5n-jpegll-dcmtk.dcm",
        "enhanced-ct5n-jpegll-gdcm.dcm",
        "enhanced-ct5n-rle.dcm",
        "legacy-ct5n.dcm"
      })
  void enhancedFile_equalsSingleFrameSeries(String name) throws IOException {
    DicomSeries single = Dicom.readSeriesWithInfo(series("ct5n-series"));
    DicomSeries multi = Dicom.readSeriesWithInfo(enhanced().resolve("files").resolve(name));
    CtVolume a = single.volume();
    CtVolume b = multi.volume();
    assertEquals(a.dims(), b.dims());
    assertEquals(5, b.dims().nz());
    assertGeometry(a.geometry(), b.geometry());
    assertArrayEquals(a.copyVoxels(), b.copyVoxels(), 0f, name);
    for (int k = 0; k < 5; k++) {
      assertEquals(
          single.slicePositionsMm().get(k), multi.slicePositionsMm().get(k), 1e-6, "slice " + k);
    }
    assertEquals(5, multi.files().size());
    assertTrue(multi.warnings().isEmpty(), multi.warnings().toString());
  }

  private static void assertGeometry(VolumeGeometry a, VolumeGeometry b) {
    assertEquals(a.spacing().xMm(), b.spacing().xMm(), 1e-6);
    assertEquals(a.spacing().yMm(), b.spacing().yMm(), 1e-6);
    assertEquals(a.spacing().zMm(), b.spacing().zMm(), 1e-6);
    assertEquals(a.origin().xMm(), b.origin().xMm(), 1e-6);
    assertEquals(a.origin().yMm(), b.origin().yMm(), 1e-6);
    assertEquals(a.origin().zMm(), b.origin().zMm(), 1e-6);
    assertArrayEquals(a.direction().toRowMajor(), b.direction().toRowMajor(), 1e-6);
  }

  @Test
  void enhancedIrregular_refusedLikeItsSlices() {
    SliceSpacingException s =
        assertThrows(
            SliceSpacingException.class, () -> Dicom.readSeries(series("ct2-irregular-series")));
    SliceSpacingException m =
        assertThrows(
            SliceSpacingException.class,
            () -> Dicom.readSeries(enhanced().resolve("files/enhanced-ct2-irregular.dcm")));
    assertTrue(m.getMessage().contains("enhanced-ct2-irregular.dcm frame"), m.getMessage());
    assertEquals(s.getClass(), m.getClass());
  }

  @Test
  void enhancedIrregular_toleratedWhenAllowed() throws IOException {
    DicomReadOptions opt = DicomReadOptions.builder().allowIrregularSpacing(true).build();
    DicomSeries s = Dicom.readSeriesWithInfo(series("ct2-irregular-series"), opt);
    DicomSeries m =
        Dicom.readSeriesWithInfo(enhanced().resolve("files/enhanced-ct2-irregular.dcm"), opt);
    assertArrayEquals(s.volume().copyVoxels(), m.volume().copyVoxels(), 0f);
    assertGeometry(s.volume().geometry(), m.volume().geometry());
  }

  @Test
  void nativePixelData_frameCountMismatch() {
    Path bad = enhanced().resolve("bad/frames-6-pixels-5.dcm");
    DicomException e = assertThrows(DicomException.class, () -> Dicom.readSeries(bad));
    assertTrue(e.getMessage().contains("frames-6-pixels-5.dcm"), e.getMessage());
    assertTrue(e.getMessage().contains("frame count mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains("room for 5 frames"), e.getMessage());
  }

  @Test
  void encapsulatedPixelData_frameCountMismatch() {
    Path bad = enhanced().resolve("bad/jpeg-frames-4-offsets-5.dcm");
    DicomException e = assertThrows(DicomException.class, () -> Dicom.readSeries(bad));
    assertTrue(e.getMessage().contains("jpeg-frames-4-offsets-5.dcm"), e.getMessage());
    assertTrue(e.getMessage().contains("frame count mismatch"), e.getMessage());
  }

  @Test
  void listSeries_countsFrames(@TempDir Path dir) throws IOException {
    Files.copy(enhanced().resolve("files/enhanced-ct5n-rle.dcm"), dir.resolve("IM1"));
    List<DicomSeriesInfo> infos = Dicom.listSeries(dir);
    assertEquals(1, infos.size());
    assertEquals(5, infos.get(0).sliceCount());
    assertEquals(16, infos.get(0).columns());
  }

  @Test
  void budget_refusesDeclaredFrames() {
    org.lungnodule.core.MemoryBudget.setLimit(4096);
    try {
      DicomException e =
          assertThrows(
              DicomException.class,
              () -> Dicom.readSeries(enhanced().resolve("files/enhanced-ct5n.dcm")));
      assertTrue(e.getMessage().contains("5 frames of 16x16"), e.getMessage());
    } finally {
      org.lungnodule.core.MemoryBudget.clearLimit();
    }
  }
}
