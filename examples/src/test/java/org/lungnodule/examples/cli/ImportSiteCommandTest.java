package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomSeg;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.DicomWriteOptions;
import org.lungnodule.io.dicom.SegmentToWrite;
import org.lungnodule.io.manifest.Site;

/**
 * {@code import-site}: a DICOM series with a two-segment SEG and a labels file, --json and text.
 */
class ImportSiteCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private static final VolumeGeometry GRID =
      new VolumeGeometry(
          new Dims(32, 32, 8),
          new Spacing(1, 1, 2),
          new WorldPoint(-16, -16, -50),
          Direction.IDENTITY);

  /** A box of voxels [i0, i1) x [j0, j1) x [k0, k1) on a grid. */
  private static Mask box(VolumeGeometry g, int i0, int i1, int j0, int j1, int k0, int k1) {
    byte[] m = new byte[g.dims().voxelCount()];
    for (int k = k0; k < k1; k++) {
      for (int j = j0; j < j1; j++) {
        for (int i = i0; i < i1; i++) {
          m[g.dims().index(i, j, k)] = 1;
        }
      }
    }
    return Mask.wrap(g, m);
  }

  private Path export() throws IOException {
    Path export = dir.resolve("export");
    Path ct = export.resolve("P7").resolve("CT");
    Dicom.writeSeries(
        CtVolume.filled(GRID, -700f), ct, DicomWriteOptions.builder().patientId("P7").build());
    DicomSeries s = Dicom.readSeriesWithInfo(ct);
    VolumeGeometry g = s.volume().geometry();
    DicomSeg.write(
        export.resolve("P7").resolve("seg.dcm"),
        s,
        List.of(
            new SegmentToWrite("n1", Optional.empty(), box(g, 4, 8, 4, 8, 2, 4)),
            new SegmentToWrite("n2", Optional.empty(), box(g, 20, 23, 20, 23, 5, 6))));
    return export;
  }

  @Test
  void importSite_json() throws IOException {
    Path export = export();
    Path labels = dir.resolve("labels.csv");
    Files.writeString(labels, "patient_id,nodule,label\nP7,n1,MALIGNANT\nP7,n9,BENIGN\n");
    Path site = dir.resolve("site");
    assertEquals(
        0,
        run(
            "import-site",
            export.toString(),
            "--out",
            site.toString(),
            "--labels",
            labels.toString(),
            "--json"),
        err.toString());
    String json = out.toString().trim();
    assertEquals(1, json.lines().count(), json);
    assertTrue(json.contains("\"scans\":1"), json);
    assertTrue(json.contains("\"nodules\":2"), json);
    assertTrue(json.contains("\"labels\":{\"BENIGN\":0,\"MALIGNANT\":1,\"UNKNOWN\":1}"), json);
    assertTrue(json.contains("\"leftOut\":1"), json);
    assertTrue(
        json.contains("\"line\":3,\"kind\":\"LABEL_UNMATCHED\",\"outcome\":\"SKIPPED\""), json);

    Site s = Site.open(site);
    List<Nodule> nodules = s.load(s.scanIds().get(0)).nodules();
    assertEquals(List.of("n1", "n2"), nodules.stream().map(Nodule::id).toList());
    assertEquals(NoduleLabel.MALIGNANT, nodules.get(0).label());
    // n1: voxels 4..7 x 4..7 x 2..3 -> centre (5.5, 5.5, 2.5) voxels -> (-10.5, -10.5, -45) mm
    assertEquals(-10.5, nodules.get(0).centerMm().xMm(), 1e-6);
    assertEquals(-10.5, nodules.get(0).centerMm().yMm(), 1e-6);
    assertEquals(-45, nodules.get(0).centerMm().zMm(), 1e-6);
    // 32 voxels of 2 mm³: a sphere of 64 mm³
    assertEquals(Math.cbrt(6 * 64 / Math.PI), nodules.get(0).diameterMm(), 1e-6);
  }

  @Test
  void importSite_text_listsIssues() throws IOException {
    Path export = export();
    Files.writeString(export.resolve("README"), "from PACS");
    assertEquals(
        0,
        run("import-site", export.toString(), "--out", dir.resolve("site").toString()),
        err.toString());
    String text = out.toString();
    assertTrue(text.contains("nodules"), text);
    assertTrue(text.contains("  README: NOT_DICOM (ignored):"), text);
  }

  @Test
  void importSite_nothingToImport_exit1_siteLeft() throws IOException {
    Path export = export();
    Path site = dir.resolve("site");
    assertEquals(0, run("import-site", export.toString(), "--out", site.toString()));
    String manifest = Files.readString(site.resolve("manifest.csv"));
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    assertEquals(1, run("import-site", empty.toString(), "--out", site.toString()));
    assertTrue(err.toString().contains("no CT series"), err.toString());
    assertEquals(manifest, Files.readString(site.resolve("manifest.csv")));
    assertFalse(err.toString().contains("Exception"), err.toString());
  }
}
