package org.lungnodule.io.metaimage;

import java.util.Optional;
import org.lungnodule.io.internal.SampleType;

/** The MetaImage {@code ElementType} values this library reads and writes. */
public enum MetaImageElementType {
  /** Signed 8-bit. */
  MET_CHAR(SampleType.INT8),
  /** Unsigned 8-bit (masks are written as this). */
  MET_UCHAR(SampleType.UINT8),
  /** Signed 16-bit (CT volumes with integral HU are written as this). */
  MET_SHORT(SampleType.INT16),
  /** Unsigned 16-bit. */
  MET_USHORT(SampleType.UINT16),
  /** Signed 32-bit. */
  MET_INT(SampleType.INT32),
  /** Unsigned 32-bit. */
  MET_UINT(SampleType.UINT32),
  /** 32-bit float. */
  MET_FLOAT(SampleType.FLOAT32),
  /** 64-bit float (read to float, so precision beyond float is lost). */
  MET_DOUBLE(SampleType.FLOAT64);

  private final SampleType sample;

  MetaImageElementType(SampleType sample) {
    this.sample = sample;
  }

  SampleType sample() {
    return sample;
  }

  /** Returns the size of one element in bytes. */
  public int bytes() {
    return sample.bytes();
  }

  /** Returns the type named by a header value such as {@code MET_SHORT}, if it is one of these. */
  public static Optional<MetaImageElementType> parse(String text) {
    for (MetaImageElementType t : values()) {
      if (t.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
