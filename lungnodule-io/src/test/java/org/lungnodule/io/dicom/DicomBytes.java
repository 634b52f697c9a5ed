package org.lungnodule.io.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds DICOM files byte by byte for tests (well-formed or hostile). */
final class DicomBytes {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  boolean explicit = true;

  /** Preamble, DICM and a meta group declaring the transfer syntax. */
  static DicomBytes part10(String ts) {
    DicomBytes meta = new DicomBytes();
    meta.str(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.2");
    meta.str(0x00020010, "UI", ts);
    byte[] m = meta.bytes();
    DicomBytes b = new DicomBytes();
    b.out.writeBytes(new byte[128]);
    b.out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    b.header(0x00020000, "UL", 4);
    b.le32(m.length);
    b.out.writeBytes(m);
    return b;
  }

  void le16(int v) {
    out.write(v & 0xFF);
    out.write((v >>> 8) & 0xFF);
  }

  void le32(long v) {
    le16((int) (v & 0xFFFF));
    le16((int) ((v >>> 16) & 0xFFFF));
  }

  DicomBytes header(int tag, String vr, long len) {
    le16(tag >>> 16);
    le16(tag & 0xFFFF);
    if (!explicit || vr == null) {
      le32(len);
      return this;
    }
    out.write(vr.charAt(0));
    out.write(vr.charAt(1));
    if ("OB OW SQ UN UT OF".contains(vr)) {
      le16(0);
      le32(len);
    } else {
      le16((int) len);
    }
    return this;
  }

  DicomBytes item(int tag, long len) {
    le16(tag >>> 16);
    le16(tag & 0xFFFF);
    le32(len);
    return this;
  }

  DicomBytes str(int tag, String vr, String v) {
    byte[] b = v.getBytes(StandardCharsets.ISO_8859_1);
    int len = b.length + (b.length & 1);
    header(tag, vr, len);
    out.writeBytes(b);
    if ((b.length & 1) != 0) {
      out.write(vr.equals("UI") ? 0 : ' ');
    }
    return this;
  }

  DicomBytes us(int tag, int v) {
    header(tag, "US", 2);
    le16(v);
    return this;
  }

  DicomBytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** A geometry description of a synthetic slice. */
  static final class Slice {
    String seriesUid = "1.2.826.0.1.3680043.2.1143.1";
    String ts = "1.2.840.10008.1.2.1";
    String ipp = "0\\0\\0";
    String iop = "1\\0\\0\\0\\1\\0";
    String pixelSpacing = "0.5\\0.5";
    String slope = "1";
    String intercept = "-1024";
    String thickness = "1";
    int rows = 2;
    int cols = 3;
    int bitsAllocated = 16;
    int bitsStored = 16;
    int highBit = 15;
    int pixelRepresentation = 1;
    byte[] pixels = new byte[12];

    /** When set, the pixel data are encapsulated: a Basic Offset Table, then these fragments. */
    byte[][] fragments;

    long[] offsetTable = new long[0];

    /** NumberOfFrames (0028,0008), written when not null. */
    String numberOfFrames;

    /** LossyImageCompression (0028,2110), written when not null. */
    String lossyImageCompression;

    byte[] build() {
      DicomBytes b = part10(ts);
      b.explicit = !ts.equals("1.2.840.10008.1.2");
      b.str(0x00080060, "CS", "CT");
      b.str(0x0008103E, "LO", "synthetic");
      b.str(0x00180050, "DS", thickness);
      b.str(0x0020000E, "UI", seriesUid);
      if (ipp != null) {
        b.str(0x00200032, "DS", ipp);
      }
      if (iop != null) {
        b.str(0x00200037, "DS", iop);
      }
      b.us(0x00280002, 1);
      if (numberOfFrames != null) {
        b.str(0x00280008, "IS", numberOfFrames);
      }
      b.us(0x00280010, rows);
      b.us(0x00280011, cols);
      b.str(0x00280030, "DS", pixelSpacing);
      b.us(0x00280100, bitsAllocated);
      b.us(0x00280101, bitsStored);
      b.us(0x00280102, highBit);
      b.us(0x00280103, pixelRepresentation);
      b.str(0x00281052, "DS", intercept);
      b.str(0x00281053, "DS", slope);
      if (lossyImageCompression != null) {
        b.str(0x00282110, "CS", lossyImageCompression);
      }
      if (fragments != null) {
        b.header(0x7FE00010, "OB", 0xFFFFFFFFL);
        b.item(0xFFFEE000, 4L * offsetTable.length);
        for (long o : offsetTable) {
          b.le32(o);
        }
        for (byte[] f : fragments) {
          b.item(0xFFFEE000, f.length + (f.length & 1));
          b.raw(f);
          if ((f.length & 1) != 0) {
            b.out.write(0);
          }
        }
        b.item(0xFFFEE0DD, 0);
        return b.bytes();
      }
      b.header(0x7FE00010, bitsAllocated == 8 ? "OB" : "OW", pixels.length + (pixels.length & 1));
      b.raw(pixels);
      if ((pixels.length & 1) != 0) {
        b.out.write(0);
      }
      return b.bytes();
    }

    /** Sets 16-bit little-endian pixels. */
    Slice pixels16(int... v) {
      pixels = new byte[v.length * 2];
      for (int i = 0; i < v.length; i++) {
        pixels[2 * i] = (byte) v[i];
        pixels[2 * i + 1] = (byte) (v[i] >>> 8);
      }
      return this;
    }
  }
}
