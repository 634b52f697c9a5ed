package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;

/**
 * The SEG writer: read back by our reader into the same masks, the same bytes for the same input,
 * and the committed {@code dicom/seg/written/seg-written.dcm} (checked once by dciodvfy and
 * pydicom, see check-written-seg.sh) is what the writer produces.
 */
class DicomSegWriterTest {

  static final Path WRITTEN = DicomSegTest.DIR.resolve("written").resolve("seg-written.dcm");

  /** The segments written into the committed file: the two of seg-binary.dcm, relabelled. */
  static List<SegmentToWrite> segments(DicomSeries ct) throws IOException {
    DicomSegmentation ref = DicomSeg.read(DicomSegTest.DIR.resolve("seg-binary.dcm"), ct);
    return List.of(
        new SegmentToWrite(
            "nodule 1", Optional.of("score 0.93"), ref.segment(1).orElseThrow().mask()),
        new SegmentToWrite(
            "nodule 2", Optional.of("score 0.61"), ref.segment(2).orElseThrow().mask()));
  }

  /** Writes the committed file: {@code main(<path of seg-written.dcm>)}. */
  public static void main(String[] args) throws IOException {
    DicomSeries ct = Dicom.readSeriesWithInfo(DicomSegTest.DIR.resolve("ct"));
    DicomSeg.write(Path.of(args[0]), ct, segments(ct));
  }

  @Test
  void write_readsBackIntoTheSameMasks(@TempDir Path tmp) throws IOException {
    DicomSeries ct = Dicom.readSeriesWithInfo(DicomSegTest.DIR.resolve("ct"));
    List<SegmentToWrite> in = segments(ct);
    Path out = tmp.resolve("seg.dcm");
    String uid = DicomSeg.write(out, ct, in);
    DicomSegmentation back = DicomSeg.read(out, ct);
    assertEquals(uid, back.sopInstanceUid());
    assertEquals(Optional.of(ct.seriesInstanceUid()), back.referencedSeriesInstanceUid());
    assertEquals(2, back.segments().size());
    for (int s = 0; s < 2; s++) {
      DicomSegment got = back.segments().get(s);
      assertEquals(s + 1, got.number());
      assertEquals(in.get(s).label(), got.label());
      assertEquals(in.get(s).description(), got.description());
      assertEquals("AUTOMATIC", got.algorithmType());
      assertArrayEquals(in.get(s).mask().copyLabels(), got.mask().copyLabels());
    }
    // placed by position alone, too
    DicomSegmentation byGrid = DicomSeg.read(out, ct.volume().geometry());
    assertArrayEquals(in.get(1).mask().copyLabels(), byGrid.segments().get(1).mask().copyLabels());
  }

  @Test
  void write_isDeterministic_andMatchesCommittedFile(@TempDir Path tmp) throws IOException {
    DicomSeries ct = Dicom.readSeriesWithInfo(DicomSegTest.DIR.resolve("ct"));
    Path a = tmp.resolve("a.dcm");
    Path b = tmp.resolve("b.dcm");
    DicomSeg.write(a, ct, segments(ct));
    DicomSeg.write(b, ct, segments(ct));
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    DicomFileInfo written = Dicom.readFileInfo(a);
    DicomFileInfo committed = Dicom.readFileInfo(WRITTEN);
    assertEquals("SEG", written.modality());
    assertEquals(committed.sopInstanceUid(), written.sopInstanceUid());
    assertEquals(Files.size(WRITTEN), Files.size(a));
  }

  @Test
  void write_maskOnAnotherGrid(@TempDir Path tmp) throws IOException {
    DicomSeries ct = Dicom.readSeriesWithInfo(DicomSegTest.DIR.resolve("ct"));
    VolumeGeometry g = ct.volume().geometry();
    Mask other =
        Mask.empty(new VolumeGeometry(g.dims(), Spacing.isotropic(1), g.origin(), g.direction()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DicomSeg.write(tmp.resolve("x.dcm"), ct, List.of(new SegmentToWrite("a", other))));
    assertTrue(e.getMessage().contains("not on the source series' grid"), e.getMessage());
  }

  @Test
  void write_allEmpty(@TempDir Path tmp) throws IOException {
    DicomSeries ct = Dicom.readSeriesWithInfo(DicomSegTest.DIR.resolve("ct"));
    Path out = tmp.resolve("x.dcm");
    Mask empty = Mask.empty(ct.volume().geometry());
    assertThrows(
        IllegalArgumentException.class,
        () -> DicomSeg.write(out, ct, List.of(new SegmentToWrite("a", empty))));
    assertTrue(Files.notExists(out));
  }

  @Test
  void segmentToWrite_badLabel() {
    Mask m =
        Mask.empty(VolumeGeometry.of(new org.lungnodule.core.Dims(2, 2, 1), Spacing.isotropic(1)));
    assertThrows(IllegalArgumentException.class, () -> new SegmentToWrite("", m));
    assertThrows(IllegalArgumentException.class, () -> new SegmentToWrite("a\\b", m));
    assertThrows(IllegalArgumentException.class, () -> new SegmentToWrite("x".repeat(65), m));
  }
}
