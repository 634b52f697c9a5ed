package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.Site;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which rows the training and evaluation commands read ({@link SiteRows}), without training: a site
 * of three patients, {@code p-s1} and {@code p-s2} (train, one benign nodule each) and {@code p-s3}
 * (test, one benign and one unknown nodule).
 */
class SiteRowsTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private static CommandSpec spec() {
    return LungnoduleCli.newCommandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
        .getSubcommands()
        .get("classify")
        .getCommandSpec();
  }

  private Path write(String name, boolean split, Set<String> testPatients) throws IOException {
    AnnotatedScan s3 = SegmenterCommandsTest.scan("s3", 3);
    Nodule unknown =
        Nodule.of("n2", s3.volume().geometry().voxelToWorld(45, 28, 20), 5, NoduleLabel.UNKNOWN);
    s3 =
        new AnnotatedScan(
            s3.patientId(), s3.scanId(), s3.volume(), List.of(s3.nodules().get(0), unknown));
    Path site = dir.resolve(name);
    Site.write(
        site,
        List.of(SegmenterCommandsTest.scan("s1", 1), SegmenterCommandsTest.scan("s2", 2), s3),
        ".mha");
    if (split) {
      SplitSites.markTest(site, testPatients);
    }
    return site;
  }

  private Site site(boolean split) throws IOException {
    return Site.open(write(split ? "with" : "without", split, Set.of("p-s3")));
  }

  private static SiteRows.Selection training(Site site, boolean useAllRows) {
    SiteRows.TrainingOptions o = new SiteRows.TrainingOptions();
    o.useAllRows = useAllRows;
    return o.select(site);
  }

  @Test
  void training_siteWithoutSplit_everyRow() throws IOException {
    Site site = site(false);
    for (boolean all : new boolean[] {false, true}) {
      SiteRows.Selection s = training(site, all);
      assertEquals("none", s.split());
      assertEquals(List.of("s1", "s2", "s3"), s.rows().scanIds());
      assertEquals(0, s.heldOutPatients());
      assertEquals(0, s.heldOutNodules());
    }
  }

  @Test
  void training_siteWithSplit_trainRowsOnly() throws IOException {
    SiteRows.Selection s = training(site(true), false);
    assertEquals("train", s.split());
    assertEquals(List.of("s1", "s2"), s.rows().scanIds());
    assertEquals(List.of("p-s1", "p-s2"), s.rows().patientIds());
    assertEquals(1, s.heldOutPatients());
    assertEquals(1, s.heldOutScans());
    assertEquals(2, s.heldOutNodules());
    assertEquals(1, s.heldOutLabelledNodules(), "the unknown nodule is not a classifier case");
  }

  @Test
  void training_useAllRows_everyRow() throws IOException {
    SiteRows.Selection s = training(site(true), true);
    assertEquals("all", s.split());
    assertEquals(List.of("s1", "s2", "s3"), s.rows().scanIds());
    assertEquals(0, s.heldOutPatients());
  }

  @Test
  void training_noTrainRows_refused() throws IOException {
    Site site = Site.open(write("site", true, Set.of("p-s1", "p-s2", "p-s3")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> training(site, false));
    assertTrue(
        e.getMessage()
                .contains("the train side of the split of " + site.folder() + " holds no scan")
            && e.getMessage().contains("use --use-all-rows"),
        e.getMessage());
    assertEquals("all", training(site, true).split());
  }

  @Test
  void evaluation_choices() throws IOException {
    Site with = site(true);
    Site without = site(false);
    Object[][] cases = {
      {with, null, "test", List.of("s3")},
      {with, "test", "test", List.of("s3")},
      {with, "TRAIN", "train", List.of("s1", "s2")},
      {with, "all", "all", List.of("s1", "s2", "s3")},
      {without, null, "none", List.of("s1", "s2", "s3")},
      {without, "all", "none", List.of("s1", "s2", "s3")},
    };
    for (Object[] c : cases) {
      SiteRows.Selection s =
          SiteRows.forEvaluation(spec(), (Site) c[0], "--split", (String) c[1], ManifestSplit.TEST);
      assertEquals(c[2], s.split(), c[1] + " on " + c[0]);
      assertEquals(c[3], s.rows().scanIds(), c[1] + " on " + c[0]);
    }
    assertEquals(
        "train",
        SiteRows.forEvaluation(spec(), with, "--validation-split", null, ManifestSplit.TRAIN)
            .split(),
        "the default side is the caller's");
  }

  @Test
  void evaluation_badChoice_usageError() throws IOException {
    Site with = site(true);
    CommandLine.ParameterException e =
        assertThrows(
            CommandLine.ParameterException.class,
            () -> SiteRows.forEvaluation(spec(), with, "--split", "val", ManifestSplit.TEST));
    assertEquals("--split must be test, train or all, got 'val'", e.getMessage());

    Site without = site(false);
    e =
        assertThrows(
            CommandLine.ParameterException.class,
            () -> SiteRows.forEvaluation(spec(), without, "--split", "test", ManifestSplit.TEST));
    assertTrue(
        e.getMessage().startsWith("--split test needs a site with a split column"), e.getMessage());
  }

  @Test
  void evaluation_emptySide_refused() throws IOException {
    Site site = Site.open(write("site", true, Set.of()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SiteRows.forEvaluation(spec(), site, "--split", null, ManifestSplit.TEST));
    assertTrue(e.getMessage().contains("the test side of the split"), e.getMessage());
    assertTrue(e.getMessage().contains("use --split all"), e.getMessage());
  }

  /**
   * Every nodule of this site is benign, so the classifier trainer refuses the cubes before any
   * network is built, and its message counts the cubes it was given: 2 from the train rows, 3 with
   * --use-all-rows (the test patient's unknown nodule is no case either way).
   */
  @Test
  void trainClassifier_useAllRows_readsTheTestRowsToo() throws IOException {
    Path site = write("site", true, Set.of("p-s3"));
    String[] base = {
      "train-classifier",
      "--site",
      site.toString(),
      "--seed",
      "1",
      "--val-fraction",
      "0",
      "--out",
      dir.resolve("m.zip").toString()
    };
    assertEquals(1, run(base));
    assertTrue(err.toString().contains("got 0 malignant of 2"), err.toString());
    err.getBuffer().setLength(0);
    String[] all = java.util.Arrays.copyOf(base, base.length + 1);
    all[base.length] = "--use-all-rows";
    assertEquals(1, run(all));
    assertTrue(err.toString().contains("got 0 malignant of 3"), err.toString());
    assertFalse(Files.exists(dir.resolve("m.zip")));
  }

  @Test
  void trainSegmenter_noTrainRows_failsBeforeTraining() throws IOException {
    Path site = write("site", true, Set.of("p-s1", "p-s2", "p-s3"));
    assertEquals(
        1,
        run(
            "train-segmenter",
            "--site",
            site.toString(),
            "--preset",
            "tiny",
            "--seed",
            "1",
            "--out",
            dir.resolve("m.zip").toString()));
    assertTrue(err.toString().contains("holds no scan"), err.toString());
    assertFalse(Files.exists(dir.resolve("m.zip")));
  }

  @Test
  void evaluateSegmenter_validationSplitWithoutValidationSite_usageError() {
    assertEquals(
        2,
        run(
            "evaluate-segmenter",
            "--model",
            dir.resolve("absent.zip").toString(),
            "--site",
            dir.toString(),
            "--validation-split",
            "train"));
    assertTrue(
        err.toString().contains("--validation-split needs --validation-site"), err.toString());
  }
}
