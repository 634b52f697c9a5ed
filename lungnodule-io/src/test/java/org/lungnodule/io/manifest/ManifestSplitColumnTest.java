package org.lungnodule.io.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
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

/** The optional trailing {@code split} column of {@code manifest.csv}. */
class ManifestSplitColumnTest {

  @TempDir Path dir;

  static final String HS = SiteManifest.HEADER_WITH_SPLIT + "\n";

  @BeforeEach
  void scans() throws IOException {
    VolumeGeometry g = VolumeGeometry.of(new Dims(10, 10, 5), new Spacing(1, 1, 2));
    Files.createDirectories(dir.resolve("scans"));
    VolumeFiles.write(CtVolume.filled(g, -1000), dir.resolve("scans/s1.mhd"));
    VolumeFiles.write(CtVolume.filled(g, -1000), dir.resolve("scans/s2.mhd"));
    VolumeFiles.write(CtVolume.filled(g, -1000), dir.resolve("scans/s3.mhd"));
  }

  private Path csv(String body) throws IOException {
    return Files.writeString(dir.resolve(SiteManifest.FILE_NAME), body);
  }

  @Test
  void read_splitColumn_valuesPerRow() throws IOException {
    SiteManifest m =
        SiteManifest.read(
            csv(
                HS
                    + "P1,s1,scans/s1.mhd,n1,2,3,4,6,MALIGNANT,,train\n"
                    + "P1,s2,scans/s2.mhd,,,,,,,,TRAIN\n"
                    + "P2,s3,scans/s3.mhd,n1,5,5,5,4,BENIGN,,test\n"));
    assertTrue(m.hasSplit());
    assertEquals(
        List.of(
            Optional.of(ManifestSplit.TRAIN),
            Optional.of(ManifestSplit.TRAIN),
            Optional.of(ManifestSplit.TEST)),
        m.entries().stream().map(ManifestEntry::split).toList());
    assertEquals(NoduleLabel.MALIGNANT, m.entries().get(0).nodule().orElseThrow().label());
  }

  @Test
  void read_withoutSplitColumn_noSplit() throws IOException {
    SiteManifest m =
        SiteManifest.read(csv(SiteManifest.HEADER + "\nP1,s1,scans/s1.mhd,n1,2,3,4,6,BENIGN,\n"));
    assertFalse(m.hasSplit());
    assertEquals(Optional.empty(), m.entries().get(0).split());
  }

  @Test
  void read_badSplit_namesFileAndLine() throws IOException {
    String ok = "P1,s1,scans/s1.mhd,n1,1,1,1,4,BENIGN,,train\n";
    String[][] cases = {
      {HS + ok + "P2,s2,scans/s2.mhd,,,,,,,,validation\n", "line 3: split must be train or test"},
      {HS + ok + "P2,s2,scans/s2.mhd,,,,,,,,\n", "line 3: split must be train or test, got ''"},
      {HS + ok + "P2,s2,scans/s2.mhd,,,,,,,\n", "line 3: expected 11 fields, got 10"},
      {
        HS + ok + "P1,s2,scans/s2.mhd,,,,,,,,test\n",
        "line 3: patient P1 has split test but line 2 says train"
      },
      {SiteManifest.HEADER + "\n" + ok, "line 2: expected 10 fields, got 11"},
      {SiteManifest.HEADER + ",fold\n" + ok, "line 1: the header must be exactly"},
    };
    for (String[] c : cases) {
      Path f = csv(c[0]);
      ManifestException e = assertThrows(ManifestException.class, () -> SiteManifest.read(f));
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), c[1] + " in: " + e.getMessage());
    }
  }

  @Test
  void constructor_splitOnSomeRowsOnly_refused() {
    ManifestEntry a = ManifestEntry.scanOnly("P1", "s1", "scans/s1.mhd");
    ManifestEntry b = ManifestEntry.scanOnly("P2", "s2", "scans/s2.mhd");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SiteManifest(List.of(a.withSplit(ManifestSplit.TEST), b)));
    assertTrue(e.getMessage().contains("line 3: split is missing"), e.getMessage());
  }

  @Test
  void writeRead_roundTrip_columnOnlyWhenPresent() throws IOException {
    ManifestNodule n =
        new ManifestNodule("n1", new WorldPoint(1, 2, 3), 5, NoduleLabel.BENIGN, Optional.empty());
    SiteManifest with =
        new SiteManifest(
            List.of(
                ManifestEntry.withNodule("P1", "s1", "scans/s1.mhd", n)
                    .withSplit(ManifestSplit.TRAIN),
                ManifestEntry.scanOnly("P2", "s2", "scans/s2.mhd").withSplit(ManifestSplit.TEST)));
    Path f = dir.resolve(SiteManifest.FILE_NAME);
    with.write(f);
    assertEquals(
        HS + "P1,s1,scans/s1.mhd,n1,1,2,3,5,BENIGN,,train\nP2,s2,scans/s2.mhd,,,,,,,,test\n",
        Files.readString(f));
    assertEquals(with, SiteManifest.read(f));

    SiteManifest without =
        new SiteManifest(List.of(ManifestEntry.withNodule("P1", "s1", "scans/s1.mhd", n)));
    without.write(f);
    assertEquals(
        SiteManifest.HEADER + "\nP1,s1,scans/s1.mhd,n1,1,2,3,5,BENIGN,\n", Files.readString(f));
    assertEquals(without, SiteManifest.read(f));
  }

  @Test
  void parse_values() {
    assertEquals(Optional.of(ManifestSplit.TRAIN), ManifestSplit.parse("Train"));
    assertEquals(Optional.of(ManifestSplit.TEST), ManifestSplit.parse("test"));
    assertEquals(Optional.empty(), ManifestSplit.parse("val"));
    assertEquals("test", ManifestSplit.TEST.csvValue());
  }
}
