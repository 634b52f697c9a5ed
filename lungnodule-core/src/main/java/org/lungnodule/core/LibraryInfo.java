package org.lungnodule.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library's name and version, for provenance records, reports and the CLI. */
public final class LibraryInfo {

  private static final String VERSION = load();

  private LibraryInfo() {}

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = LibraryInfo.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lungnodule version resource", e);
    }
    return p.getProperty("version", "unknown");
  }

  /** Returns the library version, for example {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return VERSION;
  }
}
