package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.metrics.Detection.Candidate;
import org.lungnodule.metrics.Detection.Scan;
import org.lungnodule.metrics.Detection.TruthNodule;

class FrocTest {

  private static WorldPoint p(double x) {
    return new WorldPoint(x, 0, 0);
  }

  @Test
  void compute_handCase() {
    // scan 1: nodule at 0 (d 10), hit twice (0.9 and 0.5: counted once, 0.5 is not a FP);
    //         a FP at 100 (0.8); a candidate exactly on the radius (5 mm) is a miss -> FP (0.3)
    // scan 2: nodule at 0 (d 4), hit by 0.4; nodule at 50 never hit; FP 0.7
    Scan s1 =
        new Scan(
            "a",
            List.of(
                new Candidate(p(1), 0.9),
                new Candidate(p(-2), 0.5),
                new Candidate(p(100), 0.8),
                new Candidate(p(5), 0.3)),
            List.of(new TruthNodule(p(0), 10)));
    Scan s2 =
        new Scan(
            "b",
            List.of(new Candidate(p(0.5), 0.4), new Candidate(p(30), 0.7)),
            List.of(new TruthNodule(p(0), 4), new TruthNodule(p(50), 6)));
    Froc.Result r = Froc.compute(List.of(s1, s2));
    assertEquals(3, r.nodules());
    assertEquals(2, r.detectedNodules());
    assertEquals(3, r.falsePositives());
    // marks by score: 0.9 TP, 0.8 FP, 0.7 FP, 0.4 TP, 0.3 FP; 2 scans
    // curve (fp/scan, sens): (0,0) (0,1/3) (0.5,1/3) (1,1/3) (1,2/3) (1.5,2/3)
    assertEquals(6, r.curve().size());
    // at 1/8: between (0, 1/3) and (0.5, 1/3) -> 1/3; at 1: last point with x <= 1 is (1, 2/3)
    double third = 1.0 / 3;
    double[] expected = {third, third, third, 2 * third, 2 * third, 2 * third, 2 * third};
    for (int i = 0; i < 7; i++) {
      assertEquals(expected[i], r.sensitivities().get(i), 1e-12, "rate " + r.fpRates().get(i));
    }
    double mean = 0;
    for (double e : expected) {
      mean += e / 7;
    }
    assertEquals(mean, r.cpm(), 1e-12);
  }

  @Test
  void compute_matchesLuna16StyleReference() {
    List<java.util.Map<String, String>> nods = Resources.table("froc_nodules.csv", 0);
    List<java.util.Map<String, String>> cands = Resources.table("froc_candidates.csv", 0);
    java.util.Map<String, String> ref = Resources.table("froc_reference.tsv", 0).get(0);
    int scans = Integer.parseInt(ref.get("scans"));
    List<Scan> list = new java.util.ArrayList<>();
    for (int s = 0; s < scans; s++) {
      String id = Integer.toString(s);
      List<Candidate> cs = new java.util.ArrayList<>();
      for (java.util.Map<String, String> c : cands) {
        if (c.get("scan").equals(id)) {
          cs.add(new Candidate(point(c), Double.parseDouble(c.get("score"))));
        }
      }
      List<TruthNodule> ns = new java.util.ArrayList<>();
      for (java.util.Map<String, String> n : nods) {
        if (n.get("scan").equals(id)) {
          ns.add(new TruthNodule(point(n), Double.parseDouble(n.get("diameter"))));
        }
      }
      list.add(new Scan(id, cs, ns));
    }
    Froc.Result r = Froc.compute(list);
    assertEquals(Integer.parseInt(ref.get("nodules")), r.nodules());
    assertEquals(Integer.parseInt(ref.get("detected")), r.detectedNodules());
    assertEquals(Integer.parseInt(ref.get("falsePositives")), r.falsePositives());
    for (int i = 0; i < 7; i++) {
      assertEquals(Double.parseDouble(ref.get("s" + i)), r.sensitivities().get(i), 1e-9, "s" + i);
    }
    assertEquals(Double.parseDouble(ref.get("cpm")), r.cpm(), 1e-9);
  }

  private static WorldPoint point(java.util.Map<String, String> m) {
    return new WorldPoint(
        Double.parseDouble(m.get("x")),
        Double.parseDouble(m.get("y")),
        Double.parseDouble(m.get("z")));
  }

  @Test
  void interp_linearBetweenPoints() {
    double[] xs = {0, 1, 2};
    double[] ys = {0, 0.5, 1};
    assertEquals(0.25, Froc.interp(0.5, xs, ys), 1e-15);
    assertEquals(1.0, Froc.interp(8, xs, ys), 1e-15);
  }

  @Test
  void compute_badInput() {
    assertThrows(IllegalArgumentException.class, () -> Froc.compute(List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Froc.compute(List.of(new Scan("a", List.of(), List.of()))));
    assertThrows(IllegalArgumentException.class, () -> new TruthNodule(p(0), 0));
    assertThrows(IllegalArgumentException.class, () -> new Candidate(p(0), Double.NaN));
  }
}
