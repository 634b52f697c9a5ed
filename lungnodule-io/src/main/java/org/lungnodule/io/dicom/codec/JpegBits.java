package org.lungnodule.io.dicom.codec;

/**
 * Reads the entropy-coded segment of a JPEG scan (T.81 F.2.2.5): bits most significant first, a
 * 0xFF data byte followed by a stuffed 0x00, and a marker ends the segment. Past the segment it
 * supplies zero bits and counts them, so that a scan that consumed any of them is known to be
 * truncated.
 */
final class JpegBits {
  private final byte[] data;
  private final int end;
  private final int start;

  /** Next byte to read. */
  int pos;

  /** Left-aligned bit register: the next bit is bit 63. */
  private long reg;

  private int bits;
  private int padBits;
  private boolean atMarker;

  JpegBits(byte[] data, int pos, int end, int start) {
    this.data = data;
    this.pos = pos;
    this.end = end;
    this.start = start;
  }

  private void fill() throws CodecException {
    long r = reg;
    int b = bits;
    int p = pos;
    while (b <= 56) {
      if (!atMarker && end - p >= 8) {
        long x = ByteStream.be64(data, p);
        if (!ByteStream.hasFf(x)) {
          int k = (64 - b) >>> 3;
          r |= (x >>> (64 - 8 * k)) << (64 - b - 8 * k);
          b += 8 * k;
          p += k;
          continue;
        }
      }
      int v;
      if (atMarker || p >= end) {
        if (padBits > 256) {
          pos = p;
          throw new CodecException(
              "truncated stream: the entropy-coded data end at offset "
                  + (p - start)
                  + " before the image is complete");
        }
        v = 0;
        padBits += 8;
      } else {
        v = data[p] & 0xFF;
        if (v == 0xFF) {
          int next = p + 1 < end ? data[p + 1] & 0xFF : -1;
          if (next == 0) {
            p += 2;
          } else {
            atMarker = true;
            v = 0;
            padBits += 8;
          }
        } else {
          p++;
        }
      }
      r |= (long) v << (56 - b);
      b += 8;
    }
    reg = r;
    bits = b;
    pos = p;
  }

  /** Returns the next 16 bits without consuming them. */
  int peek16() throws CodecException {
    if (bits < 16) {
      fill();
    }
    return (int) (reg >>> 48);
  }

  void skip(int n) {
    reg <<= n;
    bits -= n;
  }

  /** Reads n bits (0 to 16) as an unsigned value. */
  int receive(int n) throws CodecException {
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

  /** Decodes one Huffman symbol. */
  int decode(Huffman h) throws CodecException {
    int p = peek16();
    int e = h.lookup[p >>> (16 - Huffman.LOOKUP_BITS)];
    if (e != 0) {
      skip(e >>> 8);
      return e & 0xFF;
    }
    for (int len = Huffman.LOOKUP_BITS + 1; len <= 16; len++) {
      int code = p >>> (16 - len);
      if (code <= h.maxCode[len]) {
        skip(len);
        return h.values[h.valPtr[len] + code - h.minCode[len]];
      }
    }
    throw new CodecException(
        "corrupt entropy-coded data: no Huffman code matches the bits near offset "
            + (pos - start));
  }

  /** Reads n bits and extends them to a signed difference (T.81 F.2.2.1 EXTEND). */
  int receiveExtend(int n) throws CodecException {
    if (n == 0) {
      return 0;
    }
    int v = receive(n);
    return v < (1 << (n - 1)) ? v - (1 << n) + 1 : v;
  }

  /**
   * Ends a restart interval or the scan: fails if bits beyond the data were consumed, then drops
   * the rest of the byte.
   */
  void finishInterval() throws CodecException {
    if (padBits > bits) {
      throw new CodecException(
          "truncated stream: the entropy-coded data end at offset "
              + (pos - start)
              + " before the image is complete");
    }
    reg = 0;
    bits = 0;
    padBits = 0;
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
    finishInterval();
    atMarker = false;
    while (pos < end
        && (data[pos] & 0xFF) == 0xFF
        && pos + 1 < end
        && (data[pos + 1] & 0xFF) == 0xFF) {
      pos++;
    }
    if (end - pos < 2 || (data[pos] & 0xFF) != 0xFF || (data[pos + 1] & 0xFF) != 0xD0 + expected) {
      throw new CodecException(
          "expected restart marker RST"
              + expected
              + " at offset "
              + (pos - start)
              + (end - pos < 2 ? ", the stream ends" : ", got other bytes"));
    }
    pos += 2;
  }

  /** Returns the offset of the marker that ended the scan (or the end of the data). */
  int markerPosition() {
    return pos;
  }
}
