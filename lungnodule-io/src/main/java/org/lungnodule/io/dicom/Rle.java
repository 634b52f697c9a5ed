package org.lungnodule.io.dicom;

import java.io.ByteArrayOutputStream;

/**
 * The RLE Lossless codec of PS3.5 Annex G: a 64-byte header (number of segments, then 15 segment
 * offsets, little endian) followed by one PackBits-compressed segment per byte plane, most
 * significant byte plane first.
 */
final class Rle {

  private Rle() {}

  /**
   * Decodes one frame into byte planes: {@code planes[s][p]} is byte plane {@code s} (0 = most
   * significant) of pixel {@code p}.
   *
   * @param frame the frame bytes (header and segments), {@code frameLength} of them
   * @param pixels number of pixels, rows × columns
   * @param segments number of segments expected (bytes per sample)
   * @return the byte planes
   * @throws IllegalArgumentException with a description if the frame is malformed
   */
  static byte[][] decode(byte[] frame, int frameLength, int pixels, int segments) {
    if (frameLength < 64) {
      throw new IllegalArgumentException(
          "RLE frame of " + frameLength + " bytes is shorter than its 64-byte header");
    }
    long n = le32(frame, 0);
    if (n != segments) {
      throw new IllegalArgumentException(
          "RLE header declares " + n + " segments, expected " + segments);
    }
    long[] offsets = new long[segments + 1];
    for (int s = 0; s < segments; s++) {
      offsets[s] = le32(frame, 4 + 4 * s);
    }
    offsets[segments] = frameLength;
    byte[][] planes = new byte[segments][pixels];
    for (int s = 0; s < segments; s++) {
      long from = offsets[s];
      long to = offsets[s + 1];
      if (from < 64 || from > to || to > frameLength) {
        throw new IllegalArgumentException(
            "RLE segment "
                + s
                + " has offsets "
                + from
                + ".."
                + to
                + " outside the frame of "
                + frameLength
                + " bytes");
      }
      int got = unpack(frame, (int) from, (int) to, planes[s]);
      if (got != pixels) {
        throw new IllegalArgumentException(
            "RLE segment " + s + " decodes to " + got + " bytes, expected " + pixels);
      }
    }
    return planes;
  }

  /** PackBits-decodes src[from, to) into dst; stops when dst is full; returns bytes written. */
  static int unpack(byte[] src, int from, int to, byte[] dst) {
    int i = from;
    int o = 0;
    int cap = dst.length;
    while (i < to && o < cap) {
      int h = src[i++];
      if (h >= 0) {
        int n = Math.min(h + 1, Math.min(to - i, cap - o));
        System.arraycopy(src, i, dst, o, n);
        i += h + 1;
        o += n;
      } else if (h != -128) {
        if (i >= to) {
          break;
        }
        int n = Math.min(1 - h, cap - o);
        byte b = src[i++];
        for (int k = 0; k < n; k++) {
          dst[o + k] = b;
        }
        o += n;
      }
    }
    return o;
  }

  /**
   * Encodes one frame of {@code rows × columns} samples of {@code bytesPerSample} bytes, given as
   * byte planes (most significant first); each row is compressed separately (Annex G.3.1). The
   * result has even length.
   */
  static byte[] encode(byte[][] planes, int rows, int columns) {
    int segments = planes.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows * columns * segments / 2 + 64);
    byte[] header = new byte[64];
    out.write(header, 0, 64);
    byte[] buf = new byte[columns * 2 + 16];
    for (int s = 0; s < segments; s++) {
      putLe32(header, 4 + 4 * s, out.size());
      for (int r = 0; r < rows; r++) {
        int n = packRow(planes[s], r * columns, columns, buf);
        out.write(buf, 0, n);
      }
    }
    putLe32(header, 0, segments);
    if ((out.size() & 1) != 0) {
      out.write(0);
    }
    byte[] frame = out.toByteArray();
    System.arraycopy(header, 0, frame, 0, 64);
    return frame;
  }

  /** PackBits-encodes src[off, off + len) into dst; returns the bytes written. */
  static int packRow(byte[] src, int off, int len, byte[] dst) {
    int o = 0;
    int i = 0;
    while (i < len) {
      // length of the run of equal bytes starting at i (max 128)
      int run = 1;
      while (i + run < len && run < 128 && src[off + i + run] == src[off + i]) {
        run++;
      }
      if (run >= 2) {
        dst[o++] = (byte) (1 - run);
        dst[o++] = src[off + i];
        i += run;
        continue;
      }
      // literal: up to 128 bytes, until a run of at least 2 starts
      int start = i;
      int lit = 0;
      while (i < len && lit < 128) {
        if (i + 1 < len && src[off + i] == src[off + i + 1]) {
          break;
        }
        i++;
        lit++;
      }
      dst[o++] = (byte) (lit - 1);
      System.arraycopy(src, off + start, dst, o, lit);
      o += lit;
    }
    return o;
  }

  private static long le32(byte[] b, int off) {
    return (b[off] & 0xFFL)
        | ((b[off + 1] & 0xFFL) << 8)
        | ((b[off + 2] & 0xFFL) << 16)
        | ((b[off + 3] & 0xFFL) << 24);
  }

  private static void putLe32(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
