package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomWriteOptions;

class FormatsCommandsTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private static final VolumeGeometry GRID =
      new VolumeGeometry(
          new Dims(32, 32, 6),
          new Spacing(1, 1, 2),
          new WorldPoint(-16, -16, -50),
          org.lungnodule.core.Direction.IDENTITY);

  private static CtVolume volume() {
    float[] v = new float[GRID.dims().voxelCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i * 37) % 2000 - 1000;
    }
    return CtVolume.wrap(GRID, v);
  }

  @Test
  void convert_mhdToNiiGzToDicomAndBack_sameVoxels() throws IOException {
    CtVolume v = volume();
    VolumeFiles.write(v, dir.resolve("in.mhd"));
    assertEquals(
        0,
        run(
            "convert",
            dir.resolve("in.mhd").toString(),
            dir.resolve("a.nii.gz").toString(),
            "--json"),
        err.toString());
    assertTrue(out.toString().contains("\"format\":\"NIFTI\""), out.toString());
    assertTrue(out.toString().contains("\"dims\":[32,32,6]"), out.toString());
    assertEquals(
        0,
        run(
            "convert",
            dir.resolve("a.nii.gz").toString(),
            dir.resolve("series").toString(),
            "--patient-id",
            "P7"),
        err.toString());
    assertEquals(6, Files.list(dir.resolve("series")).count());
    assertEquals(
        0,
        run("convert", dir.resolve("series").toString(), dir.resolve("b.mha").toString()),
        err.toString());
    CtVolume back = VolumeFiles.read(dir.resolve("b.mha"));
    assertArrayEquals(v.copyVoxels(), back.copyVoxels());
    assertTrue(v.geometry().sameGrid(back.geometry(), 1e-4));
  }

  @Test
  void convert_missingInput_exit1() {
    assertEquals(
        1, run("convert", dir.resolve("none.mhd").toString(), dir.resolve("x.nii").toString()));
    assertTrue(err.toString().startsWith("lungnodule convert: "), err.toString());
  }

  private static String circle(double z, int cx, int cy, int r) {
    StringBuilder sb =
        new StringBuilder(
            "<roi><imageZposition>"
                + z
                + "</imageZposition><imageSOP_UID>1</imageSOP_UID><inclusion>TRUE</inclusion>");
    String last = "";
    for (int s = 0; s < 36; s++) {
      double t = 2 * Math.PI * s / 36;
      String p =
          "<edgeMap><xCoord>"
              + (cx + Math.round(r * Math.cos(t)))
              + "</xCoord><yCoord>"
              + (cy + Math.round(r * Math.sin(t)))
              + "</yCoord></edgeMap>";
      if (!p.equals(last)) {
        sb.append(p);
      }
      last = p;
    }
    return sb.append("</roi>").toString();
  }

  private static String nodule(String id, int malignancy, int cx, int cy, int r) {
    return "<unblindedReadNodule><noduleID>"
        + id
        + "</noduleID><characteristics><malignancy>"
        + malignancy
        + "</malignancy></characteristics>"
        + circle(-46, cx, cy, r)
        + circle(-44, cx, cy, r)
        + "</unblindedReadNodule>";
  }

  private static String xml(String uid, int m1, int m2) {
    return "<?xml version=\"1.0\"?><LidcReadMessage xmlns=\"http://www.nih.gov\"><ResponseHeader><SeriesInstanceUid>"
        + uid
        + "</SeriesInstanceUid></ResponseHeader>"
        + "<readingSession><servicingRadiologistID>a</servicingRadiologistID>"
        + nodule("1", m1, 10, 10, 3)
        + nodule("2", 5, 24, 24, 4)
        + "</readingSession>"
        + "<readingSession><servicingRadiologistID>b</servicingRadiologistID>"
        + nodule("x", m2, 10, 11, 3)
        + "</readingSession>"
        + "</LidcReadMessage>";
  }

  @Test
  void lidcCohort_lunaAndLidcLayouts_countsAndCsv() throws IOException {
    // LUNA16 layout: <uid>.mhd anywhere, XML elsewhere
    Path root = Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(root.resolve("luna"));
    VolumeFiles.write(volume(), root.resolve("luna/1.2.3.4.mhd"));
    Path p1 = Files.createDirectories(root.resolve("LIDC-IDRI-0001/xml"));
    Files.writeString(p1.resolve("069.xml"), xml("1.2.3.4", 5, 4));
    // LIDC layout: XML beside the DICOM files of its series
    Path p2 = root.resolve("LIDC-IDRI-0002/1.2/1.2.3.5");
    Dicom.writeSeries(
        volume(),
        p2,
        DicomWriteOptions.builder()
            .patientId("LIDC-IDRI-0002")
            .seriesInstanceUid("1.2.3.5")
            .build());
    Files.writeString(p2.resolve("070.xml"), xml("1.2.3.5", 1, 2));
    Files.writeString(root.resolve("other.xml"), "<IdriReadMessage xmlns=\"http://www.nih.gov\"/>");
    Path csv = dir.resolve("cohort.csv");
    assertEquals(
        0,
        run(
            "lidc-cohort",
            root.toString(),
            "--out",
            csv.toString(),
            "--train-fraction",
            "0.5",
            "--json"),
        err.toString());
    String o = out.toString();
    assertTrue(o.contains("\"scans\":2"), o);
    assertTrue(o.contains("\"skippedXml\":1"), o);
    assertTrue(o.contains("\"patients\":2"), o);
    assertTrue(o.contains("\"malignant\":1"), o);
    assertTrue(o.contains("\"benign\":1"), o);
    assertTrue(o.contains("\"excluded\":2"), o); // the single-reader nodule "2" of each scan
    List<String> lines = Files.readAllLines(csv);
    assertEquals(3, lines.size());
    assertTrue(lines.get(1).startsWith("LIDC-IDRI-0001,1.2.3.4,N1,"), lines.get(1));
    assertTrue(lines.get(1).contains(",MALIGNANT,2,5 4,4.5,"), lines.get(1));
    assertTrue(lines.get(2).startsWith("LIDC-IDRI-0002,1.2.3.5,N1,"), lines.get(2));
    assertTrue(lines.get(2).contains(",BENIGN,2,1 2,1.5,"), lines.get(2));
  }

  @Test
  void lidcCohort_missingScan_exit1() throws IOException {
    Files.writeString(dir.resolve("a.xml"), xml("9.9.9", 5, 5));
    assertEquals(1, run("lidc-cohort", dir.toString(), "--out", dir.resolve("c.csv").toString()));
    assertTrue(err.toString().contains("no scan for series 9.9.9"), err.toString());
  }
}
