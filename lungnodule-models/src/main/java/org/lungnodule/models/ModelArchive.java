package org.lungnodule.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A trained model in one file: the network (DL4J {@link ComputationGraph} or {@link SameDiff},
 * configuration and weights, without updater state), the preprocessing settings the model expects
 * (text key/values, for example spacing, cube size and channel windows), and its {@link
 * Provenance}.
 *
 * <p>The file is a zip with the entries {@value #MARKER_ENTRY} (format marker, format version,
 * model kind, network type), {@code provenance.properties}, {@code preprocessing.properties} and
 * {@code network.bin}. It is written to a temp file and moved into place atomically. {@link
 * #read(Path, String)} checks the marker, the version and the model kind and throws a {@link
 * ModelArchiveException} naming the file for anything else.
 *
 * <p>An archive may carry named <em>companion</em> archives ({@link #withCompanion}), models that
 * work together with the main one (for example a segmenter's false-positive reducer). Each is
 * stored under {@code companion/NAME/} with the same four entries and read back with the main
 * archive; readers that do not know a companion ignore it.
 *
 * <p>A model file is data, not code: reading accepts only the entries listed above, never
 * deserializes Java objects (the network is read without DL4J's {@code ModelSerializer}, which
 * would), checks every class name in the network's configuration against DL4J's, ND4J's and this
 * library's packages, and checks every declared size against {@link
 * org.lungnodule.core.MemoryBudget} before allocating.
 *
 * <p>Instances are immutable holders; the network itself is a mutable DL4J object, so share it
 * between threads only through a thread-safe wrapper (such as the classifier's predictor).
 */
public final class ModelArchive {

  /** The entry that marks a lungnodule model archive. */
  public static final String MARKER_ENTRY = "lungnodule-model.properties";

  /** The value of {@code format} in the marker entry. */
  public static final String FORMAT = "lungnodule-model-archive";

  /** The format version this library writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final String PROVENANCE_ENTRY = "provenance.properties";
  private static final String PREPROCESSING_ENTRY = "preprocessing.properties";
  private static final String WHAT = "lungnodule model archive";

  private static final String COMPANION_PREFIX = "companion/";

  private static final java.util.List<String> ENTRIES =
      java.util.List.of(MARKER_ENTRY, PROVENANCE_ENTRY, PREPROCESSING_ENTRY, ZipEntries.NETWORK);

  private static boolean isArchiveEntry(String name) {
    String rest = name;
    if (name.startsWith(COMPANION_PREFIX)) {
      int slash = name.indexOf('/', COMPANION_PREFIX.length());
      if (slash < 0
          || !name.substring(COMPANION_PREFIX.length(), slash).matches("[A-Za-z0-9_-]+")) {
        return false;
      }
      rest = name.substring(slash + 1);
    }
    return ENTRIES.contains(rest);
  }

  private final Object network;
  private final Map<String, String> preprocessing;
  private final Provenance provenance;
  private final Map<String, ModelArchive> companions;

  private ModelArchive(Object network, Map<String, String> preprocessing, Provenance provenance) {
    this(network, preprocessing, provenance, Map.of());
  }

  private ModelArchive(
      Object network,
      Map<String, String> preprocessing,
      Provenance provenance,
      Map<String, ModelArchive> companions) {
    this.network = network;
    this.preprocessing = Collections.unmodifiableMap(new TreeMap<>(preprocessing));
    this.provenance = provenance;
    this.companions = Collections.unmodifiableMap(new TreeMap<>(companions));
  }

  /**
   * Returns this archive with a companion model stored under {@code name} (replacing one of that
   * name).
   *
   * @param name letters, digits, '-' and '_' only
   * @param companion the companion, which must not have companions of its own
   * @throws IllegalArgumentException for a bad name or a nested companion
   */
  public ModelArchive withCompanion(String name, ModelArchive companion) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(companion, "companion");
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "companion name must be letters, digits, '-' or '_', got '" + name + "'");
    }
    if (!companion.companions.isEmpty()) {
      throw new IllegalArgumentException("a companion archive cannot have companions of its own");
    }
    Map<String, ModelArchive> m = new TreeMap<>(companions);
    m.put(name, companion);
    return new ModelArchive(network, preprocessing, provenance, m);
  }

  /** Returns the companion stored under {@code name}, if any. */
  public Optional<ModelArchive> companion(String name) {
    return Optional.ofNullable(companions.get(name));
  }

  /** Returns the companions by name (read-only, sorted). */
  public Map<String, ModelArchive> companions() {
    return companions;
  }

  /**
   * An archive of a DL4J computation graph.
   *
   * @param network the trained network
   * @param preprocessing the preprocessing settings the network expects (copied)
   * @param provenance where the model came from; its {@link Provenance#modelKind()} is the kind
   * @return the archive, not yet written
   */
  public static ModelArchive of(
      ComputationGraph network, Map<String, String> preprocessing, Provenance provenance) {
    return new ModelArchive(
        Objects.requireNonNull(network, "network"),
        Objects.requireNonNull(preprocessing, "preprocessing"),
        Objects.requireNonNull(provenance, "provenance"));
  }

  /**
   * An archive of a SameDiff network; see {@link #of(ComputationGraph, Map, Provenance)}. The
   * network must be a <em>weights carrier</em>: variables with their arrays and nothing else (no
   * operations, placeholders or constants), the form in which this library stores SameDiff models;
   * reading accepts nothing else, so that a model file never names code to run.
   *
   * @throws IllegalArgumentException if the network holds operations or variables without arrays
   */
  public static ModelArchive of(
      SameDiff network, Map<String, String> preprocessing, Provenance provenance) {
    SameDiffCarriers.checkWritable(Objects.requireNonNull(network, "network"));
    return new ModelArchive(
        Objects.requireNonNull(network, "network"),
        Objects.requireNonNull(preprocessing, "preprocessing"),
        Objects.requireNonNull(provenance, "provenance"));
  }

  /** Returns the model kind (from the provenance). */
  public String kind() {
    return provenance.modelKind();
  }

  /** Returns the provenance record. */
  public Provenance provenance() {
    return provenance;
  }

  /** Returns the preprocessing settings (read-only, sorted by key). */
  public Map<String, String> preprocessing() {
    return preprocessing;
  }

  /** Returns whether the network is a {@link ComputationGraph}. */
  public boolean isComputationGraph() {
    return network instanceof ComputationGraph;
  }

  /**
   * Returns the network as a computation graph.
   *
   * @throws IllegalStateException if the archive holds a SameDiff network
   */
  public ComputationGraph graph() {
    if (network instanceof ComputationGraph g) {
      return g;
    }
    throw new IllegalStateException("archive of kind '" + kind() + "' holds a SameDiff network");
  }

  /**
   * Returns the network as a SameDiff instance.
   *
   * @throws IllegalStateException if the archive holds a computation graph
   */
  public SameDiff sameDiff() {
    if (network instanceof SameDiff sd) {
      return sd;
    }
    throw new IllegalStateException(
        "archive of kind '" + kind() + "' holds a ComputationGraph network");
  }

  /**
   * Writes the archive: to a temp file beside {@code file}, then an atomic move, so that a crash
   * never leaves a partial file under the final name.
   *
   * @throws IOException if writing fails
   */
  public void write(Path file) throws IOException {
    ZipEntries.writeAtomically(
        file,
        zip -> {
          writeEntries(zip, "");
          for (Map.Entry<String, ModelArchive> c : companions.entrySet()) {
            c.getValue().writeEntries(zip, COMPANION_PREFIX + c.getKey() + "/");
          }
        });
  }

  private void writeEntries(ZipOutputStream zip, String prefix) throws IOException {
    Properties marker = new Properties();
    marker.setProperty("format", FORMAT);
    marker.setProperty("formatVersion", Integer.toString(FORMAT_VERSION));
    marker.setProperty("modelKind", kind());
    marker.setProperty("networkType", ZipEntries.networkType(network));
    Properties prep = new Properties();
    prep.putAll(preprocessing);
    ZipEntries.putProperties(zip, prefix + MARKER_ENTRY, marker);
    ZipEntries.putProperties(zip, prefix + PROVENANCE_ENTRY, provenance.toProperties());
    ZipEntries.putProperties(zip, prefix + PREPROCESSING_ENTRY, prep);
    ZipEntries.putNetwork(zip, prefix + ZipEntries.NETWORK, network, false);
  }

  /**
   * Reads an archive of any kind.
   *
   * @throws ModelArchiveException naming the file (and the entry) if it is not an archive, is
   *     corrupt or truncated, has another format version, holds an entry this library does not
   *     write or a serialized Java object, names a class outside DL4J, ND4J and this library, or
   *     declares more than the memory budget
   * @throws IOException if the file cannot be read (for example {@link
   *     java.nio.file.NoSuchFileException})
   */
  public static ModelArchive read(Path file) throws IOException {
    return read(file, null);
  }

  /**
   * Reads an archive and checks that it holds a model of {@code expectedKind}.
   *
   * @param file the archive
   * @param expectedKind the required {@link Provenance#modelKind()}, or null for any
   * @throws ModelArchiveException naming the file if it is not an archive, is corrupt or truncated,
   *     has another format version, holds another kind of model, or is refused for any of the
   *     reasons {@link #read(Path)} lists
   * @throws IOException if the file cannot be read
   */
  public static ModelArchive read(Path file, String expectedKind) throws IOException {
    try (ZipFile zip = ZipEntries.open(file, WHAT)) {
      ZipEntries.checkEntryNames(
          file,
          zip,
          ModelArchive::isArchiveEntry,
          WHAT
              + " holds only "
              + String.join(", ", ENTRIES)
              + " and the same under companion/NAME/");
      ModelArchive main = readEntries(file, zip, "", expectedKind);
      Map<String, ModelArchive> companions = new TreeMap<>();
      for (var it = zip.entries(); it.hasMoreElements(); ) {
        ZipEntry e = it.nextElement();
        String name = e.getName();
        if (name.startsWith(COMPANION_PREFIX) && name.endsWith("/" + MARKER_ENTRY)) {
          String c =
              name.substring(COMPANION_PREFIX.length(), name.length() - MARKER_ENTRY.length() - 1);
          companions.put(c, readEntries(file, zip, COMPANION_PREFIX + c + "/", null));
        }
      }
      return new ModelArchive(main.network, main.preprocessing, main.provenance, companions);
    }
  }

  private static ModelArchive readEntries(
      Path file, ZipFile zip, String prefix, String expectedKind) throws IOException {
    String where = prefix.isEmpty() ? "" : " (companion " + prefix + ")";
    Properties marker = ZipEntries.readProperties(file, zip, prefix + MARKER_ENTRY, WHAT);
    if (!FORMAT.equals(marker.getProperty("format"))) {
      throw new ModelArchiveException(
          file,
          "not a "
              + WHAT
              + where
              + ": format is '"
              + marker.getProperty("format")
              + "', expected '"
              + FORMAT
              + "'",
          null);
    }
    String version = marker.getProperty("formatVersion");
    if (!Integer.toString(FORMAT_VERSION).equals(version)) {
      throw new ModelArchiveException(
          file,
          "archive format version "
              + version
              + where
              + " is not supported (this library reads version "
              + FORMAT_VERSION
              + ")",
          null);
    }
    String kind = marker.getProperty("modelKind");
    if (expectedKind != null && !expectedKind.equals(kind)) {
      throw new ModelArchiveException(
          file, "holds a '" + kind + "' model, expected a '" + expectedKind + "' model", null);
    }
    Provenance provenance;
    try {
      provenance =
          Provenance.fromProperties(
              ZipEntries.readProperties(file, zip, prefix + PROVENANCE_ENTRY, WHAT));
    } catch (IllegalArgumentException e) {
      throw new ModelArchiveException(file, "bad provenance" + where + ": " + e.getMessage(), e);
    }
    if (!provenance.modelKind().equals(kind)) {
      throw new ModelArchiveException(
          file,
          "marker says '" + kind + "' but provenance says '" + provenance.modelKind() + "'" + where,
          null);
    }
    Properties prep = ZipEntries.readProperties(file, zip, prefix + PREPROCESSING_ENTRY, WHAT);
    Map<String, String> prepMap = new TreeMap<>();
    prep.stringPropertyNames().forEach(k -> prepMap.put(k, prep.getProperty(k)));
    Object network =
        ZipEntries.readNetwork(
            file, zip, prefix + ZipEntries.NETWORK, marker.getProperty("networkType", ""), false);
    return new ModelArchive(network, prepMap, provenance);
  }

  @Override
  public String toString() {
    return "ModelArchive[kind="
        + kind()
        + ", network="
        + ZipEntries.networkType(network)
        + ", preprocessing="
        + preprocessing
        + ", trainingData="
        + provenance
            .trainingDataHash()
            .substring(0, Math.min(12, provenance.trainingDataHash().length()))
        + ", fineTuned="
        + provenance.isFineTuned()
        + (companions.isEmpty() ? "" : ", companions=" + companions.keySet())
        + "]";
  }
}
