package org.lungnodule.core;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Progress of a counted job (scans written, scans evaluated) with the time left estimated from the
 * mean time per item so far. Each {@link #step} may emit one line such as {@code phantom HB: 12/40
 * scans, 1m05s elapsed, about 2m32s left}; lines are emitted at most every {@code interval}
 * (default {@value #DEFAULT_INTERVAL_SECONDS} s, system property {@code
 * lungnodule.progressSeconds}) and always for the first and the last item, so a long job run
 * without a terminal (a batch queue, a log file) still says where it is. The library sends the
 * lines to its SLF4J logger at INFO. Thread-safe.
 */
public final class Progress {

  /** The default least time between two lines, in seconds. */
  public static final int DEFAULT_INTERVAL_SECONDS = 10;

  private final String task;
  private final String unit;
  private final long total;
  private final Consumer<String> sink;
  private final LongSupplier clock;
  private final long intervalNanos;
  private final long start;
  private long done;
  private long lastLine = Long.MIN_VALUE;

  private Progress(
      String task,
      String unit,
      long total,
      Consumer<String> sink,
      LongSupplier clock,
      long intervalNanos) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, got " + total);
    }
    this.task = Objects.requireNonNull(task, "task");
    this.unit = Objects.requireNonNull(unit, "unit");
    this.total = total;
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = clock;
    this.intervalNanos = intervalNanos;
    this.start = clock.getAsLong();
  }

  /**
   * Progress reported to {@code log} at INFO.
   *
   * @param log the caller's logger
   * @param task what is being done, e.g. {@code "phantom HB"}
   * @param unit what is counted, plural, e.g. {@code "scans"}
   * @param total how many items there are
   */
  public static Progress logging(Logger log, String task, String unit, long total) {
    Objects.requireNonNull(log, "log");
    return to(line -> log.info("{}", line), task, unit, total);
  }

  /**
   * Progress reported to any sink (a console, a test).
   *
   * @param sink receives each line
   * @param task what is being done
   * @param unit what is counted, plural
   * @param total how many items there are
   */
  public static Progress to(Consumer<String> sink, String task, String unit, long total) {
    long seconds = Long.getLong("lungnodule.progressSeconds", DEFAULT_INTERVAL_SECONDS);
    return new Progress(
        task, unit, total, sink, System::nanoTime, Math.max(0, seconds) * 1_000_000_000L);
  }

  /** For tests: a given clock (nanoseconds) and interval. */
  static Progress withClock(
      Consumer<String> sink,
      String task,
      String unit,
      long total,
      LongSupplier clock,
      long intervalNanos) {
    return new Progress(task, unit, total, sink, clock, intervalNanos);
  }

  /** One more item done; may emit a line. */
  public synchronized void step() {
    done++;
    long now = clock.getAsLong();
    if (done == 1 || done >= total || now - lastLine >= intervalNanos) {
      lastLine = now;
      sink.accept(line(now));
    }
  }

  /** Items done so far. */
  public synchronized long done() {
    return done;
  }

  /**
   * The estimated time left in seconds: the mean time per item so far times the items left; NaN
   * before the first item.
   */
  public synchronized double secondsLeft() {
    return secondsLeft(clock.getAsLong());
  }

  private double secondsLeft(long now) {
    if (done == 0) {
      return Double.NaN;
    }
    double perItem = (now - start) / 1e9 / done;
    return perItem * Math.max(0, total - done);
  }

  private String line(long now) {
    double elapsed = (now - start) / 1e9;
    String s =
        String.format(
            Locale.ROOT, "%s: %d/%d %s, %s elapsed", task, done, total, unit, duration(elapsed));
    return done >= total ? s + ", done" : s + ", about " + duration(secondsLeft(now)) + " left";
  }

  /** {@code 45s}, {@code 3m05s}, {@code 2h07m}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
