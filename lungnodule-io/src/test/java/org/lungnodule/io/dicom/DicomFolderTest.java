package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders as hospitals send them: nested, names without extension, other modalities, DICOMDIR. */
class DicomFolderTest {

  @TempDir Path tmp;

  static final Path ROOT = DicomReferenceTest.root();
  static final String CT2_UID = "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2";

  /**
   * patient/DICOMDIR, patient/notes.txt, patient/st1/se1/(ct5n, no extension),
   * patient/st1/se2/(ct2-irregular), patient/st2/mr/MR1 (an MR image), patient/st2/sr (DICOM
   * without pixel data).
   */
  Path hospitalFolder() throws IOException {
    Path top = Files.createDirectories(tmp.resolve("patient"));
    copyAll(ROOT.resolve("ct5n-series"), Files.createDirectories(top.resolve("st1/se1")));
    copyAll(ROOT.resolve("ct2-irregular-series"), Files.createDirectories(top.resolve("st1/se2")));
    Path mr = Files.createDirectories(top.resolve("st2/mr"));
    Files.copy(
        ROOT.resolve("compressed/files/pydicom-MR_small_jpeg_ls_lossless.dcm"), mr.resolve("MR1"));
    DicomBytes sr = DicomBytes.part10("1.2.840.10008.1.2.1");
    sr.str(0x00080060, "CS", "SR");
    Files.write(top.resolve("st2/sr"), sr.bytes());
    DicomBytes dicomdir = DicomBytes.part10("1.2.840.10008.1.2.1");
    dicomdir.str(0x00041130, "CS", "INDEX");
    Files.write(top.resolve("DICOMDIR"), dicomdir.bytes());
    Files.writeString(top.resolve("notes.txt"), "not DICOM\n");
    return top;
  }

  private static void copyAll(Path from, Path to) throws IOException {
    try (var s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }

  @Test
  void scanFolder_listsCtSeriesWithSizes_countsWhatWasSkipped() throws IOException {
    Path top = hospitalFolder();
    DicomFolderContents c =
        Dicom.scanFolder(top, DicomReadOptions.builder().recursive(true).build());
    assertEquals(2, c.series().size(), c.toString());
    DicomSeriesInfo ct5n =
        c.series().stream()
            .filter(i -> i.seriesInstanceUid().equals(DicomSeriesTest.CT5N_UID))
            .findFirst()
            .orElseThrow();
    assertEquals(5, ct5n.sliceCount());
    assertEquals(16, ct5n.columns());
    assertEquals(16, ct5n.rows());
    assertEquals(Optional.of("SmartScore - Gated 0.5 sec"), ct5n.description());
    assertEquals(top.resolve("st1/se1"), ct5n.folder());
    assertTrue(ct5n.summary().contains("(5 slices of 16x16, 'SmartScore"), ct5n.summary());
    assertTrue(c.series().stream().anyMatch(i -> i.seriesInstanceUid().equals(CT2_UID)));
    assertEquals(Map.of("MR", 1), c.skippedModalities());
    assertEquals(1, c.skippedImages());
    assertEquals(1, c.filesWithoutPixelData());
    assertEquals(1, c.dicomdirFiles());
    assertEquals(1, c.nonDicomFiles());
    // listSeries gives the same series
    assertEquals(
        c.series(), Dicom.listSeries(top, DicomReadOptions.builder().recursive(true).build()));
  }

  @Test
  void readSeries_nestedMixedFolder_readsTheChosenCtSeries_warnsWhatWasSkipped()
      throws IOException {
    Path top = hospitalFolder();
    MultipleSeriesException e =
        assertThrows(
            MultipleSeriesException.class,
            () ->
                Dicom.readSeriesWithInfo(top, DicomReadOptions.builder().recursive(true).build()));
    assertEquals(2, e.series().size());
    DicomSeries s =
        Dicom.readSeriesWithInfo(
            top,
            DicomReadOptions.builder()
                .recursive(true)
                .seriesInstanceUid(DicomSeriesTest.CT5N_UID)
                .build());
    assertEquals(5, s.sliceCount());
    assertTrue(
        s.warnings().stream()
            .anyMatch(
                w ->
                    w.contains("1 non-CT image(s) {MR=1}")
                        && w.contains("1 DICOMDIR index file(s)")
                        && w.contains("1 non-DICOM file(s)")),
        s.warnings().toString());
  }

  @Test
  void onlyNonCtImages_refusedSayingWhatWasSkipped() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("mr"));
    Files.copy(
        ROOT.resolve("compressed/files/pydicom-MR_small_jpeg_ls_lossless.dcm"), d.resolve("a"));
    DicomSeriesException e =
        assertThrows(
            DicomSeriesException.class, () -> Dicom.scanFolder(d, DicomReadOptions.defaults()));
    assertTrue(
        e.getMessage()
            .contains(
                "no CT image files in the folder (1 files looked at; skipped 1"
                    + " non-CT image(s) {MR=1})"),
        e.getMessage());
    // a file named on its own is read whatever its modality
    assertEquals(1, Dicom.readSeriesWithInfo(d.resolve("a")).sliceCount());
  }
}
