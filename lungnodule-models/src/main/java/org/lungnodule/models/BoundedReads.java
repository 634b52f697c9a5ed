package org.lungnodule.models;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.lungnodule.core.MemoryBudget;

/**
 * Bounded reading of entries of untrusted model files: an entry's declared size is checked against
 * its limit before anything is allocated for it, and the bytes that actually arrive are counted
 * while reading (declared sizes lie), so that neither a large declared size nor an entry that
 * inflates far beyond it can exhaust memory. Every failure is a {@link ModelArchiveException}
 * naming the file and the entry.
 *
 * <p>Also refuses Java serialization: no entry of a model file may start with the stream magic
 * {@code 0xACED}; nothing in this library ever deserializes Java objects from a model file.
 */
final class BoundedReads {

  /** The most a text entry (properties, configuration JSON) may hold: 16 MiB. */
  static final long TEXT_LIMIT = 16L << 20;

  /**
   * The most an entry may inflate to per compressed byte. Trained weights hardly compress (about
   * 1.1:1); deflate reaches about 1000:1 on zeros, which is what a zip bomb is made of.
   */
  static final int MAX_RATIO = 100;

  /** What any entry may inflate to, whatever its compressed size: 16 MiB. */
  static final long RATIO_FLOOR = 16L << 20;

  /** The first two bytes of a Java serialization stream. */
  private static final int MAGIC_0 = 0xAC;

  private static final int MAGIC_1 = 0xED;

  private BoundedReads() {}

  /**
   * Returns the most an entry of {@code compressedSize} bytes (in a file of {@code fileSize} bytes)
   * may inflate to, and so the most that reading it may allocate: {@value #MAX_RATIO} times its
   * compressed size (at least {@link #RATIO_FLOOR}), and never more than the memory budget. So a
   * small file cannot make the reader allocate much, whatever it declares.
   */
  static long plausible(long compressedSize, long fileSize) {
    long c = compressedSize < 0 ? fileSize : Math.min(compressedSize, fileSize);
    long byRatio = c > Long.MAX_VALUE / MAX_RATIO ? Long.MAX_VALUE : c * MAX_RATIO;
    return Math.min(MemoryBudget.limit(), Math.max(RATIO_FLOOR, byRatio));
  }

  /** Returns the limit of an entry: {@code ownLimit}, or the memory budget where that is lower. */
  static long limit(long ownLimit) {
    return Math.min(ownLimit, MemoryBudget.limit());
  }

  /**
   * Refuses an entry whose declared size exceeds {@code limit} (a negative size means unknown and
   * passes; the count while reading still applies).
   */
  static void checkDeclared(Path file, String entry, long declared, long limit)
      throws ModelArchiveException {
    if (declared > limit) {
      throw new ModelArchiveException(
          file, tooLarge(entry, "declares " + declared + " bytes", declared, limit), null);
    }
  }

  /**
   * Wraps {@code in} so that reading more than {@code limit} bytes fails with a {@link
   * ModelArchiveException} naming the file and the entry, and so that an entry starting with the
   * Java serialization magic fails before its third byte is read. Closing the wrapper leaves {@code
   * in} open.
   */
  static InputStream bounded(InputStream in, Path file, String entry, long limit) {
    return new Counting(in, file, entry, limit);
  }

  /** Reads a whole entry, bounded as {@link #bounded} does. */
  static byte[] readAll(InputStream in, Path file, String entry, long limit) throws IOException {
    try (InputStream b = bounded(in, file, entry, limit)) {
      return b.readAllBytes();
    }
  }

  /** Refuses bytes that start with the Java serialization magic. */
  static void refuseSerialized(Path file, String entry, byte[] bytes) throws ModelArchiveException {
    if (bytes.length >= 2 && (bytes[0] & 0xFF) == MAGIC_0 && (bytes[1] & 0xFF) == MAGIC_1) {
      throw serialized(file, entry);
    }
  }

  static ModelArchiveException serialized(Path file, String entry) {
    return new ModelArchiveException(
        file,
        "entry '"
            + entry
            + "' holds a serialized java object (stream magic 0xaced); a model file"
            + " is data, and lungnodule never deserializes java objects from it",
        null);
  }

  /** The message for an entry over its limit. */
  static String tooLarge(String entry, String what, long bytes, long limit) {
    if (limit >= MemoryBudget.limit()) {
      return MemoryBudget.refusal(bytes, "entry '" + entry + "' " + what);
    }
    return "entry '"
        + entry
        + "' "
        + what
        + ", more than the "
        + MemoryBudget.format(limit)
        + " it may hold (text entries hold at most "
        + MemoryBudget.format(TEXT_LIMIT)
        + ", others at most "
        + MAX_RATIO
        + " times their compressed size or "
        + MemoryBudget.format(RATIO_FLOOR)
        + ")";
  }

  /** Counts bytes, refuses past the limit and refuses the serialization magic at the start. */
  private static final class Counting extends FilterInputStream {
    private final Path file;
    private final String entry;
    private final long limit;
    private long count;
    private int first = -1;

    Counting(InputStream in, Path file, String entry, long limit) {
      super(in);
      this.file = file;
      this.entry = entry;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // never ask for more than one byte past the limit, so an oversized entry is noticed without
      // inflating much more of it
      long room = limit - count + 1;
      int n = in.read(b, off, (int) Math.min(len, Math.max(1, room)));
      if (n <= 0) {
        return n;
      }
      for (int i = 0; i < n && count + i < 2; i++) {
        int v = b[off + i] & 0xFF;
        if (count + i == 0) {
          first = v;
        } else if (first == MAGIC_0 && v == MAGIC_1) {
          throw serialized(file, entry);
        }
      }
      count += n;
      if (count > limit) {
        throw new ModelArchiveException(
            file, tooLarge(entry, "inflates to more than " + limit + " bytes", count, limit), null);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
      long done = 0;
      while (done < n) {
        int r = read(buf, 0, (int) Math.min(buf.length, n - done));
        if (r < 0) {
          break;
        }
        done += r;
      }
      return done;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {
      // the source belongs to the caller (an entry of a zip that goes on being read)
    }
  }
}
