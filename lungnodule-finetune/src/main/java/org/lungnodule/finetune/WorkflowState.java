package org.lungnodule.finetune;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of which workflow steps have finished, and with which inputs, kept in {@code
 * state.properties} in the work folder and rewritten atomically (temp file, then move) after every
 * step, so that a run killed at any moment resumes from the last finished step.
 *
 * <p>Each step is recorded under its name with a <em>key</em>, a hash of everything the step read
 * (its cases, settings, seed and the identity of the models it started from), and a value (for
 * example the file the step produced). A step counts as done only for the key it finished with
 * ({@link #isDone(String, String)}), so a run whose inputs changed reruns the step instead of
 * reusing a stale result. The file records its format version ({@value #VERSION}); a file of an
 * earlier version, whose steps were keyed by name only, is read as holding no finished step.
 *
 * <p>Not thread-safe; one workflow owns one state.
 */
public final class WorkflowState {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowState.class);

  /** The file name of the state in the work folder. */
  public static final String FILE_NAME = "state.properties";

  /** The state file's format version. */
  public static final int VERSION = 2;

  private static final String VERSION_KEY = "stateVersion";
  private static final String KEY_SUFFIX = ".key";

  private final Path file;
  private final Properties props = new Properties();

  private WorkflowState(Path file) {
    this.file = file;
  }

  /**
   * Opens (or starts) the state of a work folder.
   *
   * @param workDir the work folder (created if missing)
   * @return the state, with the steps finished by earlier runs
   * @throws IOException if the folder cannot be made or the state file cannot be read
   */
  public static WorkflowState open(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    WorkflowState s = new WorkflowState(workDir.resolve(FILE_NAME));
    if (Files.exists(s.file)) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(s.file)) {
        p.load(in);
      } catch (IllegalArgumentException e) {
        throw new IOException("corrupt workflow state file " + s.file + ": " + e.getMessage(), e);
      }
      String version = p.getProperty(VERSION_KEY);
      if (Integer.toString(VERSION).equals(version)) {
        s.props.putAll(p);
      } else if (version == null) {
        LOG.info(
            "{} was written before workflow steps were keyed by their inputs; every step runs again",
            s.file);
      } else {
        throw new IOException(
            "workflow state file " + s.file + " has version " + version + ", expected " + VERSION);
      }
    }
    s.props.setProperty(VERSION_KEY, Integer.toString(VERSION));
    return s;
  }

  /** Returns whether a step has finished with these inputs. */
  public boolean isDone(String step, String key) {
    Objects.requireNonNull(key, "key");
    return props.containsKey(step) && key.equals(props.getProperty(step + KEY_SUFFIX));
  }

  /** Returns whether a step has finished, with whatever inputs. */
  public boolean isDone(String step) {
    return props.containsKey(step) && props.containsKey(step + KEY_SUFFIX);
  }

  /** Returns the key a finished step recorded (the hash of its inputs). */
  public Optional<String> key(String step) {
    return isDone(step) ? Optional.of(props.getProperty(step + KEY_SUFFIX)) : Optional.empty();
  }

  /** Returns the value a finished step recorded. */
  public Optional<String> get(String step) {
    return isDone(step) ? Optional.of(props.getProperty(step)) : Optional.empty();
  }

  /**
   * Records a finished step with the key of its inputs and writes the state atomically.
   *
   * @param step the step's name (letters, digits, '-' and '_')
   * @param key the hash of the step's inputs
   * @param value what the step recorded (for example its output file)
   * @throws IllegalArgumentException for a bad step name
   * @throws IOException if the state cannot be written
   */
  public void markDone(String step, String key, String value) throws IOException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!step.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "step name must be letters, digits, '-' or '_', got '" + step + "'");
    }
    props.setProperty(step, value);
    props.setProperty(step + KEY_SUFFIX, key);
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      props.store(out, "lungnodule workflow state: finished steps and the keys of their inputs");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Returns the finished steps and their values, in name order. */
  public SortedMap<String, String> steps() {
    TreeMap<String, String> m = new TreeMap<>();
    props.stringPropertyNames().stream()
        .filter(k -> !k.equals(VERSION_KEY) && !k.endsWith(KEY_SUFFIX) && isDone(k))
        .forEach(k -> m.put(k, props.getProperty(k)));
    return m;
  }

  @Override
  public String toString() {
    return "WorkflowState" + steps();
  }
}
