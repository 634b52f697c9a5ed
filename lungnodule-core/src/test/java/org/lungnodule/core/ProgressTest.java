package org.lungnodule.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final long S = 1_000_000_000L;

  @Test
  void estimatesTheTimeLeftFromTheMeanTimePerItem() {
    AtomicLong now = new AtomicLong(0);
    List<String> lines = new ArrayList<>();
    Progress p = Progress.withClock(lines::add, "phantom HB", "scans", 4, now::get, 10 * S);
    assertTrue(Double.isNaN(p.secondsLeft()));
    now.set(5 * S);
    p.step();
    assertEquals("phantom HB: 1/4 scans, 5s elapsed, about 15s left", lines.get(0));
    now.set(8 * S);
    p.step(); // 3 s after the first line: no line
    assertEquals(1, lines.size());
    assertEquals(8.0, p.secondsLeft(), 1e-9); // 4 s per scan, 2 left
    now.set(16 * S);
    p.step(); // 11 s after the last line
    assertEquals("phantom HB: 3/4 scans, 16s elapsed, about 5s left", lines.get(1));
    now.set(200 * S);
    p.step(); // the last item always gives a line
    assertEquals("phantom HB: 4/4 scans, 3m20s elapsed, done", lines.get(2));
    assertEquals(4, p.done());
  }

  @Test
  void formatsDurations() {
    assertEquals("0s", Progress.duration(0.2));
    assertEquals("59s", Progress.duration(59));
    assertEquals("1m00s", Progress.duration(60));
    assertEquals("59m59s", Progress.duration(3599));
    assertEquals("2h07m", Progress.duration(2 * 3600 + 7 * 60 + 30));
  }

  @Test
  void refusesANegativeTotal() {
    assertThrows(IllegalArgumentException.class, () -> Progress.to(s -> {}, "x", "items", -1));
  }
}
