package org.lungnodule.models;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UTFDataFormatException;
import java.nio.file.Path;
import java.util.Arrays;
import org.lungnodule.core.MemoryBudget;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a vector written by {@code Nd4j.write} (ND4J's binary format, not Java serialization) after
 * checking its header: the two buffer headers (allocation mode, length, data type) and the shape
 * information are read here first, and only a contiguous row vector of floats or doubles whose
 * length is the one expected, whose bytes fit the memory budget, and whose entry holds exactly
 * those bytes is handed to {@link Nd4j#read}, so that ND4J never allocates what the header declares
 * before it was checked.
 */
final class Nd4jArrays {

  /** The allocation mode ND4J 1.0.0-M2.1 writes. */
  private static final String MODE = "MIXED_DATA_TYPES";

  private Nd4jArrays() {}

  /**
   * Reads one vector.
   *
   * @param in the entry's bytes (already bounded); read to its end
   * @param file the model file, for messages
   * @param entry the entry, for messages
   * @param expectedLength the element count the network's configuration needs
   * @param limit the most bytes the values may take (the memory budget or less)
   * @return the array, as {@code Nd4j.read} builds it
   * @throws ModelArchiveException for anything but the expected vector
   */
  static INDArray read(InputStream in, Path file, String entry, long expectedLength, long limit)
      throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    DataInputStream d = new DataInputStream(new Recording(in, header));
    try {
      String shapeMode = d.readUTF();
      long shapeLength = d.readLong();
      String shapeType = d.readUTF();
      if (!MODE.equals(shapeMode) || !"LONG".equals(shapeType)) {
        throw bad(
            file,
            entry,
            "shape header '"
                + clip(shapeMode)
                + "'/'"
                + clip(shapeType)
                + "', expected '"
                + MODE
                + "'/'LONG'");
      }
      if (shapeLength != 6 && shapeLength != 8) {
        throw bad(
            file,
            entry,
            "shape information of "
                + shapeLength
                + " values, expected 6 or 8 (a vector of rank 1 or 2)");
      }
      long[] info = new long[(int) shapeLength];
      for (int i = 0; i < info.length; i++) {
        info[i] = d.readLong();
      }
      String dataMode = d.readUTF();
      long length = d.readLong();
      String dataType = d.readUTF();
      if (!MODE.equals(dataMode)) {
        throw bad(
            file, entry, "data header mode '" + clip(dataMode) + "', expected '" + MODE + "'");
      }
      DataType type;
      int size;
      if ("FLOAT".equals(dataType)) {
        type = DataType.FLOAT;
        size = 4;
      } else if ("DOUBLE".equals(dataType)) {
        type = DataType.DOUBLE;
        size = 8;
      } else {
        throw bad(file, entry, "data type '" + clip(dataType) + "', expected FLOAT or DOUBLE");
      }
      if (length != expectedLength) {
        throw bad(
            file,
            entry,
            "holds " + length + " values, but the network's configuration needs " + expectedLength);
      }
      if (length < 0 || length > limit / size) {
        long bytes = length < 0 || length > Long.MAX_VALUE / size ? -1 : length * size;
        String what = "declares " + length + " values of " + size + " bytes";
        throw new ModelArchiveException(
            file,
            limit >= MemoryBudget.limit()
                ? MemoryBudget.refusal(bytes, "entry '" + entry + "' " + what)
                : BoundedReads.tooLarge(entry, what, bytes, limit),
            null);
      }
      long extras = ArrayOptionsHelper.setOptionBit(0L, type);
      long[] rank1 = {1, length, 1, extras, 1, 'c'};
      long[] rank2 = {2, 1, length, length, 1, extras, 1, 'c'};
      if (!Arrays.equals(info, rank1) && !Arrays.equals(info, rank2)) {
        throw bad(
            file,
            entry,
            "shape information "
                + Arrays.toString(info)
                + ", expected a contiguous vector of "
                + length
                + " "
                + dataType
                + " values");
      }
      InputStream data =
          new SequenceInputStream(
              new ByteArrayInputStream(header.toByteArray()), new Exactly(in, length * size));
      INDArray arr;
      try {
        arr = Nd4j.read(new DataInputStream(new BufferedInputStream(data, 1 << 16)));
      } catch (RuntimeException e) {
        // ND4J wraps the EOFException of a short entry
        for (Throwable c = e; c != null; c = c.getCause()) {
          if (c instanceof EOFException) {
            throw bad(file, entry, "truncated: fewer than " + length + " values");
          }
        }
        throw bad(file, entry, "unreadable values: " + e);
      }
      if (in.read() >= 0) {
        throw bad(file, entry, "trailing bytes after " + length + " values");
      }
      return arr;
    } catch (EOFException e) {
      throw bad(file, entry, "truncated");
    } catch (UTFDataFormatException e) {
      throw bad(file, entry, "unreadable header: " + e.getMessage());
    }
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static ModelArchiveException bad(Path file, String entry, String problem) {
    return new ModelArchiveException(file, "entry '" + entry + "': " + problem, null);
  }

  /** Copies what it reads into a buffer (the header, a few dozen bytes). */
  private static final class Recording extends FilterInputStream {
    private final ByteArrayOutputStream copy;

    Recording(InputStream in, ByteArrayOutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      return n;
    }
  }

  /** Exactly {@code n} bytes of the source; EOFException if it ends earlier. */
  private static final class Exactly extends FilterInputStream {
    private long left;

    Exactly(InputStream in, long n) {
      super(in);
      left = n;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw new EOFException();
      }
      left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException();
      }
      left -= n;
      return n;
    }

    @Override
    public void close() {
      // the entry stream is closed by its owner
    }
  }
}
