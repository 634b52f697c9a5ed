package org.lungnodule.examples.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one JSON style of every {@code --json} output: keys in lower camelCase ({@code spacingMm},
 * {@code seriesInstanceUid}), numbers as JSON numbers (never a string holding a number), sizes and
 * coordinates as arrays ({@code "dims": [512, 512, 300]}), never as "512x512x300". {@link
 * CliSupport#print} asserts it (with {@code -ea}, as in the tests), so a command whose output
 * drifts fails its own tests.
 */
final class JsonStyle {

  private static final Pattern CAMEL = Pattern.compile("[a-z][a-zA-Z0-9]*");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern DIMS = Pattern.compile("\\d+(x\\d+){1,3}");

  private JsonStyle() {}

  /**
   * The departures from the style in a result tree (maps, lists, scalars), each naming its path;
   * empty when the tree conforms.
   */
  static List<String> violations(Object tree) {
    List<String> out = new ArrayList<>();
    walk("$", tree, out);
    return out;
  }

  /** Keys whose values are names or identifiers: text, even when made of digits. */
  private static final Pattern TEXT_KEY =
      Pattern.compile(".*(Id|Uid|Ids|Name|Description|Version|Label)");

  private static void walk(String path, Object v, List<String> out) {
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        String p = path + "." + k;
        if (!CAMEL.matcher(k).matches() && !isMapOfData(m)) {
          out.add(p + ": key is not lower camelCase");
        }
        walk(p, e.getValue(), out);
      }
    } else if (v instanceof Collection<?> c) {
      int i = 0;
      for (Object x : c) {
        walk(path + "[" + i++ + "]", x, out);
      }
    } else if (v instanceof CharSequence s) {
      String t = s.toString().trim();
      String key = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
      if (NUMBER.matcher(t).matches() && !TEXT_KEY.matcher(key).matches()) {
        out.add(path + ": number written as a string (\"" + t + "\")");
      } else if (DIMS.matcher(t).matches()) {
        out.add(path + ": size written as a string (\"" + t + "\"), use an array");
      }
    }
  }

  /**
   * A map whose keys are data rather than names (counts by modality such as {@code "SEG"}, by label
   * such as {@code "MALIGNANT"}, by file or id): all keys upper case, or all containing a character
   * no name has. Such maps are allowed.
   */
  private static boolean isMapOfData(Map<?, ?> m) {
    boolean allUpper = true;
    boolean anyPathLike = false;
    for (Object k : m.keySet()) {
      String s = String.valueOf(k);
      allUpper &= s.equals(s.toUpperCase(java.util.Locale.ROOT));
      anyPathLike |= s.contains("/") || s.contains(".") || s.contains("-") || s.contains(" ");
    }
    return allUpper || anyPathLike;
  }
}
