package org.lungnodule.io.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.lungnodule.core.CtVolume;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomException;
import org.lungnodule.io.dicom.DicomFileInfo;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.codec.CodecException;
import org.lungnodule.io.dicom.codec.FrameDecoders;
import org.lungnodule.io.dicom.codec.FrameSpec;

/**
 * The JPEG 2000 fixtures of lungnodule-io (made by GDCM/OpenJPEG, and pydicom's test files) decode
 * through the DICOM reader to what GDCM decodes: voxel for voxel for lossless streams, within ±1
 * for lossy ones, whose volume says it is lossy.
 */
class Jpeg2000ReferenceTest {

  private static final Pattern ENTRY = Pattern.compile("\"([^\"]+\\.dcm)\": \\{([^}]*)\\}");
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (\"[^\"]*\"|[-\\w.]+)");

  static Path root() throws URISyntaxException {
    return Path.of(
            Jpeg2000ReferenceTest.class.getResource("/dicom/compressed/reference.json").toURI())
        .getParent();
  }

  /** The entries of reference.json (flat objects), values as strings. */
  static Map<String, Map<String, String>> reference() throws Exception {
    String json = Files.readString(root().resolve("reference.json"));
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Matcher e = ENTRY.matcher(json);
    while (e.find()) {
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher f = FIELD.matcher(e.group(2));
      while (f.find()) {
        String v = f.group(2);
        fields.put(f.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
      }
      out.put(e.group(1), fields);
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> jpeg2000Fixtures_decodeAsGdcm() throws Exception {
    Map<String, Map<String, String>> ref = reference();
    var j2k =
        ref.entrySet().stream()
            .filter(e -> e.getValue().get("transferSyntax").startsWith("1.2.840.10008.1.2.4.9"))
            .toList();
    assertEquals(12, j2k.size());
    return j2k.stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
  }

  private static void check(String name, Map<String, String> r) throws Exception {
    Path file = root().resolve("files").resolve(name);
    DicomFileInfo info = Dicom.readFileInfo(file);
    DicomSeries s = Dicom.readSeriesWithInfo(file);
    CtVolume v = s.volume();
    int[] stored = new int[v.dims().voxelCount()];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = (int) Math.round((v.get(i) - info.rescaleIntercept()) / info.rescaleSlope());
    }
    boolean lossy = r.containsKey("values");
    if (lossy) {
      int[] expected = readGzInts(root().resolve(r.get("values")), stored.length);
      int worst = 0;
      for (int i = 0; i < stored.length; i++) {
        worst = Math.max(worst, Math.abs(stored[i] - expected[i]));
      }
      assertTrue(worst <= 1, name + ": largest difference " + worst);
    } else {
      assertEquals(r.get("sha256"), sha256(stored), name + ": decoded values differ");
    }
    assertEquals(lossy, s.lossyImageCompression(), "lossyImageCompression");
  }

  @Test
  void decoder_registeredAsService() {
    assertTrue(
        FrameDecoders.forTransferSyntax("1.2.840.10008.1.2.4.90").orElseThrow()
            instanceof Jpeg2000Decoder);
    assertTrue(
        FrameDecoders.forTransferSyntax("1.2.840.10008.1.2.4.91").orElseThrow()
            instanceof Jpeg2000Decoder);
  }

  @Test
  void decode_sizeDisagreesWithHeader_refusedBeforeDecoding() throws Exception {
    byte[] frame = firstFrame("j2k-ll-s16-gdcm.dcm");
    CodecException e =
        assertThrows(
            CodecException.class,
            () ->
                new Jpeg2000Decoder()
                    .decode(frame, 0, frame.length, new FrameSpec(64, 128, 1, 16, 16)));
    assertTrue(
        e.getMessage().contains("the codestream is 128x128, the header declares 128x64"),
        e.getMessage());
  }

  @Test
  void decode_truncated_codecException() throws Exception {
    byte[] frame = firstFrame("j2k-ll-s16-gdcm.dcm");
    for (int cut : new int[] {10, 60, frame.length / 2}) {
      assertThrows(
          CodecException.class,
          () -> new Jpeg2000Decoder().decode(frame, 0, cut, new FrameSpec(128, 128, 1, 16, 16)),
          "cut at " + cut);
    }
  }

  @Test
  void read_corruptCodestream_dicomExceptionNamingFile() throws Exception {
    Path src = root().resolve("files/j2k-ll-s16-gdcm.dcm");
    byte[] bytes = Files.readAllBytes(src);
    int soc = indexOf(bytes, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
    bytes[soc + 6] = 0x7F; // Xsiz high byte: a 2-gigapixel-wide image
    Path bad = Files.createTempFile("j2k-bad-siz", ".dcm");
    try {
      Files.write(bad, bytes);
      DicomException e = assertThrows(DicomException.class, () -> Dicom.readSeries(bad));
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("corrupt JPEG 2000 Lossless pixel data"), e.getMessage());
    } finally {
      Files.deleteIfExists(bad);
    }
  }

  /**
   * Inputs on which JJ2000 looped for ever (found by Jpeg2000FuzzTest) are refused at once: 0xffff
   * inside packet data, and bytes other than EOC after the last tile-part.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fuzzRegressions_refusedWithoutHanging() throws Exception {
    Path dir =
        Path.of(
            Jpeg2000ReferenceTest.class
                .getResource("/org/lungnodule/io/jpeg2000/Jpeg2000FuzzTestInputs/decode")
                .toURI());
    for (String name :
        new String[] {
          "regression-ffff-in-packet-data-hang", "regression-ffff-after-last-tile-part-hang"
        }) {
      byte[] data = Files.readAllBytes(dir.resolve(name));
      assertThrows(
          CodecException.class,
          () ->
              new Jpeg2000Decoder().decode(data, 0, data.length, new FrameSpec(16, 16, 1, 16, 16)),
          name);
    }
  }

  /** The codestream of a single-fragment file: from its SOC marker to the end of the file. */
  static byte[] firstFrame(String name) throws Exception {
    byte[] bytes = Files.readAllBytes(root().resolve("files").resolve(name));
    int soc = indexOf(bytes, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
    int eoc = bytes.length - 1;
    while (!((bytes[eoc - 1] & 0xFF) == 0xFF && (bytes[eoc] & 0xFF) == 0xD9)) {
      eoc--;
    }
    return java.util.Arrays.copyOfRange(bytes, soc, eoc + 1);
  }

  static int indexOf(byte[] a, byte[] b) {
    outer:
    for (int i = 0; i + b.length <= a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        if (a[i + j] != b[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }

  static String sha256(int[] v) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
  }

  static int[] readGzInts(Path p, int n) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
      byte[] bytes = in.readNBytes(n * 4);
      assertEquals(n * 4, bytes.length, p + " holds too few values");
      int[] v = new int[n];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
      return v;
    }
  }
}
