package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
