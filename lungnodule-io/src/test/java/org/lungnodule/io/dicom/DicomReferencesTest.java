package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dicom.readReferences on the pydicom SEG/RTSTRUCT fixtures (dicom/seg) and on a SEG we write, and
 * Dicom.readSeriesFiles against reading the same series from its folder.
 */
class DicomReferencesTest {

  static final String SERIES = "1.2.826.0.1.3680043.8.498.1002";
  static final String FOR = "1.2.826.0.1.3680043.8.498.1003";

  @Test
  void readReferences_rtstruct_framesOfReferenceOnly() throws IOException {
    DicomReferences r = Dicom.readReferences(DicomSegTest.DIR.resolve("rtstruct.dcm"));
    assertTrue(r.isStructureSet());
    assertFalse(r.isSegmentation());
    assertEquals("RTSTRUCT", r.modality());
    assertEquals(List.of(), r.referencedSeriesInstanceUids());
    assertEquals(List.of(FOR), r.referencedFrameOfReferenceUids());
    assertEquals(Optional.of("SEGREF"), r.patientId());
  }

  @Test
  void readReferences_seg_referencedSeries() throws IOException {
    DicomReferences r = Dicom.readReferences(DicomSegTest.DIR.resolve("seg-binary.dcm"));
    assertTrue(r.isSegmentation());
    assertEquals(List.of(SERIES), r.referencedSeriesInstanceUids());
    assertEquals(FOR, r.frameOfReferenceUid());
  }

  @Test
  void readReferences_writtenSeg(@TempDir Path tmp) throws IOException {
    DicomSeries ct = Dicom.readSeriesWithInfo(DicomSegTest.DIR.resolve("ct"));
    Path out = tmp.resolve("seg.dcm");
    DicomSeg.write(out, ct, DicomSegWriterTest.segments(ct));
    DicomReferences r = Dicom.readReferences(out);
    assertTrue(r.isSegmentation());
    assertEquals(List.of(ct.seriesInstanceUid()), r.referencedSeriesInstanceUids());
  }

  @Test
  void readReferences_rtstructNamingItsSeries(@TempDir Path tmp) throws IOException {
    DicomSeries ct = Dicom.readSeriesWithInfo(DicomSegTest.DIR.resolve("ct"));
    Path f = tmp.resolve("rt.dcm");
    RtStructFixture.write(f, ct, true, new RtStructFixture.Roi("box", 2, 5, 3, 7, 1, 4));
    DicomReferences r = Dicom.readReferences(f);
    assertTrue(r.isStructureSet());
    assertEquals(List.of(SERIES), r.referencedSeriesInstanceUids());
    assertEquals(List.of(FOR), r.referencedFrameOfReferenceUids());
    // the fixture's rectangle on voxel edges holds exactly the box's voxels
    RtStructRoi roi = RtStruct.read(f, ct).roi(1).orElseThrow();
    assertEquals("box", roi.name());
    assertEquals(3 * 4 * 3, roi.mask().count());
    assertEquals(new org.lungnodule.core.VoxelBox(2, 3, 1, 5, 7, 4), roi.mask().boundingBox());
  }

  @Test
  void readReferences_ctImage() throws IOException {
    DicomReferences r = Dicom.readReferences(DicomSegTest.DIR.resolve("ct").resolve("IM1"));
    assertFalse(r.isSegmentation() || r.isStructureSet());
    assertEquals(SERIES, r.seriesInstanceUid());
    assertEquals(FOR, r.frameOfReferenceUid());
  }

  @Test
  void readReferences_notDicom(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("a.txt");
    Files.writeString(f, "hello");
    assertThrows(NotDicomException.class, () -> Dicom.readReferences(f));
  }

  @Test
  void readSeriesFiles_equalsFolderRead() throws IOException {
    Path dir = DicomSegTest.DIR.resolve("ct");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = new ArrayList<>(s.sorted().toList());
    }
    java.util.Collections.reverse(files);
    DicomSeries a = Dicom.readSeriesFiles(files, DicomReadOptions.defaults());
    DicomSeries b = Dicom.readSeriesWithInfo(dir);
    assertEquals(b.volume().geometry(), a.volume().geometry());
    assertArrayEquals(b.volume().copyVoxels(), a.volume().copyVoxels());
    assertEquals(b.files(), a.files());
  }

  @Test
  void readSeriesFiles_empty() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Dicom.readSeriesFiles(List.of(), DicomReadOptions.defaults()));
  }

  @Test
  void readSeriesFiles_notDicom(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("a.txt");
    Files.writeString(f, "hello");
    List<Path> files = List.of(DicomSegTest.DIR.resolve("ct").resolve("IM1"), f);
    assertThrows(
        NotDicomException.class, () -> Dicom.readSeriesFiles(files, DicomReadOptions.defaults()));
  }
}
