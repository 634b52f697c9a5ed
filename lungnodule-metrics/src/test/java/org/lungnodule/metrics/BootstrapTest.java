package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bounds on the number of bootstrap replicates, in every entry point. */
class BootstrapTest {

  private static final double[] S = {0.9, 0.6, 0.4, 0.6, 0.2, 0.4};
  private static final double[] T = {0.8, 0.7, 0.3, 0.5, 0.1, 0.6};
  private static final boolean[] Y = {true, true, true, false, false, false};

  @Test
  void replicates_twoBillion_refusedNamingTheValue() {
    // used to allocate 2e9 random streams and die with an OutOfMemoryError
    String expected = "bootstrap replicates must be at most 100000, got 2000000000";
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () -> ClassificationMetrics.of(S, Y).bootstrap(2_000_000_000))
            .getMessage());
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () -> Compare.paired(S, T, Y).bootstrap(2_000_000_000))
            .getMessage());
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () -> Bootstrap.stratified(Y, 2_000_000_000, 1, c -> 0))
            .getMessage());
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () -> PairedTests.bootstrapDifference(Y, c -> 0, 2_000_000_000, 1, 0.95))
            .getMessage());
  }

  @Test
  void replicates_atTheBounds() {
    assertEquals(100_000, Bootstrap.MAX_REPLICATES);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ClassificationMetrics.of(S, Y).bootstrap(100_001))
            .getMessage()
            .endsWith("got 100001"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> ClassificationMetrics.of(S, Y).bootstrap(1))
            .getMessage()
            .contains("at least 2, got 1"));
    // the largest count is accepted and runs
    assertEquals(
        Bootstrap.MAX_REPLICATES,
        Bootstrap.stratified(Y, Bootstrap.MAX_REPLICATES, 1, c -> c[0]).length);
  }
}
