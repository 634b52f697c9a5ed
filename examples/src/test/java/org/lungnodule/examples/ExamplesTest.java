package org.lungnodule.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.Spacing;
import org.lungnodule.finetune.SiteComparison;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomSegment;
import org.lungnodule.io.dicom.DicomSegmentation;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;

/** The example programs run and do what their Javadoc says. */
class ExamplesTest {

  @TempDir Path dir;

  @Test
  void readDicom_resamplesTheSeriesItWrote() throws IOException {
    Path series = ReadDicomExample.writeSyntheticSeries(dir);
    ReadDicomExample.Result r = ReadDicomExample.run(series);
    assertEquals(5.0, r.series().volume().spacing().zMm(), 1e-6, "the HB site's 5 mm slices");
    assertEquals(Spacing.isotropic(1.0), r.isotropic().spacing());
    double[] before = r.series().volume().geometry().extentMm();
    double[] after = r.isotropic().geometry().extentMm();
    for (int a = 0; a < 3; a++) {
      assertEquals(before[a], after[a], 1.0, "extent along axis " + a);
    }
    assertTrue(r.lungField().count() > 1000, "a lung field: " + r.lungField().count());
  }

  @Test
  void readCentres_parsesAndNamesBadLines() throws IOException {
    Path csv =
        Files.writeString(
            dir.resolve("c.csv"), "x_mm,y_mm,z_mm,diameter_mm\n-10.5,20,30,8\n1,2,3,4.5\n");
    List<Nodule> n = ScoreNodulesExample.readCentres(csv);
    assertEquals(2, n.size());
    assertEquals("n2", n.get(1).id());
    assertEquals(-10.5, n.get(0).centerMm().xMm());
    Path bad =
        Files.writeString(dir.resolve("bad.csv"), "x_mm,y_mm,z_mm,diameter_mm\n1,2,three,4\n");
    IOException e = assertThrows(IOException.class, () -> ScoreNodulesExample.readCentres(bad));
    assertTrue(e.getMessage().contains("bad.csv: line 2"), e.getMessage());
  }

  @Test
  void segmentToSeg_writesASegThatReadsBackOnTheSeriesGrid() throws IOException {
    Path series = SegmentToSegExample.writeSyntheticSeries(dir);
    NoduleSegmenter seg = SegmentToSegExample.bundledSegmenter(dir);
    Path out = dir.resolve("nodules-seg.dcm");
    // every candidate kept, so that the SEG is written whatever this machine's kernels score
    SegmentToSegExample.Result r = SegmentToSegExample.run(series, seg, 0.0, out);
    assertTrue(r.detections() > 0, "the segmenter returned candidates");
    assertEquals(Optional.of(out), r.seg());
    DicomSegmentation back = r.readBack().orElseThrow();
    assertFalse(back.segments().isEmpty());
    CtVolume ct = Dicom.readSeries(series);
    for (DicomSegment s : back.segments()) {
      assertTrue(s.label().startsWith("nodule "), s.label());
      assertTrue(s.mask().count() > 0, s.label() + " is empty");
      assertEquals(ct.dims(), s.mask().dims(), "on the series' own grid");
    }
  }

  @Test
  void localize_comparesBaselineAndFineTunedOnTheSitesHeldOutPatients() throws IOException {
    SiteComparison c = LocalizeExample.run(dir.resolve("work"), 48, 40, 7);
    assertEquals("HB", c.site());
    SiteComparison.ClassifierComparison cc = c.classification().orElseThrow();
    assertEquals(
        cc.baselineSite().n(), cc.fineTunedSite().n(), "both models scored on the same cases");
    assertTrue(cc.baselineSite().n() >= 10, "a site test set of " + cc.baselineSite().n());
    assertTrue(cc.comparison().delong().isPresent(), "DeLong's test of the two AUCs");
    assertTrue(c.hasControlArm(), "the continued model is trained and compared too");
    assertEquals(cc.baselineSite().n(), cc.continuedSite().orElseThrow().n());
    assertTrue(cc.versusContinued().orElseThrow().delong().isPresent());
    double p = cc.comparison().delong().get().p();
    assertTrue(p >= 0 && p <= 1, "p = " + p);
    // a rerun in the same folder resumes from the saved steps and gives the same numbers
    SiteComparison again = LocalizeExample.run(dir.resolve("work"), 48, 40, 7);
    assertEquals(
        cc.fineTunedSite().auc().value(),
        again.classification().orElseThrow().fineTunedSite().auc().value());
  }
}
