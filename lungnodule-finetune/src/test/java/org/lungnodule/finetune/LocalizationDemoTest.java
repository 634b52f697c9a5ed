package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The whole demo path at the tiny scale: data, both workflows on both sites, statistics, report. */
class LocalizationDemoTest {

  @Test
  void run_tinyEndToEndThenResumeDoesNothingAgain(@TempDir Path dir) throws IOException {
    LocalizationReport rep = LocalizationDemo.builder().scale(LocalizationDemo.Scale.TINY).seed(3).out(dir).build().run();
    for (String f : new String[] {"report.md", "report.html", "report.json", "roc.png", "bars.png"}) {
      assertTrue(Files.size(dir.resolve(f)) > 100, f);
    }
    String json = Files.readString(dir.resolve("report.json"));
    for (String key : new String[] {"\"public\"", "\"sites\"", "\"HB\"", "\"XZ\"", "\"pAuc\"", "\"pDice\"", "\"fineTuned\""}) {
      assertTrue(json.contains(key), key);
    }
    Map<String, Object> m = rep.toMap();
    assertEquals(2, ((Map<?, ?>) m.get("sites")).size());

    MalignancyClassifier tuned = MalignancyClassifier.load(dir.resolve("work/classifier-XZ/finetuned.zip"));
    assertEquals("XZ", tuned.provenance().site().orElseThrow());
    assertTrue(tuned.provenance().parentModel().orElseThrow().startsWith(MalignancyClassifier.KIND));
    NoduleSegmenter seg = NoduleSegmenter.load(dir.resolve("work/segmenter-HB/finetuned.zip"));
    assertEquals("HB", seg.provenance().site().orElseThrow());
    assertTrue(!NoduleSegmenter.load(dir.resolve("work/segmenter-HB/baseline.zip")).provenance().isFineTuned());

    long before = Files.getLastModifiedTime(dir.resolve("work/classifier-HB/finetuned.zip")).toMillis();
    LocalizationReport again = LocalizationDemo.builder().scale(LocalizationDemo.Scale.TINY).seed(3).out(dir).build().run();
    assertEquals(before, Files.getLastModifiedTime(dir.resolve("work/classifier-HB/finetuned.zip")).toMillis(),
        "a finished run must not train again");
    assertEquals(Json.write(rep.toMap().get("sites")), Json.write(again.toMap().get("sites")));
  }
}
