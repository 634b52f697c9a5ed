package org.lungnodule.io.dicom;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.lungnodule.core.MemoryBudget;

/**
 * The items of encapsulated pixel data (PS3.5 A.4): the Basic Offset Table, then the fragments, and
 * which fragments make which frame. With offsets in the table, frame {@code i} is the fragments
 * from offset {@code i} to offset {@code i + 1}; with an empty table, one frame takes every
 * fragment, {@code n} frames in {@code n} fragments take one each, and otherwise a frame starts at
 * each fragment that starts a JPEG/JPEG-LS (0xFFD8) or JPEG 2000 (0xFF4F) stream. Any disagreement
 * with NumberOfFrames is refused.
 */
final class EncapsulatedFrames {

  /** One fragment: where its value lies in the source and where its item starts. */
  record Fragment(long valueOffset, long length, long itemOffset) {}

  private final SliceHeader h;
  private final ByteSource src;
  private final long[] offsetTable;
  private final List<Fragment> fragments;

  private EncapsulatedFrames(
      SliceHeader h, ByteSource src, long[] offsetTable, List<Fragment> fragments) {
    this.h = h;
    this.src = src;
    this.offsetTable = offsetTable;
    this.fragments = fragments;
  }

  /**
   * Reads the item structure of the pixel data of a (validated) header.
   *
   * @throws DicomException if the items are malformed or there is no fragment
   */
  static EncapsulatedFrames read(SliceHeader h, ByteSource src) throws IOException {
    DicomParser.Cursor c = new DicomParser.Cursor(h.file, src);
    c.explicit = true;
    c.pos = h.pixelOffset;
    List<Fragment> fragments = new ArrayList<>();
    long[] table = null;
    long firstItem = -1;
    while (true) {
      if (c.pos >= c.size) {
        throw c.truncated("the file ends inside the encapsulated pixel data");
      }
      long at = c.pos;
      int tag = c.tag();
      long len = c.u32();
      if (tag == DicomParser.SEQUENCE_DELIMITATION) {
        break;
      }
      if (tag != DicomParser.ITEM) {
        throw c.malformed(
            "expected an item in the encapsulated pixel data at offset "
                + at
                + ", got "
                + DicomText.tag(tag));
      }
      c.checkLength(tag, at, len);
      if (table == null) {
        if (len % 4 != 0) {
          throw new DicomException(
              h.file, "the Basic Offset Table is " + len + " bytes long, not a multiple of 4");
        }
        if (len / 4 > Math.max(1, h.numberOfFrames)) {
          throw new DicomException(
              h.file,
              "frame count mismatch: the Basic Offset Table lists "
                  + len / 4
                  + " frames but NumberOfFrames (0028,0008) is "
                  + h.numberOfFrames);
        }
        table = new long[(int) (len / 4)];
        for (int i = 0; i < table.length; i++) {
          table[i] = c.u32();
        }
        firstItem = c.pos;
        continue;
      }
      fragments.add(new Fragment(c.pos, len, at - firstItem));
      c.skip(len);
    }
    if (fragments.isEmpty()) {
      throw new DicomException(h.file, "encapsulated pixel data without any fragment");
    }
    return new EncapsulatedFrames(h, src, table, List.copyOf(fragments));
  }

  /** Returns the fragments, in file order. */
  List<Fragment> fragments() {
    return fragments;
  }

  /** Returns the number of offsets in the Basic Offset Table (0 when it is empty). */
  int offsetTableEntries() {
    return offsetTable.length;
  }

  /**
   * Returns the index of the first fragment of each frame, then the fragment count.
   *
   * @param frames NumberOfFrames
   * @throws DicomException if the table or the fragments disagree with the frame count
   */
  int[] frameStarts(int frames) throws IOException {
    int[] starts = new int[frames + 1];
    starts[frames] = fragments.size();
    if (offsetTable.length > 0) {
      if (offsetTable.length != frames) {
        throw mismatch("the Basic Offset Table lists " + offsetTable.length + " frames");
      }
      int f = 0;
      for (int i = 0; i < frames; i++) {
        while (f < fragments.size() && fragments.get(f).itemOffset() < offsetTable[i]) {
          f++;
        }
        if (f == fragments.size()
            || fragments.get(f).itemOffset() != offsetTable[i]
            || (i > 0 && f <= starts[i - 1])) {
          throw new DicomException(
              h.file,
              "Basic Offset Table entry "
                  + i
                  + " ("
                  + offsetTable[i]
                  + ") does not point at the start of a fragment after the previous frame's");
        }
        starts[i] = f;
      }
      return starts;
    }
    if (frames == 1) {
      return starts;
    }
    if (fragments.size() == frames) {
      for (int i = 0; i < frames; i++) {
        starts[i] = i;
      }
      return starts;
    }
    int k = 0;
    byte[] head = new byte[2];
    for (int f = 0; f < fragments.size(); f++) {
      Fragment fr = fragments.get(f);
      boolean start = false;
      if (fr.length() >= 2) {
        src.read(fr.valueOffset(), head, 0, 2);
        start = (head[0] & 0xFF) == 0xFF && ((head[1] & 0xFF) == 0xD8 || (head[1] & 0xFF) == 0x4F);
      }
      if (f == 0 || start) {
        if (k == frames) {
          throw mismatch("the fragments start " + (k + 1) + " or more images");
        }
        starts[k++] = f;
      }
    }
    if (k != frames) {
      throw mismatch(fragments.size() + " fragments start " + k + " images");
    }
    return starts;
  }

  private DicomException mismatch(String what) {
    return new DicomException(
        h.file,
        "frame count mismatch: " + what + " but NumberOfFrames (0028,0008) is " + h.numberOfFrames);
  }

  /**
   * Reads frame {@code index} (its fragments joined) into one array.
   *
   * @throws DicomException if the frame count disagrees or the frame exceeds the memory budget
   */
  byte[] frame(int index, int frames) throws IOException {
    return frame(index, frameStarts(frames));
  }

  /**
   * Reads frame {@code index} (its fragments joined) with the frame starts from {@link
   * #frameStarts}, so that a file of many frames is walked once.
   *
   * @throws DicomException if the frame exceeds the memory budget
   */
  byte[] frame(int index, int[] starts) throws IOException {
    long total = 0;
    for (int f = starts[index]; f < starts[index + 1]; f++) {
      total += fragments.get(f).length();
    }
    if (total > Integer.MAX_VALUE - 8 || !MemoryBudget.allows(total)) {
      throw new DicomException(
          h.file, MemoryBudget.refusal(total, "a compressed frame of " + total + " bytes"));
    }
    byte[] out = new byte[(int) total];
    int o = 0;
    for (int f = starts[index]; f < starts[index + 1]; f++) {
      Fragment fr = fragments.get(f);
      src.read(fr.valueOffset(), out, o, (int) fr.length());
      o += (int) fr.length();
    }
    return out;
  }
}
