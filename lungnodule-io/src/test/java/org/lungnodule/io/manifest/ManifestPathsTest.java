package org.lungnodule.io.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;

/**
 * The manifest's trust boundary (issue 30): scan_path and mask_path must stay inside the site
 * folder unless the caller opts in with {@link ManifestPaths#TRUSTED}; bytes that are not UTF-8 are
 * reported with the file and line.
 */
class ManifestPathsTest {

  @TempDir Path tmp;
  Path site;
  Path elsewhere;

  static final String H = SiteManifest.HEADER + "\n";

  @BeforeEach
  void folders() throws IOException {
    site = Files.createDirectories(tmp.resolve("site"));
    elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    VolumeGeometry g = VolumeGeometry.of(new Dims(10, 10, 5), new Spacing(1, 1, 2));
    Files.createDirectories(site.resolve("scans"));
    VolumeFiles.write(CtVolume.filled(g, -1000), site.resolve("scans/in.mha"));
    VolumeFiles.write(CtVolume.filled(g, -1000), elsewhere.resolve("x.mha"));
    VolumeFiles.writeMask(Mask.empty(g), elsewhere.resolve("m.mha"));
  }

  private Path manifest(String body) throws IOException {
    return Files.writeString(site.resolve(SiteManifest.FILE_NAME), H + body);
  }

  private ManifestException refused(Path csv, int line, String fragment) {
    ManifestException e = assertThrows(ManifestException.class, () -> SiteManifest.read(csv));
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(csv, e.path());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  @Test
  void scanPath_dotDotEscape_refused() throws IOException {
    Path csv = manifest("P1,s1,scans/in.mha,,,,,,,\nP2,s2,../../../../elsewhere/x.mhd,,,,,,,\n");
    refused(csv, 3, "scan_path '../../../../elsewhere/x.mhd' leads outside " + site);
  }

  @Test
  void scanPath_dotDotToExistingFile_refused() throws IOException {
    Path csv = manifest("P2,s2,../elsewhere/x.mha,,,,,,,\n");
    refused(csv, 2, "scan_path '../elsewhere/x.mha' leads outside");
  }

  @Test
  void scanPath_absolute_refused() throws IOException {
    String abs = elsewhere.resolve("x.mha").toString();
    Path csv = manifest("P2,s2," + abs + ",,,,,,,\n");
    ManifestException e = refused(csv, 2, "scan_path '" + abs + "' is an absolute path");
    assertTrue(e.getMessage().contains("ManifestPaths.TRUSTED"), e.getMessage());
  }

  @Test
  void maskPath_outside_refused() throws IOException {
    Path csv = manifest("P1,s1,scans/in.mha,n1,2,2,2,3,BENIGN,../elsewhere/m.mha\n");
    refused(csv, 2, "mask_path '../elsewhere/m.mha' leads outside");
  }

  @Test
  void scanPath_linkToFileOutside_refused() throws IOException {
    assumeTrue(symlink(site.resolve("scans/link.mha"), elsewhere.resolve("x.mha")));
    Path csv = manifest("P2,s2,scans/link.mha,,,,,,,\n");
    refused(
        csv,
        2,
        "scan_path 'scans/link.mha' is a link to " + elsewhere.toRealPath().resolve("x.mha"));
  }

  @Test
  void scanPath_linkedFolderOutside_refusedUnlessTrusted() throws IOException {
    assumeTrue(symlink(site.resolve("linked"), elsewhere));
    Path csv = manifest("P2,s2,linked/x.mha,,,,,,,\n");
    refused(csv, 2, "is a link to");
    assertEquals(1, Site.open(site, ManifestPaths.TRUSTED).scanCount());
  }

  @Test
  void scanPath_nul_typedError() throws IOException {
    Path csv = manifest("P1,P001-CT1,scans\u0000x.mhd,,,,,,,\n");
    refused(csv, 2, "scan_path 'scans\\u0000x.mhd' is not a valid path");
  }

  @Test
  void scanPath_dotDotThatStaysInside_read() throws IOException {
    Path csv = manifest("P1,s1,scans/../scans/in.mha,,,,,,,\n");
    assertEquals(1, SiteManifest.read(csv).scanIds().size());
  }

  @Test
  void trusted_absoluteAndDotDot_readAndLoaded() throws IOException {
    String abs = elsewhere.resolve("x.mha").toString();
    manifest(
        "P1,s1,"
            + abs
            + ",n1,2,2,2,3,BENIGN,../elsewhere/m.mha\n"
            + "P2,s2,../elsewhere/x.mha,,,,,,,\n");
    assertThrows(ManifestException.class, () -> Site.open(site));
    Site s = Site.open(site, ManifestPaths.TRUSTED);
    assertEquals(ManifestPaths.TRUSTED, s.paths());
    assertEquals(1, s.load("s1").nodules().size());
    assertEquals(10, s.load("s2").volume().dims().nx());
    s.manifest().validate(site, ManifestPaths.TRUSTED);
  }

  @Test
  void validate_inMemoryManifestLeavingFolder_refused() {
    SiteManifest m =
        new SiteManifest(
            List.of(
                ManifestEntry.withNodule(
                    "P1",
                    "s1",
                    "scans/in.mha",
                    new ManifestNodule(
                        "n1",
                        new WorldPoint(2, 2, 2),
                        3,
                        NoduleLabel.BENIGN,
                        Optional.of("../elsewhere/m.mha")))));
    ManifestException e = assertThrows(ManifestException.class, () -> m.validate(site));
    assertTrue(
        e.getMessage().contains("mask_path '../elsewhere/m.mha' leads outside"), e.getMessage());
  }

  @Test
  void load_linkSwappedAfterOpen_refused() throws IOException {
    Path scan = site.resolve("scans/late.mha");
    Files.copy(site.resolve("scans/in.mha"), scan);
    manifest("P1,s1,scans/late.mha,,,,,,,\n");
    Site s = Site.open(site);
    Files.delete(scan);
    assumeTrue(symlink(scan, elsewhere.resolve("x.mha")));
    ManifestException e = assertThrows(ManifestException.class, () -> s.load("s1"));
    assertTrue(e.getMessage().contains("is a link to"), e.getMessage());
  }

  @Test
  void invalidUtf8_namesFileAndLine() throws IOException {
    byte[] head = (H + "P1,s1,scans/in.mha,,,,,,,\nP2,s").getBytes(StandardCharsets.UTF_8);
    byte[] tail = "2,scans/in.mha,,,,,,,\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    all[head.length] = (byte) 0xFF;
    System.arraycopy(tail, 0, all, head.length + 1, tail.length);
    Path csv = Files.write(site.resolve(SiteManifest.FILE_NAME), all);
    ManifestException e = refused(csv, 3, "invalid UTF-8 at byte 5 of the line (0xFF)");
    assertTrue(e.getMessage().startsWith(csv + " line 3: "), e.getMessage());
  }

  private static boolean symlink(Path link, Path target) {
    try {
      Files.createSymbolicLink(link, target);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
