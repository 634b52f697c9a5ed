package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;

/** Compares with scipy values from reference/make_segmentation_reference.py (full volume). */
class SegmentationReferenceTest {

  private static final double TOL = 1e-9;

  @Test
  void evaluate_matchesScipyReference() {
    List<Map<String, String>> rows = Resources.table("segmentation_reference.tsv", 0);
    assertEquals(8, rows.size());
    for (Map<String, String> r : rows) {
      String name = r.get("name");
      Dims dims = new Dims(i(r, "nx"), i(r, "ny"), i(r, "nz"));
      Spacing sp = new Spacing(d(r, "sx"), d(r, "sy"), d(r, "sz"));
      byte[] pred = Resources.bytes("seg/" + name + "_pred.raw");
      byte[] truth = Resources.bytes("seg/" + name + "_truth.raw");
      SegmentationScores s = SegmentationMetrics.evaluate(pred, truth, dims, sp);
      check(name, r, s);
      VolumeGeometry g = VolumeGeometry.of(dims, sp);
      SegmentationScores viaMask =
          SegmentationMetrics.evaluate(Mask.wrap(g, pred.clone()), Mask.wrap(g, truth.clone()));
      assertEquals(s, viaMask, name);
      boolean[] bp = new boolean[pred.length];
      boolean[] bt = new boolean[truth.length];
      for (int k = 0; k < pred.length; k++) {
        bp[k] = pred[k] != 0;
        bt[k] = truth[k] != 0;
      }
      assertEquals(s, SegmentationMetrics.evaluate(bp, bt, dims, sp), name);
    }
  }

  private static void check(String name, Map<String, String> r, SegmentationScores s) {
    assertEquals(i(r, "predVoxels"), s.predVoxels(), name);
    assertEquals(i(r, "truthVoxels"), s.truthVoxels(), name);
    assertEquals(i(r, "intersectionVoxels"), s.intersectionVoxels(), name);
    assertEquals(d(r, "dice"), s.dice(), TOL, name + " dice");
    assertEquals(d(r, "iou"), s.iou(), TOL, name + " iou");
    assertEquals(d(r, "asdMm"), s.asdMm().getAsDouble(), TOL, name + " asd");
    assertEquals(
        d(r, "asdPredToTruthMm"), s.asdPredToTruthMm().getAsDouble(), TOL, name + " asd p->t");
    assertEquals(
        d(r, "asdTruthToPredMm"), s.asdTruthToPredMm().getAsDouble(), TOL, name + " asd t->p");
    assertEquals(d(r, "hausdorffMm"), s.hausdorffMm().getAsDouble(), TOL, name + " hd");
    assertEquals(d(r, "hd95Mm"), s.hd95Mm().getAsDouble(), TOL, name + " hd95");
  }

  private static int i(Map<String, String> r, String k) {
    return Integer.parseInt(r.get(k));
  }

  private static double d(Map<String, String> r, String k) {
    return Double.parseDouble(r.get(k));
  }
}
