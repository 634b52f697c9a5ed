package org.lungnodule.finetune.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.metrics.DetectionEvaluation;
import org.lungnodule.metrics.OperatingPoint;

class SegmenterEvaluationTest {

  private static final VolumeGeometry G =
      VolumeGeometry.of(new Dims(10, 10, 10), new Spacing(1, 1, 1));

  /** A 10³ mask with label {@code label} on the cube [from, to)³. */
  private static Mask cube(int from, int to, int label) {
    byte[] b = new byte[1000];
    for (int k = from; k < to; k++) {
      for (int j = from; j < to; j++) {
        for (int i = from; i < to; i++) {
          b[(k * 10 + j) * 10 + i] = (byte) label;
        }
      }
    }
    return Mask.wrap(G, b);
  }

  private static final Nodule TRUTH =
      Nodule.of("n1", new WorldPoint(3, 3, 3), 4, NoduleLabel.UNKNOWN);

  @Test
  void evaluate_hitMeasuresItsMask() {
    // truth: the 4³ cube [1, 5); prediction: the 2³ cube [2, 4) -> Dice 2*8/(64+8) = 2/9, IoU 8/64
    List<SegmenterEvaluation.Detected> dets =
        List.of(new SegmenterEvaluation.Detected(1, 0.9, new WorldPoint(3, 3, 3)));
    SegmenterEvaluation.ScanResult r =
        SegmenterEvaluation.evaluate("s", List.of(TRUTH), cube(1, 5, 1), dets, cube(2, 4, 1), 0.5);
    assertEquals(1, r.segmented().size());
    assertEquals(2.0 / 9, r.segmented().get(0).dice(), 1e-12);
    assertEquals(8.0 / 64, r.segmented().get(0).iou(), 1e-12);
    assertEquals(1, r.kept().candidates().size());
    Map<String, Object> m = SegmenterEvaluation.summarize(List.of(r), 0.5);
    assertEquals(1.0, (double) m.get("sensitivity"));
    assertEquals(0.0, (double) m.get("fpPerScan"));
    assertEquals(2.0 / 9, (double) m.get("dice"), 1e-12);
    assertEquals(1, m.get("segmentedNodules"));
  }

  @Test
  void evaluate_belowThresholdIsCandidateOnly() {
    List<SegmenterEvaluation.Detected> dets =
        List.of(new SegmenterEvaluation.Detected(1, 0.2, new WorldPoint(3, 3, 3)));
    SegmenterEvaluation.ScanResult r =
        SegmenterEvaluation.evaluate("s", List.of(TRUTH), cube(1, 5, 1), dets, cube(2, 4, 1), 0.5);
    assertEquals(1, r.all().candidates().size());
    assertEquals(0, r.kept().candidates().size());
    assertTrue(r.segmented().isEmpty());
    Map<String, Object> m = SegmenterEvaluation.summarize(List.of(r), 0.5);
    assertEquals(0.0, (double) m.get("sensitivity"));
    assertTrue(Double.isNaN((double) m.get("dice")));
  }

  @Test
  void evaluate_missFarFromCentre() {
    // a kept detection 5 mm from a 4 mm nodule's centre is a false positive, not a hit
    List<SegmenterEvaluation.Detected> dets =
        List.of(new SegmenterEvaluation.Detected(1, 0.9, new WorldPoint(8, 3, 3)));
    SegmenterEvaluation.ScanResult r =
        SegmenterEvaluation.evaluate("s", List.of(TRUTH), cube(1, 5, 1), dets, cube(7, 9, 1), 0.5);
    assertTrue(r.segmented().isEmpty());
    Map<String, Object> m = SegmenterEvaluation.summarize(List.of(r), 0.5);
    assertEquals(1.0, (double) m.get("fpPerScan"));
  }

  @Test
  void evaluate_onTheRadiusIsAMiss() {
    // 2 mm from a 4 mm nodule's centre: exactly on its radius, a miss (the LUNA16 rule: strictly
    // within)
    List<SegmenterEvaluation.Detected> dets =
        List.of(new SegmenterEvaluation.Detected(1, 0.9, new WorldPoint(5, 3, 3)));
    SegmenterEvaluation.ScanResult r =
        SegmenterEvaluation.evaluate("s", List.of(TRUTH), cube(1, 5, 1), dets, cube(2, 4, 1), 0.5);
    assertTrue(r.segmented().isEmpty());
    Map<String, Object> m = SegmenterEvaluation.summarize(List.of(r), 0.5);
    assertEquals(0.0, (double) m.get("sensitivity"));
    assertEquals(1, m.get("falsePositives"));
    assertEquals("the model's score threshold", m.get("thresholdOrigin"));
  }

  @Test
  void summarize_countsEachCandidateSource() {
    // a blob hits the nodule, a Mask R-CNN detection is a false positive
    SegmenterEvaluation.Detected blob =
        new SegmenterEvaluation.Detected(1, 0.6, new WorldPoint(3, 3, 3), "blob");
    SegmenterEvaluation.Detected fp =
        new SegmenterEvaluation.Detected(2, 0.8, new WorldPoint(8, 8, 8), "mask-rcnn");
    byte[] b = cube(2, 4, 1).copyLabels();
    b[(8 * 10 + 8) * 10 + 8] = 2;
    SegmenterEvaluation.ScanResult r =
        SegmenterEvaluation.evaluate(
            "s", List.of(TRUTH), cube(1, 5, 1), List.of(fp, blob), Mask.wrap(G, b), 0.5);
    Map<String, Object> m =
        SegmenterEvaluation.summarize(List.of(r), OperatingPoint.fixed(0.5, "given"));
    assertEquals(
        List.of(
            Map.of(
                "source",
                "blob",
                "detections",
                1,
                "nodulesHit",
                1,
                "firstHits",
                1,
                "falsePositives",
                0),
            Map.of(
                "source",
                "mask-rcnn",
                "detections",
                1,
                "nodulesHit",
                0,
                "firstHits",
                0,
                "falsePositives",
                1)),
        m.get("bySource"));
    // the nodule, 4 mm across, is in the smallest size range, found by the blob
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sizes = (List<Map<String, Object>>) m.get("bySize");
    assertEquals(4, sizes.size());
    assertEquals("<6 mm", sizes.get(0).get("range"));
    assertEquals(1, sizes.get(0).get("nodules"));
    assertEquals(1, sizes.get(0).get("detected"));
    assertEquals(1.0, sizes.get(0).get("sensitivity"));
    assertEquals(0, sizes.get(1).get("nodules"));
    org.junit.jupiter.api.Assertions.assertNull(sizes.get(1).get("sensitivity"));
  }

  @Test
  void summarize_atAValidationThreshold_recordsIt() {
    SegmenterEvaluation.Detected hit =
        new SegmenterEvaluation.Detected(1, 0.6, new WorldPoint(3, 3, 3));
    SegmenterEvaluation.Detected fp =
        new SegmenterEvaluation.Detected(2, 0.8, new WorldPoint(8, 8, 8));
    byte[] b = cube(2, 4, 1).copyLabels();
    b[(8 * 10 + 8) * 10 + 8] = 2;
    Mask pred = Mask.wrap(G, b);
    // validation: the FP outscores the hit; at <= 1 FP/scan the threshold goes down to the hit's
    // 0.6
    SegmenterEvaluation.ScanResult v =
        SegmenterEvaluation.evaluate(
            "v", List.of(TRUTH), cube(1, 5, 1), List.of(fp, hit), pred, 0.0);
    OperatingPoint op =
        DetectionEvaluation.of(List.of(DetectionEvaluation.match(v.all())))
            .chooseThreshold(1.0, "validation");
    assertEquals(0.6, op.threshold());
    SegmenterEvaluation.ScanResult t =
        SegmenterEvaluation.evaluate(
            "t", List.of(TRUTH), cube(1, 5, 1), List.of(fp, hit), pred, op.threshold());
    Map<String, Object> m = SegmenterEvaluation.summarize(List.of(t), op);
    assertEquals(0.6, m.get("scoreThreshold"));
    assertEquals(op.origin(), m.get("thresholdOrigin"));
    assertEquals(1.0, (double) m.get("sensitivity"));
    assertEquals(1.0, (double) m.get("fpPerScan"));
    assertEquals(2.0 / 9, (double) m.get("dice"), 1e-12);
  }

  @Test
  void evaluate_gridMismatch() {
    Mask other = Mask.empty(VolumeGeometry.of(new Dims(9, 10, 10), new Spacing(1, 1, 1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SegmenterEvaluation.evaluate(
                    "s7", List.of(TRUTH), cube(1, 5, 1), List.of(), other, 0.5));
    assertTrue(e.getMessage().contains("s7"), e.getMessage());
  }

  @Test
  void detected_labelOutOfRange() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SegmenterEvaluation.Detected(0, 0.5, new WorldPoint(0, 0, 0)));
  }
}
