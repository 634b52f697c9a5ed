package org.lungnodule.io.dicom.codec;

import java.util.Set;

/**
 * Decodes the compressed frames of some transfer syntaxes. Implementations are stateless and
 * thread-safe; they are found with {@link java.util.ServiceLoader} (register them in {@code
 * META-INF/services/org.lungnodule.io.dicom.codec.FrameDecoder}) besides the built-in JPEG and
 * JPEG-LS decoders, see {@link FrameDecoders}.
 *
 * <p>A decoder must check the dimensions, sample count and precision its stream declares against
 * {@code spec} before it allocates anything sized by them, and allocate no more than the declared
 * frame needs.
 */
public interface FrameDecoder {

  /** Returns a short name for messages and logs, with the library that decodes (if any). */
  String name();

  /** Returns the transfer syntax UIDs this decoder reads. */
  Set<String> transferSyntaxUids();

  /**
   * Decodes one frame.
   *
   * @param data the bytes holding the frame
   * @param offset where the frame starts in {@code data}
   * @param length the number of bytes of the frame (fragment padding may follow the image)
   * @param spec the frame the DICOM header declares
   * @return the decoded samples, {@code spec.samples()} of them
   * @throws CodecException if the stream is malformed, truncated, of an unsupported kind, does not
   *     match {@code spec}, or the frame does not fit the memory budget
   */
  DecodedFrame decode(byte[] data, int offset, int length, FrameSpec spec) throws CodecException;
}
