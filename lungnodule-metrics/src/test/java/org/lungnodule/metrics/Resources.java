package org.lungnodule.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the committed reference files in src/test/resources/reference. */
final class Resources {

  private Resources() {}

  static byte[] bytes(String name) {
    try (InputStream in = Resources.class.getResourceAsStream("/reference/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource reference/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows of a table (tab or comma separated), '#' lines skipped; blank line ends the table. */
  static List<Map<String, String>> table(String name, int tableIndex) {
    String text = new String(bytes(name), StandardCharsets.UTF_8);
    List<Map<String, String>> rows = new ArrayList<>();
    String[] header = null;
    int index = 0;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isBlank()) {
        if (header != null) {
          if (index == tableIndex) {
            return rows;
          }
          index++;
          header = null;
          rows = new ArrayList<>();
        }
        continue;
      }
      String[] f = line.split(line.contains("\t") ? "\t" : ",");
      if (header == null) {
        header = f;
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], f[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  static double[] column(List<Map<String, String>> rows, String key) {
    return rows.stream().mapToDouble(r -> Double.parseDouble(r.get(key))).toArray();
  }

  static boolean[] labels(List<Map<String, String>> rows) {
    boolean[] b = new boolean[rows.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = rows.get(i).get("label").equals("1");
    }
    return b;
  }
}
