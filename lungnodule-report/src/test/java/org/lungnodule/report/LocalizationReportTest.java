package org.lungnodule.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.Json;
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
              site.equals("HB")
                  ? new LocalizationResult(
                      "classifier",
                      site,
                      scored(100, 1.5, 1),
                      scored(100, 0.3, 2),
                      scored(100, 1.2, 3),
                      scored(100, 0.35, 4),
                      dir,
                      dir,
                      Optional.of(dir),
                      "")
                  : new LocalizationResult(
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
                  segmented(40, 0.6, 5),
                  dir,
                  dir,
                  Optional.of(dir),
                  ""),
              0,
              1,
              0.05));
    }
    LocalizationReport rep =
        new LocalizationReport("Demo", cs, List.of("seed 1"), DemoCharts.write(dir, cs));
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
    // the control arm: keys beside the paper's, and the verdict needs both comparisons
    @SuppressWarnings("unchecked")
    Map<String, Object> cls = (Map<String, Object>) hb.get("classifier");
    for (String key :
        List.of(
            "continued",
            "pAucVersusContinued",
            "verdictsVersusContinued",
            "rateOfChangePercentVersusContinued",
            "tests",
            "localizationHelped")) {
      assertTrue(cls.containsKey(key), key + " missing in " + cls.keySet());
    }
    assertEquals("DeLong", ((Map<?, ?>) cls.get("tests")).get("auc"));
    assertEquals("IMPROVED", ((Map<?, ?>) cls.get("verdicts")).get("auc"));
    assertEquals("IMPROVED", ((Map<?, ?>) cls.get("verdictsVersusContinued")).get("auc"));
    assertEquals(true, cls.get("localizationHelped"));
    // the segmenter's continued model is as good as the fine-tuned one: not helped
    assertEquals("IMPROVED", ((Map<?, ?>) seg.get("verdicts")).get("dice"));
    assertEquals(false, seg.get("localizationHelped"));
    assertTrue(seg.containsKey("pDiceVersusContinued") && seg.containsKey("pairsVersusContinued"));
    @SuppressWarnings("unchecked")
    Map<String, Object> xz =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) m.get("sites")).get("XZ"))
                .get("classifier");
    assertFalse(xz.containsKey("continued"), "no control arm, no continued keys");
    assertEquals(false, xz.get("localizationHelped"));
    assertTrue(m.containsKey("statistics"));
    assertCamelCase(m, false);

    assertTrue(md.contains("Wilcoxon signed-rank"), md);
    assertTrue(md.contains("n = 100 test nodules (50 malignant / 50 benign)"), md);
    assertTrue(
        md.contains(
            "AUC by DeLong's variance, the others by a stratified percentile bootstrap (100 replicates)"),
        md);
    assertTrue(md.contains("| HB | classifier | AUC (DeLong) | 100 |"), md);
    assertTrue(md.contains("not shown (no control arm)"), md);

    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"), "embedded PNG");
    java.util.regex.Matcher src = java.util.regex.Pattern.compile("src=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (src.find()) {
      assertTrue(src.group(1).startsWith("data:"), "external image reference " + src.group(1));
      images++;
    }
    assertEquals(2, images);
    assertFalse(html.contains("href="), "no links to other files");
  }

  /**
   * {@code n} scans of one nodule each, matched at a score; a false positive on every other scan.
   */
  private static List<CaseOutcome> wholeScans(int n, double dice, long seed) {
    Random r = new Random(seed);
    List<CaseOutcome> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double d = Math.min(1, Math.max(0, dice + 0.1 * r.nextGaussian()));
      out.add(
          new CaseOutcome.Segmented("s" + i + "/n1", "p" + i, true, d, d / (2 - d), 1 - d, 0.9));
      out.add(
          new CaseOutcome.FalsePositives(
              "s" + i, "p" + i, i % 2 == 0 ? List.of(0.5 + 0.4 * r.nextDouble()) : List.of()));
    }
    return out;
  }

  @Test
  void write_wholeScanSegmenter_hasFrocRowsAndKeys(@TempDir Path dir) throws IOException {
    SiteComparison c =
        SiteComparison.of(
            new LocalizationResult(
                "segmenter",
                "HB",
                wholeScans(10, 0.7, 1),
                wholeScans(20, 0.5, 2),
                wholeScans(20, 0.7, 3),
                wholeScans(20, 0.6, 4),
                dir,
                dir,
                Optional.of(dir),
                ""),
            0,
            1,
            0.05);
    LocalizationReport rep = new LocalizationReport("FROC", List.of(c), List.of(), Map.of());
    String md = rep.toMarkdown();
    assertTrue(md.contains("| Sensitivity at 1 FP/scan baseline | 1.000 | 1.000 |"), md);
    assertTrue(md.contains("| CPM continued | NA |"), md);
    assertTrue(md.contains("| Test scans (FROC) | 10 | 20 |"), md);
    assertTrue(md.contains("| Test nodules (n) | 10 | 20 |"), md);
    String json = Json.write(rep.toMap());
    for (String key :
        List.of("\"froc\"", "\"publicBaseline\"", "\"cpm\"", "\"sensitivityAt2FpPerScan\"")) {
      assertTrue(json.contains(key), key + " missing in " + json);
    }
    assertCamelCase(rep.toMap(), false);
  }

  @Test
  void write_missingImage_fails(@TempDir Path dir) {
    LocalizationReport rep =
        new LocalizationReport("Demo", List.of(), List.of(), Map.of("roc.png", "ROC curves"));
    assertThrows(java.nio.file.NoSuchFileException.class, () -> rep.write(dir));
  }

  /** Every key is camelCase, except the site names under {@code sites}. */
  @SuppressWarnings("unchecked")
  private static void assertCamelCase(Object o, boolean siteNames) {
    if (o instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String k = (String) e.getKey();
        if (!siteNames) {
          assertTrue(k.matches("[a-z][A-Za-z0-9]*"), "not camelCase: " + k);
        }
        assertCamelCase(e.getValue(), k.equals("sites") && !siteNames);
      }
    } else if (o instanceof List<?> list) {
      list.forEach(x -> assertCamelCase(x, false));
    }
  }
}
