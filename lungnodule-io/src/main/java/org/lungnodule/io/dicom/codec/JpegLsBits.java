package org.lungnodule.io.dicom.codec;

/**
 * Reads the coded data of a JPEG-LS scan (T.87 A.1): bits most significant first; after a 0xFF byte
 * the next byte carries only 7 bits (its top bit is a stuffed zero), and 0xFF followed by a byte
 * with its top bit set is a marker that ends the data. Past the data it supplies zero bits and
 * counts them, so that a scan that consumed any of them is known to be truncated.
 */
final class JpegLsBits {
  private final byte[] data;
  private final int end;
  private final int start;
  int pos;
  private long reg;
  private int bits;
  private int padBits;
  private boolean atMarker;
  private boolean afterFf;

  JpegLsBits(byte[] data, int pos, int end, int start) {
    this.data = data;
    this.pos = pos;
    this.end = end;
    this.start = start;
  }

  private void fill() throws CodecException {
    long r = reg;
    int b = bits;
    int p = pos;
    boolean ff = afterFf;
    while (b <= 56) {
      if (!ff && !atMarker && end - p >= 8) {
        long x = ByteStream.be64(data, p);
        if (!ByteStream.hasFf(x)) {
          int k = (64 - b) >>> 3;
          r |= (x >>> (64 - 8 * k)) << (64 - b - 8 * k);
          b += 8 * k;
          p += k;
          continue;
        }
      }
      if (atMarker || p >= end) {
        if (padBits > 256) {
          pos = p;
          throw truncated();
        }
        padBits += 8;
        b += 8;
        ff = false;
        continue;
      }
      int v = data[p] & 0xFF;
      if (ff) {
        if ((v & 0x80) != 0) {
          atMarker = true;
          p--;
          continue;
        }
        r |= (long) v << (57 - b);
        b += 7;
        p++;
        ff = false;
      } else {
        if (v == 0xFF && (p + 1 >= end || (data[p + 1] & 0x80) != 0)) {
          atMarker = true;
          continue;
        }
        r |= (long) v << (56 - b);
        b += 8;
        p++;
        ff = v == 0xFF;
      }
    }
    reg = r;
    bits = b;
    pos = p;
    afterFf = ff;
  }

  CodecException truncated() {
    return new CodecException(
        "truncated stream: the JPEG-LS coded data end at offset "
            + (pos - start)
            + " before the image is complete");
  }

  int bit() throws CodecException {
    if (bits < 1) {
      fill();
    }
    int v = (int) (reg >>> 63);
    reg <<= 1;
    bits--;
    return v;
  }

  /** Reads n bits, 0 to 32. */
  int read(int n) throws CodecException {
    if (n == 0) {
      return 0;
    }
    if (bits < n) {
      fill();
    }
    int v = (int) (reg >>> (64 - n));
    reg <<= n;
    bits -= n;
    return v;
  }

  /** Counts zero bits up to the next one bit (consumed); fails past {@code limit} zeros. */
  int zeros(int limit) throws CodecException {
    int count = 0;
    while (true) {
      if (bits < 32) {
        fill();
      }
      int z = Long.numberOfLeadingZeros(reg);
      if (z < bits) {
        count += z;
        if (count > limit) {
          break;
        }
        reg <<= z + 1;
        bits -= z + 1;
        return count;
      }
      count += bits;
      reg = 0;
      bits = 0;
      if (count > limit) {
        break;
      }
    }
    throw new CodecException(
        "corrupt JPEG-LS data: more than "
            + limit
            + " zero bits in a code near offset "
            + (pos - start));
  }

  /** Ends the scan or a restart interval: fails if bits beyond the data were consumed. */
  void finish() throws CodecException {
    if (padBits > bits) {
      throw truncated();
    }
    reg = 0;
    bits = 0;
    padBits = 0;
    afterFf = false;
  }

  /**
   * Returns a failure found while decoding, as a truncation when the reader had already run past
   * the data (the bits it decoded were padding).
   */
  CodecException explain(CodecException e) {
    if (padBits > bits) {
      return new CodecException(
          "truncated stream: the data end at offset "
              + (pos - start)
              + " before the image is complete ("
              + e.getMessage()
              + ")",
          e);
    }
    return e;
  }

  /** Consumes the restart marker RSTn expected after an interval. */
  void restart(int expected) throws CodecException {
    finish();
    atMarker = false;
    while (pos + 1 < end && (data[pos] & 0xFF) == 0xFF && (data[pos + 1] & 0xFF) == 0xFF) {
      pos++;
    }
    if (end - pos < 2 || (data[pos] & 0xFF) != 0xFF || (data[pos + 1] & 0xFF) != 0xD0 + expected) {
      throw new CodecException(
          "expected restart marker RST" + expected + " at offset " + (pos - start));
    }
    pos += 2;
  }
}
