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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * DICOM SEG and RTSTRUCT against reference files built by pydicom ({@code dicom/seg}, see
 * make-seg-reference.py): voxel counts, per-slice counts and centroids must match what numpy
 * computed from the masks the files were made from.
 */
class DicomSegTest {

  static final Path DIR = DicomReferenceTest.root().resolve("seg");

  static DicomSeries ct;
  static Map<String, Object> expected;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    ct = Dicom.readSeriesWithInfo(DIR.resolve("ct"));
    expected =
        (Map<String, Object>)
            MiniJson.parse(Files.readString(DIR.resolve("expected.json"), StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> exp(String file, String group, String key) {
    return (Map<String, Object>)
        ((Map<String, Object>) ((Map<String, Object>) expected.get(file)).get(group)).get(key);
  }

  @SuppressWarnings("unchecked")
  static void assertMatches(Map<String, Object> e, Mask m, String what) {
    assertEquals(((Number) e.get("voxels")).longValue(), m.count(), what + " voxels");
    List<Object> per = (List<Object>) e.get("perSlice");
    int slice = m.dims().sliceSize();
    for (int k = 0; k < per.size(); k++) {
      int n = 0;
      for (int i = 0; i < slice; i++) {
        n += m.get(k * slice + i) != 0 ? 1 : 0;
      }
      assertEquals(((Number) per.get(k)).intValue(), n, what + " voxels on slice " + k);
    }
    List<Object> c = (List<Object>) e.get("centroidMm");
    WorldPoint w = m.centroidMm().orElseThrow();
    assertEquals(((Number) c.get(0)).doubleValue(), w.xMm(), 1e-3, what + " centroid x");
    assertEquals(((Number) c.get(1)).doubleValue(), w.yMm(), 1e-3, what + " centroid y");
    assertEquals(((Number) c.get(2)).doubleValue(), w.zMm(), 1e-3, what + " centroid z");
  }

  @Test
  void binarySeg_matchesPydicomReference() throws IOException {
    DicomSegmentation s = DicomSeg.read(DIR.resolve("seg-binary.dcm"), ct);
    assertEquals("BINARY", s.segmentationType());
    assertEquals(Optional.of(ct.seriesInstanceUid()), s.referencedSeriesInstanceUid());
    assertEquals(2, s.segments().size());
    DicomSegment a = s.segment(1).orElseThrow();
    DicomSegment b = s.segment(2).orElseThrow();
    assertEquals("ellipsoid", a.label());
    assertEquals("box", b.label());
    assertEquals(Optional.of("reference box"), b.description());
    assertEquals("MANUAL", a.algorithmType());
    assertMatches(exp("seg-binary.dcm", "segments", "1"), a.mask(), "segment 1");
    assertMatches(exp("seg-binary.dcm", "segments", "2"), b.mask(), "segment 2");
    assertTrue(a.mask().geometry().sameGrid(ct.volume().geometry(), 0));
  }

  @Test
  void fractionalSeg_byPosition_thresholdAtHalf() throws IOException {
    DicomSegmentation s = DicomSeg.read(DIR.resolve("seg-fractional.dcm"), ct);
    assertEquals("FRACTIONAL", s.segmentationType());
    DicomSegment seg = s.segment(7).orElseThrow();
    assertEquals("soft spot", seg.label());
    assertMatches(exp("seg-fractional.dcm", "segments", "7"), seg.mask(), "segment 7");
    DicomSegmentation byGrid =
        DicomSeg.read(DIR.resolve("seg-fractional.dcm"), ct.volume().geometry());
    assertArrayEquals(seg.mask().copyLabels(), byGrid.segments().get(0).mask().copyLabels());
  }

  @Test
  void rtstruct_matchesReference_withHole() throws IOException {
    RtStructureSet rs = RtStruct.read(DIR.resolve("rtstruct.dcm"), ct);
    assertEquals("REFERENCE", rs.label());
    assertEquals(2, rs.rois().size());
    RtStructRoi ring = rs.roi(1).orElseThrow();
    assertEquals("ring", ring.name());
    assertEquals(4, ring.contourCount());
    assertMatches(exp("rtstruct.dcm", "rois", "1"), ring.mask(), "ring");
    assertMatches(exp("rtstruct.dcm", "rois", "2"), rs.roi(2).orElseThrow().mask(), "triangle");
    assertTrue(rs.warnings().isEmpty(), rs.warnings().toString());
  }

  @Test
  void rtstruct_contourOffPlane() {
    Path f = DIR.resolve("rtstruct-off-plane.dcm");
    DicomReferenceException e =
        assertThrows(DicomReferenceException.class, () -> RtStruct.read(f, ct));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("ROI 3 'tilted' contour 1"), e.getMessage());
    assertTrue(e.getMessage().contains("contour off the image plane"), e.getMessage());
  }

  @Test
  void rtstruct_contourOutsideTheSlices() {
    VolumeGeometry g = ct.volume().geometry();
    VolumeGeometry two = g.withDims(new org.lungnodule.core.Dims(g.dims().nx(), g.dims().ny(), 2));
    DicomReferenceException e =
        assertThrows(
            DicomReferenceException.class, () -> RtStruct.read(DIR.resolve("rtstruct.dcm"), two));
    assertTrue(e.getMessage().contains("ROI 1 'ring' contour 3"), e.getMessage());
  }

  @Test
  void seg_referencingAnotherSeries(@TempDir Path tmp) throws IOException {
    Path other = tmp.resolve("other");
    Dicom.writeSeries(ct.volume(), other);
    DicomSeries s = Dicom.readSeriesWithInfo(other);
    Path f = DIR.resolve("seg-binary.dcm");
    DicomReferenceException e =
        assertThrows(DicomReferenceException.class, () -> DicomSeg.read(f, s));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not the given series"), e.getMessage());
  }

  @Test
  void seg_frameCountMismatch(@TempDir Path tmp) throws IOException {
    byte[] b = Files.readAllBytes(DIR.resolve("seg-binary.dcm"));
    // NumberOfFrames (0028,0008) IS "5 " -> "6 "
    byte[] tag = {0x28, 0, 0x08, 0, 'I', 'S', 2, 0, '5'};
    int at = indexOf(b, tag);
    assertTrue(at > 0);
    b[at + 8] = '6';
    Path f = tmp.resolve("bad.dcm");
    Files.write(f, b);
    DicomException e = assertThrows(DicomException.class, () -> DicomSeg.read(f, ct));
    assertTrue(e.getMessage().contains("frame count mismatch"), e.getMessage());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void seg_truncated(@TempDir Path tmp) throws IOException {
    byte[] b = Files.readAllBytes(DIR.resolve("seg-binary.dcm"));
    for (int cut : new int[] {200, 700, 1500, b.length - 3}) {
      Path f = tmp.resolve("cut" + cut + ".dcm");
      Files.write(f, java.util.Arrays.copyOf(b, cut));
      DicomException e =
          assertThrows(DicomException.class, () -> DicomSeg.read(f, ct), "cut " + cut);
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
  }

  @Test
  void rtstruct_truncated(@TempDir Path tmp) throws IOException {
    byte[] b = Files.readAllBytes(DIR.resolve("rtstruct.dcm"));
    for (int cut : new int[] {300, 900, b.length - 5}) {
      Path f = tmp.resolve("cut" + cut + ".dcm");
      Files.write(f, java.util.Arrays.copyOf(b, cut));
      DicomException e =
          assertThrows(DicomException.class, () -> RtStruct.read(f, ct), "cut " + cut);
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
  }

  @Test
  void seg_notASegmentation() {
    Path f = ct.files().get(0);
    DicomException e = assertThrows(DicomException.class, () -> DicomSeg.read(f, ct));
    assertTrue(e.getMessage().contains("not a DICOM Segmentation"), e.getMessage());
    assertThrows(DicomException.class, () -> RtStruct.read(f, ct));
  }

  static int indexOf(byte[] b, byte[] p) {
    outer:
    for (int i = 0; i + p.length <= b.length; i++) {
      for (int q = 0; q < p.length; q++) {
        if (b[i + q] != p[q]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
