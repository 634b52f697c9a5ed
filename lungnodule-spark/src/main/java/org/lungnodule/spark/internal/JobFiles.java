package org.lungnodule.spark.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.spark.ScanFailure;

/** The files a job writes once, on the driver: its settings and its list of failed scans. */
public final class JobFiles {

  /** The job's settings, written before any task runs. */
  public static final String SETTINGS = "job.properties";

  /** The scans that failed in the last run. */
  public static final String FAILURES = "failures.csv";

  private JobFiles() {}

  /**
   * Makes sure that {@code out} holds no outputs of a different job (another model, other options),
   * then writes the settings there. A rerun with the same settings reuses the scans already
   * complete; different settings would mix two runs' outputs.
   *
   * @param out the output folder (created if needed)
   * @param settings the settings that decide the outputs (job, model hash, options)
   * @throws IllegalArgumentException naming the setting that differs if {@code out} holds another
   *     job's outputs
   * @throws IOException if the file cannot be read or written
   */
  public static void claim(Path out, Map<String, String> settings) throws IOException {
    Files.createDirectories(out);
    Path file = out.resolve(SETTINGS);
    if (Files.isRegularFile(file)) {
      Properties before = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        before.load(r);
      }
      for (Map.Entry<String, String> e : settings.entrySet()) {
        String old = before.getProperty(e.getKey());
        if (!e.getValue().equals(old)) {
          throw new IllegalArgumentException(
              out
                  + " holds the outputs of another run ("
                  + e.getKey()
                  + " was "
                  + old
                  + ", now "
                  + e.getValue()
                  + "); use a new output folder or delete it");
        }
      }
      return;
    }
    StringBuilder sb =
        new StringBuilder("# lungnodule-spark job settings; a rerun must match them\n");
    for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
      Properties one = new Properties();
      one.setProperty(e.getKey(), e.getValue());
      StringWriter w = new StringWriter();
      one.store(w, null);
      // drop the date comment Properties.store writes
      w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> sb.append(l).append('\n'));
    }
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a job's settings.
   *
   * @throws java.nio.file.NoSuchFileException if {@code out} has none
   * @throws IOException if it cannot be read
   */
  public static Properties settings(Path out) throws IOException {
    Path file = out.resolve(SETTINGS);
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(
          file.toString(),
          null,
          "no " + SETTINGS + " in " + out + "; is it a lungnodule-spark output folder?");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  /**
   * Writes {@value #FAILURES} (header only when none failed), atomically.
   *
   * @throws IOException if writing fails
   */
  public static void writeFailures(Path out, List<ScanFailure> failures) throws IOException {
    StringBuilder sb = new StringBuilder(ScanFailure.CSV_HEADER).append('\n');
    for (ScanFailure f : failures) {
      sb.append(f.csvLine()).append('\n');
    }
    AtomicFiles.write(out.resolve(FAILURES), sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
