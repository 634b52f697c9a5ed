package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.metrics.ClassificationMetric;

class SiteComparisonTest {

  private static List<CaseOutcome> scored(String prefix, int n, double separation, long seed) {
    Random r = new Random(seed);
    List<CaseOutcome> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean mal = i % 2 == 0;
      double z = (mal ? separation : -separation) + r.nextGaussian();
      out.add(
          new CaseOutcome.Scored(
              "c" + i,
              prefix + (i / 3),
              mal ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN,
              1 / (1 + Math.exp(-z))));
    }
    return out;
  }

  @Test
  void classifier_betterModelIsImproved() {
    LocalizationResult r =
        new LocalizationResult(
            "classifier",
            "HB",
            scored("p", 200, 1.5, 1),
            scored("p", 300, 0.2, 2),
            scored("p", 300, 1.5, 3),
            Path.of("a"),
            Path.of("b"),
            "");
    SiteComparison c = SiteComparison.of(r, 200, 5, 0.05);
    SiteComparison.ClassifierComparison cc = c.classification().orElseThrow();
    assertTrue(cc.fineTunedSite().auc().value() > cc.baselineSite().auc().value() + 0.2);
    assertEquals(Verdict.IMPROVED, cc.verdicts().get(ClassificationMetric.AUC));
    assertTrue(cc.comparison().delong().orElseThrow().p() < 1e-6);
    assertTrue(cc.baselinePublic().auc().value() > 0.8);
  }

  @Test
  void classifier_sameModelNoChange() {
    List<CaseOutcome> same = scored("p", 100, 1, 4);
    LocalizationResult r =
        new LocalizationResult(
            "classifier", "XZ", same, same, same, Path.of("a"), Path.of("b"), "");
    SiteComparison c = SiteComparison.of(r, 0, 5, 0.05);
    c.classification()
        .orElseThrow()
        .verdicts()
        .values()
        .forEach(v -> assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, v));
  }

  @Test
  void segmenter_wilcoxonAndAsdLowerIsBetter() {
    List<CaseOutcome> base = new ArrayList<>();
    List<CaseOutcome> tuned = new ArrayList<>();
    Random r = new Random(9);
    for (int i = 0; i < 60; i++) {
      double d = 0.4 + 0.1 * r.nextDouble();
      base.add(
          new CaseOutcome.Segmented("n" + i, "p" + i, true, d, d / (2 - d), 1.0 + r.nextDouble()));
      double e = d + 0.15 + 0.02 * r.nextDouble();
      tuned.add(
          new CaseOutcome.Segmented(
              "n" + i, "p" + i, true, e, e / (2 - e), 0.5 + 0.2 * r.nextDouble()));
    }
    LocalizationResult res =
        new LocalizationResult(
            "segmenter", "HB", tuned, base, tuned, Path.of("a"), Path.of("b"), "");
    SiteComparison.SegmenterComparison s =
        SiteComparison.of(res, 0, 1, 0.05).segmentation().orElseThrow();
    assertEquals(Verdict.IMPROVED, s.rows().get("dice").verdict());
    assertEquals(
        Verdict.IMPROVED, s.rows().get("asdMm").verdict(), "a lower ASD is an improvement");
    assertTrue(s.rows().get("dice").rateOfChangePercent() > 20);
    assertEquals(60, s.asdPairs());
  }

  @Test
  void segmenter_diceOfDetectedNodulesLeavesMissesOut() {
    // nodule 0 missed by both, nodule 1 found only after fine-tuning, nodules 2-3 found by both
    List<CaseOutcome> base =
        List.of(
            new CaseOutcome.Segmented("n0", "p0", false, 0, 0, Double.NaN),
            new CaseOutcome.Segmented("n1", "p1", false, 0, 0, Double.NaN),
            new CaseOutcome.Segmented("n2", "p2", true, 0.6, 0.43, 1.0),
            new CaseOutcome.Segmented("n3", "p3", true, 0.5, 0.33, 1.2));
    List<CaseOutcome> tuned =
        List.of(
            new CaseOutcome.Segmented("n0", "p0", false, 0, 0, Double.NaN),
            new CaseOutcome.Segmented("n1", "p1", true, 0.9, 0.82, 0.4),
            new CaseOutcome.Segmented("n2", "p2", true, 0.7, 0.54, 0.8),
            new CaseOutcome.Segmented("n3", "p3", true, 0.8, 0.67, 0.6));
    List<CaseOutcome> pub =
        List.of(
            new CaseOutcome.Segmented("q0", "r0", true, 0.8, 0.67, 0.5),
            new CaseOutcome.Segmented("q1", "r1", false, 0, 0, Double.NaN),
            new CaseOutcome.Segmented("q2", "r2", true, 0.6, 0.43, 0.9));
    LocalizationResult res =
        new LocalizationResult("segmenter", "XZ", pub, base, tuned, Path.of("a"), Path.of("b"), "");
    SiteComparison.SegmenterComparison s =
        SiteComparison.of(res, 0, 1, 0.05).segmentation().orElseThrow();
    SiteComparison.SegmenterComparison.Row all = s.rows().get("dice");
    SiteComparison.SegmenterComparison.Row hit = s.rows().get("diceDetected");
    assertEquals(1.1 / 4, all.baseline(), 1e-12);
    assertEquals(2.4 / 4, all.fineTuned(), 1e-12);
    assertEquals(1.4 / 3, all.publicBaseline(), 1e-12);
    // only n2 and n3 were detected by both; the public mean is over the baseline's public hits
    assertEquals(0.55, hit.baseline(), 1e-12);
    assertEquals(0.75, hit.fineTuned(), 1e-12);
    assertEquals(0.7, hit.publicBaseline(), 1e-12);
    assertEquals(2, s.asdPairs());
  }

  @Test
  void of_unpairedCases() {
    List<CaseOutcome> a = scored("p", 10, 1, 1);
    List<CaseOutcome> b = new ArrayList<>(a.subList(0, 9));
    b.add(new CaseOutcome.Scored("other", "p", NoduleLabel.BENIGN, 0.1));
    LocalizationResult r =
        new LocalizationResult("classifier", "HB", a, a, b, Path.of("a"), Path.of("b"), "");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SiteComparison.of(r, 0, 1, 0.05));
    assertTrue(e.getMessage().contains("c9"), e.getMessage());
  }

  private static LocalizationResult withControl(
      String task,
      List<CaseOutcome> pub,
      List<CaseOutcome> base,
      List<CaseOutcome> tuned,
      List<CaseOutcome> cont) {
    return new LocalizationResult(
        task,
        "HB",
        pub,
        base,
        tuned,
        cont,
        Path.of("a"),
        Path.of("b"),
        java.util.Optional.of(Path.of("c")),
        "");
  }

  @Test
  void localizationHelped_beatsBaselineButNotContinued_isFalse() {
    // training longer on public data alone gives the same gain: the site's data did not help
    LocalizationResult r =
        withControl(
            "classifier",
            scored("p", 200, 1.5, 1),
            scored("p", 300, 0.2, 2),
            scored("p", 300, 1.5, 3),
            scored("p", 300, 1.5, 3));
    SiteComparison c = SiteComparison.of(r, 0, 5, 0.05);
    assertTrue(c.hasControlArm());
    assertEquals("auc", c.primaryMetric());
    assertEquals(Verdict.IMPROVED, c.primaryVerdict());
    assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, c.primaryVerdictVersusContinued().orElseThrow());
    assertFalse(c.localizationHelped());
    SiteComparison.ClassifierComparison cc = c.classification().orElseThrow();
    assertEquals(
        cc.fineTunedSite().auc().value(), cc.continuedSite().orElseThrow().auc().value(), 1e-12);
    assertEquals(1.0, cc.versusContinued().orElseThrow().delong().orElseThrow().p(), 1e-9);
  }

  @Test
  void localizationHelped_beatsBothArms_isTrue() {
    LocalizationResult r =
        withControl(
            "classifier",
            scored("p", 200, 1.5, 1),
            scored("p", 300, 0.2, 2),
            scored("p", 300, 1.5, 3),
            scored("p", 300, 0.3, 4));
    SiteComparison c = SiteComparison.of(r, 0, 5, 0.05);
    assertEquals(Verdict.IMPROVED, c.primaryVerdictVersusContinued().orElseThrow());
    assertTrue(c.localizationHelped());
  }

  @Test
  void localizationHelped_withoutControlArm_isFalse() {
    LocalizationResult r =
        new LocalizationResult(
            "classifier",
            "HB",
            scored("p", 200, 1.5, 1),
            scored("p", 300, 0.2, 2),
            scored("p", 300, 1.5, 3),
            Path.of("a"),
            Path.of("b"),
            "");
    SiteComparison c = SiteComparison.of(r, 0, 5, 0.05);
    assertEquals(Verdict.IMPROVED, c.primaryVerdict());
    assertFalse(c.hasControlArm());
    assertFalse(
        c.localizationHelped(), "a gain without a control arm is not shown to be the site's");
  }

  @Test
  void segmenter_versusContinued_pairsItsOwnDetections() {
    // n0: continued and fine-tuned both detect it; n1: only the fine-tuned model
    List<CaseOutcome> base =
        List.of(
            new CaseOutcome.Segmented("n0", "p0", true, 0.5, 0.33, 1.0),
            new CaseOutcome.Segmented("n1", "p1", false, 0, 0, Double.NaN));
    List<CaseOutcome> tuned =
        List.of(
            new CaseOutcome.Segmented("n0", "p0", true, 0.8, 0.67, 0.5),
            new CaseOutcome.Segmented("n1", "p1", true, 0.6, 0.43, 1.0));
    List<CaseOutcome> cont =
        List.of(
            new CaseOutcome.Segmented("n1", "p1", false, 0, 0, Double.NaN),
            new CaseOutcome.Segmented("n0", "p0", true, 0.7, 0.54, 0.6));
    SiteComparison c =
        SiteComparison.of(withControl("segmenter", base, base, tuned, cont), 0, 1, 0.05);
    SiteComparison.SegmenterComparison g = c.segmentation().orElseThrow();
    assertEquals(0.5, g.continuedDetectionRate().orElseThrow(), 1e-12);
    SiteComparison.SegmenterComparison.Versus dice =
        g.rows().get("dice").versusContinued().orElseThrow();
    assertEquals(0.35, dice.continued(), 1e-12);
    assertEquals(0.7, dice.fineTuned(), 1e-12);
    assertEquals(2, dice.n());
    SiteComparison.SegmenterComparison.Versus hit =
        g.rows().get("diceDetected").versusContinued().orElseThrow();
    assertEquals(1, hit.n());
    assertEquals(0.7, hit.continued(), 1e-12);
    assertEquals(0.8, hit.fineTuned(), 1e-12);
    assertEquals(1, g.rows().get("diceDetected").n());
    // two pairs cannot reach p < 0.05
    assertFalse(c.localizationHelped());
  }

  @Test
  void froc_fromWholeScanOutcomes() {
    // scan A: n1 matched at 0.9, n2 never hit, false positives at 0.8 and 0.3; scan B: n3 at 0.6
    List<CaseOutcome> outs =
        List.of(
            new CaseOutcome.Segmented("A/n1", "p", true, 0.8, 0.67, 0.5, 0.9),
            new CaseOutcome.Segmented("A/n2", "p", false, 0, 0, Double.NaN, Double.NaN),
            new CaseOutcome.FalsePositives("A", "p", List.of(0.8, 0.3)),
            new CaseOutcome.Segmented("B/n3", "q", true, 0.7, 0.54, 0.6, 0.6),
            new CaseOutcome.FalsePositives("B", "q", List.of()));
    org.lungnodule.metrics.Froc.Result f = SiteComparison.froc(outs).orElseThrow();
    assertEquals(2, f.scans());
    assertEquals(3, f.nodules());
    assertEquals(2, f.detectedNodules());
    assertEquals(2, f.falsePositives());
    // at 1, 2 and 4 false positives per scan every mark is in: 2 of 3 nodules
    for (double rate : new double[] {1, 2, 4}) {
      assertEquals(2.0 / 3, f.sensitivities().get(f.fpRates().indexOf(rate)), 1e-12, "" + rate);
    }
    // evaluated around each nodule: no false-positive records, no FROC
    assertTrue(SiteComparison.froc(List.of(outs.get(0))).isEmpty());

    // the comparison carries each arm's FROC and pairs the nodules alone
    LocalizationResult r = withControl("segmenter", outs, outs, outs, outs);
    SiteComparison.SegmenterComparison g =
        SiteComparison.of(r, 0, 1, 0.05).segmentation().orElseThrow();
    assertEquals(3, g.n());
    assertEquals(
        List.of("publicBaseline", "baseline", "continued", "fineTuned"),
        List.copyOf(g.froc().keySet()));
  }

  @Test
  void outcomeFiles_falsePositivesRoundTrip(@org.junit.jupiter.api.io.TempDir Path dir)
      throws java.io.IOException {
    Path f = dir.resolve("o.csv");
    List<CaseOutcome> outs =
        List.of(
            new CaseOutcome.Segmented("s1/n1", "p1", true, 0.8, 0.6667, 0.25, 0.75),
            new CaseOutcome.FalsePositives("s1", "p1", List.of(0.5, 0.125)),
            new CaseOutcome.Segmented("s2/n1", "p2", false, 0, 0, Double.NaN, Double.NaN),
            new CaseOutcome.FalsePositives("s2", "p2", List.of()));
    OutcomeFiles.write(f, outs);
    assertEquals(outs.toString(), OutcomeFiles.read(f).toString());
    // the earlier six-column files still read, without match scores
    java.nio.file.Files.writeString(
        f, "case,patient,detected,dice,iou,asd_mm\ns1/n1,p1,true,0.5,0.33,1.0\n");
    CaseOutcome.Segmented old = (CaseOutcome.Segmented) OutcomeFiles.read(f).get(0);
    assertTrue(old.detected() && Double.isNaN(old.matchScore()));
  }
}
