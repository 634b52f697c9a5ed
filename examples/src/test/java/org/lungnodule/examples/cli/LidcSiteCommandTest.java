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
import org.lungnodule.core.Direction;
import org.lungnodule.core.Json;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomWriteOptions;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.io.manifest.SiteManifest;

class LidcSiteCommandTest {

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
          Direction.IDENTITY);

  /** -800 HU with a 40 HU block under the readers' circles (slices 2 and 3, x 6..14, y 6..14). */
  private static CtVolume volume() {
    float[] v = new float[GRID.dims().voxelCount()];
    for (int k = 0; k < 6; k++) {
      for (int j = 0; j < 32; j++) {
        for (int i = 0; i < 32; i++) {
          boolean in = (k == 2 || k == 3) && Math.hypot(i - 10, j - 10) <= 4;
          v[GRID.dims().index(i, j, k)] = in ? 40 : -800;
        }
      }
    }
    return CtVolume.wrap(GRID, v);
  }

  private static String circle(double z, int cx, int cy, int r) {
    StringBuilder sb =
        new StringBuilder(
            "<roi><imageZposition>" + z + "</imageZposition><inclusion>TRUE</inclusion>");
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

  /** Two readers rate the nodule at (10, 10) m1 and m2; reader a alone marks one at (24, 24). */
  private static String xml(String uid, int m1, int m2) {
    return "<?xml version=\"1.0\"?><LidcReadMessage xmlns=\"http://www.nih.gov\"><ResponseHeader>"
        + "<SeriesInstanceUid>"
        + uid
        + "</SeriesInstanceUid></ResponseHeader>"
        + "<readingSession><servicingRadiologistID>a</servicingRadiologistID>"
        + nodule("1", m1, 10, 10, 4)
        + nodule("2", 5, 24, 24, 3)
        + "</readingSession>"
        + "<readingSession><servicingRadiologistID>b</servicingRadiologistID>"
        + nodule("x", m2, 10, 10, 4)
        + "</readingSession>"
        + "</LidcReadMessage>";
  }

  /** LIDC-IDRI-0001 (LUNA16 layout, malignant), LIDC-IDRI-0002 (DICOM, benign), an orphan XML. */
  private Path input() throws IOException {
    Path root = Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(root.resolve("luna"));
    VolumeFiles.write(volume(), root.resolve("luna/1.2.3.4.mhd"));
    Path p1 = Files.createDirectories(root.resolve("LIDC-IDRI-0001/xml"));
    Files.writeString(p1.resolve("069.xml"), xml("1.2.3.4", 5, 4));
    Path p2 = root.resolve("LIDC-IDRI-0002/1.2/1.2.3.5");
    Dicom.writeSeries(
        volume(),
        p2,
        DicomWriteOptions.builder()
            .patientId("LIDC-IDRI-0002")
            .seriesInstanceUid("1.2.3.5")
            .build());
    Files.writeString(p2.resolve("070.xml"), xml("1.2.3.5", 1, 2));
    Path p3 = Files.createDirectories(root.resolve("LIDC-IDRI-0003/xml"));
    Files.writeString(p3.resolve("071.xml"), xml("9.9.9", 5, 5));
    return root;
  }

  @Test
  void lidcSite_json_siteOpensWithSplitAndReports() throws IOException {
    Path root = input();
    Path site = dir.resolve("site");
    String[] args = {
      "lidc-site",
      root.toString(),
      "--out",
      site.toString(),
      "--train-fraction",
      "0.5",
      "--seed",
      "11",
      "--json"
    };
    assertEquals(0, run(args), err.toString());
    String o = out.toString().trim();
    assertTrue(o.startsWith("{") && o.endsWith("}") && o.lines().count() == 1, o);
    for (String kv :
        List.of(
            "\"scans\":2",
            "\"scansWithoutNodules\":0",
            "\"patients\":2",
            "\"malignant\":1",
            "\"benign\":1",
            "\"excluded\":2", // the single-reader nodule of each scan
            "\"skippedXml\":1",
            "\"trainPatients\":1",
            "\"testPatients\":1",
            "\"skipped\":[{\"file\":\"LIDC-IDRI-0003/xml/071.xml\",\"seriesInstanceUid\":\"9.9.9\","
                + "\"problem\":\"SCAN_NOT_FOUND\",\"reason\":\"no scan for series 9.9.9")) {
      assertTrue(o.contains(kv), kv + " in " + o);
    }
    assertTrue(o.contains(Json.write(site.toAbsolutePath().normalize().toString())), o);

    Site s = Site.open(site);
    assertEquals(List.of("LIDC-IDRI-0001", "LIDC-IDRI-0002"), s.patientIds());
    ManifestEntry malignant = s.manifest().entries().get(0);
    assertEquals(NoduleLabel.MALIGNANT, malignant.nodule().orElseThrow().label());
    assertEquals("masks/1.2.3.4_N1.mha", malignant.nodule().orElseThrow().maskPath().orElseThrow());
    assertEquals(
        2,
        s.manifest().entries().stream().map(e -> e.split().orElseThrow()).distinct().count(),
        "one patient on each side");
    assertTrue(s.load("1.2.3.5").nodules().get(0).mask().isPresent());
    assertTrue(Files.readString(site.resolve("excluded.csv")).contains("rated by 1 reader"));
    assertTrue(Files.readString(site.resolve("skipped.csv")).contains("SCAN_NOT_FOUND"));

    byte[] manifest = Files.readAllBytes(site.resolve(SiteManifest.FILE_NAME));
    assertEquals(0, run(args), err.toString());
    assertArrayEquals(manifest, Files.readAllBytes(site.resolve(SiteManifest.FILE_NAME)));
  }

  @Test
  void lidcSite_text_keyValueLines() throws IOException {
    Path root = input();
    assertEquals(0, run("lidc-site", root.toString(), "--out", dir.resolve("s").toString()));
    assertTrue(out.toString().contains("malignant"), out.toString());
    assertTrue(out.toString().lines().anyMatch(l -> l.matches("scans\\s+2")), out.toString());
  }

  @Test
  void lidcSite_nothingImportable_exit1SiteUntouched() throws IOException {
    Path root = Files.createDirectories(dir.resolve("only-orphan/LIDC-IDRI-0009"));
    Files.writeString(root.resolve("a.xml"), xml("9.9.9", 5, 5));
    Path site = dir.resolve("site");
    assertEquals(
        1, run("lidc-site", dir.resolve("only-orphan").toString(), "--out", site.toString()));
    assertTrue(err.toString().contains("lungnodule lidc-site: "), err.toString());
    assertTrue(
        err.toString().contains("none of the 1 LIDC XML files could be imported"), err.toString());
    assertTrue(err.toString().contains("no scan for series 9.9.9"), err.toString());
    assertTrue(Files.notExists(site));
  }
}
