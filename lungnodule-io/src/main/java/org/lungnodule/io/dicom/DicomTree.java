package org.lungnodule.io.dicom;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole DICOM data set held as a tree (sequences and their items), as {@link DicomTreeParser}
 * reads it for the segmentation and structure set readers, and as {@link DicomTreeWriter} writes
 * it. Values are kept as raw little-endian bytes (big-endian sources are swapped on reading for the
 * binary VRs the readers use); the pixel data are not kept, only where they lie.
 */
final class DicomTree {

  /** The elements of the data set, by tag, in the order read or added. */
  final Map<Integer, Element> elements = new LinkedHashMap<>();

  /** One element: a value (bytes) or a sequence (items). */
  static final class Element {
    final int tag;
    final String vr;
    final byte[] value;
    final List<DicomTree> items;

    Element(int tag, String vr, byte[] value, List<DicomTree> items) {
      this.tag = tag;
      this.vr = vr;
      this.value = value;
      this.items = items;
    }

    boolean isSequence() {
      return items != null;
    }
  }

  /** Where the top-level pixel data lie in their source (file or inflated data set). */
  long pixelOffset = -1;

  /** Length of the pixel data value, -1 if encapsulated (undefined length). */
  long pixelLength = -1;

  /** The VR of the pixel data element (OB or OW; "OW" for implicit VR). */
  String pixelVr = "";

  boolean has(int tag) {
    return elements.containsKey(tag);
  }

  /** Returns the trimmed string value of a tag, or "" if absent or a sequence. */
  String string(int tag) {
    Element e = elements.get(tag);
    if (e == null || e.value == null) {
      return "";
    }
    return DicomText.string(e.value, 0, e.value.length);
  }

  /** Returns the first US value of a tag, if present. */
  Optional<Integer> us(int tag) {
    Element e = elements.get(tag);
    if (e == null || e.value == null || e.value.length < 2) {
      return Optional.empty();
    }
    return Optional.of((e.value[0] & 0xFF) | ((e.value[1] & 0xFF) << 8));
  }

  /**
   * Returns the numbers of a DS or IS value (empty if absent).
   *
   * @throws DicomException if the value is not numeric
   */
  double[] numbers(Path file, int tag) throws DicomException {
    String s = string(tag);
    try {
      return DicomText.numbers(s);
    } catch (NumberFormatException e) {
      throw new DicomException(
          file,
          "malformed DICOM: element " + DicomText.tag(tag) + " is not numeric: '" + clip(s) + "'");
    }
  }

  /** Returns the items of a sequence (empty if absent or not a sequence). */
  List<DicomTree> items(int tag) {
    Element e = elements.get(tag);
    return e == null || e.items == null ? List.of() : e.items;
  }

  /** Returns the first item of a sequence, if any. */
  Optional<DicomTree> item(int tag) {
    List<DicomTree> l = items(tag);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  // ---- building (for the writer) ----

  DicomTree text(int tag, String vr, String value) {
    elements.put(tag, new Element(tag, vr, value.getBytes(StandardCharsets.ISO_8859_1), null));
    return this;
  }

  DicomTree us(int tag, int... values) {
    byte[] b = new byte[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      b[2 * i] = (byte) values[i];
      b[2 * i + 1] = (byte) (values[i] >>> 8);
    }
    elements.put(tag, new Element(tag, "US", b, null));
    return this;
  }

  DicomTree ul(int tag, int... values) {
    byte[] b = new byte[values.length * 4];
    for (int i = 0; i < values.length; i++) {
      for (int q = 0; q < 4; q++) {
        b[4 * i + q] = (byte) (values[i] >>> (8 * q));
      }
    }
    elements.put(tag, new Element(tag, "UL", b, null));
    return this;
  }

  /** Adds an attribute tag (AT) value: each tag as group, element (little endian). */
  DicomTree at(int tag, int... tags) {
    byte[] b = new byte[tags.length * 4];
    for (int i = 0; i < tags.length; i++) {
      int t = tags[i];
      b[4 * i] = (byte) (t >>> 16);
      b[4 * i + 1] = (byte) (t >>> 24);
      b[4 * i + 2] = (byte) t;
      b[4 * i + 3] = (byte) (t >>> 8);
    }
    elements.put(tag, new Element(tag, "AT", b, null));
    return this;
  }

  DicomTree bytes(int tag, String vr, byte[] value) {
    elements.put(tag, new Element(tag, vr, value, null));
    return this;
  }

  DicomTree sequence(int tag, List<DicomTree> items) {
    elements.put(tag, new Element(tag, "SQ", null, List.copyOf(items)));
    return this;
  }

  DicomTree sequence(int tag, DicomTree item) {
    return sequence(tag, List.of(item));
  }

  /** A code sequence item: value, scheme, meaning. */
  static DicomTree code(String value, String scheme, String meaning) {
    return new DicomTree()
        .text(0x00080100, "SH", value)
        .text(0x00080102, "SH", scheme)
        .text(0x00080104, "LO", meaning);
  }

  static List<DicomTree> list(DicomTree... items) {
    return new ArrayList<>(List.of(items));
  }

  static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
