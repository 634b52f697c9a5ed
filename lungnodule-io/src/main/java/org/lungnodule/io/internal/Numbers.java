package org.lungnodule.io.internal;

/** Number formatting shared by the text formats this module writes (CSV, MetaImage headers). */
public final class Numbers {

  private Numbers() {}

  /** Formats a number in the shortest plain form that parses back to the same double. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
