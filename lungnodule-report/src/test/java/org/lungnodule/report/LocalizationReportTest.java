package org.lungnodule.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.finetune.CaseOutcome;
import org.lungnodule.finetune.LocalizationResult;
import org.lungnodule.finetune.SiteComparison;

class LocalizationReportTest {

  private static List<CaseOutcome> scored(int n, double sep, long seed) {
    Random r = new Random(seed);
    List<CaseOutcome> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean mal = i % 2 == 0;
      out.add(
          new CaseOutcome.Scored(
              "c" + i,
              "p" + i,
              mal ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN,
              1 / (1 + Math.exp(-((mal ? sep : -sep) + r.nextGaussian())))));
    }
    return out;
  }

  private static List<CaseOutcome> segmented(int n, double dice, long seed) {
    Random r = new Random(seed);
    List<CaseOutcome> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double d = Math.min(1, Math.max(0, dice + 0.1 * r.nextGaussian()));
      out.add(new CaseOutcome.Segmented("n" + i, "p" + i, true, d, d / (2 - d), 1 - d));
    }
    return out;
  }

  @Test
  void write_jsonHasPaperStructure(@TempDir Path dir) throws IOException {
    List<SiteComparison> cs = new ArrayList<>();
    for (String site : List.of("HB", "XZ")) {
      cs.add(
          SiteComparison.of(
              new LocalizationResult(
                  "classifier",
                  site,
                  scored(100, 1.5, 1),
                  scored(100, 0.3, 2),
                  scored(100, 1.2, 3),
                  dir,
                  dir,
                  ""),
              100,
              1,
              0.05));
      cs.add(
          SiteComparison.of(
              new LocalizationResult(
                  "segmenter",
                  site,
                  segmented(40, 0.77, 1),
                  segmented(40, 0.45, 2),
                  segmented(40, 0.6, 3),
                  dir,
                  dir,
                  ""),
              0,
              1,
              0.05));
    }
    LocalizationReport rep =
        new LocalizationReport("Demo", cs, List.of("seed 1"), Map.of("roc.png", "ROC curves"));
    rep.write(dir);
    String json = Files.readString(dir.resolve("report.json"));
    for (String key :
        List.of(
            "\"public\"",
            "\"classifier\"",
            "\"auc\"",
            "\"segmenter\"",
            "\"dice\"",
            "\"sites\"",
            "\"HB\"",
            "\"XZ\"",
            "\"baseline\"",
            "\"fineTuned\"",
            "\"pAuc\"",
            "\"pDice\"",
            "\"accuracy\"",
            "\"sensitivity\"",
            "\"specificity\"",
            "\"f1\"",
            "\"iou\"",
            "\"asdMm\"")) {
      assertTrue(json.contains(key), key + " missing in " + json);
    }
    Map<String, Object> m = rep.toMap();
    @SuppressWarnings("unchecked")
    Map<String, Object> hb = (Map<String, Object>) ((Map<String, Object>) m.get("sites")).get("HB");
    @SuppressWarnings("unchecked")
    Map<String, Object> seg = (Map<String, Object>) hb.get("segmenter");
    assertEquals("IMPROVED", ((Map<?, ?>) seg.get("verdicts")).get("dice"));
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("Table 1. Segmentation"), md);
    assertTrue(md.contains("Table 3. Classification on XZ"), md);
    assertTrue(md.contains("| Dice baseline | 0."), md);
    assertTrue(Files.readString(dir.resolve("report.html")).contains("<img src=\"roc.png\""));
  }
}
