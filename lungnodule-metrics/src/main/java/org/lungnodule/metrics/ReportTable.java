package org.lungnodule.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Json;

/**
 * A results table that renders to Markdown, CSV and JSON. Cells are values: {@link Estimate}
 * (printed "0.812 (0.776–0.845)", JSON {@code {"value":..,"ci":[lo,hi]}}), {@link PValue}
 * ("&lt;0.001", "0.023"), {@link Percent} ("+12.3%"), other numbers (three decimals), strings, or
 * null (empty). Immutable.
 *
 * @param title the caption
 * @param columns column names
 * @param rows rows, each with one cell per column
 */
public record ReportTable(String title, List<String> columns, List<List<Object>> rows) {

  /**
   * A p-value cell.
   *
   * @param p the p-value
   */
  public record PValue(double p) {
    @Override
    public String toString() {
      if (Double.isNaN(p)) {
        return "";
      }
      return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
  }

  /**
   * A rate-of-change cell in percent.
   *
   * @param percent the change in percent
   */
  public record Percent(double percent) {
    @Override
    public String toString() {
      return Double.isFinite(percent) ? String.format(Locale.ROOT, "%+.1f%%", percent) : "";
    }
  }

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if a row does not have one cell per column
   */
  public ReportTable {
    Objects.requireNonNull(title, "title");
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException(
            "table rows must have " + columns.size() + " cells, got " + r.size());
      }
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = List.copyOf(copy);
  }

  private static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "";
    }
    return v.toString();
  }

  private static Object json(Object v) {
    if (v instanceof Estimate e) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("value", e.value());
      e.ci().ifPresent(c -> m.put("ci", c.toArray()));
      return m;
    }
    if (v instanceof PValue p) {
      return p.p();
    }
    if (v instanceof Percent p) {
      return p.percent();
    }
    return v;
  }

  /** Renders as a GitHub Markdown table with the title as a bold caption. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("**").append(title).append("**\n\n");
    sb.append("| ").append(String.join(" | ", columns)).append(" |\n");
    sb.append("|").append("---|".repeat(columns.size())).append('\n');
    for (List<Object> r : rows) {
      sb.append("| ");
      for (int i = 0; i < r.size(); i++) {
        if (i > 0) {
          sb.append(" | ");
        }
        sb.append(text(r.get(i)).replace("|", "\\|"));
      }
      sb.append(" |\n");
    }
    return sb.toString();
  }

  /** Renders as CSV (RFC 4180 quoting), header first. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(",", columns.stream().map(ReportTable::csv).toList())).append('\n');
    for (List<Object> r : rows) {
      sb.append(String.join(",", r.stream().map(v -> csv(text(v))).toList())).append('\n');
    }
    return sb.toString();
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Returns {@code {"title":..,"rows":[{column: value, ...}, ...]}} as a map. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", title);
    List<Object> out = new ArrayList<>();
    for (List<Object> r : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        o.put(columns.get(i), json(r.get(i)));
      }
      out.add(o);
    }
    m.put("rows", out);
    return m;
  }

  /** Renders as pretty JSON. */
  public String toJson() {
    return Json.pretty(toMap());
  }

  /**
   * Writes the table to a file, the format chosen by the extension ({@code .md}, {@code .csv},
   * {@code .json}), through a temporary file moved atomically into place.
   *
   * @throws IllegalArgumentException for another extension
   * @throws IOException if writing fails
   */
  public void write(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String text;
    if (name.endsWith(".md")) {
      text = toMarkdown();
    } else if (name.endsWith(".csv")) {
      text = toCsv();
    } else if (name.endsWith(".json")) {
      text = toJson();
    } else {
      throw new IllegalArgumentException("table file must end in .md, .csv or .json, got " + file);
    }
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return toMarkdown();
  }

  static List<Object> row(Object... cells) {
    return new ArrayList<>(Arrays.asList(cells));
  }
}
