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
  private final boolean notLidc;

  /**
   * Creates the exception.
   *
   * @param source the file path or source name
   * @param message what is wrong (the source is prepended)
   * @param cause the underlying failure, or null
   */
  public LidcXmlException(String source, String message, Throwable cause) {
    this(source, message, cause, false);
  }

  private LidcXmlException(String source, String message, Throwable cause, boolean notLidc) {
    super(Objects.requireNonNull(source, "source") + ": " + message, cause);
    this.source = source;
    this.notLidc = notLidc;
  }

  /** A well-formed XML file whose root element is not {@code LidcReadMessage}. */
  static LidcXmlException notLidc(String source, String message) {
    return new LidcXmlException(source, message, null, true);
  }

  /**
   * Returns whether the file is well-formed XML of another kind (its root element is not {@code
   * LidcReadMessage} in the LIDC namespace), as opposed to a broken or refused LIDC file. A folder
   * of LIDC-IDRI downloads holds such files (e.g. the chest X-ray {@code IdriReadMessage}).
   */
  public boolean notLidc() {
    return notLidc;
  }

  /** Returns the file path or source name. */
  public String source() {
    return source;
  }
}
