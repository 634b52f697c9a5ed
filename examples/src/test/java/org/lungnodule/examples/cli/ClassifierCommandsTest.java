package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.models.TrainingProgress;

class ClassifierCommandsTest {

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = LungnoduleCli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new String[] {String.valueOf(rc), out.toString(), err.toString()};
  }

  @Test
  void trainClassifier_thenClassify_writesCsvForMetrics(@TempDir Path tmp) throws Exception {
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
            "--json");
    assertEquals("0", c[0], c[2]);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("patient,nodule,label,score", lines.get(0));
    assertTrue(lines.size() > 2, lines.toString());
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
