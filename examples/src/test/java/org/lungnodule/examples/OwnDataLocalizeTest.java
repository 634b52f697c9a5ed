package org.lungnodule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.examples.cli.LungnoduleCli;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;

/**
 * Issue 26, "your own data in", end to end through the CLI: an LIDC-IDRI folder and a hospital
 * export made from the phantom ({@link OwnDataFixture}), each with bad inputs, imported with {@code
 * lidc-site} and {@code import-site}; then {@code localize} at the tiny preset with the LIDC site
 * as the public site and the export as the local one, and again to see it resume.
 */
class OwnDataLocalizeTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private static Map<NoduleLabel, Long> labels(Site s) {
    return s.manifest().entries().stream()
        .filter(e -> e.nodule().isPresent())
        .collect(
            Collectors.groupingBy(
                e -> e.nodule().get().label(), TreeMap::new, Collectors.counting()));
  }

  /**
   * Each nodule of the site lies within 2 mm of a phantom nodule of its patient with the same label
   * (the LIDC consensus of the readers' circles, the SEG and label-map masks, the RTSTRUCT boxes
   * around the masks all centre on the nodule).
   */
  private static void assertNodulesWhereThePhantomPutThem(Site site, OwnDataFixture.Written w)
      throws IOException {
    Map<String, AnnotatedScan> truth = new TreeMap<>();
    w.scans().forEach(s -> truth.put(s.patientId(), s));
    for (String id : site.scanIds()) {
      AnnotatedScan s = site.load(id);
      double sliceMm = s.volume().geometry().spacing().zMm();
      for (Nodule n : s.nodules()) {
        boolean near =
            truth.get(s.patientId()).nodules().stream()
                .anyMatch(
                    t ->
                        t.label() == n.label()
                            && Math.hypot(
                                    t.centerMm().xMm() - n.centerMm().xMm(),
                                    t.centerMm().yMm() - n.centerMm().yMm())
                                < 2
                            && Math.abs(t.centerMm().zMm() - n.centerMm().zMm()) <= sliceMm);
        assertTrue(near, n + " of " + s.patientId() + " in " + truth.get(s.patientId()).nodules());
      }
    }
  }

  /** The two site folders imported. */
  private record Sites(Path lidc, Path hb) {}

  /**
   * Writes both folders, imports them through the CLI and checks the sites: every scan and nodule
   * with its label, the LIDC site's split, each bad input reported.
   */
  private Sites importBoth() throws IOException {
    OwnDataFixture.Written lidc = OwnDataFixture.lidcFolder(dir.resolve("LIDC-IDRI"), 10, 10);
    Path labelsCsv = dir.resolve("labels.csv");
    OwnDataFixture.Written export =
        OwnDataFixture.importFolder(dir.resolve("export"), labelsCsv, 8, 8);

    // the LIDC folder: every scan, every nodule with its phantom label; the two bad XML reported
    Path lidcSite = dir.resolve("sites/LIDC");
    assertEquals(
        0,
        run("lidc-site", lidc.root().toString(), "--out", lidcSite.toString(), "--json"),
        err.toString());
    String json = out.toString();
    for (String kv :
        List.of(
            "\"scans\":" + lidc.scans().size(),
            "\"malignant\":" + lidc.malignant(),
            "\"benign\":" + lidc.benign(),
            "\"excluded\":0",
            "\"skippedXml\":2",
            "\"problem\":\"SCAN_NOT_FOUND\"",
            "\"problem\":\"BAD_XML\"")) {
      assertTrue(json.contains(kv), kv + " in " + json);
    }
    Site pub = Site.open(lidcSite);
    assertEquals(lidc.scans().size(), pub.scanIds().size());
    assertEquals(
        Map.of(
            NoduleLabel.BENIGN,
            (long) lidc.benign(),
            NoduleLabel.MALIGNANT,
            (long) lidc.malignant()),
        labels(pub));
    assertNodulesWhereThePhantomPutThem(pub, lidc);
    assertEquals(
        EnumSet.allOf(ManifestSplit.class),
        pub.manifest().entries().stream()
            .map(e -> e.split().orElseThrow())
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(ManifestSplit.class))),
        "the LIDC site is split by patient into train and test");
    String skipped = Files.readString(lidcSite.resolve("skipped.csv"));
    assertTrue(skipped.contains("LIDC-IDRI-0999/xml/999.xml"), skipped);
    assertTrue(skipped.contains("LIDC-IDRI-0998/xml/998.xml"), skipped);
    for (ManifestEntry e : pub.manifest().entries()) {
      assertTrue(e.nodule().orElseThrow().maskPath().isPresent(), e.toString());
    }

    // the export: every series, every nodule labelled from labels.csv; the three bad inputs
    Path hbSite = dir.resolve("sites/HB");
    assertEquals(
        0,
        run(
            "import-site",
            export.root().toString(),
            "--out",
            hbSite.toString(),
            "--labels",
            labelsCsv.toString(),
            "--json"),
        err.toString());
    json = out.toString();
    for (String kv :
        List.of(
            "\"scans\":" + export.scans().size(),
            "\"nodules\":" + (export.malignant() + export.benign()),
            "\"labels\":{\"BENIGN\":"
                + export.benign()
                + ",\"MALIGNANT\":"
                + export.malignant()
                + ",\"UNKNOWN\":0}",
            "\"kind\":\"LABEL_UNMATCHED\"",
            "\"kind\":\"ANNOTATION_WITHOUT_SERIES\"",
            "\"kind\":\"UNREADABLE_FILE\"")) {
      assertTrue(json.contains(kv), kv + " in " + json);
    }
    String report = Files.readString(hbSite.resolve("import-report.csv"));
    assertTrue(report.contains("PACS/orphan-seg.dcm"), report);
    assertTrue(report.contains("PACS/broken/IM0001.dcm"), report);
    assertTrue(report.contains("no-such-nodule"), report);
    Site hb = Site.open(hbSite);
    assertEquals(export.scans().size(), hb.scanIds().size());
    assertEquals(
        Map.of(
            NoduleLabel.BENIGN, (long) export.benign(),
            NoduleLabel.MALIGNANT, (long) export.malignant()),
        labels(hb));
    assertNodulesWhereThePhantomPutThem(hb, export);
    assertTrue(
        hb.manifest().entries().stream().allMatch(e -> e.split().isEmpty()),
        "import-site writes no split: localize splits a local site by the paper's shares");
    return new Sites(lidcSite, hbSite);
  }

  /**
   * Runs {@code localize} at the tiny preset (the LIDC site public, the export local) for the
   * models, checks the arms of each model in the printed JSON and the report files, then runs it
   * again: every finished step is reused (no model file is written again) and the same statistics
   * come out.
   *
   * @return the output folder
   */
  private Path localizeTwice(Sites sites, String models) throws IOException {
    Path o = dir.resolve("localize");
    String[] localize = {
      "localize",
      "--public",
      sites.lidc().toString(),
      "--site",
      sites.hb().toString(),
      "--models",
      models,
      "--preset",
      "tiny",
      "--scans-inside-lung",
      "--seed",
      "5",
      "--out",
      o.toString(),
      "--json"
    };
    assertEquals(0, run(localize), err.toString());
    String json = out.toString().strip();
    String pub = json.substring(json.indexOf("\"public\":{"), json.indexOf("\"sites\":{"));
    String hb = json.substring(json.indexOf("\"sites\":{\"HB\":{"));
    for (String model : models.split(",")) {
      assertTrue(pub.contains("\"" + model + "\":{"), model + " in " + pub);
      String arms = hb.substring(hb.indexOf("\"" + model + "\":{"));
      for (String key : List.of("\"baseline\":{", "\"fineTuned\":{", "\"continued\":{")) {
        assertTrue(arms.contains(key), model + " " + key + " in " + json);
      }
      assertTrue(Files.exists(o.resolve("work/" + model + "-HB/finetuned.zip")), model);
    }
    assertTrue(json.contains("\"localizationHelped\""), json);
    if (models.contains("classifier")) {
      // the public site's split column decides its test part: the nodules of its test patients
      long publicTest =
          Site.open(sites.lidc()).manifest().entries().stream()
              .filter(e -> e.nodule().isPresent() && e.split().orElseThrow() == ManifestSplit.TEST)
              .count();
      assertTrue(pub.startsWith("\"public\":{\"classifier\":{\"n\":" + publicTest + ","), pub);
    }
    for (String f : List.of("report.json", "report.md", "report.html")) {
      assertTrue(Files.size(o.resolve(f)) > 100, f);
    }
    String reportJson = Files.readString(o.resolve("report.json"));
    assertTrue(reportJson.contains("\"HB\"") && reportJson.contains("\"fineTuned\""), reportJson);

    Map<Path, FileTime> models1 = modelFiles(o.resolve("work"));
    assertTrue(models1.size() >= 3 * models.split(",").length, models1.toString());
    assertEquals(0, run(localize), err.toString());
    assertEquals(json, out.toString().strip(), "the same statistics from the reused steps");
    assertEquals(models1, modelFiles(o.resolve("work")), "no model trained again");
    return o;
  }

  /** Every model archive under the work folder with its modification time. */
  private static Map<Path, FileTime> modelFiles(Path work) throws IOException {
    Map<Path, FileTime> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(work)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".zip")).toList()) {
        m.put(work.relativize(p), Files.getLastModifiedTime(p));
      }
    }
    return m;
  }

  @Test
  void ownData_importedWithTheirProblems_classifierLocalizedAndResumed() throws IOException {
    Path o = localizeTwice(importBoth(), "classifier");
    MalignancyClassifier tuned =
        MalignancyClassifier.load(o.resolve("work/classifier-HB/finetuned.zip"));
    assertEquals("HB", tuned.provenance().site().orElseThrow());
    assertTrue(tuned.provenance().isFineTuned());
    assertFalse(
        MalignancyClassifier.load(o.resolve("work/classifier-HB/baseline.zip"))
            .provenance()
            .isFineTuned());
  }

  /**
   * The segmenter on the same sites (TEST-size scans, so {@code --scans-inside-lung}): several
   * minutes on two cores, beyond the default suite's budget.
   */
  @Test
  @Tag("slow")
  void ownData_segmenterLocalizedAndResumed() throws IOException {
    Path o = localizeTwice(importBoth(), "segmenter");
    NoduleSegmenter tuned = NoduleSegmenter.load(o.resolve("work/segmenter-HB/finetuned.zip"));
    assertEquals("HB", tuned.provenance().site().orElseThrow());
    assertFalse(
        NoduleSegmenter.load(o.resolve("work/segmenter-HB/baseline.zip"))
            .provenance()
            .isFineTuned());
  }
}
