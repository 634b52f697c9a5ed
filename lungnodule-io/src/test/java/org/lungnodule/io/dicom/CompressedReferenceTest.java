package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.lungnodule.io.dicom.codec.FrameDecoders;

/**
 * Every compressed fixture (compressed/files, made by make-compressed.sh with dcmtk and GDCM, plus
 * pydicom's JPEG, JPEG-LS and JPEG 2000 test files) decodes to the stored values that dcmtk or GDCM
 * decode (compressed/reference.json): voxel for voxel for lossless streams, within ±1 for lossy
 * ones, and the volume of a lossy file says it is lossy. JPEG 2000 files, whose decoder lives in
 * lungnodule-io-jpeg2000, are refused here with a message naming that artifact.
 */
public class CompressedReferenceTest {

  /** The folder of the compressed fixtures. */
  public static Path root() {
    try {
      return Path.of(
              CompressedReferenceTest.class.getResource("/dicom/compressed/reference.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The parsed reference.json: file name → fields. */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> reference() throws IOException {
    return (Map<String, Map<String, Object>>)
        MiniJson.parse(Files.readString(root().resolve("reference.json")));
  }

  @TestFactory
  Stream<DynamicTest> everyFixture_decodesAsDcmtkOrGdcm() throws IOException {
    Map<String, Map<String, Object>> ref = reference();
    assertTrue(ref.size() >= 50, "fixtures: " + ref.size());
    return ref.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
  }

  private static void check(String name, Map<String, Object> r) throws Exception {
    Path file = root().resolve("files").resolve(name);
    String ts = (String) r.get("transferSyntax");
    if (FrameDecoders.forTransferSyntax(ts).isEmpty()) {
      UnsupportedTransferSyntaxException e =
          assertThrows(UnsupportedTransferSyntaxException.class, () -> Dicom.readSeries(file));
      assertTrue(e.getMessage().contains("lungnodule-io-jpeg2000"), e.getMessage());
      return;
    }
    assertAgrees(file, r);
  }

  /**
   * Decodes a file's stored values and checks them against its reference entry; for the
   * lungnodule-io-jpeg2000 tests too.
   */
  public static void assertAgrees(Path file, Map<String, Object> r) throws Exception {
    int[] v = storedValues(file);
    boolean lossy = r.containsKey("values");
    if (lossy) {
      int[] expected = readGzInts(root().resolve((String) r.get("values")), v.length);
      int worst = 0;
      for (int i = 0; i < v.length; i++) {
        worst = Math.max(worst, Math.abs(v[i] - expected[i]));
      }
      assertTrue(worst <= 1, file.getFileName() + ": largest difference " + worst);
    } else {
      assertEquals(r.get("sha256"), sha256(v), file.getFileName() + ": decoded values differ");
    }
    DicomSeries s = Dicom.readSeriesWithInfo(file);
    // a lossless JPEG with a point transform dropped low bits: lossy, though its syntax is
    // lossless and dcmtk leaves Lossy Image Compression out
    boolean pointTransform = file.getFileName().toString().matches(".*-pt[1-9]-.*");
    assertEquals(lossy || pointTransform, s.lossyImageCompression(), "lossyImageCompression");
    assertEquals(((Number) r.get("columns")).intValue(), s.volume().dims().nx());
  }

  /** Decodes a file with RescaleSlope 1 and RescaleIntercept 0: the stored values. */
  static int[] storedValues(Path file) throws IOException {
    SliceHeader h = DicomParser.readHeader(file);
    h.rescaleSlope = 1;
    h.rescaleIntercept = 0;
    PixelDecoder.validate(h);
    float[] out = new float[h.rows * h.columns];
    PixelDecoder.decode(h, out, 0);
    int[] v = new int[out.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) out[i];
    }
    return v;
  }

  static String sha256(int[] v) throws NoSuchAlgorithmException {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
  }

  static int[] readGzInts(Path p, int n) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
      byte[] bytes = new DataInputStream(in).readNBytes(n * 4);
      assertEquals(n * 4, bytes.length, p + " holds too few values");
      int[] v = new int[n];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
      return v;
    }
  }
}
