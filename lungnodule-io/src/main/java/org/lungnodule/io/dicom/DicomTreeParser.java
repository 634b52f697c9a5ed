package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.lungnodule.core.MemoryBudget;

/**
 * Reads a whole DICOM file into a {@link DicomTree}: every element, sequences and their items
 * included, up to the top-level pixel data (whose place is noted, not read). The transfer syntax
 * and the file meta information are found by {@link DicomParser#readHeader}. Each length is checked
 * against the bytes left, nesting is capped at {@link DicomParser#MAX_DEPTH}, and the tree may take
 * at most {@link #BYTES_PER_SOURCE_BYTE} times the data set's size, checked against the {@link
 * MemoryBudget} before reading, so hostile files end in a {@link DicomException}.
 */
final class DicomTreeParser {

  /** Memory a tree may use per byte of data set (values plus object overhead of small items). */
  static final int BYTES_PER_SOURCE_BYTE = 24;

  /** Sequence tags known without a VR (implicit VR files). */
  private static final Set<Integer> SEQUENCES =
      Set.of(
          0x00081115,
          0x0008114A,
          0x00082112,
          0x00089124,
          0x00089215,
          0x00081199,
          0x00081200,
          0x00209111,
          0x00209113,
          0x00209116,
          0x00209221,
          0x00209222,
          0x00289110,
          0x00289145,
          0x52009229,
          0x52009230,
          0x00620002,
          0x0062000A,
          0x00620003,
          0x0062000F,
          0x00620011,
          0x00082218,
          0x00082220,
          0x00082228,
          0x00082230,
          0x30060010,
          0x30060012,
          0x30060014,
          0x30060016,
          0x30060020,
          0x30060039,
          0x30060040,
          0x30060080,
          0x300600A0,
          0x300600B0,
          0x00081140,
          0x0040A170);

  private DicomTreeParser() {}

  /** What was read: the tree, the transfer syntax and the source its pixel offset refers to. */
  record Parsed(DicomTree tree, String transferSyntaxUid, ByteSource pixelSource, long size) {}

  /**
   * Reads a file into a tree. The returned pixel source must be closed by the caller.
   *
   * @throws NotDicomException if the file is not DICOM
   * @throws UnsupportedTransferSyntaxException if its encoding is unknown
   * @throws DicomException if it is malformed or truncated, or its tree exceeds the memory budget
   * @throws IOException if it cannot be read
   */
  static Parsed read(Path file) throws IOException {
    SliceHeader h = DicomParser.readHeader(file);
    ByteSource src = ByteSource.open(file);
    try {
      DicomParser.Cursor c;
      if (h.deflated) {
        DicomParser.Inflated inf = DicomParser.inflate(file, src, h.deflateStart);
        src.close();
        src = ByteSource.of(inf.data(), inf.length());
        c = new DicomParser.Cursor(file, src);
        c.pos = 0;
      } else {
        c = new DicomParser.Cursor(file, src);
        c.pos = datasetStart(c);
      }
      c.explicit = h.explicitVr;
      c.big = h.bigEndian;
      long bytes = (c.size - c.pos) * BYTES_PER_SOURCE_BYTE;
      if (!MemoryBudget.allows(bytes)) {
        throw new DicomException(file, MemoryBudget.refusal(bytes, "the data set as a tree"));
      }
      DicomTree tree = new DicomTree();
      dataset(tree, c, 0, Long.MAX_VALUE, true);
      return new Parsed(tree, h.transferSyntaxUid, src, c.size);
    } catch (IOException | RuntimeException e) {
      src.close();
      throw e;
    }
  }

  /** Returns the offset after the preamble and the file meta group. */
  private static long datasetStart(DicomParser.Cursor c) throws IOException {
    long pos = 0;
    if (c.size >= 132) {
      c.pos = 128;
      c.need(4);
      if (c.u8(0) == 'D' && c.u8(1) == 'I' && c.u8(2) == 'C' && c.u8(3) == 'M') {
        pos = 132;
      }
    }
    c.pos = pos;
    boolean explicit = c.explicit;
    boolean big = c.big;
    c.explicit = true;
    c.big = false;
    while (c.pos + 8 <= c.size) {
      c.need(2);
      if ((c.u8(0) | (c.u8(1) << 8)) != 0x0002) {
        break;
      }
      long at = c.pos;
      int tag = c.tag();
      long len = c.length(c.vr(tag, at));
      c.checkLength(tag, at, len);
      c.skip(len);
    }
    c.explicit = explicit;
    c.big = big;
    return c.pos;
  }

  private static void dataset(DicomTree t, DicomParser.Cursor c, int depth, long end, boolean top)
      throws IOException {
    while (c.pos < end) {
      if (c.pos >= c.size) {
        if (top) {
          return;
        }
        throw c.truncated("the file ends inside a sequence item");
      }
      long at = c.pos;
      int tag = c.tag();
      if (tag == DicomParser.ITEM_DELIMITATION) {
        c.u32();
        if (top) {
          throw c.malformed("item delimitation outside a sequence at offset " + at);
        }
        return;
      }
      if ((tag >>> 16) == 0xFFFE) {
        throw c.malformed("unexpected " + DicomText.tag(tag) + " in a data set at offset " + at);
      }
      String vr = c.explicit ? c.vr(tag, at) : implicitVr(tag);
      long len = c.length(vr);
      if (top && tag == DicomParser.PIXEL_DATA) {
        t.pixelVr = vr;
        t.pixelOffset = c.pos;
        if (len != DicomParser.UNDEFINED) {
          c.checkLength(tag, at, len);
          t.pixelLength = len;
        }
        return;
      }
      boolean sequence =
          vr.equals("SQ")
              || len == DicomParser.UNDEFINED
              || (!c.explicit && vr.equals("UN") && len >= 8 && startsWithItem(c));
      if (sequence) {
        if (len != DicomParser.UNDEFINED) {
          c.checkLength(tag, at, len);
        }
        List<DicomTree> items = new ArrayList<>();
        sequence(items, c, depth + 1, len);
        t.elements.put(tag, new DicomTree.Element(tag, "SQ", null, items));
        continue;
      }
      c.checkLength(tag, at, len);
      byte[] v = new byte[(int) len];
      c.src.read(c.pos, v, 0, (int) len);
      c.pos += len;
      if (c.big) {
        swap(vr, v);
      }
      if (!vr.equals("SQ") && (tag & 0xFFFF) != 0) {
        t.elements.put(tag, new DicomTree.Element(tag, vr, v, null));
      }
    }
    if (c.pos > end) {
      throw c.malformed("an item's elements run past the item's length at offset " + end);
    }
  }

  private static boolean startsWithItem(DicomParser.Cursor c) throws IOException {
    c.need(4);
    return c.u8(0) == 0xFE && c.u8(1) == 0xFF && c.u8(2) == 0x00 && c.u8(3) == 0xE0;
  }

  private static void sequence(List<DicomTree> items, DicomParser.Cursor c, int depth, long len)
      throws IOException {
    if (depth > DicomParser.MAX_DEPTH) {
      throw c.malformed("sequences nested deeper than " + DicomParser.MAX_DEPTH + " levels");
    }
    long end = len == DicomParser.UNDEFINED ? Long.MAX_VALUE : c.pos + len;
    while (c.pos < end) {
      if (c.pos >= c.size) {
        throw c.truncated("the file ends inside a sequence");
      }
      long at = c.pos;
      int tag = c.tag();
      long itemLen = c.u32();
      if (tag == DicomParser.SEQUENCE_DELIMITATION) {
        if (len != DicomParser.UNDEFINED) {
          throw c.malformed("sequence delimitation in a defined-length sequence at offset " + at);
        }
        return;
      }
      if (tag != DicomParser.ITEM) {
        throw c.malformed(
            "expected an item tag in a sequence at offset " + at + ", got " + DicomText.tag(tag));
      }
      DicomTree item = new DicomTree();
      if (itemLen == DicomParser.UNDEFINED) {
        dataset(item, c, depth, Long.MAX_VALUE, false);
      } else {
        c.checkLength(tag, at, itemLen);
        dataset(item, c, depth, c.pos + itemLen, false);
      }
      items.add(item);
    }
    if (c.pos != end) {
      throw c.malformed("a sequence's items run past the sequence's length");
    }
  }

  /** VRs of the tags the readers need, for implicit VR files (others are kept as UN bytes). */
  private static String implicitVr(int tag) {
    if (SEQUENCES.contains(tag)) {
      return "SQ";
    }
    return switch (tag) {
      case 0x00280010,
          0x00280011,
          0x00280100,
          0x00280101,
          0x00280102,
          0x00280103,
          0x00280002,
          0x00620004,
          0x0062000B,
          0x0062000E ->
          "US";
      case 0x00209157 -> "UL";
      default -> "UN";
    };
  }

  /** Swaps big-endian binary values to little endian. */
  private static void swap(String vr, byte[] v) {
    int w =
        switch (vr) {
          case "US", "SS", "OW" -> 2;
          case "UL", "SL", "FL", "OF", "OL" -> 4;
          case "FD", "OD", "SV", "UV", "OV" -> 8;
          case "AT" -> 2;
          default -> 0;
        };
    if (w == 0) {
      return;
    }
    for (int i = 0; i + w <= v.length; i += w) {
      for (int a = i, b = i + w - 1; a < b; a++, b--) {
        byte x = v[a];
        v[a] = v[b];
        v[b] = x;
      }
    }
  }
}
