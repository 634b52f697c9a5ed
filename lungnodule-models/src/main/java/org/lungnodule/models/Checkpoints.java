package org.lungnodule.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Training checkpoints in one folder, for resuming after the process was killed: the network with
 * its updater state (Adam moments, iteration and epoch counters), the number of finished epochs and
 * the trainer's own state (text key/values: early-stopping counters, loss history, anything a
 * resumed run needs to continue exactly as the uninterrupted one would).
 *
 * <p>Two slots: {@code latest.zip} (written after each epoch) and {@code best.zip} (the best
 * network so far, for early stopping). Each is written to a temp file and moved into place
 * atomically, so a kill at any moment leaves either the previous or the new checkpoint, never a
 * partial one. Reproducible resume also needs the trainer to derive every random choice from the
 * seed and the epoch number (not from a generator carried across epochs), or to save the
 * generator's state in {@link Checkpoint#state()}.
 *
 * <p>Checkpoints belong to one training run, named by its {@link RunFingerprint}: each checkpoint
 * records the fingerprint of the run that wrote it, and reading refuses a checkpoint of another run
 * (other data, seed or settings) before it reads its network, so that a run never silently
 * continues another run's training and then claims its own provenance. Reading accepts only the
 * entries written here and reads the network as {@link ModelArchive} does (no Java deserialization,
 * sizes checked against the memory budget).
 */
public final class Checkpoints {

  private static final String MARKER_ENTRY = "lungnodule-checkpoint.properties";
  private static final String STATE_ENTRY = "state.properties";
  private static final String FORMAT = "lungnodule-checkpoint";
  private static final String WHAT = "lungnodule checkpoint";

  /**
   * The checkpoint format version: 2 records the run's fingerprint (version 1, without it, is
   * refused: its run cannot be told).
   */
  public static final int FORMAT_VERSION = 2;

  private static final java.util.Set<String> ENTRIES =
      java.util.Set.of(MARKER_ENTRY, STATE_ENTRY, ZipEntries.NETWORK);

  private final Path dir;
  private final RunFingerprint run;

  private Checkpoints(Path dir, RunFingerprint run) {
    this.dir = dir;
    this.run = run;
  }

  /**
   * Checkpoints of one run in {@code dir} (created when the first checkpoint is written).
   *
   * @param dir the folder
   * @param run the run that writes and resumes from these checkpoints
   */
  public static Checkpoints in(Path dir, RunFingerprint run) {
    return new Checkpoints(Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(run, "run"));
  }

  /** Returns the folder. */
  public Path dir() {
    return dir;
  }

  /** Returns the run these checkpoints belong to. */
  public RunFingerprint run() {
    return run;
  }

  /** Returns the file of the latest checkpoint. */
  public Path latestFile() {
    return dir.resolve("latest.zip");
  }

  /** Returns the file of the best network. */
  public Path bestFile() {
    return dir.resolve("best.zip");
  }

  /**
   * A checkpoint read back.
   *
   * @param network the network ({@link ComputationGraph} or {@link SameDiff}) with updater state
   * @param epochsDone the number of finished epochs
   * @param state the trainer's state (read-only)
   */
  public record Checkpoint(Object network, int epochsDone, Map<String, String> state) {
    /** Validates and copies. */
    public Checkpoint {
      Objects.requireNonNull(network, "network");
      if (epochsDone < 0) {
        throw new IllegalArgumentException("epochs done must be >= 0, got " + epochsDone);
      }
      state = Collections.unmodifiableMap(new TreeMap<>(state));
    }

    /**
     * Returns the network as a computation graph.
     *
     * @throws IllegalStateException if it is a SameDiff network
     */
    public ComputationGraph graph() {
      if (network instanceof ComputationGraph g) {
        return g;
      }
      throw new IllegalStateException("checkpoint holds a SameDiff network");
    }

    /**
     * Returns the network as SameDiff.
     *
     * @throws IllegalStateException if it is a computation graph
     */
    public SameDiff sameDiff() {
      if (network instanceof SameDiff sd) {
        return sd;
      }
      throw new IllegalStateException("checkpoint holds a ComputationGraph network");
    }
  }

  /**
   * Writes the latest checkpoint atomically, replacing the previous one.
   *
   * @param network a {@link ComputationGraph} or {@link SameDiff}
   * @param epochsDone finished epochs
   * @param state the trainer's state
   * @throws IOException if writing fails
   */
  public void saveLatest(Object network, int epochsDone, Map<String, String> state)
      throws IOException {
    write(latestFile(), network, epochsDone, state);
  }

  /** Writes the best network so far atomically; see {@link #saveLatest}. */
  public void saveBest(Object network, int epochsDone, Map<String, String> state)
      throws IOException {
    write(bestFile(), network, epochsDone, state);
  }

  /**
   * Reads the latest checkpoint, if there is one.
   *
   * @throws ModelArchiveException naming the file if it exists but is not a usable checkpoint
   * @throws IllegalStateException naming the file and both runs if it belongs to another run (or
   *     was written by a version that did not record runs)
   */
  public Optional<Checkpoint> latest() throws IOException {
    return read(latestFile());
  }

  /**
   * Reads the best network so far, if there is one; see {@link #latest()}.
   *
   * @throws ModelArchiveException naming the file if it exists but is not a usable checkpoint
   * @throws IllegalStateException naming the file and both runs if it belongs to another run
   */
  public Optional<Checkpoint> best() throws IOException {
    return read(bestFile());
  }

  /** Deletes both checkpoints (for example after training finished and the model was saved). */
  public void clear() throws IOException {
    Files.deleteIfExists(latestFile());
    Files.deleteIfExists(bestFile());
  }

  private void write(Path file, Object network, int epochsDone, Map<String, String> state)
      throws IOException {
    if (epochsDone < 0) {
      throw new IllegalArgumentException("epochs done must be >= 0, got " + epochsDone);
    }
    Properties marker = new Properties();
    marker.setProperty("format", FORMAT);
    marker.setProperty("formatVersion", Integer.toString(FORMAT_VERSION));
    marker.setProperty("networkType", ZipEntries.networkType(network));
    marker.setProperty("epochsDone", Integer.toString(epochsDone));
    marker.setProperty("run", run.hash());
    marker.setProperty("runSummary", run.summary());
    Properties st = new Properties();
    st.putAll(state);
    ZipEntries.writeAtomically(
        file,
        zip -> {
          ZipEntries.putProperties(zip, MARKER_ENTRY, marker);
          ZipEntries.putProperties(zip, STATE_ENTRY, st);
          ZipEntries.putNetwork(zip, network, true);
        });
  }

  private Optional<Checkpoint> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (ZipFile zip = ZipEntries.open(file, WHAT)) {
      ZipEntries.checkEntryNames(file, zip, ENTRIES::contains, WHAT + " holds only " + ENTRIES);
      Properties marker = ZipEntries.readProperties(file, zip, MARKER_ENTRY, WHAT);
      if (!FORMAT.equals(marker.getProperty("format"))) {
        throw new ModelArchiveException(file, "not a " + WHAT, null);
      }
      String version = marker.getProperty("formatVersion");
      if ("1".equals(version)) {
        throw new IllegalStateException(
            "checkpoint "
                + file
                + " has format version 1, which does not record its training run,"
                + " so it cannot be told from another run's; remove it or choose another checkpoint"
                + " folder");
      }
      if (!Integer.toString(FORMAT_VERSION).equals(version)) {
        throw new ModelArchiveException(
            file,
            "checkpoint format version "
                + version
                + " is not supported (this library reads version "
                + FORMAT_VERSION
                + ")",
            null);
      }
      if (!run.hash().equals(marker.getProperty("run"))) {
        throw new IllegalStateException(
            "checkpoint "
                + file
                + " belongs to another training run: it was written by "
                + marker.getProperty("runSummary", "run " + marker.getProperty("run"))
                + ", this is "
                + run.summary()
                + " (other data, settings or seed);"
                + " remove it or choose another checkpoint folder");
      }
      int epochs;
      try {
        epochs = Integer.parseInt(marker.getProperty("epochsDone", ""));
      } catch (NumberFormatException e) {
        throw new ModelArchiveException(file, "bad epoch count in checkpoint", e);
      }
      Properties st = ZipEntries.readProperties(file, zip, STATE_ENTRY, WHAT);
      Map<String, String> state = new TreeMap<>();
      st.stringPropertyNames().forEach(k -> state.put(k, st.getProperty(k)));
      Object net = ZipEntries.readNetwork(file, zip, marker.getProperty("networkType", ""), true);
      return Optional.of(new Checkpoint(net, epochs, state));
    }
  }

  @Override
  public String toString() {
    return "Checkpoints[" + dir + ", " + run.summary() + "]";
  }
}
