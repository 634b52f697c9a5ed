package org.lungnodule.io.dicom;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Random access to the bytes of a file, or of an inflated data set held in memory. */
abstract class ByteSource implements Closeable {

  /** Returns the number of bytes. */
  abstract long size();

  /** Reads exactly {@code len} bytes at {@code pos} into {@code dst}. */
  abstract void read(long pos, byte[] dst, int off, int len) throws IOException;

  @Override
  public void close() throws IOException {}

  static ByteSource open(Path file) throws IOException {
    return new FileSource(FileChannel.open(file, StandardOpenOption.READ));
  }

  static ByteSource of(byte[] data, int length) {
    return new ArraySource(data, length);
  }

  /** A file, read with positional reads on its channel (thread-confined). */
  private static final class FileSource extends ByteSource {
    private final FileChannel ch;
    private final long size;

    FileSource(FileChannel ch) throws IOException {
      this.ch = ch;
      this.size = ch.size();
    }

    @Override
    long size() {
      return size;
    }

    @Override
    void read(long pos, byte[] dst, int off, int len) throws IOException {
      ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
      long p = pos;
      while (bb.hasRemaining()) {
        int n = ch.read(bb, p);
        if (n < 0) {
          throw new EOFException("end of file at offset " + p);
        }
        p += n;
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  /** Bytes in memory. */
  private static final class ArraySource extends ByteSource {
    private final byte[] data;
    private final int length;

    ArraySource(byte[] data, int length) {
      this.data = data;
      this.length = length;
    }

    @Override
    long size() {
      return length;
    }

    @Override
    void read(long pos, byte[] dst, int off, int len) throws IOException {
      if (pos < 0 || pos + len > length) {
        throw new EOFException("end of data at offset " + pos);
      }
      System.arraycopy(data, (int) pos, dst, off, len);
    }
  }
}
