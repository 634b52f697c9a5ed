package org.lungnodule.io.dicom;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Text helpers: value trimming, DS/IS parsing and formatting (PS3.5 6.2). */
final class DicomText {

  private DicomText() {}

  /** Decodes a string value: ISO-8859-1 (a superset of the default repertoire), trimmed. */
  static String string(byte[] b, int off, int len) {
    int end = off + len;
    while (end > off && (b[end - 1] == 0 || b[end - 1] == ' ')) {
      end--;
    }
    int start = off;
    while (start < end && b[start] == ' ') {
      start++;
    }
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /**
   * Parses a multi-valued DS or IS string ({@code "1.0\\-2.5"}) into numbers.
   *
   * @throws NumberFormatException if a value is not a number
   */
  static double[] numbers(String s) {
    if (s.isEmpty()) {
      return new double[0];
    }
    String[] parts = s.split("\\\\", -1);
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Double.parseDouble(parts[i].trim());
      if (!Double.isFinite(v[i])) {
        throw new NumberFormatException("not a finite number: " + parts[i]);
      }
    }
    return v;
  }

  /**
   * Formats a number as a DS value of at most 16 characters, keeping as many significant digits as
   * fit.
   */
  static String ds(double v) {
    if (v == 0) {
      return "0";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    for (int digits = 16; digits >= 1; digits--) {
      BigDecimal bd = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
      String s = bd.toPlainString();
      if (s.length() > 16) {
        s = bd.toString().replace("E+", "E");
      }
      if (s.length() <= 16) {
        return s;
      }
    }
    throw new IllegalArgumentException("cannot format " + v + " as a DICOM decimal string");
  }

  /** Formats millimetres for messages: three decimals. */
  static String mm(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** Formats a tag as (gggg,eeee). */
  static String tag(int tag) {
    return String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }
}
