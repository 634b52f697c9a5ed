package org.lungnodule.io.dicom.codec;

/**
 * Marker-segment level reading of a JPEG-family stream (T.81 B.1, T.87 C.1): bounds-checked big
 * endian reads over {@code data[offset, offset + length)}.
 */
final class ByteStream {
  private static final java.lang.invoke.VarHandle LONG_BE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  /** Returns the 8 bytes at {@code p} as a big-endian long (p + 8 must not pass the array). */
  static long be64(byte[] data, int p) {
    return (long) LONG_BE.get(data, p);
  }

  /** Returns whether any of the 8 bytes of {@code x} is 0xFF. */
  static boolean hasFf(long x) {
    long y = ~x;
    return ((y - 0x0101010101010101L) & ~y & 0x8080808080808080L) != 0;
  }

  final byte[] data;
  final int start;
  final int end;
  int pos;

  ByteStream(byte[] data, int offset, int length) throws CodecException {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new CodecException(
          "frame range "
              + offset
              + "+"
              + length
              + " is outside the "
              + data.length
              + " bytes held");
    }
    this.data = data;
    this.start = offset;
    this.end = offset + length;
    this.pos = offset;
  }

  int u8() throws CodecException {
    if (pos >= end) {
      throw truncated("a marker segment");
    }
    return data[pos++] & 0xFF;
  }

  int u16() throws CodecException {
    if (end - pos < 2) {
      throw truncated("a marker segment");
    }
    int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  /** Reads a segment length and returns the offset where the segment ends. */
  int segmentEnd(String what) throws CodecException {
    int at = pos;
    int len = u16();
    if (len < 2 || len > end - at) {
      throw new CodecException(
          "the "
              + what
              + " segment at offset "
              + (at - start)
              + " declares "
              + len
              + " bytes but "
              + (end - at)
              + " remain");
    }
    return at + len;
  }

  /** Returns the next marker code (the byte after 0xFF, fill bytes skipped) and moves past it. */
  int marker() throws CodecException {
    int at = pos;
    int b = u8();
    if (b != 0xFF) {
      throw new CodecException(
          "expected a marker at offset " + (at - start) + ", got 0x" + Integer.toHexString(b));
    }
    int m;
    do {
      m = u8();
    } while (m == 0xFF);
    if (m == 0) {
      if (pos >= end || (data[pos] == 0 && pos + 1 >= end)) {
        throw truncated("a marker (only 0xff00 padding is left)");
      }
      throw new CodecException("expected a marker at offset " + (at - start) + ", got 0xff00");
    }
    return m;
  }

  CodecException truncated(String what) {
    return new CodecException(
        "truncated stream: it ends at byte " + (end - start) + " inside " + what);
  }

  /**
   * After the end-of-image marker: refuses a second image (the fragments hold more frames than the
   * header declares); zero or 0xFF padding and other trailing bytes are ignored.
   */
  void checkTrailing() throws CodecException {
    for (int i = pos; i + 1 < end; i++) {
      if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == 0xD8) {
        throw new CodecException(
            "a second image starts at offset "
                + (i - start)
                + " after the end-of-image marker: the data hold more frames than declared");
      }
    }
  }

  static String hex(int marker) {
    return "0xff" + Integer.toHexString(0x100 | marker).substring(1);
  }
}
