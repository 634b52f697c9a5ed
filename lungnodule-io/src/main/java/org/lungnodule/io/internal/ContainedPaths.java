package org.lungnodule.io.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Resolves a path named inside a file (a MetaImage {@code ElementDataFile}, a manifest's {@code
 * scan_path}) against that file's folder and refuses one that leads out of it: an absolute path, a
 * {@code ..} that climbs above the folder, or a link whose target lies outside. This is the trust
 * boundary that stops a downloaded header or manifest from making the library read arbitrary files.
 */
public final class ContainedPaths {

  private static final int SHOWN = 120;

  private ContainedPaths() {}

  /**
   * Resolves {@code name} against {@code folder} and checks that the result stays inside it.
   * Lexically first ({@code ..} and absolute paths), then, if the file exists, after following
   * links ({@link Path#toRealPath}): the real file must lie inside the real folder, or inside one
   * of {@code alsoInside} (real folders that may hold it, for example the folder a linked header
   * really sits in).
   *
   * @param folder the folder the name is relative to (absolute)
   * @param key what the name is, for messages ({@code "ElementDataFile"}, {@code "scan_path"})
   * @param name the name as written in the file
   * @param error makes the caller's typed exception from the message
   * @param alsoInside further folders whose inside is accepted for the real path
   * @return the resolved, normalised path (not the real path: the caller reads what was named)
   * @throws E if the name is not a valid path or leads out of the folder
   * @throws IOException if following links fails for another reason than a missing file
   */
  public static <E extends IOException> Path resolve(
      Path folder, String key, String name, Function<String, E> error, Path... alsoInside)
      throws E, IOException {
    Path base = folder.toAbsolutePath().normalize();
    Path rel;
    try {
      rel = base.getFileSystem().getPath(name);
    } catch (InvalidPathException e) {
      throw error.apply(key + " '" + shown(name) + "' is not a valid path: " + e.getReason());
    }
    if (rel.isAbsolute() || rel.getRoot() != null) {
      throw error.apply(
          key
              + " '"
              + shown(name)
              + "' is an absolute path; paths must be relative to "
              + base
              + " and stay inside it");
    }
    Path p = base.resolve(rel).normalize();
    if (!p.startsWith(base)) {
      throw error.apply(
          key + " '" + shown(name) + "' leads outside " + base + "; paths must stay inside it");
    }
    if (p.equals(base)) {
      throw error.apply(
          key + " '" + shown(name) + "' names the folder " + base + ", not a file in it");
    }
    if (Files.exists(p)) {
      Path real = p.toRealPath();
      if (!inside(real, base) && !insideAny(real, alsoInside)) {
        throw error.apply(
            key
                + " '"
                + shown(name)
                + "' is a link to "
                + real
                + ", outside "
                + base
                + "; paths must stay inside it");
      }
    }
    return p;
  }

  private static boolean insideAny(Path real, Path[] roots) throws IOException {
    for (Path r : roots) {
      if (r != null && inside(real, r)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inside(Path real, Path root) throws IOException {
    if (!Files.exists(root)) {
      return false;
    }
    Path rr = root.toRealPath();
    return real.startsWith(rr) && !real.equals(rr);
  }

  /**
   * Returns a value as it may be shown in a one-line message: control characters escaped as Java
   * unicode escapes (a backslash, {@code u} and four hex digits), at most {@value #SHOWN}
   * characters.
   */
  public static String shown(String value) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (; i < value.length() && sb.length() < SHOWN; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (i < value.length()) {
      sb.append("...");
    }
    return sb.toString();
  }

  /**
   * Returns an identifier made safe as (part of) a file name: every character other than a letter,
   * a digit, {@code .}, {@code _} or {@code -} becomes {@code _}.
   */
  public static String safeFileName(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
