package org.lungnodule.spark.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Checks shared by the jobs' builders. */
public final class Options {

  private Options() {}

  /**
   * Checks that an option is set once.
   *
   * @throws IllegalStateException naming the option and its value if it is already set
   */
  public static void once(String name, Object old) {
    if (old != null) {
      throw new IllegalStateException(name + " was already set to " + old);
    }
  }

  /**
   * Adds a site folder to a list, refusing the same folder twice.
   *
   * @throws IllegalArgumentException if the folder is already in the list
   */
  public static void addSite(List<Path> sites, Path site) {
    Objects.requireNonNull(site, "site");
    Path abs = site.toAbsolutePath().normalize();
    if (sites.contains(abs)) {
      throw new IllegalArgumentException("site " + abs + " was given twice");
    }
    sites.add(abs);
  }

  /**
   * Checks that a required option is set.
   *
   * @throws IllegalStateException naming the option if it is not
   */
  public static <T> T required(String name, T value) {
    if (value == null) {
      throw new IllegalStateException(name + " is required");
    }
    return value;
  }

  /**
   * Checks that at least one site is set and returns a copy of the list.
   *
   * @throws IllegalStateException if none is
   */
  public static List<Path> sites(List<Path> sites) {
    if (sites.isEmpty()) {
      throw new IllegalStateException("at least one site is required");
    }
    return List.copyOf(new ArrayList<>(sites));
  }
}
