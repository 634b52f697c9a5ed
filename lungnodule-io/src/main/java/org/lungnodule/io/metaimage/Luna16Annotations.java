package org.lungnodule.io.metaimage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFormatException;
import org.lungnodule.io.internal.Csv;

/**
 * Reads LUNA16's {@code annotations.csv}: header {@code seriesuid,coordX,coordY,coordZ,diameter_mm}
 * (columns found by name, any order, extra columns ignored), one nodule per row, centre in world mm
 * (the same LPS frame as the {@code .mhd} {@code Offset}).
 *
 * <p>LUNA16 carries no malignancy, so every nodule is {@link NoduleLabel#UNKNOWN}. Nodule ids are
 * {@code luna-1}, {@code luna-2}, … in file order within each series.
 */
public final class Luna16Annotations {

  private static final String[] COLUMNS = {
    "seriesuid", "coordx", "coordy", "coordz", "diameter_mm"
  };

  private Luna16Annotations() {}

  /**
   * Reads the CSV.
   *
   * @param csv the annotations file
   * @return nodules per series uid, series in file order
   * @throws VolumeFormatException naming the line for a missing column, a bad number, a
   *     non-positive diameter or bytes that are not UTF-8
   * @throws IOException if the file cannot be read
   */
  public static Map<String, List<Nodule>> read(Path csv) throws IOException {
    Map<String, List<Nodule>> out = new LinkedHashMap<>();
    try (Csv.Lines r =
        Csv.Lines.open(
            csv, (line, msg) -> new VolumeFormatException(csv, "line " + line + ": " + msg))) {
      String headerLine = r.next();
      if (headerLine == null) {
        throw new VolumeFormatException(csv, "file is empty, expected a header line");
      }
      List<String> header;
      try {
        header = Csv.split(stripBom(headerLine));
      } catch (IllegalArgumentException e) {
        throw new VolumeFormatException(csv, "line 1: " + e.getMessage());
      }
      int[] col = new int[COLUMNS.length];
      for (int c = 0; c < COLUMNS.length; c++) {
        col[c] = -1;
        for (int i = 0; i < header.size(); i++) {
          if (header.get(i).toLowerCase(Locale.ROOT).equals(COLUMNS[c])) {
            col[c] = i;
          }
        }
        if (col[c] < 0) {
          throw new VolumeFormatException(
              csv, "line 1: no column " + COLUMNS[c] + " in header " + header);
        }
      }
      String line;
      while ((line = r.next()) != null) {
        int lineNo = r.lineNumber();
        if (line.isBlank()) {
          continue;
        }
        List<String> f;
        try {
          f = Csv.split(line);
        } catch (IllegalArgumentException e) {
          throw new VolumeFormatException(csv, "line " + lineNo + ": " + e.getMessage());
        }
        if (f.size() < header.size()) {
          throw new VolumeFormatException(
              csv, "line " + lineNo + ": " + f.size() + " fields, expected " + header.size());
        }
        String uid = f.get(col[0]);
        if (uid.isEmpty()) {
          throw new VolumeFormatException(csv, "line " + lineNo + ": seriesuid is empty");
        }
        double x = num(csv, lineNo, "coordX", f.get(col[1]));
        double y = num(csv, lineNo, "coordY", f.get(col[2]));
        double z = num(csv, lineNo, "coordZ", f.get(col[3]));
        double d = num(csv, lineNo, "diameter_mm", f.get(col[4]));
        if (!(d > 0)) {
          throw new VolumeFormatException(
              csv, "line " + lineNo + ": diameter_mm must be positive, got " + d);
        }
        List<Nodule> list = out.computeIfAbsent(uid, u -> new ArrayList<>());
        list.add(
            Nodule.of(
                "luna-" + (list.size() + 1), new WorldPoint(x, y, z), d, NoduleLabel.UNKNOWN));
      }
    }
    Map<String, List<Nodule>> frozen = new LinkedHashMap<>();
    out.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(frozen);
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  private static double num(Path csv, int line, String name, String text)
      throws VolumeFormatException {
    try {
      double v = Double.parseDouble(text);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new VolumeFormatException(
        csv, "line " + line + ": " + name + " must be a finite number, got '" + text + "'");
  }
}
