package org.lungnodule.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * What the writer writes, dcmtk and pydicom read back with identical pixels and geometry: the files
 * under {@code dicom/writer/} were written by {@link #main} and read once by dcmtk and pydicom
 * ({@code make-writer-reference.sh} → {@code writer-reference.json}).
 */
class WriterReferenceTest {

  @TempDir Path tmp;

  /** The volume written: 24×20×3, rotated 30° about z, seeded HU with runs. */
  static CtVolume volume() {
    Dims d = new Dims(24, 20, 3);
    SplittableRandom r = new SplittableRandom(42);
    float[] hu = new float[d.voxelCount()];
    for (int i = 0; i < hu.length; i++) {
      hu[i] = (i / 7) % 3 == 0 ? -1000 : r.nextInt(-1024, 3072);
    }
    double c = Math.cos(Math.toRadians(30));
    double s = Math.sin(Math.toRadians(30));
    Direction dir =
        Direction.ofColumns(
            new double[] {c, s, 0}, new double[] {-s, c, 0}, new double[] {0, 0, 1});
    VolumeGeometry g =
        new VolumeGeometry(
            d, new Spacing(0.75, 0.8, 2.5), new WorldPoint(-100.25, 50.5, -20.125), dir);
    return CtVolume.wrap(g, hu);
  }

  static DicomWriteOptions options(String syntax) {
    return DicomWriteOptions.builder()
        .transferSyntax(
            syntax.equals("rle")
                ? TransferSyntax.RLE_LOSSLESS
                : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
        .patientId("WRITER-CHECK")
        .seriesDescription("writer reference " + syntax)
        .seed(2024)
        .build();
  }

  /** Regenerates the committed files: {@code main <resources>/dicom/writer}. */
  public static void main(String[] args) throws IOException {
    for (String syntax : List.of("explicit", "rle")) {
      Dicom.writeSeries(volume(), Path.of(args[0]).resolve(syntax), options(syntax));
    }
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest
  @ValueSource(strings = {"explicit", "rle"})
  void dcmtkAndPydicom_readWhatTheWriterWrote(String syntax) throws IOException {
    Path committed = DicomReferenceTest.root().resolve("writer/" + syntax);
    // the writer is deterministic: it writes the committed bytes again
    Path again = tmp.resolve(syntax);
    List<Path> files = Dicom.writeSeries(volume(), again, options(syntax));
    for (Path f : files) {
      assertArrayEquals(
          Files.readAllBytes(committed.resolve(f.getFileName())),
          Files.readAllBytes(f),
          f.toString());
    }
    Map<String, Object> ref =
        (Map<String, Object>)
            MiniJson.parse(
                Files.readString(
                    DicomReferenceTest.root().resolve("writer/writer-reference.json")));
    CtVolume v = volume();
    DicomSeries s = Dicom.readSeriesWithInfo(committed);
    assertArrayEquals(v.copyVoxels(), s.volume().copyVoxels());
    for (int k = 0; k < 3; k++) {
      String name = String.format("IM%05d.dcm", k + 1);
      Map<String, Object> r = (Map<String, Object>) ref.get(syntax + "/" + name);
      assertEquals(
          TransferSyntax.valueOf(
                  syntax.equals("rle") ? "RLE_LOSSLESS" : "EXPLICIT_VR_LITTLE_ENDIAN")
              .uid(),
          r.get("transferSyntaxUID"));
      assertEquals(s.seriesInstanceUid(), r.get("seriesInstanceUID"));
      assertEquals(Boolean.TRUE, r.get("dcmdumpClean"), "dcmdump reported problems");
      // pixels: the stored int16 values (HU here, slope 1, intercept 0), by pydicom and by dcmtk
      String sha = sha256(s.volume(), k);
      assertEquals(r.get("pydicomPixelSha256"), sha, "pydicom pixels of " + name);
      assertEquals(r.get("dcmtkPixelSha256"), sha, "dcmtk pixels of " + name);
      assertEquals((Double) r.get("rescaleSlope"), 1.0);
      assertEquals((Double) r.get("rescaleIntercept"), 0.0);
      // geometry as pydicom reads it
      List<Object> ipp = (List<Object>) r.get("imagePositionPatient");
      List<Object> iop = (List<Object>) r.get("imageOrientationPatient");
      List<Object> ps = (List<Object>) r.get("pixelSpacing");
      var w = v.geometry().voxelToWorld(0, 0, k);
      assertEquals(w.xMm(), (Double) ipp.get(0), 1e-9);
      assertEquals(w.yMm(), (Double) ipp.get(1), 1e-9);
      assertEquals(w.zMm(), (Double) ipp.get(2), 1e-9);
      double[] dir = v.geometry().direction().toRowMajor();
      for (int i = 0; i < 3; i++) {
        assertEquals(dir[3 * i], (Double) iop.get(i), 1e-12);
        assertEquals(dir[3 * i + 1], (Double) iop.get(3 + i), 1e-12);
      }
      assertEquals(0.8, (Double) ps.get(0), 0);
      assertEquals(0.75, (Double) ps.get(1), 0);
      assertEquals(20.0, (Double) r.get("rows"), 0);
      assertEquals(24.0, (Double) r.get("columns"), 0);
      assertTrue(((String) r.get("seriesDescription")).startsWith("writer reference"));
    }
  }

  private static String sha256(CtVolume v, int k) {
    int n = v.dims().sliceSize();
    byte[] b = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      int s = Math.round(v.get(k * n + i));
      b[2 * i] = (byte) s;
      b[2 * i + 1] = (byte) (s >> 8);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
