package org.lungnodule.io.lidc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@link LidcSiteWriter} found nothing it could import: no LIDC XML file under the input folder, or
 * none whose scan could be read. Nothing was written (an earlier site stays as it was). Carries the
 * input folder and every file left out with its reason.
 */
public final class LidcSiteException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path input;
  private final transient List<LidcSkippedFile> skipped;

  /**
   * Creates the exception; the message becomes {@code "<input>: <message>"}.
   *
   * @param input the input folder
   * @param message what is wrong
   * @param skipped the files left out, with reasons
   */
  public LidcSiteException(Path input, String message, List<LidcSkippedFile> skipped) {
    super(Objects.requireNonNull(input, "input") + ": " + message);
    this.input = input;
    this.skipped = List.copyOf(skipped);
  }

  /** Returns the input folder. */
  public Path input() {
    return input;
  }

  /** Returns the files left out, with reasons, in path order. */
  public List<LidcSkippedFile> skipped() {
    return skipped;
  }
}
