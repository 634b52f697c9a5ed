package org.lungnodule.io.jpeg2000;

import org.lungnodule.io.dicom.codec.CodecException;

/**
 * The main header of a JPEG 2000 codestream (ISO/IEC 15444-1 A.5, A.6): image and tile size,
 * components and their depth from SIZ, the wavelet from COD. Found at the start of the data or,
 * for the non-conformant JP2-wrapped pixel data some writers produce, in the contiguous codestream
 * box.
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
        break;
      }
      if ((m & 0xFF00) != 0xFF00) {
        throw new CodecException(
            "expected a marker in the JPEG 2000 main header at offset " + (p - off));
      }
      int l = u16(d, p + 2);
      if (l < 2 || l > end - p - 2) {
        throw new CodecException(
            "JPEG 2000 marker segment 0x" + Integer.toHexString(m) + " at offset " + (p - off)
                + " declares " + l + " bytes, more than remain");
      }
      int s = p + 4;
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
        if (xsiz <= xo || ysiz <= yo || xt == 0 || yt == 0 || xto > xo || yto > yo
            || xsiz - xo > Integer.MAX_VALUE || ysiz - yo > Integer.MAX_VALUE) {
          throw new CodecException(
              "JPEG 2000 SIZ declares an empty or inconsistent image: " + xsiz + "x" + ysiz
                  + " from " + xo + "," + yo + ", tiles " + xt + "x" + yt);
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
