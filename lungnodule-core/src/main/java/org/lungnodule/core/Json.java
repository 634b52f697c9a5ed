package org.lungnodule.core;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer for results: maps (as objects, in iteration order), collections and arrays
 * (as arrays), numbers, booleans, strings and null. Non-finite doubles are written as {@code null}.
 * Used by reports and the command-line tool; no parsing.
 */
public final class Json {

  private Json() {}

  /** Returns the JSON text of a value, compact. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, -1, 0);
    return sb.toString();
  }

  /** Returns the JSON text of a value, indented by two spaces. */
  public static String pretty(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 2, 0);
    return sb.toString();
  }

  private static void newline(StringBuilder sb, int indent, int depth) {
    if (indent >= 0) {
      sb.append('\n');
      sb.append(" ".repeat(indent * depth));
    }
  }

  private static void write(StringBuilder sb, Object v, int indent, int depth) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(sb, s);
    } else if (v instanceof Double d) {
      number(sb, d);
    } else if (v instanceof Float f) {
      number(sb, f.doubleValue());
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        newline(sb, indent, depth + 1);
        quote(sb, String.valueOf(e.getKey()));
        sb.append(indent >= 0 ? ": " : ":");
        write(sb, e.getValue(), indent, depth + 1);
      }
      if (!m.isEmpty()) {
        newline(sb, indent, depth);
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      array(sb, c.toArray(), indent, depth);
    } else if (v instanceof double[] a) {
      Object[] o = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        o[i] = a[i];
      }
      array(sb, o, indent, depth);
    } else if (v instanceof int[] a) {
      Object[] o = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        o[i] = a[i];
      }
      array(sb, o, indent, depth);
    } else if (v instanceof long[] a) {
      Object[] o = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        o[i] = a[i];
      }
      array(sb, o, indent, depth);
    } else if (v instanceof Object[] a) {
      array(sb, a, indent, depth);
    } else if (v instanceof Enum<?> e) {
      quote(sb, e.name());
    } else {
      quote(sb, v.toString());
    }
  }

  private static void array(StringBuilder sb, Object[] a, int indent, int depth) {
    sb.append('[');
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        sb.append(indent >= 0 ? ", " : ",");
      }
      write(sb, a[i], indent, depth + 1);
    }
    sb.append(']');
  }

  private static void number(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      sb.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append((long) d);
    } else {
      sb.append(d);
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
