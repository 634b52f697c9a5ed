package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.VoxelBox;

class GeometryTest {

  @Test
  void iou_handTable() {
    Box3d a = new Box3d(0, 0, 0, 2, 2, 2);
    assertEquals(1.0, a.iou(a), 1e-12);
    assertEquals(1.0 / 15, a.iou(new Box3d(1, 1, 1, 3, 3, 3)), 1e-12);
    assertEquals(0.0, a.iou(new Box3d(2, 0, 0, 4, 2, 2)), 1e-12); // touching faces
    assertEquals(0.5, a.iou(new Box3d(0, 0, 0, 2, 2, 1)), 1e-12); // half contained: 4/8
    assertEquals(4.0 / 12, a.iou(new Box3d(1, 0, 0, 3, 2, 2)), 1e-12);
  }

  @Test
  void box_invalid() {
    assertThrows(IllegalArgumentException.class, () -> new Box3d(1, 0, 0, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Box3d(Double.NaN, 0, 0, 1, 1, 1));
  }

  @Test
  void box_voxelBoxRoundTrip() {
    VoxelBox vb = new VoxelBox(1, 2, 3, 4, 6, 8); // i=x, j=y, k=z
    Box3d b = Box3d.of(vb);
    assertEquals(new Box3d(3, 2, 1, 8, 6, 4), b);
    assertEquals(vb, b.toVoxelBox());
    assertEquals(5.5, b.cz(), 1e-12);
  }

  @Test
  void box_scaledAboutCentre() {
    Box3d b = new Box3d(2, 4, 6, 6, 8, 10).scaled(1.5);
    assertEquals(new Box3d(1, 3, 5, 7, 9, 11), b);
    assertEquals(new Box3d(3, 5, 7, 5, 7, 9), new Box3d(2, 4, 6, 6, 8, 10).scaled(0.5));
  }

  @Test
  void cropDetection_maskSpansTheMaskBox() {
    // a 2^3 mask, 1 in its z-high half only, spread over a mask box twice the detection box
    float[] m = {0, 0, 0, 0, 1, 1, 1, 1};
    Box3d box = new Box3d(2, 2, 2, 4, 4, 4);
    CropDetection d = new CropDetection(box, box.scaled(2), 0.9, 2, m);
    assertEquals(box, d.box());
    assertEquals(new Box3d(1, 1, 1, 5, 5, 5), d.maskBox());
    assertEquals(0.0, d.maskAt(1.5, 3, 3), 1e-6); // low half of the mask box
    assertEquals(1.0, d.maskAt(4.5, 3, 3), 1e-6); // high half, outside the detection box
    assertEquals(0.0, d.maskAt(5.5, 3, 3), 1e-6); // outside the mask box
    CropDetection s = d.shift(10, 0, 0);
    assertEquals(new Box3d(12, 2, 2, 14, 4, 4), s.box());
    assertEquals(new Box3d(11, 1, 1, 15, 5, 5), s.maskBox());
    assertEquals(1.0, s.maskAt(14.5, 3, 3), 1e-6);
    assertEquals(d.maskBox(), new CropDetection(box.scaled(2), 0.9, 2, m).box());
  }

  @Test
  void boxCoder_handCase() {
    BoxCoder c = new BoxCoder(1, 1);
    Box3d ref = new Box3d(0, 0, 0, 4, 4, 4);
    Box3d t = new Box3d(2, 0, -2, 6, 4, 6);
    double[] d = c.encode(ref, t);
    assertArrayEquals(new double[] {0.5, 0, 0, 0, 0, Math.log(2)}, d, 1e-12);
    Box3d back = c.decode(ref, d);
    assertEquals(0, back.iou(t) - 1, 1e-6);
  }

  @Test
  void boxCoder_weightedRoundTrip() {
    BoxCoder c = new BoxCoder(10, 5);
    Box3d ref = new Box3d(10, 12, 14, 20, 19, 30);
    Box3d t = new Box3d(11, 10, 15, 24, 21, 27);
    double[] d = c.encode(ref, t);
    assertEquals(10 * (t.cz() - ref.cz()) / ref.depth(), d[0], 1e-12);
    Box3d back = c.decode(ref, d);
    assertEquals(t.z0(), back.z0(), 1e-4);
    assertEquals(t.x1(), back.x1(), 1e-4);
  }

  @Test
  void boxCoder_clampsHugeSizeDelta() {
    BoxCoder c = new BoxCoder(1, 1);
    Box3d b = c.decode(new Box3d(0, 0, 0, 1, 1, 1), new double[] {0, 0, 0, 100, 0, 0});
    assertEquals(1000.0 / 16, b.depth(), 1e-6);
  }

  @Test
  void anchors_gridOrderAndSizes() {
    List<Box3d> a = Anchors.grid(2, 1, 1, 4, new double[] {8, 4}, 1.0);
    assertEquals(4, a.size());
    assertEquals(new Box3d(-2, -2, -2, 6, 6, 6), a.get(0));
    assertEquals(new Box3d(0, 0, 0, 4, 4, 4), a.get(1));
    assertEquals(6.0, a.get(2).cz(), 1e-12); // second cell along z
    assertEquals(2.0, a.get(2).cx(), 1e-12);
    assertEquals(4.0, Anchors.grid(1, 1, 1, 2, new double[] {8}, 2.0).get(0).width(), 1e-12);
    assertThrows(
        IllegalArgumentException.class, () -> Anchors.grid(1, 1, 1, 4, new double[] {-1}, 1));
  }

  @Test
  void nms_dropsOverlapsKeepsOrder() {
    List<Box3d> boxes =
        List.of(
            new Box3d(0, 0, 0, 4, 4, 4),
            new Box3d(0, 0, 0, 4, 4, 3.8), // IoU 0.95 with box 0
            new Box3d(10, 10, 10, 12, 12, 12),
            new Box3d(0, 0, 2, 4, 4, 6)); // IoU 1/3 with box 0
    float[] scores = {0.8f, 0.9f, 0.1f, 0.7f};
    assertArrayEquals(new int[] {1, 3, 2}, Nms3d.nms(boxes, scores, 0.5, 10));
    assertArrayEquals(
        new int[] {1, 2}, Nms3d.nms(boxes, scores, 0.25, 10)); // box 3 vs 1: 28.8/96 = 0.3
    assertArrayEquals(new int[] {1}, Nms3d.nms(boxes, scores, 0.5, 1));
    assertArrayEquals(new int[] {1, 0}, Nms3d.topK(scores, 2));
  }

  @Test
  void targets_assignThresholdsAndBestAnchor() {
    Box3d gt = new Box3d(0, 0, 0, 4, 4, 4);
    List<Box3d> refs =
        List.of(
            new Box3d(0, 0, 0, 4, 4, 4), // iou 1
            new Box3d(0, 0, 1, 4, 4, 5), // iou 48/80 = 0.6
            new Box3d(0, 0, 3, 4, 4, 7), // iou 16/112 = 0.142857
            new Box3d(20, 20, 20, 24, 24, 24)); // 0
    AnchorTargets t = AnchorTargets.assign(refs, List.of(gt), 0.7, 0.1, false);
    assertEquals(1, t.label(0));
    assertEquals(-1, t.label(1));
    assertEquals(-1, t.label(2));
    assertEquals(0, t.label(3));
    assertEquals(0, t.matchedGt(0));
    // a small nodule with no anchor above posIou still gets its best anchor
    AnchorTargets s = AnchorTargets.assign(refs.subList(1, 4), List.of(gt), 0.7, 0.1, true);
    assertEquals(1, s.label(0));
    assertEquals(1, s.count(AnchorTargets.POSITIVE));
  }

  @Test
  void targets_sampleRespectsCountsAndSeed() {
    Box3d gt = new Box3d(0, 0, 0, 4, 4, 4);
    List<Box3d> refs = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      refs.add(gt.shift(0, 0, 0.01 * i)); // positives
    }
    for (int i = 0; i < 50; i++) {
      refs.add(gt.shift(100 + i, 0, 0)); // negatives
    }
    AnchorTargets t =
        AnchorTargets.assign(refs, List.of(gt), 0.5, 0.1, true)
            .sample(16, 0.25, new SplittableRandom(3));
    assertEquals(4, t.count(AnchorTargets.POSITIVE));
    assertEquals(12, t.count(AnchorTargets.NEGATIVE));
    AnchorTargets u =
        AnchorTargets.assign(refs, List.of(gt), 0.5, 0.1, true)
            .sample(16, 0.25, new SplittableRandom(3));
    for (int i = 0; i < refs.size(); i++) {
      assertEquals(t.label(i), u.label(i));
    }
  }

  @Test
  void targets_hardNegatives_takeTheHighestScoredNegatives() {
    Box3d gt = new Box3d(0, 0, 0, 4, 4, 4);
    List<Box3d> refs = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      refs.add(gt.shift(0, 0, 0.01 * i)); // positives 0-9
    }
    for (int i = 0; i < 50; i++) {
      refs.add(gt.shift(100 + i, 0, 0)); // negatives 10-59
    }
    float[] scores = new float[refs.size()];
    for (int i = 10; i < 60; i++) {
      scores[i] = i; // negative 59 scores highest
    }
    scores[0] = 1000; // a positive's score must not count as a hard negative
    // 16 boxes, 4 positive, 12 negative of which half (6) hard: boxes 54-59
    AnchorTargets t =
        AnchorTargets.assign(refs, List.of(gt), 0.5, 0.1, true)
            .sample(16, 0.25, 0.5, scores, new SplittableRandom(3));
    assertEquals(4, t.count(AnchorTargets.POSITIVE));
    assertEquals(12, t.count(AnchorTargets.NEGATIVE));
    for (int i = 54; i < 60; i++) {
      assertEquals(AnchorTargets.NEGATIVE, t.label(i), "hard negative " + i);
    }
    int randomOnes = 0;
    for (int i = 10; i < 54; i++) {
      randomOnes += t.label(i) == AnchorTargets.NEGATIVE ? 1 : 0;
    }
    assertEquals(6, randomOnes);
    // all hard: exactly the top 12 negatives
    AnchorTargets h =
        AnchorTargets.assign(refs, List.of(gt), 0.5, 0.1, true)
            .sample(16, 0.25, 1.0, scores, new SplittableRandom(3));
    for (int i = 10; i < 60; i++) {
      assertEquals(i >= 48 ? AnchorTargets.NEGATIVE : AnchorTargets.IGNORE, h.label(i), "box " + i);
    }
    // fraction 0 draws like the plain sampler with the same seed
    AnchorTargets z =
        AnchorTargets.assign(refs, List.of(gt), 0.5, 0.1, true)
            .sample(16, 0.25, 0.0, scores, new SplittableRandom(3));
    AnchorTargets p =
        AnchorTargets.assign(refs, List.of(gt), 0.5, 0.1, true)
            .sample(16, 0.25, new SplittableRandom(3));
    for (int i = 0; i < refs.size(); i++) {
      assertEquals(p.label(i), z.label(i));
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AnchorTargets.assign(refs, List.of(gt), 0.5, 0.1, true)
                .sample(16, 0.25, 0.5, new float[3], new SplittableRandom(3)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AnchorTargets.assign(refs, List.of(gt), 0.5, 0.1, true)
                .sample(16, 0.25, 1.5, scores, new SplittableRandom(3)));
  }
}
