package org.lungnodule.io.dicom;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a {@link DicomTree} as a Part 10 file in Explicit VR Little Endian: preamble, file meta
 * group, then the data set with elements in ascending tag order and sequences and items of defined
 * length. Odd values are padded (UI with NUL, text with a space, binary with 0).
 */
final class DicomTreeWriter {

  private DicomTreeWriter() {}

  /**
   * Encodes a file.
   *
   * @param sopClassUid MediaStorageSOPClassUID
   * @param sopInstanceUid MediaStorageSOPInstanceUID
   * @param dataset the data set (without pixel data)
   * @param pixelVr VR of the pixel data ("OB" or "OW"), or null for none
   * @param pixels the pixel data value, or null for none
   */
  static byte[] encode(
      String sopClassUid, String sopInstanceUid, DicomTree dataset, String pixelVr, byte[] pixels) {
    DicomTree meta = new DicomTree();
    meta.bytes(0x00020001, "OB", new byte[] {0, 1});
    meta.text(0x00020002, "UI", sopClassUid);
    meta.text(0x00020003, "UI", sopInstanceUid);
    meta.text(0x00020010, "UI", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
    meta.text(0x00020012, "UI", DicomWriter.IMPLEMENTATION_CLASS_UID);
    meta.text(0x00020013, "SH", DicomWriter.IMPLEMENTATION_VERSION);
    Buf m = new Buf();
    m.dataset(meta);
    Buf f = new Buf();
    f.write(new byte[128], 0, 128);
    f.write(new byte[] {'D', 'I', 'C', 'M'}, 0, 4);
    f.header(0x00020000, "UL", 4);
    f.le32(m.size());
    m.writeTo(f);
    f.dataset(dataset);
    if (pixels != null) {
      f.value(0x7FE00010, pixelVr, pixels);
    }
    return f.toByteArray();
  }

  private static final class Buf extends ByteArrayOutputStream {
    Buf() {
      super(4096);
    }

    void writeTo(Buf other) {
      other.write(buf, 0, count);
    }

    void le16(int v) {
      write(v & 0xFF);
      write((v >>> 8) & 0xFF);
    }

    void le32(long v) {
      le16((int) (v & 0xFFFF));
      le16((int) ((v >>> 16) & 0xFFFF));
    }

    void header(int tag, String vr, long len) {
      le16(tag >>> 16);
      le16(tag & 0xFFFF);
      write(vr.charAt(0));
      write(vr.charAt(1));
      switch (vr) {
        case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> {
          le16(0);
          le32(len);
        }
        default -> {
          if (len > 0xFFFF) {
            throw new IllegalArgumentException(
                "value of " + DicomText.tag(tag) + " (" + vr + ") too long: " + len + " bytes");
          }
          le16((int) len);
        }
      }
    }

    void value(int tag, String vr, byte[] v) {
      int len = v.length + (v.length & 1);
      header(tag, vr, len);
      write(v, 0, v.length);
      if ((v.length & 1) != 0) {
        write(
            switch (vr) {
              case "UI", "OB", "OW", "UN", "US", "UL", "AT" -> 0;
              default -> ' ';
            });
      }
    }

    void dataset(DicomTree t) {
      Map<Integer, DicomTree.Element> sorted = new TreeMap<>(Integer::compareUnsigned);
      sorted.putAll(t.elements);
      for (DicomTree.Element e : sorted.values()) {
        if (e.isSequence()) {
          Buf items = new Buf();
          for (DicomTree item : e.items) {
            Buf body = new Buf();
            body.dataset(item);
            items.le16(0xFFFE);
            items.le16(0xE000);
            items.le32(body.size());
            body.writeTo(items);
          }
          header(e.tag, "SQ", items.size());
          items.writeTo(this);
        } else {
          value(e.tag, e.vr, e.value);
        }
      }
    }
  }
}
