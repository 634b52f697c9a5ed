package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.lungnodule.core.MemoryBudget;

/**
 * Reads the header of one DICOM file (PS3.10 file format, PS3.5 data set encoding) up to the pixel
 * data element, keeping only the tags {@link SliceHeader} holds (and, for an enhanced multi-frame
 * file, the {@link FunctionalGroups}). Every length is checked against the bytes left in the file
 * before it is used, nesting of undefined-length sequences is capped at {@link #MAX_DEPTH}, and
 * every step consumes at least 8 bytes, so hostile files end in a {@link DicomException} rather
 * than a large allocation or a hang.
 */
final class DicomParser {

  /** Deepest nesting of undefined-length sequences accepted. */
  static final int MAX_DEPTH = 32;

  /** Longest value of a header tag the parser reads (longer ones are refused). */
  static final int MAX_VALUE_LENGTH = 1 << 16;

  /** Largest inflated data set accepted from a deflated file. */
  static final long MAX_INFLATED = 1L << 27;

  static final long UNDEFINED = 0xFFFFFFFFL;

  static final int ITEM = 0xFFFEE000;
  static final int ITEM_DELIMITATION = 0xFFFEE00D;
  static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
  static final int PIXEL_DATA = 0x7FE00010;

  static final int TRANSFER_SYNTAX = 0x00020010;
  static final int SOP_CLASS_UID = 0x00080016;
  static final int MODALITY = 0x00080060;
  static final int SOP_INSTANCE_UID = 0x00080018;
  static final int SERIES_DESCRIPTION = 0x0008103E;
  static final int PATIENT_ID = 0x00100020;
  static final int SLICE_THICKNESS = 0x00180050;
  static final int STUDY_INSTANCE_UID = 0x0020000D;
  static final int SERIES_INSTANCE_UID = 0x0020000E;
  static final int INSTANCE_NUMBER = 0x00200013;
  static final int IMAGE_POSITION = 0x00200032;
  static final int IMAGE_ORIENTATION = 0x00200037;
  static final int FRAME_OF_REFERENCE_UID = 0x00200052;
  static final int SAMPLES_PER_PIXEL = 0x00280002;
  static final int PHOTOMETRIC = 0x00280004;
  static final int NUMBER_OF_FRAMES = 0x00280008;
  static final int ROWS = 0x00280010;
  static final int COLUMNS = 0x00280011;
  static final int PIXEL_SPACING = 0x00280030;
  static final int BITS_ALLOCATED = 0x00280100;
  static final int BITS_STORED = 0x00280101;
  static final int HIGH_BIT = 0x00280102;
  static final int PIXEL_REPRESENTATION = 0x00280103;
  static final int RESCALE_INTERCEPT = 0x00281052;
  static final int RESCALE_SLOPE = 0x00281053;
  static final int LOSSY_IMAGE_COMPRESSION = 0x00282110;

  private DicomParser() {}

  /**
   * Reads the header of a file.
   *
   * @throws NotDicomException if the file does not look like DICOM
   * @throws UnsupportedTransferSyntaxException if the data set encoding is unknown
   * @throws DicomException if the file is malformed or truncated
   * @throws IOException if it cannot be read
   */
  static SliceHeader readHeader(Path file) throws IOException {
    try (ByteSource src = ByteSource.open(file)) {
      return readHeader(file, src);
    }
  }

  static SliceHeader readHeader(Path file, ByteSource src) throws IOException {
    SliceHeader h = new SliceHeader(file, src.size());
    Cursor c = new Cursor(file, src);
    long start = findStart(file, c);
    c.pos = start;
    boolean hasMeta = c.size - start >= 8 && peekGroupLittle(c) == 0x0002;
    String ts = null;
    if (hasMeta) {
      ts = readMetaGroup(h, c);
    }
    if (ts == null || ts.isEmpty()) {
      // No meta information: guess the encoding from the first element (explicit VR if it has a
      // valid VR code where explicit VR puts it).
      ts =
          looksExplicit(c)
              ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()
              : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    }
    h.transferSyntaxUid = ts;
    if (ts.equals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())) {
      h.explicitVr = false;
    } else if (ts.equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())
        || TransferSyntax.isEncapsulatedExplicitLittle(ts)) {
      h.explicitVr = true;
    } else if (ts.equals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid())) {
      h.explicitVr = true;
      h.bigEndian = true;
    } else if (ts.equals(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid())) {
      h.explicitVr = true;
      h.deflated = true;
      h.deflateStart = c.pos;
    } else {
      throw new UnsupportedTransferSyntaxException(file, ts);
    }
    if (h.deflated) {
      Inflated inf = inflate(file, src, h.deflateStart);
      Cursor d = new Cursor(file, ByteSource.of(inf.data, inf.length));
      d.explicit = true;
      h.sourceSize = inf.length;
      parseDataset(h, d, 0, Long.MAX_VALUE, true);
    } else {
      c.explicit = h.explicitVr;
      c.big = h.bigEndian;
      h.sourceSize = c.size;
      parseDataset(h, c, 0, Long.MAX_VALUE, true);
    }
    return h;
  }

  /** Returns the offset of the first element: 132 after a preamble and "DICM", else 0. */
  private static long findStart(Path file, Cursor c) throws IOException {
    if (c.size >= 132) {
      c.pos = 128;
      c.need(4);
      if (c.u8(0) == 'D' && c.u8(1) == 'I' && c.u8(2) == 'C' && c.u8(3) == 'M') {
        return 132;
      }
    }
    if (c.size >= 8) {
      c.pos = 0;
      int group = peekGroupLittle(c);
      if (group == 0x0002 || group == 0x0008) {
        return 0;
      }
    }
    throw new NotDicomException(
        file, "not a DICOM file: no 'DICM' marker at offset 128 and no DICOM element at the start");
  }

  private static int peekGroupLittle(Cursor c) throws IOException {
    c.need(2);
    return c.u8(0) | (c.u8(1) << 8);
  }

  private static boolean looksExplicit(Cursor c) throws IOException {
    if (c.size - c.pos < 8) {
      return false;
    }
    c.need(6);
    return isUpper(c.u8(4)) && isUpper(c.u8(5));
  }

  private static boolean isUpper(int b) {
    return b >= 'A' && b <= 'Z';
  }

  /** Parses the group 0002 elements (always explicit VR little endian); returns the syntax. */
  private static String readMetaGroup(SliceHeader h, Cursor c) throws IOException {
    c.explicit = true;
    c.big = false;
    String ts = null;
    while (c.pos + 8 <= c.size && peekGroupLittle(c) == 0x0002) {
      long elementStart = c.pos;
      int tag = c.tag();
      String vr = c.vr(tag, elementStart);
      long len = c.length(vr);
      if (len == UNDEFINED) {
        throw new DicomException(
            h.file,
            "undefined length in the file meta information at element "
                + DicomText.tag(tag)
                + ", offset "
                + elementStart);
      }
      c.checkLength(tag, elementStart, len);
      if (tag == TRANSFER_SYNTAX && len > 256) {
        throw c.malformed("TransferSyntaxUID (0002,0010) of " + len + " bytes");
      }
      if (tag == TRANSFER_SYNTAX) {
        ts = c.string(tag, len);
      } else {
        c.skip(len);
      }
    }
    return ts;
  }

  /**
   * Parses a data set from the cursor until {@code end}, an item delimitation (nested, undefined
   * length) or the pixel data (top level).
   */
  private static void parseDataset(SliceHeader h, Cursor c, int depth, long end, boolean top)
      throws IOException {
    while (c.pos < end) {
      if (c.pos >= c.size) {
        if (top) {
          return;
        }
        throw c.truncated("the file ends inside a sequence item");
      }
      long elementStart = c.pos;
      int tag = c.tag();
      if (tag == ITEM_DELIMITATION) {
        c.u32();
        if (top) {
          throw c.malformed("item delimitation outside a sequence at offset " + elementStart);
        }
        return;
      }
      if ((tag >>> 16) == 0xFFFE) {
        throw c.malformed(
            "unexpected " + DicomText.tag(tag) + " in a data set at offset " + elementStart);
      }
      String vr = c.explicit ? c.vr(tag, elementStart) : implicitVr(tag);
      long len = c.length(vr);
      if (top && tag == PIXEL_DATA) {
        h.pixelOffset = c.pos;
        if (len == UNDEFINED) {
          h.pixelLength = -1;
        } else {
          c.checkLength(tag, elementStart, len);
          h.pixelLength = len;
        }
        return;
      }
      if (top && (tag == FunctionalGroups.SHARED || tag == FunctionalGroups.PER_FRAME)) {
        FunctionalGroups.read(h, c, tag, len, depth + 1);
        continue;
      }
      if (len == UNDEFINED) {
        parseSequence(h, c, depth + 1);
        continue;
      }
      c.checkLength(tag, elementStart, len);
      if (top && wanted(tag)) {
        if (len > MAX_VALUE_LENGTH) {
          throw c.malformed(
              "element "
                  + DicomText.tag(tag)
                  + " at offset "
                  + elementStart
                  + " is "
                  + len
                  + " bytes long, more than the "
                  + MAX_VALUE_LENGTH
                  + " accepted");
        }
        store(h, c, tag, (int) len);
      } else {
        c.skip(len);
      }
    }
  }

  /** Parses the items of an undefined-length sequence up to its delimitation. */
  private static void parseSequence(SliceHeader h, Cursor c, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw c.malformed("sequences nested deeper than " + MAX_DEPTH + " levels at offset " + c.pos);
    }
    while (true) {
      if (c.pos >= c.size) {
        throw c.truncated("the file ends inside a sequence");
      }
      long itemStart = c.pos;
      int tag = c.tag();
      long len = c.u32();
      if (tag == SEQUENCE_DELIMITATION) {
        return;
      }
      if (tag != ITEM) {
        throw c.malformed(
            "expected an item tag in a sequence at offset "
                + itemStart
                + ", got "
                + DicomText.tag(tag));
      }
      if (len == UNDEFINED) {
        parseDataset(h, c, depth, Long.MAX_VALUE, false);
      } else {
        c.checkLength(tag, itemStart, len);
        c.skip(len);
      }
    }
  }

  private static boolean wanted(int tag) {
    return switch (tag) {
      case SOP_CLASS_UID,
          MODALITY,
          SOP_INSTANCE_UID,
          SERIES_DESCRIPTION,
          PATIENT_ID,
          SLICE_THICKNESS,
          STUDY_INSTANCE_UID,
          SERIES_INSTANCE_UID,
          INSTANCE_NUMBER,
          IMAGE_POSITION,
          IMAGE_ORIENTATION,
          FRAME_OF_REFERENCE_UID,
          SAMPLES_PER_PIXEL,
          PHOTOMETRIC,
          NUMBER_OF_FRAMES,
          ROWS,
          COLUMNS,
          PIXEL_SPACING,
          BITS_ALLOCATED,
          BITS_STORED,
          HIGH_BIT,
          PIXEL_REPRESENTATION,
          RESCALE_INTERCEPT,
          RESCALE_SLOPE,
          LOSSY_IMAGE_COMPRESSION ->
          true;
      default -> false;
    };
  }

  /** The VR of an element in Implicit VR: only the tags kept matter; the rest are skipped. */
  private static String implicitVr(int tag) {
    return switch (tag) {
      case SAMPLES_PER_PIXEL,
          ROWS,
          COLUMNS,
          BITS_ALLOCATED,
          BITS_STORED,
          HIGH_BIT,
          PIXEL_REPRESENTATION ->
          "US";
      default -> "UN";
    };
  }

  private static void store(SliceHeader h, Cursor c, int tag, int len) throws IOException {
    switch (tag) {
      case SAMPLES_PER_PIXEL -> h.samplesPerPixel = c.us(tag, len);
      case ROWS -> h.rows = c.us(tag, len);
      case COLUMNS -> h.columns = c.us(tag, len);
      case BITS_ALLOCATED -> h.bitsAllocated = c.us(tag, len);
      case BITS_STORED -> h.bitsStored = c.us(tag, len);
      case HIGH_BIT -> h.highBit = c.us(tag, len);
      case PIXEL_REPRESENTATION -> h.pixelRepresentation = c.us(tag, len);
      case MODALITY -> h.modality = c.string(tag, len);
      case SOP_CLASS_UID -> h.sopClassUid = c.string(tag, len);
      case SOP_INSTANCE_UID -> h.sopInstanceUid = c.string(tag, len);
      case SERIES_DESCRIPTION -> h.seriesDescription = c.string(tag, len);
      case PATIENT_ID -> h.patientId = c.string(tag, len);
      case STUDY_INSTANCE_UID -> h.studyInstanceUid = c.string(tag, len);
      case SERIES_INSTANCE_UID -> h.seriesInstanceUid = c.string(tag, len);
      case FRAME_OF_REFERENCE_UID -> h.frameOfReferenceUid = c.string(tag, len);
      case PHOTOMETRIC -> h.photometric = c.string(tag, len);
      case LOSSY_IMAGE_COMPRESSION -> h.lossyImageCompression = c.string(tag, len);
      case INSTANCE_NUMBER -> {
        double[] v = c.numbers(tag, len, 0);
        if (v.length > 0) {
          h.instanceNumber = (int) v[0];
        }
      }
      case NUMBER_OF_FRAMES -> {
        double[] v = c.numbers(tag, len, 0);
        if (v.length > 0) {
          h.numberOfFrames = (int) v[0];
        }
      }
      case SLICE_THICKNESS -> {
        double[] v = c.numbers(tag, len, 0);
        if (v.length > 0) {
          h.sliceThickness = v[0];
        }
      }
      case RESCALE_SLOPE -> {
        double[] v = c.numbers(tag, len, 0);
        if (v.length > 0) {
          h.rescaleSlope = v[0];
        }
      }
      case RESCALE_INTERCEPT -> {
        double[] v = c.numbers(tag, len, 0);
        if (v.length > 0) {
          h.rescaleIntercept = v[0];
        }
      }
      case PIXEL_SPACING -> h.pixelSpacing = nullIfEmpty(c.numbers(tag, len, 2));
      case IMAGE_POSITION -> h.imagePosition = nullIfEmpty(c.numbers(tag, len, 3));
      case IMAGE_ORIENTATION -> h.imageOrientation = nullIfEmpty(c.numbers(tag, len, 6));
      default -> c.skip(len);
    }
  }

  private static double[] nullIfEmpty(double[] v) {
    return v.length == 0 ? null : v;
  }

  /** An inflated data set. */
  record Inflated(byte[] data, int length) {}

  /**
   * Inflates the raw deflate stream from {@code start} to the end of the file, reading the
   * compressed bytes in chunks (never the whole stream at once) and stopping at {@link
   * #MAX_INFLATED} bytes or the {@link MemoryBudget}, whichever is smaller.
   */
  static Inflated inflate(Path file, ByteSource src, long start) throws IOException {
    long compressed = src.size() - start;
    long cap = Math.min(MAX_INFLATED, MemoryBudget.limit());
    Inflater inf = new Inflater(true);
    try {
      byte[] chunk = new byte[(int) Math.min(1 << 16, Math.max(1, compressed))];
      long inPos = start;
      byte[] out = new byte[(int) Math.min(cap, Math.max(4096, Math.min(compressed, 1 << 24) * 4))];
      int n = 0;
      while (!inf.finished()) {
        if (inf.needsInput()) {
          if (inPos >= src.size()) {
            // A stream without its final block: keep what was inflated; the parser reports a
            // truncation if the data set is incomplete.
            break;
          }
          int len = (int) Math.min(chunk.length, src.size() - inPos);
          src.read(inPos, chunk, 0, len);
          inPos += len;
          inf.setInput(chunk, 0, len);
        }
        if (n == out.length) {
          if (out.length >= cap) {
            if (cap < MAX_INFLATED) {
              throw new DicomException(
                  file,
                  "the deflated data set inflates to more than the memory budget of "
                      + MemoryBudget.format(cap)
                      + " (set "
                      + MemoryBudget.PROPERTY
                      + " to change it)");
            }
            throw new DicomException(
                file, "deflated data set inflates to more than " + MAX_INFLATED + " bytes");
          }
          byte[] bigger = new byte[(int) Math.min(cap, (long) out.length * 2)];
          System.arraycopy(out, 0, bigger, 0, n);
          out = bigger;
        }
        int got = inf.inflate(out, n, out.length - n);
        n += got;
        if (got == 0 && inf.needsDictionary()) {
          break;
        }
      }
      return new Inflated(out, n);
    } catch (DataFormatException e) {
      throw new DicomException(file, "corrupt deflated data set: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
  }

  /** A read position in a source, with a window of buffered bytes. */
  static final class Cursor {
    final Path file;
    final ByteSource src;
    final long size;
    boolean explicit = true;
    boolean big;
    long pos;
    private byte[] win = new byte[8192];
    private long winStart;
    private int winLen;

    Cursor(Path file, ByteSource src) {
      this.file = file;
      this.src = src;
      this.size = src.size();
    }

    /** Makes bytes [pos, pos + n) available in the window. */
    void need(int n) throws IOException {
      if (pos + n > size) {
        throw truncated("needs " + n + " bytes at offset " + pos);
      }
      if (pos >= winStart && pos + n <= winStart + winLen) {
        return;
      }
      if (n > win.length) {
        win = new byte[Math.max(n, win.length * 2)];
      }
      winStart = pos;
      winLen = (int) Math.min(win.length, size - pos);
      src.read(winStart, win, 0, winLen);
    }

    int u8(int i) {
      return win[(int) (pos - winStart) + i] & 0xFF;
    }

    int u16() throws IOException {
      need(2);
      int a = u8(0);
      int b = u8(1);
      pos += 2;
      return big ? (a << 8) | b : a | (b << 8);
    }

    long u32() throws IOException {
      need(4);
      long a = u8(0);
      long b = u8(1);
      long cc = u8(2);
      long d = u8(3);
      pos += 4;
      return big ? (a << 24) | (b << 16) | (cc << 8) | d : a | (b << 8) | (cc << 16) | (d << 24);
    }

    int tag() throws IOException {
      int g = u16();
      int e = u16();
      return (g << 16) | e;
    }

    String vr(int tag, long elementStart) throws IOException {
      need(2);
      int a = u8(0);
      int b = u8(1);
      if (!isUpper(a) || !isUpper(b)) {
        throw malformed(
            "invalid value representation bytes 0x"
                + Integer.toHexString(a)
                + " 0x"
                + Integer.toHexString(b)
                + " for element "
                + DicomText.tag(tag)
                + " at offset "
                + elementStart);
      }
      pos += 2;
      return new String(new byte[] {(byte) a, (byte) b}, StandardCharsets.US_ASCII);
    }

    /** Reads the length field that follows the VR (explicit) or tag (implicit). */
    long length(String vr) throws IOException {
      if (!explicit) {
        return u32();
      }
      switch (vr) {
        case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> {
          u16();
          return u32();
        }
        default -> {
          return u16();
        }
      }
    }

    void checkLength(int tag, long elementStart, long len) throws DicomException {
      if (len > size - pos) {
        throw truncated(
            "element "
                + DicomText.tag(tag)
                + " at offset "
                + elementStart
                + " declares a length of "
                + len
                + " bytes but only "
                + (size - pos)
                + " remain");
      }
    }

    void skip(long n) throws DicomException {
      if (n > size - pos) {
        throw truncated("cannot skip " + n + " bytes at offset " + pos);
      }
      pos += n;
    }

    String string(int tag, long len) throws IOException {
      need((int) len);
      String s = DicomText.string(win, (int) (pos - winStart), (int) len);
      pos += len;
      return s;
    }

    int us(int tag, int len) throws IOException {
      if (len < 2) {
        skip(len);
        throw malformed("element " + DicomText.tag(tag) + " (US) has length " + len);
      }
      long after = pos + len;
      int v = u16();
      pos = after;
      return v;
    }

    double[] numbers(int tag, int len, int expected) throws IOException {
      String s = string(tag, len);
      try {
        double[] v = DicomText.numbers(s);
        if (expected > 0 && v.length != 0 && v.length != expected) {
          throw malformed(
              "element "
                  + DicomText.tag(tag)
                  + " must have "
                  + expected
                  + " values, got "
                  + v.length
                  + " ('"
                  + s
                  + "')");
        }
        return v;
      } catch (NumberFormatException e) {
        throw malformed("element " + DicomText.tag(tag) + " is not numeric: '" + s + "'");
      }
    }

    DicomException truncated(String detail) {
      return new DicomException(file, "truncated or corrupt file (size " + size + "): " + detail);
    }

    DicomException malformed(String detail) {
      return new DicomException(file, "malformed DICOM: " + detail);
    }
  }
}
