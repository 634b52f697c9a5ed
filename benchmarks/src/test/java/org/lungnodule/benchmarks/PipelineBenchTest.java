package org.lungnodule.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PipelineBenchTest {

  @Test
  void median_ofAnOddCount_isTheMiddleRun() {
    assertEquals(
        2.0,
        PipelineBench.medianSeconds(new long[] {3_000_000_000L, 1_000_000_000L, 2_000_000_000L}));
  }

  @Test
  void median_ofAnEvenCount_isTheMeanOfTheTwoMiddleRuns() {
    assertEquals(
        2.5,
        PipelineBench.medianSeconds(
            new long[] {4_000_000_000L, 1_000_000_000L, 3_000_000_000L, 2_000_000_000L}));
    long[] runs = {2_000_000_000L, 1_000_000_000L};
    assertEquals(1.5, PipelineBench.medianSeconds(runs));
    assertEquals(2_000_000_000L, runs[0], "the caller's array is not reordered");
  }
}
