package org.lungnodule.spark.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.Site;

/**
 * The scans of a job's sites, listed on the driver from the manifests, and each executor's cache of
 * opened sites (a manifest is read once per executor JVM, not once per scan).
 */
public final class SiteScans {

  private static final Map<String, Site> OPEN = new ConcurrentHashMap<>();

  private SiteScans() {}

  /**
   * Lists every scan of the sites in site order, then manifest order.
   *
   * @param sites the site folders
   * @param reserved output names no scan may take (the job's own files)
   * @return one task per scan
   * @throws IllegalArgumentException if a scan id occurs in two sites, or two scan ids (or a scan
   *     id and a reserved name) map to the same output name
   * @throws IOException if a manifest cannot be read (a {@link
   *     org.lungnodule.io.manifest.ManifestException} naming its line when it is malformed)
   */
  public static List<ScanTask> list(List<Path> sites, Set<String> reserved) throws IOException {
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("at least one site is required");
    }
    List<ScanTask> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int s = 0; s < sites.size(); s++) {
      Site site = open(sites.get(s));
      List<String> ids = site.scanIds();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        ManifestEntry row = site.manifest().rowsOf(id).get(0);
        String folder = folderName(id);
        if (reserved.contains(folder)) {
          throw new IllegalArgumentException(
              "scan id '"
                  + id
                  + "' of "
                  + site.folder()
                  + " would write over the job's "
                  + folder
                  + "; rename the scan");
        }
        String where = id + " of " + site.folder();
        String before = seen.putIfAbsent(folder, where);
        if (before != null) {
          throw new IllegalArgumentException(
              "scan ids must be unique across the sites (outputs are named by them), got "
                  + where
                  + " and "
                  + before);
        }
        out.add(
            new ScanTask(
                s,
                site.folder().toString(),
                i,
                id,
                row.patientId(),
                site.folder().resolve(row.scanPath()).normalize().toString(),
                folder));
      }
    }
    return out;
  }

  /**
   * The file-name-safe form of a scan id: characters other than letters, digits, {@code . _ -}
   * become {@code _}, as in a site's own {@code scans/} folder; {@code .} and {@code ..} get a
   * leading {@code _}.
   */
  public static String folderName(String scanId) {
    String safe = scanId.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.equals(".") || safe.equals("..") || safe.startsWith(".") ? "_" + safe : safe;
  }

  /**
   * Returns the site of a task, opening it once per executor JVM (again when its manifest changed).
   *
   * @throws IOException if the manifest cannot be read
   */
  public static Site site(ScanTask task) throws IOException {
    return open(Path.of(task.site()));
  }

  private static Site open(Path folder) throws IOException {
    Path abs = folder.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs.resolve("manifest.csv"))) {
      return Site.open(abs); // throws, naming the folder
    }
    String key = abs + "@" + Files.getLastModifiedTime(abs.resolve("manifest.csv")).toMillis();
    Site s = OPEN.get(key);
    if (s == null) {
      synchronized (OPEN) {
        s = OPEN.get(key);
        if (s == null) {
          s = Site.open(abs);
          OPEN.put(key, s);
        }
      }
    }
    return s;
  }
}
