package org.lungnodule.io.lidc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.VoxelIndex;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.internal.Csv;
import org.lungnodule.io.lidc.LidcTestFolder.Sphere;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestNodule;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.io.manifest.SiteManifest;

class LidcSiteWriterTest {

  @TempDir Path tmp;

  static final String UID_A = "1.2.3.101";
  static final String UID_B = "1.2.3.102";
  static final String UID_C = "1.2.3.103";

  /** A: malignant N1, benign N2, N3 median 3 (left out). */
  static final List<Sphere> A =
      List.of(
          new Sphere(20, 24, 8, 5, 4, 5, 4, 5),
          new Sphere(44, 42, 12, 4, 1, 2, 2, 1),
          new Sphere(46, 14, 5, 3.5, 3, 3, 3, 3));

  /** B: malignant N1, N2 rated by one reader, N3 under 3 mm (both left out). */
  static final List<Sphere> B =
      List.of(
          new Sphere(30, 30, 10, 6, 5, 5, 4, 4),
          new Sphere(12, 50, 14, 4, 5, -1, -1, -1),
          new Sphere(52, 52, 6, 0.9, 2, 1, -1, -1));

  /** C: one nodule with median 3, so the scan has no kept nodule. */
  static final List<Sphere> C = List.of(new Sphere(32, 20, 9, 4, 3, 3, 2, 4));

  static final Map<String, List<Sphere>> SPHERES = Map.of(UID_A, A, UID_B, B, UID_C, C);

  /**
   * Three good LIDC-IDRI cases, plus a duplicate XML, an orphan XML, a broken series and a non-LIDC
   * XML.
   */
  private Path lidcFolder() throws IOException {
    Path root = tmp.resolve("LIDC");
    LidcTestFolder.writeDicomCase(
        root.resolve("LIDC-IDRI-0001/1.1/" + UID_A), "LIDC-IDRI-0001", UID_A, A);
    Files.copy(
        root.resolve("LIDC-IDRI-0001/1.1/" + UID_A + "/069.xml"),
        root.resolve("LIDC-IDRI-0001/1.1/" + UID_A + "/zz_second_read.xml"));
    LidcTestFolder.writeDicomCase(
        root.resolve("LIDC-IDRI-0002/1.1/" + UID_B), "LIDC-IDRI-0002", UID_B, B);
    LidcTestFolder.writeDicomCase(
        root.resolve("LIDC-IDRI-0003/1.1/" + UID_C), "LIDC-IDRI-0003", UID_C, C);
    // an XML whose series is nowhere
    Path orphan = Files.createDirectories(root.resolve("LIDC-IDRI-0004/orphan"));
    Files.writeString(orphan.resolve("070.xml"), orphanXml());
    // a series with a truncated slice
    Path broken = root.resolve("LIDC-IDRI-0005/1.1/1.2.3.105");
    LidcTestFolder.writeDicomCase(broken, "LIDC-IDRI-0005", "1.2.3.105", C);
    Path slice = broken.resolve("IM00010.dcm");
    byte[] bytes = Files.readAllBytes(slice);
    Files.write(slice, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    // an XML that names no series, and one cut short
    Path other = Files.createDirectories(root.resolve("LIDC-IDRI-0006/xml"));
    Files.writeString(
        other.resolve("a_no_series.xml"),
        "<LidcReadMessage xmlns=\"http://www.nih.gov\"><ResponseHeader/></LidcReadMessage>");
    Files.writeString(
        other.resolve("b_cut.xml"),
        "<LidcReadMessage xmlns=\"http://www.nih.gov\"><readingSession>");
    Files.writeString(root.resolve("notes.xml"), "<IdriReadMessage xmlns=\"http://www.nih.gov\"/>");
    return root;
  }

  private static String orphanXml() {
    return "<LidcReadMessage xmlns=\"http://www.nih.gov\"><ResponseHeader><SeriesInstanceUid>"
        + "1.2.3.999</SeriesInstanceUid></ResponseHeader></LidcReadMessage>";
  }

  private static LidcSiteWriter writer(long seed) {
    return LidcSiteWriter.builder().trainFraction(0.5).seed(seed).build();
  }

  @Test
  void write_lidcLayout_siteWithNodulesMasksSplitAndReports() throws IOException {
    Path input = lidcFolder();
    Path out = tmp.resolve("site");
    LidcSiteReport report = writer(7).write(input, out);

    Site site = Site.open(out);
    SiteManifest m = site.manifest();
    assertEquals(List.of(UID_A, UID_B, UID_C), site.scanIds());
    assertEquals(List.of("LIDC-IDRI-0001", "LIDC-IDRI-0002", "LIDC-IDRI-0003"), site.patientIds());
    Map<String, NoduleLabel> labels = new LinkedHashMap<>();
    for (ManifestEntry e : m.entries()) {
      e.nodule().ifPresent(n -> labels.put(e.scanId() + "/" + n.noduleId(), n.label()));
      assertTrue(e.scanPath().startsWith("scans/") && e.scanPath().endsWith(".mha"), e.scanPath());
    }
    assertEquals(
        Map.of(
            UID_A + "/N1", NoduleLabel.MALIGNANT,
            UID_A + "/N2", NoduleLabel.BENIGN,
            UID_B + "/N1", NoduleLabel.MALIGNANT),
        labels);
    assertEquals(3, m.noduleCount());
    assertTrue(m.rowsOf(UID_C).get(0).nodule().isEmpty(), "C: a nodule-less row");
    assertEquals(1, report.scansWithoutNodules());
    assertEquals(2, report.count(NoduleLabel.MALIGNANT));
    assertEquals(1, report.count(NoduleLabel.BENIGN));

    // centres within a voxel of the spheres, masks on the sphere's voxels
    for (String uid : List.of(UID_A, UID_B)) {
      AnnotatedScan scan = site.load(uid);
      assertArrayEquals(
          LidcTestFolder.volume(SPHERES.get(uid)).copyVoxels(), scan.volume().copyVoxels());
      for (Nodule n : scan.nodules()) {
        Sphere s = SPHERES.get(uid).get(Integer.parseInt(n.id().substring(1)) - 1);
        WorldPoint c = s.centerMm();
        assertTrue(Math.abs(n.centerMm().xMm() - c.xMm()) <= 0.8, n + " vs " + c);
        assertTrue(Math.abs(n.centerMm().yMm() - c.yMm()) <= 0.8, n + " vs " + c);
        assertTrue(Math.abs(n.centerMm().zMm() - c.zMm()) <= 1.5, n + " vs " + c);
        checkMask(n.mask().orElseThrow(), s, scan.volume());
      }
    }

    // the split: one side per patient, seeded, as LidcCohort splits kept patients
    assertTrue(m.hasSplit());
    Set<String> expectedTrain =
        new HashSet<>(
            LidcCohort.trainPatients(List.of("LIDC-IDRI-0001", "LIDC-IDRI-0002"), 0.5, 7));
    expectedTrain.addAll(LidcCohort.trainPatients(List.of("LIDC-IDRI-0003"), 0.5, 7));
    for (ManifestEntry e : m.entries()) {
      assertEquals(
          expectedTrain.contains(e.patientId()) ? ManifestSplit.TRAIN : ManifestSplit.TEST,
          e.split().orElseThrow(),
          e.toString());
    }
    assertEquals(
        1,
        report.patients(ManifestSplit.TEST).stream()
            .filter(p -> !p.equals("LIDC-IDRI-0003"))
            .count(),
        "one nodule patient in test");
    Set<String> both = new HashSet<>(report.patients(ManifestSplit.TRAIN));
    both.retainAll(report.patients(ManifestSplit.TEST));
    assertTrue(both.isEmpty(), "no patient on both sides: " + both);

    // excluded.csv: every left-out nodule with its reason
    List<String> ex = Files.readAllLines(out.resolve(LidcSiteWriter.EXCLUDED_FILE));
    assertEquals(LidcSiteWriter.EXCLUDED_HEADER, ex.get(0));
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String line : ex.subList(1, ex.size())) {
      List<String> f = Csv.split(line);
      reasons.put(f.get(1) + "/" + f.get(2), f.get(9));
    }
    assertEquals(
        List.of(UID_A + "/N3", UID_B + "/N2", UID_B + "/N3", UID_C + "/N1"),
        List.copyOf(reasons.keySet()));
    assertEquals("median malignancy 3.0 is indeterminate", reasons.get(UID_A + "/N3"));
    assertEquals("rated by 1 reader, fewer than 2", reasons.get(UID_B + "/N2"));
    assertTrue(
        reasons.get(UID_B + "/N3").matches("diameter [0-9.]+ mm is not above 3.0 mm"),
        reasons.get(UID_B + "/N3"));
    assertEquals("median malignancy 3.0 is indeterminate", reasons.get(UID_C + "/N1"));
    assertEquals(4, report.excluded().size());

    // skipped.csv: the bad inputs, each with its problem
    List<String> sk = Files.readAllLines(out.resolve(LidcSiteWriter.SKIPPED_FILE));
    assertEquals(LidcSiteWriter.SKIPPED_HEADER, sk.get(0));
    Map<String, String> problems = new LinkedHashMap<>();
    for (String line : sk.subList(1, sk.size())) {
      List<String> f = Csv.split(line);
      problems.put(f.get(0), f.get(2) + " " + f.get(1) + ": " + f.get(3));
    }
    assertEquals(
        List.of(
            "LIDC-IDRI-0001/1.1/" + UID_A + "/zz_second_read.xml",
            "LIDC-IDRI-0004/orphan/070.xml",
            "LIDC-IDRI-0005/1.1/1.2.3.105/069.xml",
            "LIDC-IDRI-0006/xml/a_no_series.xml",
            "LIDC-IDRI-0006/xml/b_cut.xml",
            "notes.xml"),
        List.copyOf(problems.keySet()));
    String dup = problems.get("LIDC-IDRI-0001/1.1/" + UID_A + "/zz_second_read.xml");
    assertTrue(
        dup.startsWith(
            "DUPLICATE_SERIES "
                + UID_A
                + ": series "
                + UID_A
                + " is already annotated by LIDC-IDRI-0001/1.1/"
                + UID_A
                + "/069.xml"),
        dup);
    String orphan = problems.get("LIDC-IDRI-0004/orphan/070.xml");
    assertTrue(orphan.startsWith("SCAN_NOT_FOUND 1.2.3.999: no scan for series 1.2.3.999"), orphan);
    String broken = problems.get("LIDC-IDRI-0005/1.1/1.2.3.105/069.xml");
    assertTrue(broken.startsWith("SCAN_UNREADABLE 1.2.3.105: cannot read the scan"), broken);
    assertTrue(
        problems.get("notes.xml").startsWith("NOT_LIDC_XML : root element"),
        problems.get("notes.xml"));
    assertEquals(
        "NO_SERIES_UID : no SeriesInstanceUid in the ResponseHeader",
        problems.get("LIDC-IDRI-0006/xml/a_no_series.xml"));
    String cut = problems.get("LIDC-IDRI-0006/xml/b_cut.xml");
    assertTrue(cut.startsWith("BAD_XML : malformed XML at line 1"), cut);
    assertEquals(6, report.skipped().size());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(Set.of(input, out), Set.copyOf(s.toList()), "no temporary folder left");
    }
  }

  /**
   * The mask lies on the sphere: every mask voxel within the sphere's radius plus one pixel
   * diagonal and a reader's bias (the LIDC contour's own pixels count), at least 90% of the
   * sphere's voxels covered, the centre covered.
   */
  private static void checkMask(Mask mask, Sphere s, CtVolume scan) {
    double reach = s.radiusMm() + 0.8 * Math.sqrt(2) + 0.25;
    int set = 0;
    for (int k = 0; k < mask.dims().nz(); k++) {
      for (int j = 0; j < mask.dims().ny(); j++) {
        for (int i = 0; i < mask.dims().nx(); i++) {
          if (mask.isSet(i, j, k)) {
            set++;
            WorldPoint w = mask.geometry().voxelToWorld(i, j, k);
            WorldPoint c = s.centerMm();
            double dx = w.xMm() - c.xMm();
            double dy = w.yMm() - c.yMm();
            double dz = w.zMm() - c.zMm();
            assertTrue(
                Math.sqrt(dx * dx + dy * dy + dz * dz) <= reach,
                "mask voxel " + w + " is off the sphere " + s);
          }
        }
      }
    }
    int sphere = 0;
    int covered = 0;
    for (int k = 0; k < scan.dims().nz(); k++) {
      for (int j = 0; j < scan.dims().ny(); j++) {
        for (int i = 0; i < scan.dims().nx(); i++) {
          if (!s.contains(i, j, k)) {
            continue;
          }
          assertEquals(LidcTestFolder.NODULE, scan.get(i, j, k));
          sphere++;
          VoxelIndex m =
              mask.geometry().worldToVoxel(scan.geometry().voxelToWorld(i, j, k)).round();
          boolean in = mask.dims().contains(m.i(), m.j(), m.k()) && mask.isSet(m.i(), m.j(), m.k());
          covered += in ? 1 : 0;
          if (i == s.ci() && j == s.cj() && k == s.ck()) {
            assertTrue(in, "mask covers the sphere centre " + s);
          }
        }
      }
    }
    assertTrue(covered >= 0.9 * sphere, covered + " of " + sphere + " sphere voxels in the mask");
    assertTrue(set > 0);
  }

  @Test
  void write_rerun_sameBytesAndScans() throws IOException {
    Path input = lidcFolder();
    Path out = tmp.resolve("site");
    writer(3).write(input, out);
    byte[] manifest = Files.readAllBytes(out.resolve(SiteManifest.FILE_NAME));
    byte[] excluded = Files.readAllBytes(out.resolve(LidcSiteWriter.EXCLUDED_FILE));
    byte[] scan = Files.readAllBytes(out.resolve("scans/" + UID_A + ".mha"));
    Files.writeString(out.resolve("stray.txt"), "left by hand");
    writer(3).write(input, out);
    assertArrayEquals(manifest, Files.readAllBytes(out.resolve(SiteManifest.FILE_NAME)));
    assertArrayEquals(excluded, Files.readAllBytes(out.resolve(LidcSiteWriter.EXCLUDED_FILE)));
    assertArrayEquals(scan, Files.readAllBytes(out.resolve("scans/" + UID_A + ".mha")));
    assertFalse(Files.exists(out.resolve("stray.txt")), "a rerun replaces the whole folder");
  }

  @Test
  void write_failingRerun_earlierSiteIntact() throws IOException {
    Path input = lidcFolder();
    Path out = tmp.resolve("site");
    writer(3).write(input, out);
    byte[] manifest = Files.readAllBytes(out.resolve(SiteManifest.FILE_NAME));
    Path bad = Files.createDirectories(tmp.resolve("bad/LIDC-IDRI-0009"));
    Files.writeString(bad.resolve("x.xml"), orphanXml());
    LidcSiteException e =
        assertThrows(LidcSiteException.class, () -> writer(3).write(tmp.resolve("bad"), out));
    assertTrue(
        e.getMessage().contains("none of the 1 LIDC XML files could be imported"), e.getMessage());
    assertTrue(
        e.getMessage().contains("LIDC-IDRI-0009/x.xml: no scan for series 1.2.3.999"),
        e.getMessage());
    assertEquals(LidcSkippedFile.Problem.SCAN_NOT_FOUND, e.skipped().get(0).problem());
    assertArrayEquals(manifest, Files.readAllBytes(out.resolve(SiteManifest.FILE_NAME)));
    Site.open(out).load(UID_A);
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(
          Set.of(input, out, tmp.resolve("bad")), Set.copyOf(s.toList()), "no temporary folder");
    }
  }

  @Test
  void write_lunaLayout_volumesNamedByUid() throws IOException {
    Path root = tmp.resolve("luna");
    LidcTestFolder.writeLunaCase(
        root.resolve("subset0"), root.resolve("tcia-lidc-xml/185"), UID_B, B);
    LidcTestFolder.writeLunaCase(
        root.resolve("subset1"), root.resolve("tcia-lidc-xml/LIDC-IDRI-0001"), UID_A, A);
    Path out = tmp.resolve("site");
    LidcSiteReport r = LidcSiteWriter.builder().build().write(root, out);
    Site site = Site.open(out);
    // XML path order: tcia-lidc-xml/185/... before tcia-lidc-xml/LIDC-IDRI-0001/...
    assertEquals(List.of(UID_B, UID_A), site.scanIds());
    // patient: the LIDC-IDRI-nnnn folder of the XML, else the series UID
    assertEquals(List.of(UID_B, "LIDC-IDRI-0001"), site.patientIds());
    assertEquals(3, site.manifest().noduleCount());
    ManifestNodule b1 = site.manifest().rowsOf(UID_B).get(0).nodule().orElseThrow();
    assertEquals(NoduleLabel.MALIGNANT, b1.label());
    WorldPoint c = B.get(0).centerMm();
    assertTrue(Math.abs(b1.centerMm().xMm() - c.xMm()) <= 0.8, b1.centerMm() + " vs " + c);
    assertTrue(Math.abs(b1.centerMm().yMm() - c.yMm()) <= 0.8, b1.centerMm() + " vs " + c);
    assertTrue(Math.abs(b1.centerMm().zMm() - c.zMm()) <= 1.5, b1.centerMm() + " vs " + c);
    AnnotatedScan a = site.load(UID_A);
    checkMask(a.nodules().get(0).mask().orElseThrow(), A.get(0), a.volume());
    assertEquals(0, r.skipped().size());
    assertTrue(site.manifest().entries().stream().allMatch(e -> e.split().isPresent()));
  }

  @Test
  void write_siteInsideInput_refused() throws IOException {
    Path input = lidcFolder();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> writer(1).write(input, input.resolve("site")));
    assertTrue(e.getMessage().contains("must not lie inside one another"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> writer(1).write(input, tmp));
    assertTrue(Files.isDirectory(input.resolve("LIDC-IDRI-0001")), "input untouched");
  }

  @Test
  void write_noLidcXml_fails() throws IOException {
    Path input = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(input.resolve("a.xml"), "<IdriReadMessage xmlns=\"http://www.nih.gov\"/>");
    LidcSiteException e =
        assertThrows(LidcSiteException.class, () -> writer(1).write(input, tmp.resolve("site")));
    assertTrue(
        e.getMessage().contains("no LIDC XML (LidcReadMessage) found among 1 XML files"),
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("site")));
  }

  @Test
  void builder_rules() {
    assertThrows(IllegalArgumentException.class, () -> LidcSiteWriter.builder().trainFraction(1));
    assertThrows(IllegalArgumentException.class, () -> LidcSiteWriter.builder().trainFraction(0));
    assertThrows(IllegalStateException.class, () -> LidcSiteWriter.builder().seed(1).seed(2));
    assertThrows(
        IllegalStateException.class,
        () -> LidcSiteWriter.builder().trainFraction(0.5).trainFraction(0.6));
    assertThrows(NullPointerException.class, () -> LidcSiteWriter.builder().rules(null));
    assertTrue(LidcSiteWriter.builder().seed(5).build().toString().contains("seed=5"));
  }
}
