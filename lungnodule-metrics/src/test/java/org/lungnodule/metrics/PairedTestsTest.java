package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PairedTestsTest {

  @Test
  void distributions_knownValues() {
    assertEquals(1.959963984540054, Distributions.normalQuantile(0.975), 1e-14);
    assertEquals(-2.3263478740408408, Distributions.normalQuantile(0.01), 1e-13);
    assertEquals(0.5, Distributions.normalCdf(0), 1e-16);
    assertEquals(0.9750021048517795, Distributions.normalCdf(1.96), 1e-15);
    assertEquals(2.866515718791939e-07, Distributions.normalCdf(-5), 1e-20);
    assertEquals(0.04550026389635842, Distributions.chiSquare1Upper(4), 1e-15);
    assertEquals(0.5, Distributions.binomialHalfCdf(0, 1), 1e-16);
    assertEquals(11.0 / 16, Distributions.binomialHalfCdf(2, 4), 1e-16);
    assertThrows(IllegalArgumentException.class, () -> Distributions.normalQuantile(1));
  }

  @Test
  void mcnemar_handCounts() {
    TestResult t = PairedTests.mcnemar(10, 4, PairedTests.McNemarMethod.CHI_SQUARE_CORRECTED);
    assertEquals(25.0 / 14, t.statistic(), 1e-15);
    assertEquals(
        36.0 / 14,
        PairedTests.mcnemar(10, 4, PairedTests.McNemarMethod.CHI_SQUARE).statistic(),
        1e-15);
    assertEquals(1.0, PairedTests.mcnemar(0, 0, PairedTests.McNemarMethod.EXACT).p());
    // b = c = 1: R's statistic (|1 - 1| - 1)^2 / 2 = 0.5 (not clamped), p = pchisq(0.5, 1)
    TestResult fromCalls =
        PairedTests.mcnemar(
            new boolean[] {true, true, false},
            new boolean[] {false, true, true},
            PairedTests.McNemarMethod.CHI_SQUARE_CORRECTED);
    assertEquals(0.5, fromCalls.statistic());
    assertEquals(0.47950012218695337, fromCalls.p(), 1e-15);
    assertThrows(
        IllegalArgumentException.class,
        () -> PairedTests.mcnemar(-1, 2, PairedTests.McNemarMethod.EXACT));
  }

  @Test
  void wilcoxon_exactSmallHand() {
    // differences 1, 2, 3 (all positive): V = 6, exact two-sided p = 2 * 1/8 = 0.25
    TestResult t =
        PairedTests.wilcoxonSignedRank(
            new double[] {2, 4, 6}, new double[] {1, 2, 3}, PairedTests.WilcoxonMethod.EXACT);
    assertEquals(6.0, t.statistic());
    assertEquals(0.25, t.p(), 1e-15);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PairedTests.wilcoxonSignedRank(
                new double[] {1, 1}, new double[] {1, 1}, PairedTests.WilcoxonMethod.AUTO));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PairedTests.wilcoxonSignedRank(
                new double[] {2, 3}, new double[] {1, 2}, PairedTests.WilcoxonMethod.EXACT));
  }

  @Test
  void rateOfChange_percent() {
    assertEquals(25.0, PairedTests.rateOfChangePercent(0.8, 1.0), 1e-12);
    assertEquals(-50.0, PairedTests.rateOfChangePercent(0.5, 0.25), 1e-12);
    assertEquals(Double.NaN, PairedTests.rateOfChangePercent(0, 1));
  }

  @Test
  void wilson_handValue() {
    // 8/10 at 95%: R prop.test(8, 10, correct=FALSE)$conf.int = 0.49016247153664 0.94331784854562
    Interval w = Proportions.wilson(8, 10, 0.95);
    assertEquals(0.49016247153664183, w.lower(), 1e-9);
    assertEquals(0.94331784854562473, w.upper(), 1e-9);
  }
}
