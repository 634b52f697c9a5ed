package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.lungnodule.core.CtVolume;

/**
 * Agreement with pydicom (reference.json) on every field of every fixture, and on the dcmtk
 * variants of the fixtures in each supported transfer syntax (variants/, see make-variants.sh).
 */
class DicomReferenceTest {

  static Path root() {
    try {
      return Path.of(DicomReferenceTest.class.getResource("/dicom/reference.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> reference() throws IOException {
    return (Map<String, Map<String, Object>>)
        MiniJson.parse(Files.readString(root().resolve("reference.json")));
  }

  private static final Map<String, String> VARIANT_TS =
      Map.of(
          "implicit", "1.2.840.10008.1.2",
          "explicit", "1.2.840.10008.1.2.1",
          "bigendian", "1.2.840.10008.1.2.2",
          "deflated", "1.2.840.10008.1.2.1.99",
          "rle", "1.2.840.10008.1.2.5",
          "nopreamble", "1.2.840.10008.1.2.1");

  @TestFactory
  Stream<DynamicTest> fixtures_agreeWithPydicomOnEveryField() throws IOException {
    Map<String, Map<String, Object>> ref = reference();
    assertEquals(11, ref.size());
    return ref.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(), () -> check(root().resolve(e.getKey()), e.getValue(), null)));
  }

  @TestFactory
  Stream<DynamicTest> dcmtkVariants_agreeWithPydicomOnEveryField() throws IOException {
    Map<String, Map<String, Object>> ref = reference();
    Path variants = root().resolve("variants");
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> s = Files.walk(variants)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        Path rel = variants.relativize(p);
        String syntax = rel.getName(0).toString();
        String key = rel.subpath(1, rel.getNameCount()).toString().replace('\\', '/');
        Map<String, Object> expected = ref.get(key);
        assertTrue(expected != null, "no reference for " + key);
        tests.add(
            DynamicTest.dynamicTest(
                rel.toString(), () -> check(p, expected, VARIANT_TS.get(syntax))));
      }
    }
    assertEquals(46, tests.size());
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  private static void check(Path file, Map<String, Object> r, String tsOverride)
      throws IOException {
    DicomFileInfo info = Dicom.readFileInfo(file);
    String ts = tsOverride != null ? tsOverride : (String) r.get("transferSyntaxUID");
    assertEquals(ts, info.transferSyntaxUid(), "transferSyntaxUID");
    assertEquals(r.get("modality"), info.modality(), "modality");
    assertEquals(r.get("seriesInstanceUID"), info.seriesInstanceUid(), "seriesInstanceUID");
    assertEquals(num(r, "rows"), info.rows(), "rows");
    assertEquals(num(r, "columns"), info.columns(), "columns");
    assertEquals(num(r, "bitsAllocated"), info.bitsAllocated(), "bitsAllocated");
    assertEquals(num(r, "bitsStored"), info.bitsStored(), "bitsStored");
    assertEquals(num(r, "pixelRepresentation"), info.pixelRepresentation(), "pixelRepresentation");
    assertList((List<Object>) r.get("pixelSpacing"), info.pixelSpacing(), "pixelSpacing");
    assertEquals(num(r, "sliceThickness"), info.sliceThickness().orElseThrow(), 1e-9);
    assertList(
        (List<Object>) r.get("imagePositionPatient"),
        info.imagePositionPatient(),
        "imagePositionPatient");
    assertList(
        (List<Object>) r.get("imageOrientationPatient"),
        info.imageOrientationPatient(),
        "imageOrientationPatient");
    assertEquals(num(r, "rescaleSlope"), info.rescaleSlope(), 1e-12, "rescaleSlope");
    assertEquals(num(r, "rescaleIntercept"), info.rescaleIntercept(), 1e-12, "rescaleIntercept");

    DicomSeries s = Dicom.readSeriesWithInfo(file);
    CtVolume v = s.volume();
    assertEquals(ts, s.transferSyntaxUid());
    assertEquals(1, v.dims().nz());
    assertEquals(info.columns(), v.dims().nx());
    assertEquals(info.rows(), v.dims().ny());
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (int i = 0; i < v.dims().voxelCount(); i++) {
      double x = v.get(i);
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    assertEquals(num(r, "huMin"), min, 0, "huMin");
    assertEquals(num(r, "huMax"), max, 0, "huMax");
    assertEquals(num(r, "huSum"), sum, 0, "huSum");
    assertEquals(num(r, "huAt_0_0"), v.get(0, 0, 0), 0, "huAt_0_0");
    assertEquals(
        num(r, "huAtCenter"), v.get(info.columns() / 2, info.rows() / 2, 0), 0, "huAtCenter");
    // geometry: origin = IPP, x spacing = PixelSpacing[1], y = PixelSpacing[0]
    List<Object> ipp = (List<Object>) r.get("imagePositionPatient");
    List<Object> ps = (List<Object>) r.get("pixelSpacing");
    assertEquals((Double) ipp.get(0), v.geometry().origin().xMm(), 1e-9);
    assertEquals((Double) ipp.get(2), v.geometry().origin().zMm(), 1e-9);
    assertEquals((Double) ps.get(1), v.spacing().xMm(), 1e-9);
    assertEquals((Double) ps.get(0), v.spacing().yMm(), 1e-9);
    assertEquals(num(r, "sliceThickness"), v.spacing().zMm(), 1e-9);
  }

  private static double num(Map<String, Object> r, String k) {
    Object o = r.get(k);
    assertTrue(o instanceof Double, "reference lacks numeric " + k);
    return (Double) o;
  }

  private static void assertList(List<Object> expected, List<Double> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals((Double) expected.get(i), actual.get(i), 1e-9, what + "[" + i + "]");
    }
  }

  @Test
  void jpegLossless_readAsPydicomReadsTheUncompressedFile() throws IOException {
    Path f = root().resolve("refused/CT_small-jpeg-lossless.dcm");
    check(f, reference().get("ct-small/CT_small.dcm"), "1.2.840.10008.1.2.4.70");
  }

  @Test
  void jpeg2000Part2_refusedNamingSyntaxAndFile() {
    Path f = root().resolve("refused/CT_small-jpeg2000-part2.dcm");
    UnsupportedTransferSyntaxException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            UnsupportedTransferSyntaxException.class, () -> Dicom.readSeries(f));
    assertEquals("1.2.840.10008.1.2.4.92", e.transferSyntaxUid());
    assertTrue(e.getMessage().contains("1.2.840.10008.1.2.4.92"), e.getMessage());
    assertTrue(e.getMessage().contains("CT_small-jpeg2000-part2.dcm"), e.getMessage());
    assertTrue(e.getMessage().contains("JPEG 2000 Part 2"), e.getMessage());
  }
}
