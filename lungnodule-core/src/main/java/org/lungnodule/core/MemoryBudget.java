package org.lungnodule.core;

import java.util.Locale;

/**
 * The most memory one allocation driven by an untrusted file may take. Readers compare the size a
 * header declares (voxel counts times sample size, zip entry sizes, frame sizes) against this
 * budget <em>before</em> they allocate, so that a small hostile file cannot exhaust the heap, and
 * they refuse with a typed error naming the file (built from {@link #refusal(long, String)}).
 *
 * <p>The budget is, in order of precedence: the value given to {@link #setLimit(long)}; the system
 * property {@value #PROPERTY}, either a byte count with an optional {@code k}, {@code m}, {@code g}
 * suffix (binary units: {@code 3g} is 3 GiB) or a share of the maximum heap ({@code 50%}); or, by
 * default, {@value #DEFAULT_PERCENT}% of the maximum heap ({@link Runtime#maxMemory()}). It is read
 * at each check, so a change applies to the next read.
 */
public final class MemoryBudget {

  /** The system property that sets the budget: bytes ({@code 2g}, {@code 512m}) or {@code 40%}. */
  public static final String PROPERTY = "lungnodule.memoryBudget";

  /** The default budget as a percentage of the maximum heap. */
  public static final int DEFAULT_PERCENT = 50;

  private static volatile long override = -1;

  private MemoryBudget() {}

  /**
   * Returns the budget in bytes.
   *
   * @throws IllegalArgumentException if {@value #PROPERTY} is set to something that is not a size
   */
  public static long limit() {
    long o = override;
    if (o > 0) {
      return o;
    }
    String p = System.getProperty(PROPERTY);
    if (p == null || p.isBlank()) {
      return share(DEFAULT_PERCENT);
    }
    return parse(p.trim());
  }

  /**
   * Returns whether an allocation of {@code bytes} fits the budget. Negative sizes (an overflowed
   * product) never fit.
   */
  public static boolean allows(long bytes) {
    return bytes >= 0 && bytes <= limit();
  }

  /**
   * Returns whether {@code count} elements of {@code bytesPerElement} bytes fit the budget, without
   * overflowing.
   *
   * @throws IllegalArgumentException if either argument is negative
   */
  public static boolean allows(long count, int bytesPerElement) {
    if (count < 0 || bytesPerElement < 0) {
      throw new IllegalArgumentException(
          "count and element size must be non-negative, got " + count + " and " + bytesPerElement);
    }
    return bytesPerElement == 0 || count <= limit() / bytesPerElement;
  }

  /**
   * Returns the standard message for a refused allocation, for example {@code "the image declares
   * 1290x1290x1290 voxels of 2 bytes (4.0 GiB), more than the memory budget of 3.0 GiB (set
   * lungnodule.memoryBudget to change it)"}.
   *
   * @param bytes the size that was declared (negative: more than a long holds)
   * @param what what declared it, for example {@code "the image declares 1290x1290x1290 voxels of 2
   *     bytes"}
   */
  public static String refusal(long bytes, String what) {
    return what
        + " ("
        + (bytes < 0 ? "more than 8 EiB" : format(bytes))
        + "), more than the memory budget of "
        + format(limit())
        + " (set "
        + PROPERTY
        + " to change it)";
  }

  /**
   * Sets the budget for this JVM, overriding the system property; for embedding applications and
   * tests.
   *
   * @param bytes the budget, positive
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public static void setLimit(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("memory budget must be positive, got " + bytes + " bytes");
    }
    override = bytes;
  }

  /**
   * Clears a budget set with {@link #setLimit(long)}: the property or the default applies again.
   */
  public static void clearLimit() {
    override = -1;
  }

  /** Formats a byte count in binary units, for example {@code 1.5 GiB}. */
  public static String format(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  static long parse(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("%")) {
        int pct = Integer.parseInt(t.substring(0, t.length() - 1).trim());
        if (pct < 1 || pct > 100) {
          throw new IllegalArgumentException(
              PROPERTY + " must be a share of the heap from 1% to 100%, got '" + text + "'");
        }
        return share(pct);
      }
      long mult = 1;
      char last = t.charAt(t.length() - 1);
      if (last == 'k' || last == 'm' || last == 'g') {
        mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
        t = t.substring(0, t.length() - 1).trim();
      }
      long n = Long.parseLong(t);
      if (n <= 0 || n > Long.MAX_VALUE / mult) {
        throw new IllegalArgumentException(
            PROPERTY + " must be a positive size, got '" + text + "'");
      }
      return n * mult;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          PROPERTY + " must be a size such as 2g, 512m or 40%, got '" + text + "'", e);
    }
  }

  private static long share(int percent) {
    return Runtime.getRuntime().maxMemory() / 100 * percent;
  }
}
