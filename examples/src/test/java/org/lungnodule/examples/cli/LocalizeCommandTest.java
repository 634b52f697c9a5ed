package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/** {@code localize}: the classifier's three arms on tiny phantom patch sites, then a resume. */
class LocalizeCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  /** Nodule patches of a phantom site (one nodule per patient) as a site folder. */
  private static Path patchSite(Path dir, SiteProfile p, int n) throws IOException {
    Phantom ph = Phantom.builder().profile(p).size(PhantomSize.QUICK).seed(11).build();
    Site.write(dir, ph.nodulePatches(n), ".mha");
    return dir;
  }

  @Test
  void localize_classifierJson_thenResumesWithoutTraining(@TempDir Path dir) throws IOException {
    Path pub = patchSite(dir.resolve("lidc"), SiteProfile.PUBLIC, 40);
    Path hb = patchSite(dir.resolve("HB"), SiteProfile.HB, 36);
    Path o = dir.resolve("out");
    String[] args = {
      "localize",
      "--public",
      "LIDC=" + pub,
      "--site",
      hb.toString(),
      "--models",
      "classifier",
      "--preset",
      "tiny",
      "--seed",
      "5",
      "--out",
      o.toString(),
      "--json"
    };
    assertEquals(0, run(args), err.toString());
    // one JSON object (the command asserts the camelCase style itself, tests run with -ea)
    String json = out.toString().strip();
    assertTrue(json.startsWith("{") && json.endsWith("}"), json);
    for (String key :
        new String[] {
          "\"public\":{\"classifier\"",
          "\"sites\":{\"HB\":{\"classifier\"",
          "\"baseline\"",
          "\"continued\"",
          "\"fineTuned\"",
          "\"pAuc\"",
          "\"pAucVersusContinued\"",
          "\"verdicts\"",
          "\"verdictsVersusContinued\"",
          "\"tests\"",
          "\"localizationHelped\"",
          "\"statistics\"",
          "\"report\""
        }) {
      assertTrue(json.contains(key), key + " missing in " + json);
    }
    assertFalse(json.contains("\"LIDC\":{"), "the public site is not a local site");
    assertFalse(json.contains("\"segmenter\":{"), "--models classifier only");

    // the three arms' models, each saying what it is
    MalignancyClassifier base =
        MalignancyClassifier.load(o.resolve("work/classifier-HB/baseline.zip"));
    MalignancyClassifier tuned =
        MalignancyClassifier.load(o.resolve("work/classifier-HB/finetuned.zip"));
    assertFalse(base.provenance().isFineTuned());
    assertEquals("HB", tuned.provenance().site().orElseThrow());
    Path cont;
    try (var s = Files.list(o.resolve("work"))) {
      cont =
          s.filter(p -> p.getFileName().toString().startsWith("classifier-continued-"))
              .findFirst()
              .orElseThrow()
              .resolve("continued.zip");
    }
    assertEquals("LIDC", MalignancyClassifier.load(cont).provenance().site().orElseThrow());
    assertFalse(Files.exists(o.resolve("work/segmenter-HB")), "--models classifier only");

    // again: every step is reused, nothing trains, the same statistics come out
    long[] times = {mtime(o.resolve("work/classifier-HB/baseline.zip")), mtime(cont)};
    out.getBuffer().setLength(0);
    assertEquals(0, run(args), err.toString());
    assertEquals(json, out.toString().strip(), "the same statistics from the reused steps");
    assertEquals(times[0], mtime(o.resolve("work/classifier-HB/baseline.zip")));
    assertEquals(times[1], mtime(cont));
  }

  private static long mtime(Path p) throws IOException {
    return Files.getLastModifiedTime(p).toMillis();
  }

  @Test
  void localize_badPreset_isAUsageError(@TempDir Path dir) {
    assertEquals(
        2,
        run(
            "localize",
            "--public",
            dir.toString(),
            "--site",
            "HB=" + dir,
            "--preset",
            "huge",
            "--out",
            dir.resolve("o").toString()));
    assertTrue(
        err.toString().contains("preset must be tiny, quick or paper, got 'huge'"), err.toString());
  }

  @Test
  void localize_siteWithThePublicName_isAUsageError(@TempDir Path dir) {
    assertEquals(
        2,
        run(
            "localize",
            "--public",
            "X=" + dir,
            "--site",
            "X=" + dir,
            "--out",
            dir.resolve("o").toString()));
    assertTrue(err.toString().contains("has the public site's name X"), err.toString());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void localize_badModel_isAUsageError(@TempDir Path dir) {
    assertEquals(
        2,
        run(
            "localize",
            "--public",
            "P=" + dir,
            "--site",
            "HB=" + dir,
            "--models",
            "classifier,detector",
            "--out",
            dir.resolve("o").toString()));
    assertTrue(
        err.toString().contains("model must be classifier or segmenter, got 'detector'"),
        err.toString());
  }
}
