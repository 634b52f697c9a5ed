package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestNodule;
import org.lungnodule.io.manifest.SiteManifest;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.TrainingProgress;
import org.lungnodule.models.classifier.ClassifierRecipe;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;
import picocli.CommandLine;

class ClassifierCommandsTest {

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = LungnoduleCli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new String[] {String.valueOf(rc), out.toString(), err.toString()};
  }

  @Test
  void trainClassifier_splitSite_trainsOnTrainRows_classifyScoresTestRows(@TempDir Path tmp)
      throws Exception {
    Path site = tmp.resolve("site");
    String[] p =
        run(
            "phantom",
            "--profile",
            "PUBLIC",
            "--patients",
            "4",
            "--seed",
            "5",
            "--out",
            site.toString(),
            "--size",
            "test",
            "--format",
            "mhd",
            "--no-masks");
    assertEquals("0", p[0], p[2]);
    // one patient goes to the test side of a split column: the last one whose leaving keeps both
    // classes among the train rows
    List<ManifestEntry> rows = SiteManifest.read(site.resolve(SiteManifest.FILE_NAME)).entries();
    String testPatient = null;
    for (String patient : rows.stream().map(ManifestEntry::patientId).distinct().toList()) {
      Set<NoduleLabel> left =
          rows.stream()
              .filter(e -> !e.patientId().equals(patient))
              .flatMap(e -> e.nodule().stream())
              .map(ManifestNodule::label)
              .collect(Collectors.toSet());
      if (left.containsAll(List.of(NoduleLabel.BENIGN, NoduleLabel.MALIGNANT))) {
        testPatient = patient;
      }
    }
    assertNotNull(testPatient, "a patient whose leaving keeps both classes: " + rows);
    String held = testPatient;
    SplitSites.markTest(site, Set.of(held));
    // the classifier's cases are patient/scan/nodule of the labelled nodules
    List<String> trainCases = cases(rows, e -> !e.patientId().equals(held));
    List<String> testCases = cases(rows, e -> e.patientId().equals(held));
    assertTrue(!testCases.isEmpty(), "the test patient has labelled nodules: " + rows);
    Path model = tmp.resolve("model.zip");
    String[] t =
        run(
            "train-classifier",
            "--site",
            site.toString(),
            "--epochs",
            "1",
            "--val-fraction",
            "0",
            "--seed",
            "3",
            "--batch-size",
            "4",
            "--out",
            model.toString(),
            "--json");
    assertEquals("0", t[0], t[2]);
    assertTrue(t[1].contains("\"epochsRun\":1"), t[1]);
    assertTrue(Files.isRegularFile(model));
    // trained on the train rows only: the counts, and the case list the model's provenance hashes
    assertTrue(t[1].contains("\"split\":\"train\""), t[1]);
    assertTrue(t[1].contains("\"heldOutPatients\":1,"), t[1]);
    assertTrue(t[1].contains("\"heldOutNodules\":" + testCases.size() + ","), t[1]);
    assertTrue(t[1].contains("\"trainNodules\":" + trainCases.size() + ","), t[1]);
    String hash = MalignancyClassifier.load(model).provenance().trainingDataHash();
    assertEquals(Provenance.hashTrainingData(trainCases, List.of()), hash);
    assertNotEquals(
        Provenance.hashTrainingData(cases(rows, e -> true), List.of()),
        hash,
        "the test patient's nodules are not in the training data");

    // classify scores the test rows by default
    Path testCsv = tmp.resolve("test.csv");
    String[] ct =
        run(
            "classify",
            "--model",
            model.toString(),
            "--site",
            site.toString(),
            "--out",
            testCsv.toString(),
            "--json");
    assertEquals("0", ct[0], ct[2]);
    assertTrue(ct[1].contains("\"split\":\"test\",\"patients\":1,"), ct[1]);
    // the model averages the recipe's test-time views, and says so
    assertEquals(ClassifierRecipe.tuned().testViews(), MalignancyClassifier.load(model).views());
    assertTrue(ct[1].contains("\"views\":" + ClassifierRecipe.tuned().testViews()), ct[1]);
    List<String> testLines = Files.readAllLines(testCsv);
    assertEquals(testCases.size() + 1, testLines.size(), testLines.toString());
    for (String l : testLines.subList(1, testLines.size())) {
      assertTrue(l.startsWith(held + ","), l);
    }
    String[] bad =
        run(
            "classify",
            "--model",
            model.toString(),
            "--site",
            site.toString(),
            "--out",
            tmp.resolve("bad.csv").toString(),
            "--split",
            "val");
    assertEquals("2", bad[0], bad[2]);
    assertTrue(bad[2].contains("--split must be test, train or all, got 'val'"), bad[2]);

    Path csv = tmp.resolve("pred.csv");
    String[] c =
        run(
            "classify",
            "--model",
            model.toString(),
            "--site",
            site.toString(),
            "--out",
            csv.toString(),
            "--split",
            "all",
            "--json");
    assertEquals("0", c[0], c[2]);
    assertTrue(c[1].contains("\"split\":\"all\""), c[1]);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("patient,nodule,label,score", lines.get(0));
    assertEquals(trainCases.size() + testCases.size() + 1, lines.size(), lines.toString());
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      assertTrue(f[2].equals("0") || f[2].equals("1"), l);
      double s = Double.parseDouble(f[3]);
      assertTrue(s >= 0 && s <= 1, l);
    }
    String[] m = run("metrics", "classify", "--csv", csv.toString(), "--json");
    assertEquals("0", m[0], m[2]);
    assertTrue(m[1].toLowerCase().contains("auc"), m[1]);
  }

  private static List<String> cases(List<ManifestEntry> rows, Predicate<ManifestEntry> which) {
    return rows.stream()
        .filter(which)
        .filter(e -> e.nodule().isPresent() && e.nodule().get().label() != NoduleLabel.UNKNOWN)
        .map(e -> e.patientId() + "/" + e.scanId() + "/" + e.nodule().get().noduleId())
        .toList();
  }

  @Test
  void classify_notAModel(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("bad.zip");
    Files.writeString(bad, "nope");
    String[] r =
        run(
            "classify",
            "--model",
            bad.toString(),
            "--site",
            tmp.toString(),
            "--out",
            tmp.resolve("o.csv").toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("bad.zip") && r[2].contains("not a lungnodule model archive"), r[2]);
  }

  @Test
  void trainClassifier_unknownPreset(@TempDir Path tmp) {
    String[] r =
        run(
            "train-classifier",
            "--site",
            tmp.toString(),
            "--preset",
            "huge",
            "--seed",
            "1",
            "--out",
            tmp.resolve("m.zip").toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("preset must be small or paper, got 'huge'"), r[2]);
  }

  @Test
  void trainClassifier_defaults_areTheTunedRecipe() {
    TrainClassifierCommand cmd = new TrainClassifierCommand();
    new CommandLine(cmd).parseArgs("--site", "s", "--seed", "1", "--out", "m.zip");
    assertEquals(ClassifierRecipe.tuned(), cmd.recipe());
  }

  @Test
  void trainClassifier_options_changeTheRecipe() {
    TrainClassifierCommand cmd = new TrainClassifierCommand();
    new CommandLine(cmd)
        .parseArgs(
            "--site",
            "s",
            "--seed",
            "1",
            "--out",
            "m.zip",
            "--epochs",
            "3",
            "--optimizer",
            "SGD",
            "--schedule",
            "STEP",
            "--lr",
            "0.01",
            "--weight-decay",
            "0",
            "--batch-size",
            "4",
            "--patience",
            "2",
            "--preset",
            "paper",
            "--shift",
            "5",
            "--keep",
            "best",
            "--test-views",
            "8");
    assertEquals(
        ClassifierRecipe.tuned()
            .withEpochs(3)
            .withOptimizer(Optimizer.SGD)
            .withSchedule(Schedule.STEP)
            .withLearningRate(0.01)
            .withWeightDecay(0)
            .withBatchSize(4)
            .withPatience(2)
            .withPreset("paper")
            .withShiftVoxels(5)
            .withKeepBestEpoch(true)
            .withTestViews(8),
        cmd.recipe());
  }

  @Test
  void trainClassifier_help_showsTheRecipeDefaults() {
    String[] r = run("train-classifier", "--help");
    assertEquals("0", r[0], r[2]);
    String help = r[1].replaceAll("\\s+", " ");
    assertTrue(help.contains("Epochs (default: the tuned recipe's 80)"), help);
    assertTrue(help.contains("(default: the tuned recipe's last)"), help);
    assertTrue(help.contains("(default: the tuned recipe's 16)"), help);
    assertTrue(help.contains("(default: the tuned recipe's 0.002)"), help);
    assertTrue(help.contains("(default: the tuned recipe's COSINE)"), help);
  }

  @Test
  void trainClassifier_missingSeedIsUsageError(@TempDir Path tmp) {
    String[] r = run("train-classifier", "--site", tmp.toString(), "--out", "m.zip");
    assertEquals("2", r[0]);
  }

  @Test
  void progressBar_render() {
    TrainingProgress p =
        new TrainingProgress(
            2,
            4,
            1,
            2,
            0.5,
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            java.time.Duration.ofSeconds(10),
            Optional.of(java.time.Duration.ofSeconds(75)));
    assertEquals(
        "[###########...................]  38% epoch 2/4 loss 0.5000 eta 1:15",
        ProgressBar.render(p));
  }
}
