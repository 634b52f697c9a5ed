package org.lungnodule.io.dicom.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.lungnodule.core.MemoryBudget;

/**
 * The frame decoders available: the built-in JPEG ({@code 1.2.840.10008.1.2.4.50, .51, .57, .70})
 * and JPEG-LS ({@code .80, .81}) decoders, then those registered as {@link FrameDecoder} services
 * (JPEG 2000, {@code .90, .91}, when {@code lungnodule-io-jpeg2000} is on the class path).
 */
public final class FrameDecoders {

  private static final List<FrameDecoder> BUILT_IN =
      List.of(new JpegDecoder(), new JpegLsDecoder());

  private static volatile List<FrameDecoder> all;

  private FrameDecoders() {}

  /**
   * Returns the decoder for a transfer syntax, if one is available.
   *
   * @param transferSyntaxUid the transfer syntax UID
   * @return the first built-in, then the first service, that reads it
   */
  public static Optional<FrameDecoder> forTransferSyntax(String transferSyntaxUid) {
    for (FrameDecoder d : decoders()) {
      if (d.transferSyntaxUids().contains(transferSyntaxUid)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** Returns every decoder available, built-ins first. */
  public static List<FrameDecoder> decoders() {
    List<FrameDecoder> a = all;
    if (a == null) {
      List<FrameDecoder> list = new ArrayList<>(BUILT_IN);
      for (FrameDecoder d : ServiceLoader.load(FrameDecoder.class)) {
        list.add(d);
      }
      a = List.copyOf(list);
      all = a;
    }
    return a;
  }

  /**
   * Allocates the samples of a declared frame after checking the memory budget; for decoders.
   *
   * @param spec the declared frame
   * @return an array of {@code spec.samples()} samples
   * @throws CodecException if the frame does not fit {@link MemoryBudget} or an array
   */
  public static short[] allocate(FrameSpec spec) throws CodecException {
    long n = spec.samples();
    if (n > Integer.MAX_VALUE - 8 || !MemoryBudget.allows(n, 2)) {
      throw new CodecException(
          MemoryBudget.refusal(
              n > Long.MAX_VALUE / 2 ? -1 : n * 2, "the frame declares " + spec + " samples"));
    }
    return new short[(int) n];
  }
}
