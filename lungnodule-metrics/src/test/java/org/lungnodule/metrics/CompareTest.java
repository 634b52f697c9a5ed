package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompareTest {

  @Test
  void paired_identicalModelsGiveNoDifference() {
    double[] s = {0.1, 0.4, 0.35, 0.8, 0.7, 0.9, 0.5};
    boolean[] y = {false, false, true, true, false, true, true};
    Comparison c = Compare.paired(s, s, y).delong().bootstrap(100).seed(1).compute();
    assertEquals(0.0, c.deltaAuc());
    assertEquals(1.0, c.mcnemar().p());
    assertEquals(0.0, c.rateOfChangePercent().get(ClassificationMetric.AUC));
    assertEquals(0.0, c.bootstrap().get(ClassificationMetric.AUC).observed());
    assertEquals(1.0, c.bootstrap().get(ClassificationMetric.AUC).p());
  }

  @Test
  void paired_betterModelDetected() {
    SplittableRandom r = new SplittableRandom(11);
    int n = 400;
    double[] a = new double[n];
    double[] b = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2 == 0;
      double lat = (y[i] ? 1 : 0) + r.nextGaussian();
      a[i] = lat + 1.5 * r.nextGaussian();
      b[i] = lat + 0.2 * r.nextGaussian();
    }
    Comparison c = Compare.paired(a, b, y).delong().bootstrap(300).seed(2).compute();
    assertTrue(c.deltaAuc() > 0.05);
    assertTrue(c.delong().orElseThrow().p() < 0.01, c.toString());
    assertTrue(c.bootstrap().get(ClassificationMetric.AUC).p() < 0.01);
    assertEquals(
        (c.tuned().auc().value() - c.baseline().auc().value()) / c.baseline().auc().value() * 100,
        c.rateOfChangePercent().get(ClassificationMetric.AUC),
        1e-12);
    assertTrue(c.toMap().containsKey("pDelong"));
    assertTrue(c.toMap().containsKey("pBootstrap"));
  }

  @Test
  void paired_badInputAndBuilderRules() {
    boolean[] y = {true, false};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Compare.paired(new double[] {1, 2}, new double[] {1}, y));
    assertTrue(e.getMessage().contains("tunedScores"), e.getMessage());
    Compare c = Compare.paired(new double[] {1, 2}, new double[] {2, 1}, y).delong();
    assertThrows(IllegalStateException.class, c::delong);
    assertThrows(
        IllegalArgumentException.class,
        () -> Compare.paired(new double[] {1, 2}, new double[] {2, 1}, y).metrics());
  }

  @Test
  void bootstrapDifference_anyStatistic() {
    boolean[] y = new boolean[100];
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) {
      y[i] = i < 50;
      v[i] = i;
    }
    // difference of weighted means between the classes: positives 0..49, negatives 50..99
    ResampledStatistic diff =
        counts -> {
          double sp = 0;
          double np = 0;
          double sn = 0;
          double nn = 0;
          for (int i = 0; i < counts.length; i++) {
            if (y[i]) {
              sp += counts[i] * v[i];
              np += counts[i];
            } else {
              sn += counts[i] * v[i];
              nn += counts[i];
            }
          }
          return sn / nn - sp / np;
        };
    PairedTests.BootstrapDifference d = PairedTests.bootstrapDifference(y, diff, 400, 5, 0.95);
    assertEquals(50.0, d.observed(), 1e-12);
    assertTrue(d.ci().contains(50.0));
    assertTrue(d.p() < 1e-6);
    assertEquals(400, d.replicates());
  }
}
