package org.lungnodule.io.jpeg2000;

import org.lungnodule.io.dicom.codec.CodecException;

/**
 * The main header of a JPEG 2000 codestream (ISO/IEC 15444-1 A.5, A.6): image and tile size,
 * components and their depth from SIZ, the wavelet from COD. Found at the start of the data or, for
 * the non-conformant JP2-wrapped pixel data some writers produce, in the contiguous codestream box.
 *
 * @param offset where the codestream (SOC) starts
 * @param width image width, Xsiz − XOsiz
 * @param height image height, Ysiz − YOsiz
 * @param components Csiz
 * @param depth bits per sample of the first component
 * @param signed whether the first component is signed
 * @param tiles number of tiles
 * @param reversible whether the 5-3 reversible wavelet is used (else 9-7, lossy)
 */
record Codestream(
    int offset,
    int width,
    int height,
    int components,
    int depth,
    boolean signed,
    long tiles,
    boolean reversible) {

  /** Parses the main header up to the first tile-part (SOT) or the end of COD and SIZ. */
  static Codestream parse(byte[] d, int off, int len) throws CodecException {
    int end = off + len;
    int p = off;
    if (len >= 12 && be32(d, p) == 12 && be32(d, p + 4) == 0x6A502020) {
      p = findCodestreamBox(d, p, end);
    }
    if (end - p < 4 || u16(d, p) != 0xFF4F) {
      throw new CodecException(
          "not a JPEG 2000 codestream: no SOC marker (0xff4f) at the start of the frame");
    }
    int soc = p;
    p += 2;
    int width = -1;
    int height = -1;
    int comps = 0;
    int depth = 0;
    boolean signed = false;
    long tiles = 0;
    Boolean reversible = null;
    while (true) {
      if (end - p < 4) {
        throw new CodecException("truncated JPEG 2000 main header at offset " + (p - off));
      }
      int m = u16(d, p);
      if (m == 0xFF90 || m == 0xFF93) {
        checkTileParts(d, p, off, end);
        break;
      }
      if ((m & 0xFF00) != 0xFF00) {
        throw new CodecException(
            "expected a marker in the JPEG 2000 main header at offset " + (p - off));
      }
      int l = u16(d, p + 2);
      if (l < 2 || l > end - p - 2) {
        throw new CodecException(
            "JPEG 2000 marker segment 0x"
                + Integer.toHexString(m)
                + " at offset "
                + (p - off)
                + " declares "
                + l
                + " bytes, more than remain");
      }
      int s = p + 4;
      if (m == 0xFF60) {
        throw new CodecException("JPEG 2000 packed packet headers (PPM) are not supported");
      }
      if (m == 0xFF51) {
        if (l < 41) {
          throw new CodecException("the JPEG 2000 SIZ segment is " + l + " bytes, too short");
        }
        long xsiz = be32(d, s + 2);
        long ysiz = be32(d, s + 6);
        long xo = be32(d, s + 10);
        long yo = be32(d, s + 14);
        long xt = be32(d, s + 18);
        long yt = be32(d, s + 22);
        long xto = be32(d, s + 26);
        long yto = be32(d, s + 30);
        comps = u16(d, s + 34);
        if (xsiz <= xo
            || ysiz <= yo
            || xt == 0
            || yt == 0
            || xto > xo
            || yto > yo
            || xsiz - xo > Integer.MAX_VALUE
            || ysiz - yo > Integer.MAX_VALUE) {
          throw new CodecException(
              "JPEG 2000 SIZ declares an empty or inconsistent image: "
                  + xsiz
                  + "x"
                  + ysiz
                  + " from "
                  + xo
                  + ","
                  + yo
                  + ", tiles "
                  + xt
                  + "x"
                  + yt);
        }
        width = (int) (xsiz - xo);
        height = (int) (ysiz - yo);
        tiles = ((xsiz - xto + xt - 1) / xt) * ((ysiz - yto + yt - 1) / yt);
        if (comps < 1 || l != 38 + 3 * comps) {
          throw new CodecException(
              "JPEG 2000 SIZ declares " + comps + " components in " + l + " bytes");
        }
        int ssiz = d[s + 36] & 0xFF;
        depth = (ssiz & 0x7F) + 1;
        signed = (ssiz & 0x80) != 0;
        for (int c = 0; c < comps; c++) {
          if ((d[s + 37 + 3 * c] & 0xFF) != 1 || (d[s + 38 + 3 * c] & 0xFF) != 1) {
            throw new CodecException("subsampled JPEG 2000 components are not supported");
          }
        }
      } else if (m == 0xFF52) {
        if (l < 12) {
          throw new CodecException("the JPEG 2000 COD segment is " + l + " bytes, too short");
        }
        reversible = (d[s + 9] & 0xFF) == 1;
      }
      p += 2 + l;
    }
    if (width < 0) {
      throw new CodecException("the JPEG 2000 main header has no SIZ segment");
    }
    if (reversible == null) {
      throw new CodecException("the JPEG 2000 main header has no COD segment");
    }
    return new Codestream(soc - off, width, height, comps, depth, signed, tiles, reversible);
  }

  /**
   * Walks the tile-parts from the first SOT: each header's markers up to SOD, then Psot bytes on.
   * Refuses packed packet headers (PPT), which JJ2000 reads without noticing their end.
   */
  private static void checkTileParts(byte[] d, int p, int off, int end) throws CodecException {
    while (end - p >= 2 && u16(d, p) == 0xFF90) {
      if (end - p < 12) {
        throw new CodecException("truncated JPEG 2000 tile-part header at offset " + (p - off));
      }
      long psot = be32(d, p + 6);
      int q = p + 12;
      while (true) {
        if (end - q < 2) {
          throw new CodecException("truncated JPEG 2000 tile-part header at offset " + (q - off));
        }
        int m = u16(d, q);
        if (m == 0xFF93) {
          break;
        }
        if (m == 0xFF61) {
          throw new CodecException("JPEG 2000 packed packet headers (PPT) are not supported");
        }
        if ((m & 0xFF00) != 0xFF00 || end - q < 4) {
          throw new CodecException(
              "expected a marker in a JPEG 2000 tile-part header at offset " + (q - off));
        }
        int l = u16(d, q + 2);
        if (l < 2 || l > end - q - 2) {
          throw new CodecException(
              "JPEG 2000 marker segment 0x"
                  + Integer.toHexString(m)
                  + " at offset "
                  + (q - off)
                  + " declares "
                  + l
                  + " bytes, more than remain");
        }
        q += 2 + l;
      }
      if (psot != 0 && (psot < 14 || psot > end - p)) {
        throw new CodecException(
            "JPEG 2000 tile-part at offset "
                + (p - off)
                + " declares "
                + psot
                + " bytes, "
                + (end - p)
                + " remain");
      }
      checkPacketData(d, q + 2, psot == 0 ? end : p + (int) psot, psot == 0, off);
      if (psot == 0) {
        return;
      }
      p += (int) psot;
    }
    int e = end;
    while (e > p && d[e - 1] == 0) {
      e--;
    }
    if (e - p != 2 || u16(d, p) != 0xFFD9) {
      throw new CodecException(
          "expected the EOC marker after the last JPEG 2000 tile-part at offset "
              + (p - off)
              + ", found "
              + (e - p)
              + " other bytes");
    }
  }

  /**
   * Refuses a marker code inside packet data: in a valid codestream no two bytes there read more
   * than 0xff8f except the SOP and EPH markers (ISO/IEC 15444-1 B.10.1, D.4.1, Annex C), and
   * JJ2000's packet-header reader, meeting 0xffff, would read ones for ever. In the last tile-part
   * (Psot 0) the scan stops at the EOC marker.
   */
  private static void checkPacketData(byte[] d, int from, int to, boolean last, int off)
      throws CodecException {
    for (int i = from; i + 1 < to; i++) {
      if (d[i] == (byte) 0xFF) {
        int next = d[i + 1] & 0xFF;
        if (next > 0x8F && next != 0x91 && next != 0x92) {
          if (last && next == 0xD9) {
            return;
          }
          throw new CodecException(
              "a marker code 0xff"
                  + Integer.toHexString(next)
                  + " inside JPEG 2000 packet data at offset "
                  + (i - off));
        }
      }
    }
  }

  /** Walks JP2 boxes to the contiguous codestream box ('jp2c') and returns where its data start. */
  private static int findCodestreamBox(byte[] d, int p, int end) throws CodecException {
    while (end - p >= 8) {
      long len = be32(d, p);
      int type = (int) be32(d, p + 4);
      int header = 8;
      if (len == 1) {
        if (end - p < 16) {
          break;
        }
        long hi = be32(d, p + 8);
        len = hi != 0 ? Long.MAX_VALUE : be32(d, p + 12);
        header = 16;
      } else if (len == 0) {
        len = end - p;
      }
      if (type == 0x6A703263) {
        return p + header;
      }
      if (len < header || len > end - p) {
        break;
      }
      p += (int) len;
    }
    throw new CodecException("a JP2 file without a codestream box (jp2c)");
  }

  private static int u16(byte[] d, int p) {
    return ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF);
  }

  private static long be32(byte[] d, int p) {
    return ((long) (d[p] & 0xFF) << 24)
        | ((d[p + 1] & 0xFF) << 16)
        | ((d[p + 2] & 0xFF) << 8)
        | (d[p + 3] & 0xFF);
  }
}
