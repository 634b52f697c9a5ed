package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders with a DICOMDIR made by dcmtk's dcmmkdir over real series (dicom/dicomdir, see its
 * make-dicomdir.sh): the series come from the DICOMDIR's records.
 */
class DicomDirTest {

  static final String CT5N = "1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6";
  static final String CT2 = "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2";

  static Path media() {
    return EnhancedCtTest.enhanced().getParent().resolve("dicomdir/media");
  }

  /** Copies the media folder (DICOMDIR and IMAGES) into {@code dir}. */
  static Path copyMedia(Path dir) throws IOException {
    Path src = media();
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path q = dir.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
    return dir;
  }

  @Test
  void scanFolder_listsTheSeriesOfTheDicomdir() throws IOException {
    DicomFolderContents c = Dicom.scanFolder(media(), DicomReadOptions.defaults());
    assertEquals(media().resolve("DICOMDIR"), c.dicomdir().orElseThrow());
    assertEquals(0, c.dicomdirFiles());
    List<DicomSeriesInfo> s = c.series();
    assertEquals(3, s.size(), s.toString());
    assertEquals(CT5N, s.get(0).seriesInstanceUid());
    assertEquals(5, s.get(0).sliceCount());
    assertEquals(16, s.get(0).columns());
    assertEquals("SmartScore - Gated 0.5 sec", s.get(0).description().orElseThrow());
    assertEquals("98890234", s.get(0).patientId().orElseThrow());
    // the Enhanced CT file: one IMAGE record, five frames
    assertEquals(5, s.get(1).sliceCount());
    assertTrue(s.get(1).description().orElseThrow().startsWith("enhanced "));
    assertEquals(CT2, s.get(2).seriesInstanceUid());
    assertEquals(4, s.get(2).sliceCount());
    assertEquals(
        List.of(CT5N, s.get(1).seriesInstanceUid(), CT2),
        Dicom.listSeries(media()).stream().map(DicomSeriesInfo::seriesInstanceUid).toList());
  }

  @Test
  void scanFolder_opensOnlyTheFirstImageOfASeries(@TempDir Path tmp) throws IOException {
    Path dir = copyMedia(tmp);
    Path broken = dir.resolve("IMAGES/CT5N/3353");
    Files.write(broken, "not an image".getBytes(StandardCharsets.US_ASCII));
    assertEquals(3, Dicom.scanFolder(dir, DicomReadOptions.defaults()).series().size());
    DicomReadOptions ct5n = DicomReadOptions.builder().seriesInstanceUid(CT5N).build();
    NotDicomException e =
        assertThrows(NotDicomException.class, () -> Dicom.readSeriesWithInfo(dir, ct5n));
    assertEquals(broken, e.path());
  }

  @Test
  void readSeries_byUid_equalsTheFolderSeries() throws IOException {
    Path fixtures = EnhancedCtTest.enhanced().getParent();
    DicomSeries expected = Dicom.readSeriesWithInfo(fixtures.resolve("ct5n-series"));
    DicomSeries viaDir =
        Dicom.readSeriesWithInfo(
            media(), DicomReadOptions.builder().seriesInstanceUid(CT5N).build());
    assertArrayEquals(expected.volume().copyVoxels(), viaDir.volume().copyVoxels(), 0f);
    assertEquals(expected.volume().geometry(), viaDir.volume().geometry());
    String enhancedUid = Dicom.listSeries(media()).get(1).seriesInstanceUid();
    DicomSeries enhanced =
        Dicom.readSeriesWithInfo(
            media(), DicomReadOptions.builder().seriesInstanceUid(enhancedUid).build());
    assertArrayEquals(expected.volume().copyVoxels(), enhanced.volume().copyVoxels(), 0f);
  }

  @Test
  void readSeries_severalSeries_listsThem() {
    MultipleSeriesException e =
        assertThrows(MultipleSeriesException.class, () -> Dicom.readSeries(media()));
    assertTrue(e.getMessage().contains("the DICOMDIR lists 3 CT series"), e.getMessage());
    assertEquals(3, e.series().size());
  }

  @Test
  void readSeries_unknownUid() {
    DicomReadOptions opt = DicomReadOptions.builder().seriesInstanceUid("1.2.3").build();
    MultipleSeriesException e =
        assertThrows(MultipleSeriesException.class, () -> Dicom.readSeriesWithInfo(media(), opt));
    assertTrue(e.getMessage().contains("1.2.3"), e.getMessage());
  }

  @Test
  void missingFile_namesTheRecord(@TempDir Path tmp) throws IOException {
    Path dir = copyMedia(tmp);
    Files.delete(dir.resolve("IMAGES/CT2/17136"));
    DicomException e =
        assertThrows(
            DicomException.class, () -> Dicom.scanFolder(dir, DicomReadOptions.defaults()));
    assertTrue(e.getMessage().contains("DICOMDIR record"), e.getMessage());
    assertTrue(e.getMessage().contains("IMAGES\\CT2\\17136"), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertEquals(dir.resolve("DICOMDIR"), e.path());
  }

  @Test
  void fileIdLeavingTheFolder_refused(@TempDir Path tmp) throws IOException {
    Path dir = copyMedia(tmp);
    Path dd = dir.resolve("DICOMDIR");
    byte[] b = Files.readAllBytes(dd);
    // same length, so that every record offset stays valid
    replace(b, "IMAGES\\CT2\\17136", "..\\..\\..\\ETC\\PWD");
    Files.write(dd, b);
    DicomException e = assertThrows(DicomException.class, () -> Dicom.listSeries(dir));
    assertTrue(e.getMessage().contains("leads outside"), e.getMessage());
    assertTrue(e.getMessage().contains("DICOMDIR record"), e.getMessage());
  }

  @Test
  void notADicomdir_typedError(@TempDir Path tmp) throws IOException {
    Path dir = copyMedia(tmp);
    Files.write(dir.resolve("DICOMDIR"), new byte[300]);
    assertThrows(NotDicomException.class, () -> Dicom.listSeries(dir));
  }

  @Test
  void truncatedDicomdir_typedError(@TempDir Path tmp) throws IOException {
    Path dir = copyMedia(tmp);
    Path dd = dir.resolve("DICOMDIR");
    byte[] b = Files.readAllBytes(dd);
    Files.write(dd, java.util.Arrays.copyOf(b, b.length / 2));
    DicomException e = assertThrows(DicomException.class, () -> Dicom.listSeries(dir));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  private static void replace(byte[] b, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.US_ASCII);
    byte[] t = to.getBytes(StandardCharsets.US_ASCII);
    assertEquals(f.length, t.length);
    outer:
    for (int i = 0; i + f.length <= b.length; i++) {
      for (int j = 0; j < f.length; j++) {
        if (b[i + j] != f[j]) {
          continue outer;
        }
      }
      System.arraycopy(t, 0, b, i, t.length);
      return;
    }
    throw new AssertionError(from + " not found");
  }
}
