package org.lungnodule.io.lidc;

import java.io.IOException;
import java.util.Objects;

/**
 * An LIDC XML file that is refused: malformed XML, a DTD or entity declaration (refused for
 * security: XXE, billion laughs), a wrong root element, or a missing or non-numeric value. The
 * message names the source and what is wrong.
 */
public final class LidcXmlException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String source;

  /**
   * Creates the exception.
   *
   * @param source the file path or source name
   * @param message what is wrong (the source is prepended)
   * @param cause the underlying failure, or null
   */
  public LidcXmlException(String source, String message, Throwable cause) {
    super(Objects.requireNonNull(source, "source") + ": " + message, cause);
    this.source = source;
  }

  /** Returns the file path or source name. */
  public String source() {
    return source;
  }
}
