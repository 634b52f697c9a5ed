package org.lungnodule.benchmarks;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.lungnodule.core.CtVolume;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomFileInfo;
import org.lungnodule.io.dicom.codec.DecodedFrame;
import org.lungnodule.io.dicom.codec.FrameDecoder;
import org.lungnodule.io.dicom.codec.FrameDecoders;
import org.lungnodule.io.dicom.codec.FrameSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decode speed of each transfer syntax on one 512×512 CT slice (NEMA CT1, the committed fixtures of
 * lungnodule-io: {@code dicom/compressed/files/*ct1*}, {@code dicom/variants/explicit/rle-ct},
 * {@code dicom/rle-ct}). {@code readSlice} reads the file into a HU volume through {@link Dicom}
 * (header, fragments, decode, rescale); {@code decodeFrame} decodes the compressed frame alone;
 * {@code twelveMonkeys} decodes the same JPEG frames with TwelveMonkeys imageio-jpeg 3.12.0
 * (ImageIO) for comparison. MB/s = the declared frame size (rows × columns × bytes allocated: 0.52
 * MB, or 0.26 MB for the 8-bit baseline slice) / time per operation.
 *
 * <p>Run from the repository root: {@code java -cp "$CP" org.openjdk.jmh.Main
 * CompressedDicomBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1} (fixtures elsewhere: {@code
 * -Dlungnodule.bench.dicom=<dir>}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompressedDicomBenchmark {

  static final Map<String, String> FILES =
      Map.of(
          "explicit", "variants/explicit/rle-ct/ct1-rle.dcm",
          "rle", "rle-ct/ct1-rle.dcm",
          "jpeg-lossless", "compressed/files/jpeg-ll-sv1-ct1-dcmtk.dcm",
          "jpeg-baseline8", "compressed/files/jpeg-baseline-ct1u8-q90-dcmtk.dcm",
          "jpeg-extended12", "compressed/files/jpeg-extended-ct1u12-q90-dcmtk.dcm",
          "jpegls-lossless", "compressed/files/jpegls-ll-ct1-dcmtk.dcm",
          "jpegls-near2", "compressed/files/jpegls-near2-ct1u12-dcmtk.dcm",
          "j2k-lossless", "compressed/files/j2k-ll-ct1-gdcm.dcm",
          "j2k-lossy", "compressed/files/j2k-lossy-ct1u12-r10-gdcm.dcm");

  static Path file(String syntax) {
    Path root =
        Path.of(
            System.getProperty("lungnodule.bench.dicom", "lungnodule-io/src/test/resources/dicom"));
    return root.resolve(FILES.get(syntax));
  }

  /** A whole file. */
  @State(Scope.Benchmark)
  public static class FileState {
    /** The syntax of the slice. */
    @Param({
      "explicit",
      "rle",
      "jpeg-lossless",
      "jpeg-baseline8",
      "jpeg-extended12",
      "jpegls-lossless",
      "jpegls-near2",
      "j2k-lossless",
      "j2k-lossy"
    })
    public String syntax;

    Path path;

    /** Locates the file. */
    @Setup
    public void setup() {
      path = file(syntax);
    }
  }

  /** The compressed frame of a file, extracted once. */
  @State(Scope.Benchmark)
  public static class FrameState {
    /** The syntax of the frame. */
    @Param({
      "jpeg-lossless",
      "jpeg-baseline8",
      "jpeg-extended12",
      "jpegls-lossless",
      "jpegls-near2",
      "j2k-lossless",
      "j2k-lossy"
    })
    public String syntax;

    byte[] frame;
    FrameSpec spec;
    FrameDecoder decoder;

    /** Extracts the frame and finds its decoder. */
    @Setup
    public void setup() throws IOException {
      Path p = file(syntax);
      DicomFileInfo info = Dicom.readFileInfo(p);
      frame = singleFragment(Files.readAllBytes(p));
      spec = new FrameSpec(info.rows(), info.columns(), 1, info.bitsAllocated(), info.bitsStored());
      decoder = FrameDecoders.forTransferSyntax(info.transferSyntaxUid()).orElseThrow();
    }
  }

  /** The JPEG frames for TwelveMonkeys. */
  @State(Scope.Benchmark)
  public static class TwelveMonkeysState {
    /** The syntax of the frame. */
    @Param({"jpeg-lossless", "jpeg-baseline8"})
    public String syntax;

    byte[] frame;

    /** Extracts the frame. */
    @Setup
    public void setup() throws IOException {
      frame = singleFragment(Files.readAllBytes(file(syntax)));
    }
  }

  /** Reads one slice into a HU volume. */
  @Benchmark
  public CtVolume readSlice(FileState s) throws IOException {
    return Dicom.readSeries(s.path);
  }

  /** Decodes the compressed frame. */
  @Benchmark
  public DecodedFrame decodeFrame(FrameState s) throws IOException {
    return s.decoder.decode(s.frame, 0, s.frame.length, s.spec);
  }

  /** Decodes the JPEG frame with TwelveMonkeys (ImageIO). */
  @Benchmark
  public Raster twelveMonkeys(TwelveMonkeysState s) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(s.frame))) {
      Iterator<ImageReader> it = ImageIO.getImageReaders(in);
      ImageReader r = it.next();
      try {
        r.setInput(in);
        return r.readRaster(0, null);
      } finally {
        r.dispose();
      }
    }
  }

  /**
   * The value of the one fragment after the Basic Offset Table of encapsulated pixel data: the
   * bytes after the first item that follows the (7FE0,0010) OB undefined-length header.
   */
  static byte[] singleFragment(byte[] f) {
    byte[] tag = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, -1, -1, -1, -1};
    int p = indexOf(f, tag) + tag.length;
    long bot = le32(f, p + 4);
    p += 8 + (int) bot;
    int len = (int) le32(f, p + 4);
    p += 8;
    return java.util.Arrays.copyOfRange(f, p, p + len);
  }

  private static long le32(byte[] b, int p) {
    return (b[p] & 0xFFL)
        | (b[p + 1] & 0xFFL) << 8
        | (b[p + 2] & 0xFFL) << 16
        | (b[p + 3] & 0xFFL) << 24;
  }

  private static int indexOf(byte[] a, byte[] b) {
    outer:
    for (int i = 0; i + b.length <= a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        if (a[i + j] != b[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("no encapsulated pixel data");
  }
}
