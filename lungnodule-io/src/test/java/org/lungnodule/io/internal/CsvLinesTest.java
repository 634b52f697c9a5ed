package org.lungnodule.io.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLinesTest {

  @TempDir Path dir;

  private List<String> lines(byte[] bytes) throws IOException {
    Path f = Files.write(dir.resolve("f.csv"), bytes);
    List<String> out = new ArrayList<>();
    try (Csv.Lines r = Csv.Lines.open(f, (line, msg) -> new IOException(line + ": " + msg))) {
      String s;
      while ((s = r.next()) != null) {
        out.add(r.lineNumber() + "=" + s);
      }
      assertNull(r.next());
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void next_lineEndsAsBufferedReader() throws IOException {
    assertEquals(List.of("1=a", "2=b", "3=c", "4=", "5=d"), lines(utf8("a\nb\r\nc\r\rd")));
    assertEquals(List.of("1=a", "2="), lines(utf8("a\n\n")));
    assertEquals(List.of(), lines(new byte[0]));
    assertEquals(List.of("1=\uFEFFé,ü", "2=x"), lines(utf8("\uFEFFé,ü\nx\n")));
  }

  @Test
  void next_lineLongerThanBuffer() throws IOException {
    char[] c = new char[200_000];
    Arrays.fill(c, 'x');
    String s = new String(c);
    assertEquals(List.of("1=" + s, "2=é"), lines(utf8(s + "\né")));
  }

  @Test
  void next_invalidUtf8_lineAndByte() {
    byte[] b = {'o', 'k', '\n', 'o', 'k', '\n', 'a', 'b', (byte) 0xFF, 'c', '\n', 'd'};
    IOException e = assertThrows(IOException.class, () -> lines(b));
    assertEquals(
        "3: invalid UTF-8 at byte 3 of the line (0xFF); the file must be UTF-8 text",
        e.getMessage());
  }

  @Test
  void next_truncatedSequence_lineAndByte() {
    byte[] b = {'a', '\n', 'x', (byte) 0xC3, '\n'};
    IOException e = assertThrows(IOException.class, () -> lines(b));
    assertEquals(
        "2: invalid UTF-8 at byte 2 of the line (0xC3); the file must be UTF-8 text",
        e.getMessage());
  }

  @Test
  void next_lineOverLimit_refused() {
    byte[] b = new byte[Csv.MAX_LINE_BYTES + 1];
    Arrays.fill(b, (byte) 'x');
    IOException e = assertThrows(IOException.class, () -> lines(b));
    assertEquals("1: line is longer than " + Csv.MAX_LINE_BYTES + " bytes", e.getMessage());
  }
}
