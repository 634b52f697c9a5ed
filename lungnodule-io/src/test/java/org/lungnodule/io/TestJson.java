package org.lungnodule.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny JSON reader for the committed reference files (objects, arrays, numbers, strings). */
public final class TestJson {
  private final String s;
  private int p;

  private TestJson(String s) {
    this.s = s;
  }

  /** Parses a JSON text into maps, lists, doubles, strings, booleans and null. */
  public static Object parse(String text) {
    TestJson j = new TestJson(text);
    Object v = j.value();
    j.ws();
    if (j.p != text.length()) {
      throw new IllegalArgumentException("trailing text at " + j.p);
    }
    return v;
  }

  private void ws() {
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
  }

  private Object value() {
    ws();
    char c = s.charAt(p);
    if (c == '{') {
      p++;
      Map<String, Object> m = new LinkedHashMap<>();
      ws();
      if (s.charAt(p) == '}') {
        p++;
        return m;
      }
      while (true) {
        ws();
        String k = (String) value();
        ws();
        p++; // :
        m.put(k, value());
        ws();
        if (s.charAt(p++) == '}') {
          return m;
        }
      }
    }
    if (c == '[') {
      p++;
      List<Object> l = new ArrayList<>();
      ws();
      if (s.charAt(p) == ']') {
        p++;
        return l;
      }
      while (true) {
        l.add(value());
        ws();
        if (s.charAt(p++) == ']') {
          return l;
        }
      }
    }
    if (c == '"') {
      StringBuilder b = new StringBuilder();
      p++;
      while (s.charAt(p) != '"') {
        char ch = s.charAt(p++);
        if (ch == '\\') {
          char e = s.charAt(p++);
          b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        } else {
          b.append(ch);
        }
      }
      p++;
      return b.toString();
    }
    if (s.startsWith("true", p)) {
      p += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("false", p)) {
      p += 5;
      return Boolean.FALSE;
    }
    if (s.startsWith("null", p)) {
      p += 4;
      return null;
    }
    if (s.startsWith("NaN", p)) {
      p += 3;
      return Double.NaN;
    }
    int st = p;
    while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
      p++;
    }
    return Double.parseDouble(s.substring(st, p));
  }

  /** Returns a list of numbers as a double array. */
  @SuppressWarnings("unchecked")
  public static double[] doubles(Object list) {
    List<Object> l = (List<Object>) list;
    double[] r = new double[l.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = ((Number) l.get(i)).doubleValue();
    }
    return r;
  }
}
