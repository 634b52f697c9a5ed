package org.lungnodule.io.dicom.codec;

import java.io.IOException;

/**
 * A compressed frame that cannot be decoded: truncated, malformed, of a kind the decoder does not
 * handle, or disagreeing with the frame the DICOM header declares. The message is lowercase and
 * says what was expected and what came; the DICOM reader wraps it in a {@code DicomException}
 * naming the file.
 */
public class CodecException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the stream
   */
  public CodecException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong with the stream
   * @param cause the underlying failure
   */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
