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
