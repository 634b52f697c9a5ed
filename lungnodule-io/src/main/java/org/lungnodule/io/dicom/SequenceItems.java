package org.lungnodule.io.dicom;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the items of a sequence (defined or undefined length, nested sequences in any depth up to
 * {@link DicomParser#MAX_DEPTH}) and keeps, per item, the values of the elements a caller asks for.
 * Each kept value is keyed by {@link #key(int, int)}: the tag of the sequence directly inside the
 * item that holds it (its "macro", 0 for an element of the item itself) and its own tag. Every
 * length is checked against the bytes left; every step consumes at least 8 bytes.
 */
final class SequenceItems {

  /** Longest value kept (longer wanted values are refused as malformed). */
  static final int MAX_VALUE = 1 << 12;

  /** Tags whose values are binary unsigned longs (UL), read as decimal text. */
  private static final Set<Integer> UL =
      Set.of(0x00041200, 0x00041202, 0x00041400, 0x00041410, 0x00041420);

  /** Tags whose values are binary unsigned shorts (US), read as decimal text. */
  private static final Set<Integer> US = Set.of(DicomParser.ROWS, DicomParser.COLUMNS);

  /** Tags that are sequences, so that they are recognised in Implicit VR with a defined length. */
  private static final Set<Integer> SEQUENCES =
      Set.of(
          0x52009229,
          0x52009230,
          0x00209111,
          0x00209113,
          0x00209116,
          0x00289110,
          0x00289145,
          0x00289132,
          0x00189301,
          0x00189304,
          0x00189308,
          0x00189312,
          0x00189314,
          0x00189325,
          0x00189326,
          0x00041220,
          0x00089124,
          0x00082112,
          0x00209071,
          0x00209221,
          0x00209222,
          0x00081140);

  /** Which leaf elements to keep. */
  interface Filter {
    /** Returns whether the element {@code tag} inside the macro {@code macro} is kept. */
    boolean keep(int macro, int tag);
  }

  /** One item: where its item tag lies in the source, and the values kept. */
  record Item(long offset, Map<Long, String> values) {

    /** Returns a kept value, or null. */
    String get(int macro, int tag) {
      return values.get(key(macro, tag));
    }
  }

  private SequenceItems() {}

  /** Returns the key of a value: its macro's tag and its own. */
  static long key(int macro, int tag) {
    return ((macro & 0xFFFFFFFFL) << 32) | (tag & 0xFFFFFFFFL);
  }

  /**
   * Reads the items of a sequence whose value starts at the cursor.
   *
   * @param c the cursor, at the first item
   * @param len the sequence's length, or {@link DicomParser#UNDEFINED}
   * @param depth nesting depth of the sequence
   * @param maxItems most items accepted
   * @param what the sequence's name, for messages
   * @param filter which values to keep
   * @throws DicomException if the sequence is malformed, truncated or has more items
   */
  static List<Item> read(
      DicomParser.Cursor c, long len, int depth, int maxItems, String what, Filter filter)
      throws IOException {
    List<Item> items = new ArrayList<>();
    long end = sequenceEnd(c, len, what);
    while (c.pos < end) {
      if (c.pos >= c.size) {
        throw c.truncated("the file ends inside the " + what);
      }
      long at = c.pos;
      int tag = c.tag();
      long itemLen = c.u32();
      if (tag == DicomParser.SEQUENCE_DELIMITATION) {
        if (len != DicomParser.UNDEFINED) {
          throw c.malformed("sequence delimitation in the defined-length " + what);
        }
        return items;
      }
      if (tag != DicomParser.ITEM) {
        throw c.malformed(
            "expected an item in the " + what + " at offset " + at + ", got " + DicomText.tag(tag));
      }
      if (items.size() == maxItems) {
        throw c.malformed("the " + what + " has more than " + maxItems + " items");
      }
      Map<Long, String> values = new HashMap<>();
      dataset(c, itemLen, depth + 1, 0, values, filter, what);
      items.add(new Item(at, values));
    }
    if (len == DicomParser.UNDEFINED) {
      throw c.truncated("the file ends inside the " + what);
    }
    if (c.pos != end) {
      throw c.malformed("the items of the " + what + " overrun its length");
    }
    return items;
  }

  private static long sequenceEnd(DicomParser.Cursor c, long len, String what)
      throws DicomException {
    if (len == DicomParser.UNDEFINED) {
      return Long.MAX_VALUE;
    }
    if (len > c.size - c.pos) {
      throw c.truncated(
          "the " + what + " declares " + len + " bytes but only " + (c.size - c.pos) + " remain");
    }
    return c.pos + len;
  }

  /** Reads one item's data set (until its length or its item delimitation). */
  private static void dataset(
      DicomParser.Cursor c,
      long len,
      int depth,
      int macro,
      Map<Long, String> out,
      Filter filter,
      String what)
      throws IOException {
    if (depth > DicomParser.MAX_DEPTH) {
      throw c.malformed(
          "sequences nested deeper than " + DicomParser.MAX_DEPTH + " levels at offset " + c.pos);
    }
    long end = sequenceEnd(c, len, what);
    while (c.pos < end) {
      if (c.pos >= c.size) {
        throw c.truncated("the file ends inside an item of the " + what);
      }
      long at = c.pos;
      int tag = c.tag();
      if (tag == DicomParser.ITEM_DELIMITATION) {
        c.u32();
        if (len != DicomParser.UNDEFINED) {
          throw c.malformed("item delimitation in a defined-length item at offset " + at);
        }
        return;
      }
      if ((tag >>> 16) == 0xFFFE) {
        throw c.malformed("unexpected " + DicomText.tag(tag) + " in an item at offset " + at);
      }
      String vr = c.explicit ? c.vr(tag, at) : implicitVr(tag);
      long l = c.length(vr);
      if (vr.equals("SQ") || l == DicomParser.UNDEFINED) {
        nested(c, l, depth + 1, macro == 0 ? tag : macro, out, filter, what);
        continue;
      }
      c.checkLength(tag, at, l);
      if (filter.keep(macro, tag)) {
        if (l > MAX_VALUE) {
          throw c.malformed(
              "element " + DicomText.tag(tag) + " at offset " + at + " is " + l + " bytes long");
        }
        out.put(key(macro, tag), value(c, tag, vr, (int) l));
      } else {
        c.skip(l);
      }
    }
    if (len == DicomParser.UNDEFINED) {
      throw c.truncated("the file ends inside an item of the " + what);
    }
    if (c.pos != end) {
      throw c.malformed("the elements of an item of the " + what + " overrun its length");
    }
  }

  /** Reads the items of a nested sequence into the same map (the macro is already chosen). */
  private static void nested(
      DicomParser.Cursor c,
      long len,
      int depth,
      int macro,
      Map<Long, String> out,
      Filter filter,
      String what)
      throws IOException {
    if (depth > DicomParser.MAX_DEPTH) {
      throw c.malformed(
          "sequences nested deeper than " + DicomParser.MAX_DEPTH + " levels at offset " + c.pos);
    }
    long end = sequenceEnd(c, len, what);
    while (c.pos < end) {
      if (c.pos >= c.size) {
        throw c.truncated("the file ends inside a sequence of the " + what);
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
            "expected an item in a sequence at offset " + at + ", got " + DicomText.tag(tag));
      }
      dataset(c, itemLen, depth + 1, macro, out, filter, what);
    }
    if (len == DicomParser.UNDEFINED) {
      throw c.truncated("the file ends inside a sequence of the " + what);
    }
    if (c.pos != end) {
      throw c.malformed("the items of a sequence of the " + what + " overrun its length");
    }
  }

  private static String implicitVr(int tag) {
    if (SEQUENCES.contains(tag)) {
      return "SQ";
    }
    if (UL.contains(tag)) {
      return "UL";
    }
    if (US.contains(tag)) {
      return "US";
    }
    return "UN";
  }

  private static String value(DicomParser.Cursor c, int tag, String vr, int len)
      throws IOException {
    if (vr.equals("UL")) {
      if (len != 4) {
        c.skip(len);
        throw c.malformed("element " + DicomText.tag(tag) + " (UL) has length " + len);
      }
      return Long.toString(c.u32());
    }
    if (vr.equals("US")) {
      return Integer.toString(c.us(tag, len));
    }
    return c.string(tag, len);
  }
}
