package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.MemoryBudget;

/**
 * Corrupt compressed pixel data, fragments that disagree with the frame count, and frames larger
 * than the memory budget end in a {@link DicomException} naming the file and the problem; Lossy
 * Image Compression reaches the series.
 */
class CompressedBadInputTest {

  static final String JPEG_LL = "1.2.840.10008.1.2.4.70";
  static final String JPEG_LS = "1.2.840.10008.1.2.4.80";
  static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

  @TempDir Path dir;

  /** The (single) frame of a compressed fixture. */
  static byte[] frameOf(String name) throws IOException {
    Path f = CompressedReferenceTest.root().resolve("files").resolve(name);
    SliceHeader h = DicomParser.readHeader(f);
    try (ByteSource src = ByteSource.open(f)) {
      return EncapsulatedFrames.read(h, src).frame(0, 1);
    }
  }

  /** A 128×128 signed 16-bit CT slice around the given fragments. */
  static DicomBytes.Slice slice(String ts, byte[]... fragments) {
    DicomBytes.Slice s = new DicomBytes.Slice();
    s.ts = ts;
    s.rows = 128;
    s.cols = 128;
    s.fragments = fragments;
    return s;
  }

  Path write(String name, DicomBytes.Slice s) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, s.build());
    return p;
  }

  static DicomException refused(Path p, String... expected) {
    DicomException e = assertThrows(DicomException.class, () -> Dicom.readSeries(p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    for (String x : expected) {
      assertTrue(e.getMessage().contains(x), "expected '" + x + "' in: " + e.getMessage());
    }
    return e;
  }

  @Test
  void wellFormedSlice_reads() throws IOException {
    Path p = write("ok.dcm", slice(JPEG_LL, frameOf("jpeg-ll-sv1-s16-dcmtk.dcm")));
    DicomSeries s = Dicom.readSeriesWithInfo(p);
    assertEquals(128, s.volume().dims().nx());
    assertFalse(s.lossyImageCompression());
  }

  @Test
  void jpegLossless_truncated() throws IOException {
    byte[] f = frameOf("jpeg-ll-sv1-s16-dcmtk.dcm");
    for (int cut : new int[] {1, 20, f.length / 2, f.length - 2}) {
      Path p = write("cut" + cut + ".dcm", slice(JPEG_LL, Arrays.copyOf(f, cut)));
      refused(p, "corrupt JPEG Lossless SV1 pixel data", "truncated");
    }
  }

  @Test
  void jpegBaseline_truncated() throws IOException {
    byte[] f = frameOf("jpeg-baseline-u8-q90-dcmtk.dcm");
    DicomBytes.Slice s = slice(JPEG_BASELINE, Arrays.copyOf(f, f.length / 2));
    s.bitsAllocated = 8;
    s.bitsStored = 8;
    s.highBit = 7;
    s.pixelRepresentation = 0;
    refused(write("baseline-cut.dcm", s), "corrupt JPEG Baseline pixel data", "truncated");
  }

  @Test
  void jpegLs_truncated() throws IOException {
    byte[] f = frameOf("jpegls-ll-s16-dcmtk.dcm");
    for (int cut : new int[] {2, f.length / 3, f.length - 2}) {
      Path p = write("ls-cut" + cut + ".dcm", slice(JPEG_LS, Arrays.copyOf(f, cut)));
      refused(p, "corrupt JPEG-LS Lossless pixel data", "truncated");
    }
  }

  @Test
  void jpeg_progressiveMarker_refusedAsUnsupportedProcess() throws IOException {
    byte[] f = frameOf("jpeg-ll-sv1-s16-dcmtk.dcm");
    int sof = indexOf(f, 0xFF, 0xC3);
    f[sof + 1] = (byte) 0xC2;
    refused(
        write("progressive.dcm", slice(JPEG_LL, f)), "unsupported JPEG process progressive DCT");
  }

  @Test
  void jpeg_unknownMarker() throws IOException {
    byte[] f = frameOf("jpeg-ll-sv1-s16-dcmtk.dcm");
    int dht = indexOf(f, 0xFF, 0xC4);
    f[dht + 1] = (byte) 0x02;
    refused(write("badmarker.dcm", slice(JPEG_LL, f)), "unexpected marker 0xff02");
  }

  @Test
  void jpeg_segmentLengthPastTheEnd() throws IOException {
    byte[] f = frameOf("jpeg-ll-sv1-s16-dcmtk.dcm");
    int dht = indexOf(f, 0xFF, 0xC4);
    f[dht + 2] = (byte) 0xFF;
    f[dht + 3] = (byte) 0xF0;
    refused(
        write("badlength.dcm", slice(JPEG_LL, f)),
        "the DHT segment at offset",
        "declares 65520 bytes");
  }

  @Test
  void jpeg_sizeDisagreesWithHeader() throws IOException {
    DicomBytes.Slice s = slice(JPEG_LL, frameOf("jpeg-ll-sv1-s16-dcmtk.dcm"));
    s.rows = 64;
    refused(write("size.dcm", s), "the stream is 128x128, the header declares 128x64");
  }

  @Test
  void jpegLs_precisionAboveBitsAllocated() throws IOException {
    DicomBytes.Slice s = slice(JPEG_LS, frameOf("jpegls-ll-s16-dcmtk.dcm"));
    s.bitsAllocated = 8;
    s.bitsStored = 8;
    s.highBit = 7;
    refused(write("precision.dcm", s), "16-bit samples, more than the 8 bits allocated");
  }

  @Test
  void offsetTableListsTwoFrames_numberOfFramesOne() throws IOException {
    byte[] f = frameOf("jpeg-ll-sv1-s16-dcmtk.dcm");
    DicomBytes.Slice s = slice(JPEG_LL, f, f);
    s.offsetTable = new long[] {0, 8 + f.length + (f.length & 1)};
    refused(
        write("bot2.dcm", s),
        "frame count mismatch: the Basic Offset Table lists 2 frames but NumberOfFrames (0028,0008) is 1");
  }

  @Test
  void twoImagesInOneFrame_refused() throws IOException {
    byte[] f = frameOf("jpeg-ll-sv1-s16-dcmtk.dcm");
    refused(
        write("two.dcm", slice(JPEG_LL, f, f)),
        "a second image starts",
        "more frames than declared");
  }

  @Test
  void frameLargerThanMemoryBudget_refusedBeforeDecoding() throws IOException {
    Path p = write("budget.dcm", slice(JPEG_LS, frameOf("jpegls-ll-s16-dcmtk.dcm")));
    MemoryBudget.setLimit(16 * 1024);
    try {
      refused(p, "memory budget");
    } finally {
      MemoryBudget.clearLimit();
    }
  }

  @Test
  void lossyImageCompressionTag_carriedIntoSeries() throws IOException {
    DicomBytes.Slice s = slice(JPEG_LL, frameOf("jpeg-ll-sv1-s16-dcmtk.dcm"));
    s.lossyImageCompression = "01";
    DicomSeries series = Dicom.readSeriesWithInfo(write("lossy-tag.dcm", s));
    assertTrue(series.lossyImageCompression());
    assertTrue(series.toString().contains("(lossy)"), series.toString());
  }

  @Test
  void compressedSyntaxWithNativePixelData_refused() throws IOException {
    DicomBytes.Slice s = new DicomBytes.Slice();
    s.ts = JPEG_LS;
    refused(write("native.dcm", s), "JPEG-LS Lossless pixel data must be encapsulated");
  }

  // --- which fragments make which frame (multi-frame files are refused by the reader, but the
  // splitting is what a frame count is checked against) ---

  EncapsulatedFrames frames(DicomBytes.Slice s, int numberOfFrames) throws IOException {
    Path p = write("frames.dcm", s);
    SliceHeader h = DicomParser.readHeader(p);
    h.numberOfFrames = numberOfFrames;
    return EncapsulatedFrames.read(h, ByteSource.of(Files.readAllBytes(p), (int) Files.size(p)));
  }

  static byte[] soi(int n) {
    byte[] b = new byte[n];
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    b[2] = (byte) n;
    return b;
  }

  @Test
  void frames_offsetTable_splitsAtItsOffsets() throws IOException {
    DicomBytes.Slice s = slice(JPEG_LL, soi(10), new byte[6], soi(4));
    s.offsetTable = new long[] {0, 8 + 10 + 8 + 6};
    EncapsulatedFrames f = frames(s, 2);
    assertArrayEquals(new int[] {0, 2, 3}, f.frameStarts(2));
    assertEquals(16, f.frame(0, 2).length);
    assertEquals(4, f.frame(1, 2).length);
  }

  @Test
  void frames_offsetTableNotAtAFragment_refused() throws IOException {
    DicomBytes.Slice s = slice(JPEG_LL, soi(10), soi(4));
    s.offsetTable = new long[] {0, 12};
    DicomException e = assertThrows(DicomException.class, () -> frames(s, 2).frameStarts(2));
    assertTrue(
        e.getMessage().contains("does not point at the start of a fragment"), e.getMessage());
  }

  @Test
  void frames_emptyTable_oneFragmentPerFrame() throws IOException {
    EncapsulatedFrames f = frames(slice(JPEG_LL, soi(10), soi(4), soi(6)), 3);
    assertArrayEquals(new int[] {0, 1, 2, 3}, f.frameStarts(3));
  }

  @Test
  void frames_emptyTable_splitAtImageStarts() throws IOException {
    EncapsulatedFrames f = frames(slice(JPEG_LL, soi(10), new byte[4], soi(4)), 2);
    assertArrayEquals(new int[] {0, 2, 3}, f.frameStarts(2));
  }

  @Test
  void frames_emptyTable_tooFewImages_refused() throws IOException {
    EncapsulatedFrames f = frames(slice(JPEG_LL, soi(10), new byte[4], new byte[4], soi(4)), 3);
    DicomException e = assertThrows(DicomException.class, () -> f.frameStarts(3));
    assertTrue(
        e.getMessage()
            .contains(
                "frame count mismatch: 4 fragments start 2 images but NumberOfFrames (0028,0008) is 3"),
        e.getMessage());
  }

  @Test
  void frames_offsetTableCountDisagrees_refused() throws IOException {
    DicomBytes.Slice s = slice(JPEG_LL, soi(10), soi(4), soi(6));
    s.offsetTable = new long[] {0, 18};
    DicomException e = assertThrows(DicomException.class, () -> frames(s, 3).frameStarts(3));
    assertTrue(e.getMessage().contains("the Basic Offset Table lists 2 frames"), e.getMessage());
  }

  static int indexOf(byte[] a, int b0, int b1) {
    for (int i = 0; i + 1 < a.length; i++) {
      if ((a[i] & 0xFF) == b0 && (a[i + 1] & 0xFF) == b1) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }
}
