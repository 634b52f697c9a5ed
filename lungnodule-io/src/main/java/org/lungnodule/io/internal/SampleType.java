package org.lungnodule.io.internal;

/** The on-disk sample types the volume formats share, with their size in bytes. */
public enum SampleType {
  /** Signed 8-bit integer. */
  INT8(1),
  /** Unsigned 8-bit integer. */
  UINT8(1),
  /** Signed 16-bit integer. */
  INT16(2),
  /** Unsigned 16-bit integer. */
  UINT16(2),
  /** Signed 32-bit integer. */
  INT32(4),
  /** Unsigned 32-bit integer. */
  UINT32(4),
  /** IEEE 754 single precision. */
  FLOAT32(4),
  /** IEEE 754 double precision. */
  FLOAT64(8);

  private final int bytes;

  SampleType(int bytes) {
    this.bytes = bytes;
  }

  /** Returns the size of one sample in bytes. */
  public int bytes() {
    return bytes;
  }
}
