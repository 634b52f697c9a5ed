package org.lungnodule.io.dicom.codec;

import java.util.Objects;

/**
 * One decoded frame: its samples as unsigned integers of at most 16 bits, in row-major order
 * (sample-interleaved when there are several per pixel), and whether the stream was lossy (a DCT
 * process, JPEG-LS with NEAR above 0, or the irreversible JPEG 2000 wavelet).
 */
public final class DecodedFrame {

  private final short[] samples;
  private final boolean lossy;
  private final int precision;

  /**
   * Wraps decoded samples (not copied: the decoder hands them over).
   *
   * @param samples the samples, each read as unsigned 16 bits
   * @param precision bits per sample of the stream, 1 to 16
   * @param lossy whether the compression lost information
   * @throws IllegalArgumentException if the precision is outside 1..16
   */
  public DecodedFrame(short[] samples, int precision, boolean lossy) {
    this.samples = Objects.requireNonNull(samples, "samples");
    if (precision < 1 || precision > 16) {
      throw new IllegalArgumentException("precision must be 1 to 16 bits, got " + precision);
    }
    this.precision = precision;
    this.lossy = lossy;
  }

  /** Returns the number of samples. */
  public int size() {
    return samples.length;
  }

  /**
   * Returns sample {@code i} as an unsigned value (0 to 65535).
   *
   * @throws ArrayIndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
   */
  public int get(int i) {
    return samples[i] & 0xFFFF;
  }

  /** Returns the bits per sample the stream declared. */
  public int precision() {
    return precision;
  }

  /** Returns whether the compression lost information. */
  public boolean lossy() {
    return lossy;
  }

  @Override
  public String toString() {
    return "DecodedFrame["
        + samples.length
        + " samples, "
        + precision
        + " bit"
        + (lossy ? ", lossy" : "")
        + "]";
  }
}
