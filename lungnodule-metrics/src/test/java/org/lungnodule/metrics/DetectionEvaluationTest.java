package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.metrics.Detection.Candidate;
import org.lungnodule.metrics.Detection.Scan;
import org.lungnodule.metrics.Detection.TruthNodule;

class DetectionEvaluationTest {

  private static WorldPoint p(double x) {
    return new WorldPoint(x, 0, 0);
  }

  private static final TruthNodule N10 = new TruthNodule(p(0), 10); // radius 5 mm

  @Test
  void hits_distanceEqualToRadiusIsAMiss() {
    assertTrue(DetectionEvaluation.hits(new Candidate(p(4.999), 1), N10));
    assertFalse(DetectionEvaluation.hits(new Candidate(p(5), 1), N10));
    // 3-4-5 triangle in y and z: distance exactly 5
    assertFalse(DetectionEvaluation.hits(new Candidate(new WorldPoint(0, 3, 4), 1), N10));
    assertTrue(DetectionEvaluation.hits(new Candidate(new WorldPoint(0, 3, 3.99), 1), N10));
  }

  @Test
  void at_thresholdIsInclusive_andSecondHitIsNoFalsePositive() {
    Scan s =
        new Scan(
            "a",
            List.of(
                new Candidate(p(1), 0.5, "maskrcnn"),
                new Candidate(p(-1), 0.9, "blob"),
                new Candidate(p(5), 0.7, "blob")),
            List.of(N10));
    DetectionEvaluation ev = DetectionEvaluation.evaluate(List.of(s));
    DetectionSummary at = ev.at(0.5);
    assertEquals(1, at.detectedNodules());
    assertEquals(3, at.keptDetections());
    assertEquals(1, at.falsePositives(), "only the candidate on the radius is a false positive");
    assertEquals(
        0.9,
        ev.scans().get(0).candidates().get(ev.scans().get(0).nodules().get(0).match()).score());
    DetectionSummary above = ev.at(0.9);
    assertEquals(1, above.detectedNodules(), "score == threshold is kept");
    assertEquals(0, above.falsePositives());
    assertEquals(0, ev.at(Math.nextUp(0.9)).detectedNodules());
  }

  @Test
  void at_perSourceCounts() {
    // nodule A hit by maskrcnn 0.8 and blob 0.6 -> first hit maskrcnn, both hit it
    // nodule B hit by blob 0.7 only; maskrcnn FP 0.9, blob FP 0.3
    Scan s =
        new Scan(
            "a",
            List.of(
                new Candidate(p(0), 0.8, "maskrcnn"),
                new Candidate(p(1), 0.6, "blob"),
                new Candidate(p(50), 0.7, "blob"),
                new Candidate(p(100), 0.9, "maskrcnn"),
                new Candidate(p(200), 0.3, "blob")),
            List.of(N10, new TruthNodule(p(50), 6)));
    DetectionSummary at = DetectionEvaluation.evaluate(List.of(s)).at(0.5);
    DetectionSummary.SourceCounts m = at.bySource().get("maskrcnn");
    DetectionSummary.SourceCounts b = at.bySource().get("blob");
    assertEquals(
        List.of(2, 1, 1, 1),
        List.of(m.detections(), m.nodulesHit(), m.firstHits(), m.falsePositives()));
    assertEquals(
        List.of(2, 2, 1, 0),
        List.of(b.detections(), b.nodulesHit(), b.firstHits(), b.falsePositives()));
    assertEquals(1, at.falsePositives());
    // at 0.65 the blob's 0.6 hit on A no longer counts
    DetectionSummary.SourceCounts b65 =
        DetectionEvaluation.evaluate(List.of(s)).at(0.65).bySource().get("blob");
    assertEquals(1, b65.nodulesHit());
  }

  @Test
  void chooseThreshold_onValidation_appliedToTest() {
    // validation: 2 scans, nodule hits at 0.9 and 0.4, FPs at 0.8, 0.7, 0.6, 0.5, 0.3
    Scan v1 =
        new Scan(
            "v1",
            List.of(
                new Candidate(p(0), 0.9),
                new Candidate(p(100), 0.8),
                new Candidate(p(200), 0.6),
                new Candidate(p(300), 0.3)),
            List.of(N10));
    Scan v2 =
        new Scan(
            "v2",
            List.of(
                new Candidate(p(0), 0.4), new Candidate(p(100), 0.7), new Candidate(p(200), 0.5)),
            List.of(N10));
    // at <= 1 FP/scan (2 FPs in 2 scans): 0.9 TP, 0.8 FP, 0.7 FP -> sensitivity 0.5 from 0.9 on;
    // 0.6 would make 3 FPs. The lowest threshold within the budget: 0.7 (it spends the budget)
    OperatingPoint op = DetectionEvaluation.chooseThreshold(List.of(v1, v2), 1.0);
    assertEquals(0.7, op.threshold());
    assertEquals(0.5, op.choice().orElseThrow().sensitivity());
    assertEquals(1.0, op.choice().orElseThrow().fpPerScan());
    assertTrue(op.origin().contains("2 validation scans"), op.origin());
    // at <= 0 FP/scan: only the 0.9 hit comes before the first FP
    OperatingPoint op0 = DetectionEvaluation.chooseThreshold(List.of(v1, v2), 0.0);
    assertEquals(0.9, op0.threshold());
    assertEquals(0.0, op0.choice().orElseThrow().fpPerScan());
    // at <= 2.5 FP/scan: down to 0.4 there are 4 FPs (0.8 0.7 0.6 0.5) = 2/scan, sensitivity 1;
    // 0.3 would make 2.5 FP/scan, still within: the lowest threshold is 0.3
    OperatingPoint op2 = DetectionEvaluation.chooseThreshold(List.of(v1, v2), 2.5);
    assertEquals(0.3, op2.threshold());
    assertEquals(1.0, op2.choice().orElseThrow().sensitivity());
    assertEquals(2.5, op2.choice().orElseThrow().fpPerScan());
    // test set: one scan, nodule hit at 0.85, an FP at 0.92, a second nodule hit at 0.35
    Scan t =
        new Scan(
            "t1",
            List.of(
                new Candidate(p(1), 0.85),
                new Candidate(p(100), 0.92),
                new Candidate(p(-200), 0.35)),
            List.of(N10, new TruthNodule(p(-200), 2)));
    DetectionSummary at0 = DetectionEvaluation.evaluate(List.of(t)).at(op0);
    assertEquals(0.9, at0.operatingPoint().threshold());
    assertEquals(0, at0.scansThresholdWasChosenOn());
    assertEquals(0.0, at0.sensitivity());
    assertEquals(1.0, at0.fpPerScan());
    assertEquals(op0.origin(), at0.toMap().get("thresholdOrigin"));
    DetectionSummary at = DetectionEvaluation.evaluate(List.of(t)).at(op);
    assertEquals(
        0.5, at.sensitivity(), "0.85 hits the first nodule; 0.35 hits the second but is below 0.7");
    assertEquals(
        2,
        at.detectedNodules() + at.falsePositives(),
        "one nodule found, the 0.92 a false positive");
    assertEquals(1.0, DetectionEvaluation.evaluate(List.of(t)).at(op2).sensitivity());
  }

  @Test
  void chooseThreshold_onTheSameScans_isRecorded() {
    Scan v = new Scan("v", List.of(new Candidate(p(0), 0.9)), List.of(N10));
    DetectionEvaluation ev = DetectionEvaluation.evaluate(List.of(v));
    DetectionSummary at = ev.at(ev.chooseThreshold(2, "test"));
    assertEquals(1, at.scansThresholdWasChosenOn());
    assertTrue(at.toString().contains("optimistic"), at.toString());
  }

  @Test
  void chooseThreshold_nothingWithinBudget_keepsNothing() {
    Scan v =
        new Scan(
            "v", List.of(new Candidate(p(100), 0.9), new Candidate(p(200), 0.9)), List.of(N10));
    OperatingPoint op = DetectionEvaluation.chooseThreshold(List.of(v), 1);
    assertTrue(op.threshold() > 0.9);
    assertEquals(0, DetectionEvaluation.evaluate(List.of(v)).at(op).keptDetections());
  }

  /** A 1 mm grid of 20³; a cube [from, to)³ cut to the box [from - 1, to + 1)³ (a crop). */
  private static Mask cubeCrop(int from, int to) {
    VolumeGeometry g = VolumeGeometry.of(new Dims(20, 20, 20), new Spacing(1, 1, 1));
    VoxelBox box = new VoxelBox(from - 1, from - 1, from - 1, to + 1, to + 1, to + 1);
    VolumeGeometry c = g.crop(box);
    byte[] b = new byte[c.dims().voxelCount()];
    for (int k = 1; k < c.dims().nz() - 1; k++) {
      for (int j = 1; j < c.dims().ny() - 1; j++) {
        for (int i = 1; i < c.dims().nx() - 1; i++) {
          b[c.dims().index(i, j, k)] = 1;
        }
      }
    }
    return Mask.wrap(c, b);
  }

  @Test
  void at_diceOfTheMatch_onCropsOfOneGrid() {
    // truth: the 4³ cube [1, 5); its match: the 2³ cube [2, 4) -> Dice 2*8/(64+8) = 2/9, IoU 1/8;
    // a lower-scoring hit with the truth's own mask is not the match
    WorldPoint c = new WorldPoint(3, 3, 3);
    Scan s =
        new Scan(
            "a",
            List.of(
                new Candidate(c, 0.9).withMask(cubeCrop(2, 4)),
                new Candidate(c, 0.8).withMask(cubeCrop(1, 5))),
            List.of(new TruthNodule(c, 4).withMask(cubeCrop(1, 5))));
    DetectionSummary at = DetectionEvaluation.evaluate(List.of(s)).at(0.5);
    assertEquals(1, at.hitSegmentations().size());
    assertEquals(2.0 / 9, at.segmentation().meanDice(), 1e-12);
    assertEquals(1.0 / 8, at.segmentation().meanIou(), 1e-12);
    assertEquals(2.0 / 9, (double) at.toMap().get("dice"), 1e-12);
    // the same on whole grids
    Mask whole =
        Mask.wrap(VolumeGeometry.of(new Dims(20, 20, 20), new Spacing(1, 1, 1)), new byte[8000]);
    assertEquals(
        SegmentationMetrics.evaluate(paste(cubeCrop(2, 4), whole), paste(cubeCrop(1, 5), whole)),
        at.hitSegmentations().get(0));
  }

  private static Mask paste(Mask crop, Mask whole) {
    byte[] b = whole.copyLabels();
    int o = (int) Math.round(crop.geometry().origin().xMm()); // same offset on each axis here
    Dims d = crop.dims();
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          b[whole.dims().index(i + o, j + o, k + o)] = (byte) crop.get(i, j, k);
        }
      }
    }
    return Mask.wrap(whole.geometry(), b);
  }

  @Test
  void match_masksOffTheLattice() {
    Mask m = cubeCrop(2, 4);
    Mask shifted =
        Mask.wrap(
            new VolumeGeometry(
                m.dims(),
                m.geometry().spacing(),
                new WorldPoint(1.5, 1, 1),
                m.geometry().direction()),
            m.copyLabels());
    Scan s =
        new Scan(
            "s9",
            List.of(new Candidate(p(3), 1).withMask(shifted)),
            List.of(new TruthNodule(p(3), 4).withMask(m)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DetectionEvaluation.evaluate(List.of(s)));
    assertTrue(e.getMessage().contains("s9") && e.getMessage().contains("lattice"), e.getMessage());
  }

  @Test
  void labelMasks_cropsEachLabel() {
    byte[] b = new byte[1000];
    VolumeGeometry g = VolumeGeometry.of(new Dims(10, 10, 10), new Spacing(1, 1, 2));
    b[g.dims().index(1, 2, 3)] = 1;
    b[g.dims().index(2, 2, 3)] = 1;
    b[g.dims().index(7, 8, 9)] = 3;
    Map<Integer, Mask> m = Detection.labelMasks(Mask.wrap(g, b));
    assertEquals(List.of(1, 3), List.copyOf(m.keySet()));
    assertEquals(new Dims(2, 1, 1), m.get(1).dims());
    assertEquals(new WorldPoint(1, 2, 6), m.get(1).geometry().origin());
    assertEquals(1, m.get(3).count());
    assertEquals(1, m.get(3).get(0, 0, 0));
  }

  @Test
  void evaluate_badInput() {
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> DetectionEvaluation.evaluate(List.of()));
    assertTrue(none.getMessage().contains("at least one scan"), none.getMessage());
    Scan a = new Scan("a", List.of(), List.of(N10));
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class, () -> DetectionEvaluation.evaluate(List.of(a, a)));
    assertTrue(twice.getMessage().contains("'a' twice"), twice.getMessage());
    IllegalArgumentException noNodule =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DetectionEvaluation.evaluate(List.of(new Scan("b", List.of(), List.of()))).at(0.5));
    assertTrue(noNodule.getMessage().contains("reference nodule"), noNodule.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> DetectionEvaluation.chooseThreshold(List.of(a), -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> DetectionEvaluation.chooseThreshold(List.of(a), Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Candidate(p(0), 0.5, " "));
    assertThrows(IllegalArgumentException.class, () -> new Scan(" ", List.of(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> OperatingPoint.fixed(Double.NaN, "x"));
    assertThrows(IllegalArgumentException.class, () -> OperatingPoint.fixed(0.5, ""));
  }

  // ---- cross-check against make_detection_reference.py (numpy, LUNA16 logic) ----

  private static final Spacing REF_SPACING = new Spacing(0.8, 0.8, 1.5);
  private static final VolumeGeometry REF_GRID =
      VolumeGeometry.of(new Dims(400, 400, 200), REF_SPACING);

  /** The voxels whose centres lie within r of c, on the reference grid, cut to their box. */
  private static Mask ball(WorldPoint c, double r) {
    double[] s = {REF_SPACING.xMm(), REF_SPACING.yMm(), REF_SPACING.zMm()};
    double[] cc = {c.xMm(), c.yMm(), c.zMm()};
    int[] lo = new int[3];
    int[] hi = new int[3];
    for (int a = 0; a < 3; a++) {
      lo[a] = (int) Math.floor((cc[a] - r) / s[a]) - 1;
      hi[a] = (int) Math.ceil((cc[a] + r) / s[a]) + 2;
    }
    VolumeGeometry g = REF_GRID.crop(new VoxelBox(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]));
    byte[] b = new byte[g.dims().voxelCount()];
    for (int k = lo[2]; k < hi[2]; k++) {
      for (int j = lo[1]; j < hi[1]; j++) {
        for (int i = lo[0]; i < hi[0]; i++) {
          double dx = i * s[0] - cc[0];
          double dy = j * s[1] - cc[1];
          double dz = k * s[2] - cc[2];
          if (dx * dx + dy * dy + dz * dz <= r * r) {
            b[g.dims().index(i - lo[0], j - lo[1], k - lo[2])] = 1;
          }
        }
      }
    }
    return Mask.wrap(g, b);
  }

  private static List<Scan> referenceScans(int from, int to) {
    List<Map<String, String>> rows = Resources.table("detection_scans.csv", 0);
    List<Scan> out = new ArrayList<>();
    for (int s = from; s < to; s++) {
      List<Candidate> cs = new ArrayList<>();
      List<TruthNodule> ns = new ArrayList<>();
      for (Map<String, String> r : rows) {
        if (Integer.parseInt(r.get("scan")) != s) {
          continue;
        }
        WorldPoint c =
            new WorldPoint(
                Double.parseDouble(r.get("x")),
                Double.parseDouble(r.get("y")),
                Double.parseDouble(r.get("z")));
        double size = Double.parseDouble(r.get("size"));
        if (r.get("kind").equals("nodule")) {
          ns.add(new TruthNodule(c, size).withMask(ball(c, size / 2)));
        } else {
          cs.add(
              new Candidate(c, Double.parseDouble(r.get("score")), r.get("source"))
                  .withMask(ball(c, size)));
        }
      }
      out.add(new Scan(Integer.toString(s), cs, ns));
    }
    return out;
  }

  @Test
  void evaluate_matchesNumpyLuna16Reference() {
    Map<String, Double> ref = new java.util.HashMap<>();
    for (Map<String, String> r : Resources.table("detection_reference.tsv", 0)) {
      ref.put(r.get("name"), Double.parseDouble(r.get("value")));
    }
    List<Scan> validation = referenceScans(0, 10);
    List<Scan> test = referenceScans(10, 20);
    OperatingPoint op = DetectionEvaluation.chooseThreshold(validation, 2.0);
    assertEquals(ref.get("threshold"), op.threshold(), 1e-12);
    assertEquals(ref.get("valSensitivity"), op.choice().orElseThrow().sensitivity(), 1e-12);
    assertEquals(ref.get("valFpPerScan"), op.choice().orElseThrow().fpPerScan(), 1e-12);
    assertEquals(ref.get("valCpm"), DetectionEvaluation.evaluate(validation).froc().cpm(), 1e-12);
    for (int budget : new int[] {1, 3, 4}) {
      OperatingPoint ob = DetectionEvaluation.chooseThreshold(validation, budget);
      assertEquals(ref.get("valThresholdAt" + budget), ob.threshold(), 1e-12, "budget " + budget);
      assertEquals(
          ref.get("valFpPerScanAt" + budget),
          ob.choice().orElseThrow().fpPerScan(),
          1e-12,
          "budget " + budget);
    }
    DetectionEvaluation ev = DetectionEvaluation.evaluate(test);
    DetectionSummary at = ev.at(op);
    assertEquals(ref.get("testNodules").intValue(), at.nodules());
    assertEquals(ref.get("testDetected").intValue(), at.detectedNodules());
    assertEquals(ref.get("testFalsePositives").intValue(), at.falsePositives());
    assertEquals(ref.get("testKept").intValue(), at.keptDetections());
    Froc.Result froc = ev.froc();
    for (int i = 0; i < 7; i++) {
      assertEquals(
          ref.get("testS" + i),
          froc.sensitivities().get(i),
          1e-12,
          "rate " + froc.fpRates().get(i));
    }
    assertEquals(ref.get("testCpm"), froc.cpm(), 1e-12);
    assertEquals(4, at.bySize().size());
    int sumNodules = 0;
    for (int b = 0; b < 4; b++) {
      DetectionSummary.SizeCounts sc = at.bySize().get(b);
      assertEquals(ref.get("size" + b + "Nodules").intValue(), sc.nodules(), sc.range());
      assertEquals(ref.get("size" + b + "Detected").intValue(), sc.detected(), sc.range());
      sumNodules += sc.nodules();
    }
    assertEquals(at.nodules(), sumNodules);
    assertEquals(
        List.of("<6 mm", "6-10 mm", "10-20 mm", ">=20 mm"),
        at.bySize().stream().map(DetectionSummary.SizeCounts::range).toList());
    for (String src : List.of("blob", "maskrcnn")) {
      DetectionSummary.SourceCounts c = at.bySource().get(src);
      assertEquals(ref.get(src + "Detections").intValue(), c.detections(), src);
      assertEquals(ref.get(src + "FalsePositives").intValue(), c.falsePositives(), src);
      assertEquals(ref.get(src + "NodulesHit").intValue(), c.nodulesHit(), src);
      assertEquals(ref.get(src + "FirstHits").intValue(), c.firstHits(), src);
    }
    assertEquals(at.detectedNodules(), at.hitSegmentations().size());
    assertEquals(ref.get("meanDice"), at.segmentation().meanDice(), 1e-12);
    assertEquals(ref.get("meanIou"), at.segmentation().meanIou(), 1e-12);
  }
}
