package org.lungnodule.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

  @Test
  void events_reachListenersWithEta() {
    List<TrainingProgress> its = new ArrayList<>();
    List<TrainingProgress> epochs = new ArrayList<>();
    TrainingListener l =
        new TrainingListener() {
          @Override
          public void onIteration(TrainingProgress p) {
            its.add(p);
          }

          @Override
          public void onEpochEnd(TrainingProgress p) {
            epochs.add(p);
          }
        };
    ProgressTracker t = new ProgressTracker(List.of(l, TrainingListener.logging()), 2, 2, 1);
    t.iteration(1, 1, 0.9);
    t.iteration(1, 2, 0.8);
    t.epochEnd(1, 0.85, OptionalDouble.of(0.7), OptionalDouble.of(0.6));
    assertEquals(2, its.size());
    assertEquals(0.25, its.get(0).fractionDone(), 1e-12);
    assertEquals(0.5, epochs.get(0).fractionDone(), 1e-12);
    assertTrue(its.get(0).eta().isPresent());
    assertEquals(0.7, epochs.get(0).validationLoss().getAsDouble(), 0);
    assertTrue(epochs.get(0).toString().contains("epoch 1/2"), epochs.get(0).toString());
  }

  @Test
  void logging_saysWhereALongEpochIsEveryIntervalAtInfo() {
    // slf4j-simple writes INFO (not DEBUG) lines to System.err
    java.io.PrintStream systemErr = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    String old = System.getProperty("lungnodule.progressSeconds");
    try {
      System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
      System.setProperty("lungnodule.progressSeconds", "3600");
      new ProgressTracker(List.of(TrainingListener.logging()), 2, 3, 1).iteration(1, 1, 0.9);
      System.setProperty("lungnodule.progressSeconds", "0");
      new ProgressTracker(List.of(TrainingListener.logging()), 2, 3, 1).iteration(1, 2, 0.8);
    } finally {
      System.setErr(systemErr);
      if (old == null) {
        System.clearProperty("lungnodule.progressSeconds");
      } else {
        System.setProperty("lungnodule.progressSeconds", old);
      }
    }
    String logged = log.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(!logged.contains("iter 1/3"), "within the interval: DEBUG only\n" + logged);
    assertTrue(logged.matches("(?s).*INFO.*epoch 1/2 iter 2/3 loss 0\\.8000.* eta .*"), logged);
  }

  @Test
  void format_durations() {
    assertEquals("1:05", TrainingProgress.format(Duration.ofSeconds(65)));
    assertEquals("1:00:01", TrainingProgress.format(Duration.ofSeconds(3601)));
  }

  @Test
  void progress_badCounters() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TrainingProgress(
                0,
                1,
                0,
                1,
                0,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Duration.ZERO,
                Optional.empty()));
  }
}
