package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  // 3 positives, 3 negatives; hand AUC: pairs (p,n) with p>n: 0.9>all(3), 0.6>{0.2,0.6?tie,0.4}...
  private static final double[] S = {0.9, 0.6, 0.4, 0.6, 0.2, 0.4};
  private static final boolean[] Y = {true, true, true, false, false, false};

  @Test
  void auc_handComputedWithTies() {
    // positives 0.9, 0.6, 0.4 vs negatives 0.6, 0.2, 0.4:
    // 0.9: 3 wins; 0.6: wins over 0.2, 0.4, tie 0.6 -> 2.5; 0.4: wins 0.2, tie 0.4 -> 1.5; total
    // 7/9
    assertEquals(7.0 / 9.0, Roc.auc(S, Y), 1e-15);
    assertEquals(7.0 / 9.0, Roc.auc(S, new int[] {1, 1, 1, 0, 0, 0}), 1e-15);
  }

  @Test
  void auc_perfectAndReversed() {
    assertEquals(1.0, Roc.auc(new double[] {2, 3, 0, 1}, new boolean[] {true, true, false, false}));
    assertEquals(0.0, Roc.auc(new double[] {0, 1, 2, 3}, new boolean[] {true, true, false, false}));
    assertEquals(0.5, Roc.auc(new double[] {1, 1, 1, 1}, new boolean[] {true, true, false, false}));
  }

  @Test
  void confusion_atThresholdInclusive() {
    ConfusionMatrix cm = ConfusionMatrix.of(S, Y, 0.6);
    assertEquals(new ConfusionMatrix(2, 1, 2, 1), cm);
    assertEquals(4.0 / 6, cm.accuracy(), 1e-15);
    assertEquals(2.0 / 3, cm.sensitivity(), 1e-15);
    assertEquals(2.0 / 3, cm.specificity(), 1e-15);
    assertEquals(2.0 / 3, cm.ppv(), 1e-15);
    assertEquals(2.0 / 3, cm.npv(), 1e-15);
    assertEquals(4.0 / 6, cm.f1(), 1e-15);
    assertTrue(Double.isNaN(new ConfusionMatrix(0, 0, 3, 3).ppv()));
  }

  @Test
  void report_thresholdMetricsAndRoc() {
    ClassificationReport r = ClassificationMetrics.of(S, Y).threshold(0.6).compute();
    assertEquals(6, r.n());
    assertEquals(3, r.positives());
    assertEquals(7.0 / 9.0, r.auc().value(), 1e-15);
    assertEquals(new ConfusionMatrix(2, 1, 2, 1), r.confusion());
    assertEquals(2.0 / 3, r.sensitivity().value(), 1e-15);
    assertTrue(r.auc().ci().isPresent());
    assertTrue(r.aucBootstrapCi().isEmpty());
    assertTrue(r.accuracy().ci().isEmpty());
    // ROC: thresholds inf, 0.9, 0.6, 0.4, 0.2
    assertArrayEquals(new double[] {0, 0, 1 / 3.0, 2 / 3.0, 1}, r.roc().fpr(), 1e-15);
    assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 1, 1}, r.roc().tpr(), 1e-15);
    assertTrue(r.toString().contains("auc"));
    assertEquals(r.auc().value(), (double) r.toMap().get("auc"));
  }

  @Test
  void report_singlePositiveHasNoDeLongInterval() {
    ClassificationReport r =
        ClassificationMetrics.of(new double[] {0.9, 0.1, 0.5}, new boolean[] {true, false, false})
            .compute();
    assertEquals(1.0, r.auc().value());
    assertTrue(r.auc().ci().isEmpty());
    assertTrue(Double.isNaN(r.aucVarianceDeLong()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Compare.paired(
                        new double[] {0.9, 0.1, 0.5},
                        new double[] {0.8, 0.2, 0.4},
                        new boolean[] {true, false, false})
                    .compute());
    assertTrue(e.getMessage().contains("at least 2 positive"), e.getMessage());
  }

  @Test
  void youden_choosesBestJ() {
    // at 0.6: J = 2/3 + 2/3 - 1 = 1/3; at 0.9: 1/3 + 1 - 1 = 1/3; at 0.4: 1 + 1/3 - 1 = 1/3
    // equal J: the highest threshold wins
    assertEquals(0.9, Roc.youdenThreshold(S, Y));
    double[] s = {0.1, 0.35, 0.4, 0.8, 0.7, 0.9};
    boolean[] y = {false, false, false, true, true, true};
    assertEquals(0.7, ClassificationMetrics.of(s, y).youden().compute().threshold());
  }

  @Test
  void of_badInput() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClassificationMetrics.of(new double[] {1, 2}, new boolean[] {true, false, true}));
    assertTrue(e.getMessage().contains("length mismatch"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClassificationMetrics.of(
                    new double[] {1, Double.NaN}, new boolean[] {true, false}));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Roc.auc(new double[] {1, Double.POSITIVE_INFINITY}, new boolean[] {true, false}));
    assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClassificationMetrics.of(new double[] {1, 2}, new boolean[] {true, true}));
    assertTrue(e.getMessage().contains("only positives"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClassificationMetrics.of(new double[] {1, 2}, new int[] {0, 2}));
    assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
  }

  @Test
  void builder_setTwiceAndBadValues() {
    ClassificationMetrics b = ClassificationMetrics.of(S, Y).bootstrap(10);
    assertTrue(
        assertThrows(IllegalStateException.class, () -> b.bootstrap(20))
            .getMessage()
            .contains("10"));
    ClassificationMetrics c = ClassificationMetrics.of(S, Y).seed(3);
    assertThrows(IllegalStateException.class, () -> c.seed(4));
    ClassificationMetrics d = ClassificationMetrics.of(S, Y).threshold(0.3);
    assertThrows(IllegalStateException.class, d::youden);
    assertThrows(
        IllegalArgumentException.class, () -> ClassificationMetrics.of(S, Y).confidence(1.0));
    assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(S, Y).bootstrap(1));
    assertThrows(
        IllegalArgumentException.class, () -> ClassificationMetrics.of(S, Y).threshold(Double.NaN));
    assertThrows(NullPointerException.class, () -> ClassificationMetrics.of(null, Y));
    assertTrue(b.toString().contains("bootstrap=10"));
  }

  private static double[][] data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] s = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3 == 0 ? 1 : 0;
      s[i] = Math.round((r.nextGaussian() + y[i]) * 10) / 10.0;
    }
    return new double[][] {s, y};
  }

  private static boolean[] bools(double[] y) {
    boolean[] b = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      b[i] = y[i] == 1;
    }
    return b;
  }

  @Test
  void bootstrap_sameSeedSameResultWhateverThreads() {
    double[][] d = data(300, 1);
    boolean[] y = bools(d[1]);
    ScoredCases c = new ScoredCases(d[0], y);
    int cut = c.cut(0.5);
    double[][] par = Bootstrap.stratified(y, 200, 9, 7, (k, out) -> c.evaluate(k, cut, out), true);
    double[][] seq = Bootstrap.stratified(y, 200, 9, 7, (k, out) -> c.evaluate(k, cut, out), false);
    for (int i = 0; i < 200; i++) {
      assertArrayEquals(seq[i], par[i]);
    }
    // the grouped fast path draws the same resamples as the case-count path
    int[][] g = c.groupsByClass();
    int cutGroup = c.cutGroup(cut);
    double[][] grouped =
        Bootstrap.grouped(
            new int[][] {g[0]},
            new int[][] {g[1]},
            new int[] {c.groups()},
            200,
            9,
            7,
            (pc, nc, out) -> c.evaluateGroups(pc[0], nc[0], cutGroup, out),
            true);
    double[][] groupedSeq =
        Bootstrap.grouped(
            new int[][] {g[0]},
            new int[][] {g[1]},
            new int[] {c.groups()},
            200,
            9,
            7,
            (pc, nc, out) -> c.evaluateGroups(pc[0], nc[0], cutGroup, out),
            false);
    for (int i = 0; i < 200; i++) {
      assertArrayEquals(seq[i], grouped[i], 1e-12);
      assertArrayEquals(grouped[i], groupedSeq[i]);
    }
    ClassificationReport a = ClassificationMetrics.of(d[0], y).bootstrap(200).seed(9).compute();
    ClassificationReport b = ClassificationMetrics.of(d[0], y).bootstrap(200).seed(9).compute();
    assertEquals(a, b);
    ClassificationReport other =
        ClassificationMetrics.of(d[0], y).bootstrap(200).seed(10).compute();
    assertFalse(a.aucBootstrapCi().equals(other.aucBootstrapCi()));
  }

  @Test
  void bootstrap_weightedAucEqualsAucOfExpandedSample() {
    double[][] d = data(60, 2);
    boolean[] y = bools(d[1]);
    ScoredCases c = new ScoredCases(d[0], y);
    SplittableRandom r = new SplittableRandom(3);
    int[] counts = new int[60];
    int total = 0;
    for (int i = 0; i < 60; i++) {
      counts[i] = r.nextInt(3);
      total += counts[i];
    }
    counts[0] = 1; // keep both classes
    counts[1] = 1;
    total = 0;
    for (int k : counts) {
      total += k;
    }
    double[] s = new double[total];
    boolean[] yy = new boolean[total];
    for (int i = 0, t = 0; i < 60; i++) {
      for (int k = 0; k < counts[i]; k++, t++) {
        s[t] = d[0][i];
        yy[t] = y[i];
      }
    }
    double[] out = new double[7];
    c.evaluate(counts, c.cut(0.2), out);
    assertEquals(Roc.auc(s, yy), out[0], 1e-12);
    assertEquals(Roc.auc(s, yy), c.auc(counts), 1e-12);
    ConfusionMatrix cm = ConfusionMatrix.of(s, yy, 0.2);
    assertEquals(cm.accuracy(), out[1], 1e-12);
    assertEquals(cm.f1(), out[6], 1e-12);
  }

  @Test
  void bootstrap_intervalsContainEstimates() {
    double[][] d = data(400, 4);
    ClassificationReport r =
        ClassificationMetrics.of(d[0], bools(d[1]))
            .bootstrap(500)
            .seed(1)
            .confidence(0.9)
            .compute();
    assertTrue(r.aucBootstrapCi().orElseThrow().contains(r.auc().value()));
    for (ClassificationMetric m : PaperTables.CLASSIFICATION_METRICS) {
      assertTrue(r.get(m).ci().isPresent(), m.key());
    }
    assertTrue(r.f1().ci().orElseThrow().contains(r.f1().value()));
    assertEquals(0.9, r.confidence());
  }

  @Test
  void draw_uniformOverSmallBound() {
    SplittableRandom r = new SplittableRandom(1);
    int[] h = new int[3];
    for (int i = 0; i < 30000; i++) {
      h[Bootstrap.draw(r, 3)]++;
    }
    for (int v : h) {
      assertEquals(10000, v, 400);
    }
    double[][] d = data(200, 6);
    boolean[] y = bools(d[1]);
    assertEquals(
        Roc.bootstrapAucCi(d[0], y, 300, 4, 0.95),
        ClassificationMetrics.of(d[0], y)
            .bootstrap(300)
            .seed(4)
            .compute()
            .aucBootstrapCi()
            .orElseThrow());
  }

  @Test
  void percentileInterval_type7() {
    double[] v = {5, 1, 4, 2, 3, Double.NaN};
    Interval i = Bootstrap.percentileInterval(v, 0.5);
    assertEquals(2.0, i.lower(), 1e-15);
    assertEquals(4.0, i.upper(), 1e-15);
  }
}
