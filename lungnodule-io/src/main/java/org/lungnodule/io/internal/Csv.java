package org.lungnodule.io.internal;

import java.util.ArrayList;
import java.util.List;

/** Minimal RFC 4180 CSV: fields separated by commas, optionally double-quoted ("" = a quote). */
public final class Csv {

  private Csv() {}

  /**
   * Splits one line into fields.
   *
   * @throws IllegalArgumentException if a quoted field is not closed
   */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          f.append(c);
        }
      } else if (c == '"' && f.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        out.add(wasQuoted ? f.toString() : f.toString().strip());
        f.setLength(0);
        wasQuoted = false;
      } else {
        f.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quoted field is not closed");
    }
    out.add(wasQuoted ? f.toString() : f.toString().strip());
    return out;
  }

  /** Quotes a field if it holds a comma, a quote or leading/trailing space. */
  public static String quote(String field) {
    if (field.contains(",") || field.contains("\"") || !field.equals(field.strip())) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }
}
