package org.lungnodule.finetune;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The record of which workflow steps have finished, kept in {@code state.properties} in the work
 * folder and rewritten atomically (temp file, then move) after every step, so that a run killed
 * at any moment resumes from the last finished step. Each entry is a step name and a value (for
 * example the file the step produced). Not thread-safe; one workflow owns one state.
 */
public final class WorkflowState {

  /** The file name of the state in the work folder. */
  public static final String FILE_NAME = "state.properties";

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
      try (InputStream in = Files.newInputStream(s.file)) {
        s.props.load(in);
      } catch (IllegalArgumentException e) {
        throw new IOException("corrupt workflow state file " + s.file + ": " + e.getMessage(), e);
      }
    }
    return s;
  }

  /** Returns whether a step has finished. */
  public boolean isDone(String step) {
    return props.containsKey(step);
  }

  /** Returns the value a finished step recorded. */
  public Optional<String> get(String step) {
    return Optional.ofNullable(props.getProperty(step));
  }

  /**
   * Records a finished step and writes the state atomically.
   *
   * @throws IOException if the state cannot be written
   */
  public void markDone(String step, String value) throws IOException {
    props.setProperty(step, value);
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      props.store(out, "lungnodule workflow state: finished steps");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Returns the finished steps in name order. */
  public java.util.SortedMap<String, String> steps() {
    TreeMap<String, String> m = new TreeMap<>();
    props.forEach((k, v) -> m.put((String) k, (String) v));
    return m;
  }

  @Override
  public String toString() {
    return "WorkflowState" + steps();
  }
}
