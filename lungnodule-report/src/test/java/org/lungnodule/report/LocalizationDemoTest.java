package org.lungnodule.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.Json;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.training.Schedule;

/**
 * The whole demo path at the tiny scale: data, both workflows on both sites, statistics, report.
 */
class LocalizationDemoTest {

  @Test
  void run_tinyEndToEndThenResumeDoesNothingAgain(@TempDir Path dir) throws IOException {
    LocalizationReport rep =
        LocalizationDemo.builder()
            .scale(LocalizationDemo.Scale.TINY)
            .seed(3)
            .out(dir)
            .build()
            .run();
    for (String f :
        new String[] {"report.md", "report.html", "report.json", "roc.png", "bars.png"}) {
      assertTrue(Files.size(dir.resolve(f)) > 100, f);
    }
    String json = Files.readString(dir.resolve("report.json"));
    for (String key :
        new String[] {
          "\"public\"", "\"sites\"", "\"HB\"", "\"XZ\"", "\"pAuc\"", "\"pDice\"", "\"fineTuned\""
        }) {
      assertTrue(json.contains(key), key);
    }
    Map<String, Object> m = rep.toMap();
    assertEquals(2, ((Map<?, ?>) m.get("sites")).size());
    // the demo's data went to disk as site folders, read back through Site
    for (String site : new String[] {"PUBLIC", "HB", "XZ"}) {
      assertTrue(Files.exists(dir.resolve("sites/" + site + "-patches/manifest.csv")), site);
      assertTrue(Files.exists(dir.resolve("sites/" + site + "/manifest.csv")), site);
    }
    // the control arm: one continued model per model family, shared by both sites
    for (String task : new String[] {"classifier", "segmenter"}) {
      try (var s = Files.list(dir.resolve("work"))) {
        assertEquals(
            1, s.filter(p -> p.getFileName().toString().startsWith(task + "-continued-")).count());
      }
      for (String site : new String[] {"HB", "XZ"}) {
        assertTrue(Files.exists(dir.resolve("work/" + task + "-" + site + "/continued-site.csv")));
      }
    }
    assertTrue(json.contains("\"pAucVersusContinued\"") && json.contains("\"localizationHelped\""));
    assertFalse(Files.readString(dir.resolve("report.html")).contains("src=\"roc.png\""));

    MalignancyClassifier tuned =
        MalignancyClassifier.load(dir.resolve("work/classifier-XZ/finetuned.zip"));
    assertEquals("XZ", tuned.provenance().site().orElseThrow());
    assertTrue(
        tuned.provenance().parentModel().orElseThrow().startsWith(MalignancyClassifier.KIND));
    NoduleSegmenter seg = NoduleSegmenter.load(dir.resolve("work/segmenter-HB/finetuned.zip"));
    assertEquals("HB", seg.provenance().site().orElseThrow());
    NoduleSegmenter segBase = NoduleSegmenter.load(dir.resolve("work/segmenter-HB/baseline.zip"));
    assertTrue(!segBase.provenance().isFineTuned());
    // the demo fine-tunes with the rate cosine-annealed; its baseline trained at a constant rate
    assertEquals(Schedule.COSINE, seg.model().config().learningRateDecay());
    assertEquals(Schedule.CONSTANT, segBase.model().config().learningRateDecay());

    long before =
        Files.getLastModifiedTime(dir.resolve("work/classifier-HB/finetuned.zip")).toMillis();
    LocalizationReport again =
        LocalizationDemo.builder()
            .scale(LocalizationDemo.Scale.TINY)
            .seed(3)
            .out(dir)
            .build()
            .run();
    assertEquals(
        before,
        Files.getLastModifiedTime(dir.resolve("work/classifier-HB/finetuned.zip")).toMillis(),
        "a finished run must not train again");
    assertEquals(Json.write(rep.toMap().get("sites")), Json.write(again.toMap().get("sites")));

    // a given segmenter baseline: both sites evaluate and fine-tune it, none is trained; the
    // classifier part resumes from the finished workflows copied over
    Path other = dir.resolve("given");
    try (var s = Files.list(dir.resolve("work"))) {
      for (Path w : s.filter(p -> p.getFileName().toString().startsWith("classifier-")).toList()) {
        copyTree(w, other.resolve("work").resolve(w.getFileName().toString()));
      }
    }
    long copied =
        Files.getLastModifiedTime(other.resolve("work/classifier-HB/finetuned.zip")).toMillis();
    Path given = dir.resolve("work/segmenter-HB/baseline.zip");
    NoduleSegmenter parent = NoduleSegmenter.load(given);
    LocalizationReport withGiven =
        LocalizationDemo.builder()
            .scale(LocalizationDemo.Scale.TINY)
            .seed(3)
            .out(other)
            .segmenterBaseline(given)
            .build()
            .run();
    assertFalse(
        Files.exists(other.resolve("work/segmenter-HB/baseline.zip")),
        "the given baseline must not be trained again");
    assertEquals(
        copied,
        Files.getLastModifiedTime(other.resolve("work/classifier-HB/finetuned.zip")).toMillis(),
        "the copied classifier steps are reused");
    for (String site : new String[] {"HB", "XZ"}) {
      NoduleSegmenter t =
          NoduleSegmenter.load(other.resolve("work/segmenter-" + site + "/finetuned.zip"));
      assertEquals(site, t.provenance().site().orElseThrow());
      assertTrue(
          t.provenance()
              .parentModel()
              .orElseThrow()
              .endsWith(parent.provenance().trainingDataHash().substring(0, 12)),
          t.provenance().parentModel().orElseThrow());
    }
    assertTrue(
        withGiven.toMarkdown().contains("segmenter baseline: loaded from baseline.zip"),
        withGiven.toMarkdown());
    // the same baseline gives the same baseline outcomes as the first run
    assertEquals(
        Files.readString(dir.resolve("work/segmenter-XZ/baseline-site.csv")),
        Files.readString(other.resolve("work/segmenter-XZ/baseline-site.csv")));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
