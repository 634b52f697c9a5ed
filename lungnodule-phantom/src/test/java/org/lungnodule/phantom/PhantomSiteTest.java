package org.lungnodule.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestNodule;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.io.manifest.SiteManifest;

class PhantomSiteTest {

  private static Phantom phantom(SiteProfile p, long seed) {
    return Phantom.builder().profile(p).size(PhantomSize.TEST).seed(seed).build();
  }

  @Test
  void write_dicomReadsBackTheSameScansAndNodules(@TempDir Path tmp) throws IOException {
    for (PhantomSite.ScanFormat f :
        List.of(PhantomSite.ScanFormat.DICOM, PhantomSite.ScanFormat.DICOM_RLE)) {
      Phantom ph = phantom(SiteProfile.HB, 5);
      Path dir = tmp.resolve(f.name());
      SiteSummary sum = PhantomSite.of(ph).withFormat(f).write(dir, 3);
      assertEquals(3, sum.patients());
      assertEquals(6, sum.benign() + sum.malignant());
      SiteManifest m = SiteManifest.read(dir.resolve("manifest.csv"));
      assertEquals(List.of("HB-0001", "HB-0002", "HB-0003"), m.patientIds());
      for (int i = 0; i < 3; i++) {
        AnnotatedScan want = ph.scan(i);
        List<ManifestEntry> rows = m.rowsOf(want.scanId());
        assertEquals(want.nodules().size(), rows.size());
        CtVolume got = Dicom.readSeries(dir.resolve(rows.get(0).scanPath()));
        assertTrue(want.volume().geometry().sameGrid(got.geometry(), 1e-4), got.toString());
        assertArrayEquals(want.volume().copyVoxels(), got.copyVoxels());
        for (int n = 0; n < rows.size(); n++) {
          Nodule wn = want.nodules().get(n);
          ManifestNodule gn = rows.get(n).nodule().orElseThrow();
          assertEquals(wn.id(), gn.noduleId());
          assertEquals(wn.label(), gn.label());
          assertEquals(wn.diameterMm(), gn.diameterMm(), 1e-6);
          assertEquals(wn.centerMm().xMm(), gn.centerMm().xMm(), 1e-6);
          assertEquals(wn.centerMm().zMm(), gn.centerMm().zMm(), 1e-6);
          Mask gm = VolumeFiles.readMask(dir.resolve(gn.maskPath().orElseThrow()));
          Mask wm = wn.mask().orElseThrow();
          assertTrue(wm.geometry().sameGrid(gm.geometry(), 1e-4));
          assertArrayEquals(wm.copyLabels(), gm.copyLabels());
        }
      }
    }
  }

  @Test
  void write_metaImageOpensAsSite(@TempDir Path tmp) throws IOException {
    Phantom ph = phantom(SiteProfile.XZ, 2);
    PhantomSite.of(ph).withFormat(PhantomSite.ScanFormat.METAIMAGE).write(tmp.resolve("s"), 2);
    Site site = Site.open(tmp.resolve("s"));
    assertEquals(2, site.scanCount());
    AnnotatedScan got = site.load("XZ-0002-S1");
    AnnotatedScan want = ph.scan(1);
    assertArrayEquals(want.volume().copyVoxels(), got.volume().copyVoxels());
    assertEquals(want.nodules().size(), got.nodules().size());
    assertEquals(
        want.nodules().get(0).mask().get().count(), got.nodules().get(0).mask().get().count());
  }

  @Test
  void write_sameSeedByteIdenticalFiles(@TempDir Path tmp) throws IOException {
    PhantomSite w =
        PhantomSite.of(phantom(SiteProfile.PUBLIC, 9)).withFormat(PhantomSite.ScanFormat.DICOM_RLE);
    w.write(tmp.resolve("a"), 2);
    PhantomSite.of(phantom(SiteProfile.PUBLIC, 9))
        .withFormat(PhantomSite.ScanFormat.DICOM_RLE)
        .write(tmp.resolve("b"), 2);
    List<Path> a = files(tmp.resolve("a"));
    List<Path> b = files(tmp.resolve("b"));
    assertEquals(
        a.stream().map(p -> tmp.resolve("a").relativize(p)).toList(),
        b.stream().map(p -> tmp.resolve("b").relativize(p)).toList());
    assertTrue(a.size() > 10);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(
          Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void write_nonEmptyFolderRefused(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("x.txt"), "x");
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () -> PhantomSite.of(phantom(SiteProfile.PUBLIC, 1)).write(tmp, 1));
    assertTrue(e.getMessage().contains(tmp.toString()));
  }

  @Test
  void summarize_matchesWrite(@TempDir Path tmp) throws IOException {
    PhantomSite w = PhantomSite.of(phantom(SiteProfile.PUBLIC, 4)).withMasks(false);
    SiteSummary planned = w.summarize(3);
    SiteSummary written = w.write(tmp.resolve("s"), 3);
    assertEquals(planned, written);
    assertEquals(3, SiteManifest.read(tmp.resolve("s/manifest.csv")).scanIds().size());
    assertTrue(Files.notExists(tmp.resolve("s/masks")));
  }

  @Test
  void write_zeroPatients() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PhantomSite.of(phantom(SiteProfile.PUBLIC, 1)).summarize(0));
  }

  @Test
  void scanFormat_parse() {
    assertEquals(PhantomSite.ScanFormat.DICOM_RLE, PhantomSite.ScanFormat.parse("rle"));
    assertEquals(PhantomSite.ScanFormat.METAIMAGE, PhantomSite.ScanFormat.parse("mhd"));
    assertThrows(IllegalArgumentException.class, () -> PhantomSite.ScanFormat.parse("png"));
  }
}
