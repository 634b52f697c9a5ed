package org.lungnodule.io.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.manifest.ExportFixture.Series;
import org.lungnodule.io.manifest.ExportFixture.Sphere;

/**
 * Imports synthetic hospital exports: CT series written by our DicomWriter in nested folders with
 * files without extension, a SEG written by DicomSeg.write, the pydicom RTSTRUCT fixture with its
 * CT series (matched by Frame of Reference), label maps named by series UID and by folder, and a
 * labels file; then bad inputs, each reported with a still-usable site.
 */
class SiteImporterTest {

  /** The series and frame of reference of the pydicom fixture dicom/seg/ct. */
  static final String REF_SERIES = "1.2.826.0.1.3680043.8.498.1002";

  @TempDir Path tmp;

  private static void assertNear(WorldPoint expected, WorldPoint actual, double tolMm) {
    assertEquals(expected.xMm(), actual.xMm(), tolMm, "x of " + actual);
    assertEquals(expected.yMm(), actual.yMm(), tolMm, "y of " + actual);
    assertEquals(expected.zMm(), actual.zMm(), tolMm, "z of " + actual);
  }

  private static double sphereDiameter(long voxels, VolumeGeometry g) {
    return Math.cbrt(6 * voxels * g.spacing().voxelVolumeMm3() / Math.PI);
  }

  /** Every file under a folder with its bytes, by relative path. */
  private static Map<String, byte[]> contents(Path folder) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(folder)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static void assertSameContents(Map<String, byte[]> a, Map<String, byte[]> b) {
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), k);
    }
  }

  private record GoodExport(Path dir, Path labels, Series a, Series c) {}

  private GoodExport goodExport() throws IOException {
    Path export = tmp.resolve("export");
    Series a =
        ExportFixture.ct(
            export.resolve("PA/2026-01-02/CT 1.25"),
            "PA",
            1,
            ExportFixture.grid(48, 40, 12, -100.5),
            new Sphere(14, 15, 5, 3.5),
            new Sphere(33, 24, 7, 2.5));
    ExportFixture.seg(export.resolve("PA/2026-01-02/SEG/seg"), a, "nodule A", "nodule B");
    ExportFixture.referenceCt(export.resolve("SEGREF/ct"));
    Files.createDirectories(export.resolve("SEGREF/rt"));
    Files.copy(
        ExportFixture.segReference().resolve("rtstruct.dcm"), export.resolve("SEGREF/rt/struct"));
    Series c =
        ExportFixture.ct(
            export.resolve("PC/x/y/z"),
            "PC",
            3,
            ExportFixture.grid(32, 32, 8, 50),
            new Sphere(10, 10, 3, 3),
            new Sphere(22, 20, 5, 2.5));
    ExportFixture.labelMap(
        export.resolve("labelmaps/" + c.read().seriesInstanceUid() + ".nii.gz"), c);
    Path labels = tmp.resolve("labels.csv");
    Files.writeString(
        labels,
        "patient_id,nodule,label\n"
            + "PA,nodule A,MALIGNANT\n"
            + "PA,nodule B,benign\n"
            + "SEGREF,ring,BENIGN\n"
            + "PC,1,MALIGNANT\n");
    return new GoodExport(export, labels, a, c);
  }

  @Test
  void importSite_segRtstructLabelMap_intoSite() throws IOException {
    GoodExport g = goodExport();
    Path out = tmp.resolve("site");
    SiteImportReport r = SiteImporter.builder().labels(g.labels()).build().importSite(g.dir(), out);
    assertEquals(List.of(), r.issues(), r.toString());
    assertEquals(3, r.scanCount());
    assertEquals(6, r.noduleCount());
    assertEquals(
        Map.of(NoduleLabel.MALIGNANT, 2, NoduleLabel.BENIGN, 2, NoduleLabel.UNKNOWN, 2),
        r.labelCounts());

    Site site = Site.open(out);
    String uidA = g.a().read().seriesInstanceUid();
    String uidC = g.c().read().seriesInstanceUid();
    assertEquals(List.of(uidA, uidC, REF_SERIES), site.scanIds());
    assertEquals(List.of("PA", "PC", "SEGREF"), site.patientIds());
    site.manifest().validate(site.folder());

    AnnotatedScan sa = site.load(uidA);
    assertEquals(List.of("nodule A", "nodule B"), sa.nodules().stream().map(Nodule::id).toList());
    assertEquals(
        List.of(NoduleLabel.MALIGNANT, NoduleLabel.BENIGN),
        sa.nodules().stream().map(Nodule::label).toList());
    VolumeGeometry ga = g.a().read().volume().geometry();
    assertTrue(sa.volume().geometry().sameGrid(ga, 1e-4));
    for (int n = 0; n < 2; n++) {
      Nodule nod = sa.nodules().get(n);
      Mask sphere = g.a().masks().get(n);
      assertNear(g.a().centres().get(n), nod.centerMm(), 0.01);
      Mask crop = nod.mask().orElseThrow();
      assertEquals(sphere.count(), crop.count());
      assertEquals(sphere.boundingBox().sizeI(), crop.dims().nx(), "a crop, not the scan grid");
      assertNear(sphere.centroidMm().orElseThrow(), crop.centroidMm().orElseThrow(), 1e-6);
      assertEquals(sphereDiameter(sphere.count(), ga), nod.diameterMm(), 1e-6);
      org.lungnodule.core.VoxelPoint v = ga.worldToVoxel(nod.centerMm());
      assertEquals(
          60f,
          sa.volume()
              .get((int) Math.round(v.i()), (int) Math.round(v.j()), (int) Math.round(v.k())));
    }

    AnnotatedScan sb = site.load(REF_SERIES);
    assertEquals(List.of("ring", "triangle"), sb.nodules().stream().map(Nodule::id).toList());
    assertEquals(NoduleLabel.BENIGN, sb.nodules().get(0).label());
    assertEquals(NoduleLabel.UNKNOWN, sb.nodules().get(1).label());
    // expected.json of the pydicom fixture
    assertNear(new WorldPoint(-15.2, 19.0, -98.5), sb.nodules().get(0).centerMm(), 1e-3);
    assertEquals(108, sb.nodules().get(0).mask().orElseThrow().count());
    assertNear(new WorldPoint(-14.8429, 19.9875, -92.25), sb.nodules().get(1).centerMm(), 1e-3);
    assertEquals(168, sb.nodules().get(1).mask().orElseThrow().count());

    AnnotatedScan sc = site.load(uidC);
    assertEquals(List.of("1", "2"), sc.nodules().stream().map(Nodule::id).toList());
    assertEquals(NoduleLabel.MALIGNANT, sc.nodules().get(0).label());
    assertEquals(NoduleLabel.UNKNOWN, sc.nodules().get(1).label());
    for (int n = 0; n < 2; n++) {
      assertNear(g.c().centres().get(n), sc.nodules().get(n).centerMm(), 0.01);
      assertEquals(g.c().masks().get(n).count(), sc.nodules().get(n).mask().orElseThrow().count());
    }
    assertEquals(
        List.of(SiteImporter.REPORT_HEADER),
        Files.readAllLines(out.resolve(SiteImporter.REPORT_FILE)));
  }

  @Test
  void importSite_rerun_isByteIdentical() throws IOException {
    GoodExport g = goodExport();
    Path out = tmp.resolve("site");
    SiteImporter importer = SiteImporter.builder().labels(g.labels()).build();
    importer.importSite(g.dir(), out);
    Map<String, byte[]> first = contents(out);
    assertTrue(first.containsKey("manifest.csv"));
    assertTrue(first.keySet().stream().anyMatch(k -> k.startsWith("masks")));
    importer.importSite(g.dir(), out);
    assertSameContents(first, contents(out));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(
          List.of("export", "labels.csv", "site"),
          s.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary folder left beside the site");
    }
  }

  @Test
  void importSite_failingRerun_leavesEarlierSite() throws IOException {
    GoodExport g = goodExport();
    Path out = tmp.resolve("site");
    SiteImporter.builder().labels(g.labels()).build().importSite(g.dir(), out);
    Map<String, byte[]> before = contents(out);

    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("notes.txt"), "nothing here");
    SiteImportException none =
        assertThrows(
            SiteImportException.class, () -> SiteImporter.builder().build().importSite(empty, out));
    assertTrue(none.getMessage().contains("no CT series"), none.getMessage());
    assertSameContents(before, contents(out));

    Path badLabels = tmp.resolve("bad-labels.csv");
    byte[] latin1 =
        "patient_id,nodule,label\nPA,nodule A,MALIGNANT\nPA,n\u00e9,BENIGN\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(badLabels, latin1);
    SiteImportException utf =
        assertThrows(
            SiteImportException.class,
            () -> SiteImporter.builder().labels(badLabels).build().importSite(g.dir(), out));
    assertEquals(3, utf.line());
    assertEquals(badLabels.toAbsolutePath().normalize(), utf.path());
    assertTrue(utf.getMessage().contains("UTF-8"), utf.getMessage());
    assertSameContents(before, contents(out));

    Path header = tmp.resolve("header.csv");
    Files.writeString(header, "patient,nodule,label\n");
    SiteImportException h =
        assertThrows(
            SiteImportException.class,
            () -> SiteImporter.builder().labels(header).build().importSite(g.dir(), out));
    assertEquals(1, h.line());
    assertSameContents(before, contents(out));
  }

  private static ImportIssue only(SiteImportReport r, String file, ImportIssue.Kind kind) {
    List<ImportIssue> found =
        r.issues().stream().filter(i -> i.file().equals(file) && i.kind() == kind).toList();
    assertEquals(1, found.size(), file + " " + kind + " in\n" + r);
    return found.get(0);
  }

  @Test
  void importSite_badInputs_reportedAndSiteUsable() throws IOException {
    Path export = tmp.resolve("export");
    Series a =
        ExportFixture.ct(
            export.resolve("PA/CT"),
            "PA",
            1,
            ExportFixture.grid(40, 36, 10, -80),
            new Sphere(12, 12, 4, 3),
            new Sphere(28, 24, 6, 2.5));
    ExportFixture.seg(export.resolve("PA/SEG/seg.dcm"), a, "nodule A", "nodule B");
    // an annotation that fails to read: the SEG cut short
    byte[] seg = Files.readAllBytes(export.resolve("PA/SEG/seg.dcm"));
    Files.write(export.resolve("PA/SEG/seg-cut"), java.util.Arrays.copyOf(seg, seg.length - 20));
    // an unreadable file: the start of a CT slice
    Path slice;
    try (Stream<Path> s = Files.list(a.folder())) {
      slice = s.sorted().findFirst().orElseThrow();
    }
    Files.createDirectories(export.resolve("junk"));
    Files.write(
        export.resolve("junk/broken"), java.util.Arrays.copyOf(Files.readAllBytes(slice), 200));
    Files.writeString(export.resolve("notes.txt"), "exported by PACS\n");
    // a SEG whose series is not in the export
    Series d =
        ExportFixture.ct(
            tmp.resolve("elsewhere/CT"),
            "PD",
            4,
            ExportFixture.grid(24, 24, 6, 0),
            new Sphere(12, 12, 3, 2));
    ExportFixture.seg(export.resolve("orphan/seg.dcm"), d, "lost");
    // a series without annotations
    Series e =
        ExportFixture.ct(export.resolve("PE/CT"), "PE", 5, ExportFixture.grid(24, 24, 6, 10));
    // a single-slice series (a localizer)
    ExportFixture.ct(export.resolve("PE/scout"), "PE", 55, ExportFixture.grid(24, 24, 1, 10));
    // two ROIs with one name: the fixture's 'triangle' renamed 'ring' (same length, padded)
    ExportFixture.referenceCt(export.resolve("SEGREF/ct"));
    byte[] rt = Files.readAllBytes(ExportFixture.segReference().resolve("rtstruct.dcm"));
    String latin = new String(rt, StandardCharsets.ISO_8859_1);
    assertEquals(latin.indexOf("triangle"), latin.lastIndexOf("triangle"));
    Files.createDirectories(export.resolve("SEGREF/rt"));
    Files.write(
        export.resolve("SEGREF/rt/struct"),
        latin.replace("triangle", "ring    ").getBytes(StandardCharsets.ISO_8859_1));
    // a label map named after its series' folder, value 2 in two parts
    Series f =
        ExportFixture.ct(
            export.resolve("PF/CT-F"),
            "PF",
            6,
            ExportFixture.grid(32, 32, 8, 30),
            new Sphere(10, 10, 3, 3),
            new Sphere(22, 20, 5, 2.5));
    ExportFixture.labelMap(export.resolve("PF/CT-F.nii.gz"), f);
    Mask lm = VolumeFiles.readMask(export.resolve("PF/CT-F.nii.gz"));
    byte[] labels = lm.copyLabels();
    labels[0] = 2;
    VolumeFiles.writeMask(Mask.wrap(lm.geometry(), labels), export.resolve("PF/CT-F.nii.gz"));
    Path labelsCsv = export.resolve("labels.csv");
    Files.writeString(
        labelsCsv,
        "patient_id,nodule,label\n"
            + "PA,nodule A,MALIGNANT\n"
            + "PA,nodule Z,BENIGN\n"
            + "PA,nodule B,MAYBE\n"
            + "PA,nodule A,BENIGN\n"
            + "PF,1,BENIGN\n");

    Path out = tmp.resolve("site");
    SiteImportReport r = SiteImporter.builder().labels(labelsCsv).build().importSite(export, out);

    assertTrue(
        only(r, "orphan/seg.dcm", ImportIssue.Kind.ANNOTATION_WITHOUT_SERIES)
            .message()
            .contains(d.read().seriesInstanceUid()));
    only(r, "PE/CT", ImportIssue.Kind.SERIES_WITHOUT_ANNOTATIONS);
    only(r, "PE/scout", ImportIssue.Kind.SINGLE_SLICE_SERIES);
    assertEquals(
        2,
        r.issues(ImportIssue.Kind.DUPLICATE_NODULE_NAME).stream()
            .filter(i -> i.file().equals("SEGREF/rt/struct") && i.message().contains("'ring'"))
            .count(),
        r.toString());
    only(r, "SEGREF/ct", ImportIssue.Kind.SERIES_WITHOUT_SOUND_ANNOTATIONS);
    assertTrue(
        only(r, "PA/SEG/seg-cut", ImportIssue.Kind.UNREADABLE_FILE)
            .message()
            .startsWith("cannot be read: PA/SEG/seg-cut: truncated or corrupt file"),
        "paths in messages relative to the export");
    only(r, "junk/broken", ImportIssue.Kind.UNREADABLE_FILE);
    only(r, "notes.txt", ImportIssue.Kind.NOT_DICOM);
    assertTrue(
        only(r, "PF/CT-F.nii.gz", ImportIssue.Kind.DISCONNECTED_PARTS)
            .message()
            .contains("2 disconnected parts"));
    ImportIssue unmatched = only(r, "labels.csv", ImportIssue.Kind.LABEL_UNMATCHED);
    assertEquals(3, unmatched.line().getAsInt());
    List<ImportIssue> invalid = r.issues(ImportIssue.Kind.LABEL_INVALID);
    assertEquals(List.of(4, 5), invalid.stream().map(i -> i.line().getAsInt()).toList());
    assertTrue(invalid.get(0).message().contains("MAYBE"));
    assertTrue(invalid.get(1).message().contains("line 2"));
    assertEquals(13, r.issues().size(), r.toString());

    Site site = Site.open(out);
    String uidA = a.read().seriesInstanceUid();
    String uidE = e.read().seriesInstanceUid();
    String uidF = f.read().seriesInstanceUid();
    assertEquals(List.of(uidA, uidE, uidF), site.scanIds());
    AnnotatedScan sa = site.load(uidA);
    assertEquals(List.of("nodule A", "nodule B"), sa.nodules().stream().map(Nodule::id).toList());
    assertEquals(NoduleLabel.MALIGNANT, sa.nodules().get(0).label());
    assertEquals(NoduleLabel.UNKNOWN, sa.nodules().get(1).label());
    assertTrue(site.load(uidE).nodules().isEmpty());
    AnnotatedScan sf = site.load(uidF);
    assertEquals(NoduleLabel.BENIGN, sf.nodules().get(0).label());
    assertEquals(f.masks().get(1).count() + 1, sf.nodules().get(1).mask().orElseThrow().count());

    List<String> report = Files.readAllLines(out.resolve(SiteImporter.REPORT_FILE));
    assertEquals(SiteImporter.REPORT_HEADER, report.get(0));
    assertEquals(r.issues().size() + 1, report.size());
    assertTrue(
        report.stream().anyMatch(l -> l.startsWith("labels.csv,3,LABEL_UNMATCHED,SKIPPED,")),
        String.join("\n", report));
    assertTrue(report.stream().anyMatch(l -> l.startsWith("orphan/seg.dcm,,ANNOTATION_WITHOUT")));
  }

  @Test
  void importSite_labelMapOnAnotherGrid_reported() throws IOException {
    Path export = tmp.resolve("export");
    Series s =
        ExportFixture.ct(
            export.resolve("P1/CT"),
            "P1",
            7,
            ExportFixture.grid(24, 24, 6, 0),
            new Sphere(8, 8, 3, 2));
    VolumeGeometry other = ExportFixture.grid(24, 24, 7, 0);
    VolumeFiles.writeMask(
        ExportFixture.sphere(other, new Sphere(8, 8, 3, 2)),
        export.resolve(s.read().seriesInstanceUid() + ".mha"));
    Path out = tmp.resolve("site");
    SiteImportException none =
        assertThrows(
            SiteImportException.class,
            () -> SiteImporter.builder().build().importSite(export, out));
    assertTrue(none.getMessage().contains("SERIES_WITHOUT_SOUND_ANNOTATIONS"), none.getMessage());
    assertFalse(Files.exists(out), "nothing importable, so no site");

    Series p2 = ExportFixture.ct(export.resolve("P2/CT"), "P2", 8, ExportFixture.grid(8, 8, 4, 0));
    SiteImportReport r = SiteImporter.builder().build().importSite(export, out);
    assertTrue(
        only(r, s.read().seriesInstanceUid() + ".mha", ImportIssue.Kind.ANNOTATION_MISMATCH)
            .message()
            .contains("is not the grid of series"));
    only(r, "P1/CT", ImportIssue.Kind.SERIES_WITHOUT_SOUND_ANNOTATIONS);
    only(r, "P2/CT", ImportIssue.Kind.SERIES_WITHOUT_ANNOTATIONS);
    assertEquals(List.of(p2.read().seriesInstanceUid()), Site.open(out).scanIds());
  }

  @Test
  void importSite_dicomdirMedia_seriesAsScansWithoutNodules_irregularReported() throws IOException {
    // dcmmkdir's media folder (dicom/dicomdir, see make-dicomdir.sh): nested, no extensions,
    // an Enhanced CT file; found by walking, the DICOMDIR itself not needed
    Path media = ExportFixture.segReference().resolveSibling("dicomdir").resolve("media");
    Path out = tmp.resolve("site");
    SiteImportReport r = SiteImporter.builder().build().importSite(media, out);
    List<String> expected =
        org.lungnodule.io.dicom.Dicom.listSeries(media).stream()
            .map(org.lungnodule.io.dicom.DicomSeriesInfo::seriesInstanceUid)
            .sorted()
            .toList();
    assertEquals(3, expected.size());
    // CT2 is the irregular series (ct2-irregular-series): reported, the other two imported
    assertTrue(
        only(r, "IMAGES/CT2", ImportIssue.Kind.SERIES_UNREADABLE)
            .message()
            .contains("irregular slice spacing"));
    assertEquals(
        expected.stream().filter(u -> !u.endsWith(".28319.0.2")).toList(),
        Site.open(out).scanIds().stream().sorted().toList(),
        r.toString());
    assertEquals(0, r.noduleCount());
    only(r, "IMAGES/ENH", ImportIssue.Kind.SERIES_WITHOUT_ANNOTATIONS);
    only(r, "IMAGES/CT5N", ImportIssue.Kind.SERIES_WITHOUT_ANNOTATIONS);
    only(r, "DICOMDIR", ImportIssue.Kind.NOT_DICOM);
    assertEquals(4, r.issues().size(), r.toString());
  }

  @Test
  void importSite_rtstructBySeriesOrFrame_ambiguousFrameAndTwinReported() throws IOException {
    // two reconstructions of one acquisition: one frame of reference (same seed), two series
    Path export = tmp.resolve("export");
    VolumeGeometry g = ExportFixture.grid(24, 24, 6, 0);
    org.lungnodule.core.CtVolume v = org.lungnodule.core.CtVolume.filled(g, -700f);
    for (String n : new String[] {"1", "2"}) {
      org.lungnodule.io.dicom.Dicom.writeSeries(
          v,
          export.resolve("P1/recon" + n),
          org.lungnodule.io.dicom.DicomWriteOptions.builder()
              .patientId("P1")
              .seed(9)
              .seriesInstanceUid("2.25.900" + n)
              .build());
    }
    org.lungnodule.io.dicom.DicomSeries two =
        org.lungnodule.io.dicom.Dicom.readSeriesWithInfo(export.resolve("P1/recon2"));
    org.lungnodule.io.dicom.RtStructFixture.write(
        export.resolve("P1/rt-named"),
        two,
        true,
        new org.lungnodule.io.dicom.RtStructFixture.Roi("lesion", 4, 8, 5, 9, 2, 4));
    org.lungnodule.io.dicom.RtStructFixture.write(
        export.resolve("P1/rt-frame-only"),
        two,
        false,
        new org.lungnodule.io.dicom.RtStructFixture.Roi("other", 4, 8, 5, 9, 2, 4));
    SiteImportReport r = SiteImporter.builder().build().importSite(export, tmp.resolve("site"));
    assertTrue(
        only(r, "P1/rt-frame-only", ImportIssue.Kind.AMBIGUOUS_ANNOTATION)
            .message()
            .contains("2.25.9001, 2.25.9002"));
    assertTrue(
        only(r, "P1/recon1", ImportIssue.Kind.UNANNOTATED_RECONSTRUCTION)
            .message()
            .contains("annotated series 2.25.9002"));
    assertEquals(2, r.issues().size(), r.toString());
    assertEquals(List.of("2.25.9002"), Site.open(r.site()).scanIds());
    AnnotatedScan s = Site.open(r.site()).load("2.25.9002");
    assertEquals(List.of("lesion"), s.nodules().stream().map(Nodule::id).toList());
    // voxels 4..7 x 5..8 x 2..3: centre (5.5, 6.5, 2.5) voxels
    assertNear(g.voxelToWorld(5.5, 6.5, 2.5), s.nodules().get(0).centerMm(), 1e-3);
    assertEquals(32, s.nodules().get(0).mask().orElseThrow().count());
  }

  @Test
  void importSite_foldersInsideEachOther_refused() throws IOException {
    Path export = tmp.resolve("export");
    Files.createDirectories(export);
    assertThrows(
        IllegalArgumentException.class,
        () -> SiteImporter.builder().build().importSite(export, export.resolve("site")));
    assertThrows(
        IllegalArgumentException.class,
        () -> SiteImporter.builder().build().importSite(export, tmp));
    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () -> SiteImporter.builder().build().importSite(tmp.resolve("missing"), tmp.resolve("s")));
  }

  @Test
  void labels_setTwice() {
    SiteImporter.Builder b = SiteImporter.builder().labels(Path.of("a.csv"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> b.labels(Path.of("b.csv")));
    assertTrue(e.getMessage().contains("a.csv"));
  }

  @Test
  void labels_null() {
    assertThrows(NullPointerException.class, () -> SiteImporter.builder().labels(null));
  }

  @Test
  void build_leavesBuilderReusable() {
    SiteImporter.Builder b = SiteImporter.builder().labels(Path.of("a.csv"));
    assertEquals(b.build().labels(), b.build().labels());
    assertTrue(b.build().toString().contains("a.csv"));
  }
}
