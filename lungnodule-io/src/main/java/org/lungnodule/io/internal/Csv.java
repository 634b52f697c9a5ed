package org.lungnodule.io.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Minimal RFC 4180 CSV: fields separated by commas, optionally double-quoted ("" = a quote); and
 * the one way the library reads a CSV file's lines ({@link Lines}), which names the file and line
 * of any byte that is not UTF-8.
 */
public final class Csv {

  /** The longest line accepted, in bytes: no CSV this library reads has lines near this. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  private Csv() {}

  /**
   * Splits one line into fields.
   *
   * @throws IllegalArgumentException if a quoted field is not closed
   */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          f.append(c);
        }
      } else if (c == '"' && f.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        out.add(wasQuoted ? f.toString() : f.toString().strip());
        f.setLength(0);
        wasQuoted = false;
      } else {
        f.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quoted field is not closed");
    }
    out.add(wasQuoted ? f.toString() : f.toString().strip());
    return out;
  }

  /** Quotes a field if it holds a comma, a quote or leading/trailing space. */
  public static String quote(String field) {
    if (field.contains(",") || field.contains("\"") || !field.equals(field.strip())) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }

  /** Makes a reader's typed exception for a problem on a line (1-based). */
  @FunctionalInterface
  public interface LineError {
    /** Returns the exception for {@code message} on line {@code line}. */
    IOException at(int line, String message);
  }

  /**
   * Reads the lines of a UTF-8 text file as {@link java.io.BufferedReader#readLine} does (ends:
   * {@code \n}, {@code \r\n} or {@code \r}), but decodes each line on its own, so that a byte that
   * is not UTF-8 is reported with its line and position instead of a bare {@code "Input length =
   * 1"}. Lines longer than {@link #MAX_LINE_BYTES} are refused.
   */
  public static final class Lines implements Closeable {
    private final InputStream in;
    private final LineError error;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int lineNo;
    private boolean skipLf;

    private Lines(InputStream in, LineError error) {
      this.in = in;
      this.error = error;
    }

    /**
     * Opens a file.
     *
     * @param file the file
     * @param error makes the caller's typed exception for a bad line
     * @throws IOException if the file cannot be opened
     */
    public static Lines open(Path file, LineError error) throws IOException {
      return new Lines(Files.newInputStream(file), error);
    }

    /** Returns the 1-based number of the line last returned (0 before the first). */
    public int lineNumber() {
      return lineNo;
    }

    /**
     * Returns the next line without its end, or {@code null} at the end of the file.
     *
     * @throws IOException from the {@link LineError} if the line is not UTF-8 or is too long, or if
     *     reading fails
     */
    public String next() throws IOException {
      int n = 0;
      boolean any = false;
      while (true) {
        if (pos == limit) {
          limit = in.read(buf, 0, buf.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            if (!any) {
              return null;
            }
            break;
          }
        }
        byte b = buf[pos++];
        if (skipLf) {
          skipLf = false;
          if (b == '\n') {
            continue;
          }
        }
        any = true;
        if (b == '\n') {
          break;
        }
        if (b == '\r') {
          skipLf = true;
          break;
        }
        if (n == MAX_LINE_BYTES) {
          throw error.at(lineNo + 1, "line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (n == line.length) {
          line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, 2 * n));
        }
        line[n++] = b;
      }
      lineNo++;
      return decode(n);
    }

    private String decode(int n) throws IOException {
      ByteBuffer src = ByteBuffer.wrap(line, 0, n);
      CharBuffer dst = CharBuffer.allocate(n);
      decoder.reset();
      CoderResult r = decoder.decode(src, dst, true);
      if (!r.isError()) {
        r = decoder.flush(dst);
      }
      if (r.isError()) {
        int at = src.position();
        StringBuilder hex = new StringBuilder();
        for (int i = at; i < Math.min(n, at + r.length()); i++) {
          hex.append(hex.length() == 0 ? "" : " ")
              .append(String.format(Locale.ROOT, "0x%02X", line[i] & 0xFF));
        }
        throw error.at(
            lineNo,
            "invalid UTF-8 at byte "
                + (at + 1)
                + " of the line ("
                + hex
                + "); the file must be UTF-8 text");
      }
      dst.flip();
      return dst.toString();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
