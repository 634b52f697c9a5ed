package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken files: each ends in a DicomException naming the file, quickly. */
class DicomHostileTest {

  @TempDir Path tmp;

  static final Path ROOT = DicomReferenceTest.root();

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static DicomException refused(Path p) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> assertThrows(DicomException.class, () -> Dicom.readSeries(p)));
  }

  private static void assertNames(DicomException e, Path p, String fragment) {
    assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertEquals(p, e.path());
  }

  @Test
  void lengthPastEndOfFile() throws IOException {
    DicomBytes b = DicomBytes.part10("1.2.840.10008.1.2.1");
    b.header(0x00081030, "UT", 1000);
    b.raw(new byte[20]);
    Path p = file("past-eof.dcm", b.bytes());
    assertNames(refused(p), p, "declares a length of 1000 bytes but only 20 remain");
  }

  @Test
  void fourGigabyteElement() throws IOException {
    DicomBytes b = DicomBytes.part10("1.2.840.10008.1.2.1");
    b.header(0x00091010, "OB", 0xFFFFFFFEL);
    b.raw(new byte[64]);
    Path p = file("4gb.dcm", b.bytes());
    assertNames(refused(p), p, "declares a length of 4294967294 bytes");
  }

  @Test
  void fourGigabytePixelData() throws IOException {
    DicomBytes.Slice s = new DicomBytes.Slice();
    byte[] good = s.build();
    // patch the pixel data length field (last 4 bytes before the 12 pixel bytes)
    byte[] bad = good.clone();
    int at = bad.length - 12 - 4;
    bad[at] = (byte) 0xF0;
    bad[at + 1] = (byte) 0xFF;
    bad[at + 2] = (byte) 0xFF;
    bad[at + 3] = (byte) 0xFF;
    Path p = file("4gb-pixels.dcm", bad);
    assertNames(refused(p), p, "declares a length of 4294967280 bytes");
  }

  @Test
  void hugeImageClaimedInSmallRleFile() throws IOException {
    DicomBytes b = DicomBytes.part10("1.2.840.10008.1.2.5");
    b.str(0x0020000E, "UI", "1.2.3");
    b.us(0x00280010, 20000);
    b.us(0x00280011, 20000);
    b.us(0x00280100, 16);
    b.us(0x00280101, 16);
    b.us(0x00280103, 1);
    b.header(0x7FE00010, "OB", 0xFFFFFFFFL);
    b.item(0xFFFEE000, 0);
    b.item(0xFFFEE000, 64);
    b.raw(new byte[64]);
    b.item(0xFFFEE0DD, 0);
    Path p = file("huge-rle.dcm", b.bytes());
    assertNames(refused(p), p, "cannot be held in a file of");
  }

  @Test
  void deeplyNestedSequences() throws IOException {
    DicomBytes b = DicomBytes.part10("1.2.840.10008.1.2.1");
    for (int i = 0; i < 100_000; i++) {
      b.header(0x00081140, "SQ", 0xFFFFFFFFL);
      b.item(0xFFFEE000, 0xFFFFFFFFL);
    }
    Path p = file("nested.dcm", b.bytes());
    assertNames(refused(p), p, "sequences nested deeper than 32 levels");
  }

  @Test
  void nestingWithinLimit_isFine() throws IOException {
    DicomBytes.Slice s = new DicomBytes.Slice();
    byte[] image = s.build();
    DicomBytes b = new DicomBytes();
    // splice 10 nested undefined-length sequences after the meta group (before 0008,0060)
    int metaEnd = 132 + 12 + metaLength(image);
    b.raw(Arrays.copyOf(image, metaEnd));
    for (int i = 0; i < 10; i++) {
      b.header(0x00080006, "SQ", 0xFFFFFFFFL);
      b.item(0xFFFEE000, 0xFFFFFFFFL);
    }
    for (int i = 0; i < 10; i++) {
      b.item(0xFFFEE00D, 0);
      b.item(0xFFFEE0DD, 0);
    }
    b.raw(Arrays.copyOfRange(image, metaEnd, image.length));
    assertEquals(6, Dicom.readSeries(file("nested-ok.dcm", b.bytes())).dims().voxelCount());
  }

  private static int metaLength(byte[] f) {
    return (f[140] & 0xFF) | (f[141] & 0xFF) << 8;
  }

  @Test
  void notDicom_singleFile() throws IOException {
    Path p = file("notes.txt", "Hello, this is not a DICOM file at all.\n".repeat(10).getBytes());
    DicomException e = refused(p);
    assertTrue(e instanceof NotDicomException, e.getClass().getName());
    assertNames(e, p, "not a DICOM file");
    Path tiny = file("tiny", new byte[] {1, 2, 3});
    assertTrue(refused(tiny) instanceof NotDicomException);
    Path empty = file("empty", new byte[0]);
    assertTrue(refused(empty) instanceof NotDicomException);
  }

  @Test
  void notDicom_folder() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("junk"));
    Files.writeString(d.resolve("a.txt"), "text");
    Files.write(d.resolve("b.bin"), new byte[1000]);
    DicomException e = refused(d);
    assertTrue(
        e.getMessage()
            .contains(
                "no CT image files in the folder (2 files looked at; skipped 2 non-DICOM file(s))"),
        e.getMessage());
  }

  /** Cuts a file at many lengths: every cut is a DicomException naming the file, never worse. */
  private void truncations(Path source, int step) throws IOException {
    byte[] whole = Files.readAllBytes(source);
    int ok = 0;
    for (int n = 0; n < whole.length; n += step) {
      Path p = file("cut-" + n + "-" + source.getFileName(), Arrays.copyOf(whole, n));
      try {
        Dicom.readSeries(p);
        ok++;
      } catch (DicomException e) {
        assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
      } catch (Exception e) {
        fail("cut at " + n + " of " + source + ": " + e, e);
      }
      Files.delete(p);
    }
    assertEquals(0, ok, "a truncated file was read as if whole");
  }

  @Test
  void truncated_everySyntax() throws IOException {
    truncations(ROOT.resolve("ct-small/CT_small.dcm"), 397);
    truncations(ROOT.resolve("variants/implicit/ct-small/CT_small.dcm"), 1013);
    truncations(ROOT.resolve("variants/bigendian/ct-small/CT_small.dcm"), 1013);
    truncations(ROOT.resolve("variants/deflated/ct-small/CT_small.dcm"), 211);
    truncations(ROOT.resolve("variants/rle/ct-small/CT_small.dcm"), 509);
    truncations(ROOT.resolve("rle-ct/ct1-rle.dcm"), 25013);
  }

  @Test
  void truncatedSliceInFolder_failsTheSeries() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("series"));
    for (String f : new String[] {"2062", "2392", "2693", "3023"}) {
      Files.copy(ROOT.resolve("ct5n-series/" + f), d.resolve(f));
    }
    byte[] last = Files.readAllBytes(ROOT.resolve("ct5n-series/3353"));
    Files.write(d.resolve("3353"), Arrays.copyOf(last, last.length - 100));
    DicomException e = refused(d);
    assertTrue(e.getMessage().contains("3353"), e.getMessage());
  }

  /** Seeded random byte corruption: only DicomExceptions or successful reads, never a crash. */
  @Test
  @Timeout(60)
  void corruptedBytes_seeded() throws IOException {
    SplittableRandom r = new SplittableRandom(20240601);
    String[] sources = {
      "ct-small/CT_small.dcm",
      "variants/rle/ct-small/CT_small.dcm",
      "variants/bigendian/ct-small/CT_small.dcm",
      "variants/implicit/ct5n-series/2062",
      "variants/deflated/ct5n-series/2062"
    };
    for (String src : sources) {
      byte[] whole = Files.readAllBytes(ROOT.resolve(src));
      int header = Math.min(whole.length, 1500);
      for (int trial = 0; trial < 60; trial++) {
        byte[] b = whole.clone();
        int flips = 1 + r.nextInt(8);
        for (int f = 0; f < flips; f++) {
          // mostly the header, where lengths and VRs live
          int at = r.nextInt(4) == 0 ? r.nextInt(b.length) : r.nextInt(header);
          b[at] = (byte) r.nextInt(256);
        }
        Path p = file("fuzz.dcm", b);
        try {
          Dicom.readSeries(p);
        } catch (DicomException e) {
          assertEquals(p, e.path());
        } catch (Exception e) {
          fail(src + " trial " + trial + ": " + e, e);
        }
      }
    }
  }

  @Test
  void deflateBomb_refused() throws IOException {
    byte[] meta = DicomBytes.part10("1.2.840.10008.1.2.1.99").bytes();
    Deflater d = new Deflater(9, true);
    byte[] zeros = new byte[1 << 20];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(meta);
    byte[] buf = new byte[1 << 16];
    // an element header claiming a long OB value, then 200 MB of zeros
    byte[] head = new DicomBytes().header(0x00091010, "OB", 200L << 20).bytes();
    d.setInput(head);
    for (int i = 0; i < 200; i++) {
      d.setInput(zeros);
      while (!d.needsInput()) {
        out.write(buf, 0, d.deflate(buf));
      }
    }
    d.finish();
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    Path p = file("bomb.dcm", out.toByteArray());
    assertTrue(Files.size(p) < 1_000_000);
    assertNames(refused(p), p, "inflates to more than 134217728 bytes");
  }

  @Test
  void hugeRescaleSlope_refusedNotCrashed() throws IOException {
    DicomBytes.Slice s = new DicomBytes.Slice().pixels16(30000, 1, 2, 3, 4, 5);
    s.slope = "1e308";
    Path d = Files.createDirectories(tmp.resolve("slope"));
    Files.write(d.resolve("s.dcm"), s.build());
    assertTrue(refused(d).getMessage().contains("not finite"));
  }

  @Test
  void hugeImageClaimedWithFewPixelBytes() throws IOException {
    DicomBytes.Slice s = new DicomBytes.Slice();
    s.rows = 65535;
    s.cols = 65535;
    Path d = Files.createDirectories(tmp.resolve("huge"));
    Path p = d.resolve("s.dcm");
    Files.write(p, s.build());
    assertNames(refused(p), p, "too large");
    s.rows = 4000;
    s.cols = 4000;
    Files.write(p, s.build());
    assertNames(
        refused(p),
        p,
        "pixel data hold 12 bytes, a 4000x4000 image of 16-bit pixels needs 32000000");
  }
}
