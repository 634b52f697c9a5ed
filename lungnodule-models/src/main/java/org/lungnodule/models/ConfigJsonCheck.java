package org.lungnodule.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.shade.jackson.core.JsonFactory;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.JsonToken;

/**
 * Checks a DL4J configuration JSON before DL4J's Jackson mapper sees it. DL4J types its
 * configuration objects with class names ({@code "@class": "org.deeplearning4j…"}), and Jackson
 * loads (and initializes) whatever class such a type id names, so a hostile file could name any
 * class on the class path. This check streams the JSON (no recursion, no objects built) and
 * refuses:
 *
 * <ul>
 *   <li>an {@code @class} whose value is not a class name under {@code org.deeplearning4j.}, {@code
 *       org.nd4j.} (not its shaded third-party libraries, {@code org.nd4j.shade.}) or {@code
 *       org.lungnodule.};
 *   <li>any other string or field name that contains a dotted Java name outside those packages
 *       (Jackson also accepts type ids in other places, for example {@code ["java.net.URL", …]}),
 *       so no class name can reach Jackson by any route;
 *   <li>nesting deeper than {@value #MAX_DEPTH} (DL4J's own JSON nests fewer than 10 levels;
 *       Jackson's object binding recurses once per level).
 * </ul>
 */
final class ConfigJsonCheck {

  /** The deepest nesting accepted. */
  static final int MAX_DEPTH = 64;

  private static final JsonFactory FACTORY = new JsonFactory();

  private static final Pattern ALLOWED =
      Pattern.compile(
          "(?:org\\.deeplearning4j\\.|org\\.nd4j\\.(?!shade\\.)|org\\.lungnodule\\.)"
              + "[A-Za-z_$][\\w$]*+(?:\\.[A-Za-z_$][\\w$]*+)*+");

  /**
   * A dotted Java name anywhere in a string (also inside "[Lcom.x.Y;" or "a.B<c.D>"); it starts
   * only where no name character precedes and its quantifiers are possessive, so a search is linear
   * in the string's length.
   */
  private static final Pattern DOTTED =
      Pattern.compile("(?<![\\w$])[A-Za-z_$][\\w$]*+(?:\\.[A-Za-z_$][\\w$]*+)++");

  private ConfigJsonCheck() {}

  /**
   * Checks the JSON text.
   *
   * @throws ModelArchiveException naming the file, the entry and the offending name or depth
   */
  static void check(Path file, String entry, String json) throws ModelArchiveException {
    try (JsonParser p = FACTORY.createParser(json)) {
      int depth = 0;
      boolean classValue = false;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            if (classValue) {
              throw refuse(file, entry, "'@class' must name a class, got a " + t.asString());
            }
            if (++depth > MAX_DEPTH) {
              throw refuse(file, entry, "nests deeper than " + MAX_DEPTH + " levels");
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> {
            String name = p.getCurrentName();
            checkText(file, entry, name);
            classValue = "@class".equals(name);
            continue;
          }
          case VALUE_STRING -> {
            String s = p.getText();
            if (classValue && !ALLOWED.matcher(s).matches()) {
              throw refuse(
                  file,
                  entry,
                  "names class '"
                      + clip(s)
                      + "', which is not a deeplearning4j,"
                      + " nd4j or lungnodule class");
            }
            checkText(file, entry, s);
          }
          default -> {
            if (classValue) {
              throw refuse(file, entry, "'@class' must name a class, got " + clip(p.getText()));
            }
          }
        }
        classValue = false;
      }
    } catch (ModelArchiveException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new ModelArchiveException(
          file, "entry '" + entry + "' is not valid json: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      // parsing a String performs no I/O
      throw new ModelArchiveException(file, "entry '" + entry + "': " + e.getMessage(), e);
    }
  }

  private static void checkText(Path file, String entry, String s) throws ModelArchiveException {
    if (s.indexOf('.') < 0) {
      return;
    }
    Matcher m = DOTTED.matcher(s);
    while (m.find()) {
      if (!ALLOWED.matcher(m.group()).matches()) {
        throw refuse(
            file,
            entry,
            "mentions '"
                + clip(m.group())
                + "', which is not a deeplearning4j,"
                + " nd4j or lungnodule class (only those may be named in a network configuration)");
      }
    }
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  private static ModelArchiveException refuse(Path file, String entry, String problem) {
    return new ModelArchiveException(file, "entry '" + entry + "' " + problem, null);
  }
}
