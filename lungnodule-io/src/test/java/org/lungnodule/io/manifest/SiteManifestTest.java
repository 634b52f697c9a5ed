package org.lungnodule.io.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;

class SiteManifestTest {

  @TempDir Path dir;

  static final String H = SiteManifest.HEADER + "\n";

  @BeforeEach
  void scans() throws IOException {
    Files.createDirectories(dir.resolve("scans"));
    // 10 x 10 x 5 voxels of 1 x 1 x 2 mm at origin 0: centres inside are x,y in [-0.5, 9.5], z in
    // [-1, 9]
    VolumeGeometry g = VolumeGeometry.of(new Dims(10, 10, 5), new Spacing(1, 1, 2));
    VolumeFiles.write(CtVolume.filled(g, -1000), dir.resolve("scans/s1.mhd"));
    VolumeFiles.write(CtVolume.filled(g, -1000), dir.resolve("scans/s2.nii.gz"));
    VolumeFiles.writeMask(org.lungnodule.core.Mask.empty(g), dir.resolve("scans/m1.mha"));
  }

  private Path csv(String body) throws IOException {
    return Files.writeString(dir.resolve(SiteManifest.FILE_NAME), body);
  }

  @Test
  void read_valid_entriesInOrder() throws IOException {
    SiteManifest m =
        SiteManifest.read(
            csv(
                H
                    + "P1,s1,scans/s1.mhd,n1,2.5,3,4,6.5,MALIGNANT,scans/m1.mha\n"
                    + "P1,s1,scans/s1.mhd,n2,5,5,5,3.2,benign,\n"
                    + "P2,s2,scans/s2.nii.gz,,,,,,,\n"
                    + "\n"));
    assertEquals(3, m.entries().size());
    assertEquals(List.of("s1", "s2"), m.scanIds());
    assertEquals(List.of("P1", "P2"), m.patientIds());
    assertEquals(2, m.noduleCount());
    ManifestNodule n1 = m.entries().get(0).nodule().orElseThrow();
    assertEquals(new WorldPoint(2.5, 3, 4), n1.centerMm());
    assertEquals(6.5, n1.diameterMm());
    assertEquals(NoduleLabel.MALIGNANT, n1.label());
    assertEquals(Optional.of("scans/m1.mha"), n1.maskPath());
    assertEquals(NoduleLabel.BENIGN, m.entries().get(1).nodule().orElseThrow().label());
    assertTrue(m.entries().get(2).nodule().isEmpty());
    m.validate(dir);
  }

  @Test
  void writeRead_roundTripWithQuoting() throws IOException {
    SiteManifest m =
        new SiteManifest(
            List.of(
                ManifestEntry.withNodule(
                    "P, 1",
                    "s1",
                    "scans/s1.mhd",
                    new ManifestNodule(
                        "n\"1",
                        new WorldPoint(-1.25, 2, 3.5),
                        4.75,
                        NoduleLabel.UNKNOWN,
                        Optional.empty())),
                ManifestEntry.scanOnly("P2", "s2", "scans/s2.nii.gz")));
    Path f = dir.resolve(SiteManifest.FILE_NAME);
    m.write(f);
    String text = Files.readString(f);
    assertTrue(text.startsWith(SiteManifest.HEADER + "\n"));
    assertTrue(
        text.contains("\"P, 1\",s1,scans/s1.mhd,\"n\"\"1\",-1.25,2,3.5,4.75,UNKNOWN,\n"), text);
    assertTrue(text.endsWith("P2,s2,scans/s2.nii.gz,,,,,,,\n"), text);
    assertEquals(m, SiteManifest.read(f));
  }

  @Test
  void read_errors_lineNumbers() throws IOException {
    String ok = "P1,s1,scans/s1.mhd,n1,1,1,1,4,BENIGN,\n";
    String[][] cases = {
      {"patient,scan\n", "line 1: the header must be exactly"},
      {"", "line 1: the file is empty"},
      {H + ok + "P1,s1,scans/s1.mhd,n2,1,1,1,4,MAYBE,\n", "line 3: unknown label 'MAYBE'"},
      {
        H + ok + ok.replace("n1,1,1,1", "n2,1,abc,1"),
        "line 3: center_y_mm must be a finite number, got 'abc'"
      },
      {H + "P1,s1,scans/nope.mhd,,,,,,,\n", "line 2: scan_path scans/nope.mhd does not exist"},
      {
        H + "P1,s1,scans/s1.mhd,n1,1,1,1,4,BENIGN,masks/none.mhd\n",
        "line 2: mask_path masks/none.mhd does not exist"
      },
      {H + ok + "P1,s1,scans/s1.mhd,n1,1,1,1,4,BENIGN\n", "line 3: expected 10 fields, got 9"},
      {
        H + ok + "P1,s1,scans/s1.mhd,n1,2,2,2,4,BENIGN,\n",
        "line 3: nodule_id n1 repeats within scan s1"
      },
      {H + ok + "P9,s1,scans/s1.mhd,n2,2,2,2,4,BENIGN,\n", "line 3: scan s1 has patient_id P9"},
      {H + ok + "P1,s1,scans/s2.nii.gz,n2,2,2,2,4,BENIGN,\n", "line 3: scan s1 has scan_path"},
      {H + ok + "P1,s1,scans/s1.mhd,,,,,,,\n", "line 3: scan s1 has a row without a nodule"},
      {H + "P1,s1,scans/s1.mhd,n1,1,1,,4,BENIGN,\n", "line 2: center_z_mm is empty"},
      {H + "P1,s1,scans/s1.mhd,n1,1,1,1,0,BENIGN,\n", "line 2: diameter_mm must be positive"},
      {H + ",s1,scans/s1.mhd,,,,,,,\n", "line 2: patient_id is empty"},
      {H + ok + "\n" + ok.replace("n1", "n2"), "line 3: blank line inside"},
    };
    for (String[] c : cases) {
      Path f = csv(c[0]);
      ManifestException e = assertThrows(ManifestException.class, () -> SiteManifest.read(f), c[1]);
      assertTrue(
          e.getMessage().contains(c[1]), () -> "expected '" + c[1] + "' in: " + e.getMessage());
      int line = Integer.parseInt(c[1].replaceAll("^line (\\d+):.*", "$1"));
      assertEquals(line, e.line());
      assertEquals(f, e.path());
    }
  }

  @Test
  void read_missingManifest_noSuchFile() {
    assertThrows(NoSuchFileException.class, () -> SiteManifest.read(dir.resolve("manifest.csv")));
  }

  @Test
  void validate_centreOutsideScan_lineNumber() throws IOException {
    SiteManifest m =
        SiteManifest.read(
            csv(
                H
                    + "P1,s1,scans/s1.mhd,n1,2,2,2,4,BENIGN,\n"
                    + "P1,s1,scans/s1.mhd,n2,2,2,9.5,4,BENIGN,\n"));
    ManifestException e = assertThrows(ManifestException.class, () -> m.validate(dir));
    assertEquals(3, e.line());
    assertTrue(
        e.getMessage().contains("centre (2, 2, 9.5) mm of nodule n2 lies outside scan s1"),
        e.getMessage());
  }

  @Test
  void constructor_crossRowRule_illegalArgument() {
    ManifestNodule n =
        new ManifestNodule("n", new WorldPoint(0, 0, 0), 1, NoduleLabel.BENIGN, Optional.empty());
    List<ManifestEntry> rows =
        List.of(
            ManifestEntry.withNodule("P", "s", "a.mhd", n),
            ManifestEntry.withNodule("P", "s", "a.mhd", n));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SiteManifest(rows));
    assertTrue(e.getMessage().contains("line 3: nodule_id n repeats"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ManifestEntry.scanOnly(" ", "s", "a.mhd"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ManifestNodule(
                "n", new WorldPoint(0, 0, 0), -1, NoduleLabel.BENIGN, Optional.empty()));
  }
}
