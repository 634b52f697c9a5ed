package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

  private static final double[] A = {0.1, 0.4, 0.35, 0.8, 0.7, 0.9, 0.55, 0.2};
  private static final double[] B = {0.1, 0.3, 0.6, 0.85, 0.4, 0.95, 0.7, 0.3};
  private static final boolean[] Y = {false, false, true, true, false, true, true, false};

  private static SegmentationScores seg(double dice, double asd) {
    return new SegmentationScores(
        10,
        10,
        5,
        dice,
        dice / (2 - dice),
        OptionalDouble.of(asd),
        OptionalDouble.of(asd),
        OptionalDouble.of(asd),
        OptionalDouble.of(asd),
        OptionalDouble.of(asd));
  }

  @Test
  void classificationTable_rendersAllFormats() {
    ClassificationReport base = ClassificationMetrics.of(A, Y).compute();
    ClassificationReport tuned = ClassificationMetrics.of(B, Y).compute();
    Comparison cmp = Compare.paired(A, B, Y).compute();
    ReportTable t =
        PaperTables.classification(
            "Table 2",
            List.of(
                new PaperTables.ClassificationRow(
                    "HB", base, Optional.of(tuned), Optional.of(cmp))));
    assertEquals(5, t.rows().size());
    String md = t.toMarkdown();
    assertTrue(md.contains("| HB | AUC | 8 | " + base.auc().format(3)), md);
    assertTrue(md.startsWith("**Table 2**"));
    String csv = t.toCsv();
    assertEquals(6, csv.split("\n").length);
    assertTrue(csv.startsWith("Dataset,Metric,Cases,Baseline,Fine-tuned,Rate of change,P\n"));
    String json = t.toJson();
    assertTrue(json.contains("\"ci\": ["), json);
    assertTrue(json.contains("\"P\": " + cmp.delong().orElseThrow().p()), json);
  }

  @Test
  void segmentationTable_changeAndWilcoxon() {
    List<SegmentationScores> base = List.of(seg(0.4, 1.0), seg(0.5, 0.8), seg(0.6, 0.5));
    List<SegmentationScores> tuned = List.of(seg(0.6, 0.5), seg(0.75, 0.4), seg(0.9, 0.4));
    ReportTable t =
        PaperTables.segmentation(
            "Table 1", List.of(new PaperTables.SegmentationRow("HB", base, Optional.of(tuned))));
    assertEquals(List.of("HB", "Dice", 3), t.rows().get(0).subList(0, 3));
    assertEquals(0.5, (double) t.rows().get(0).get(3), 1e-12);
    assertEquals(0.75, (double) t.rows().get(0).get(4), 1e-12);
    assertEquals(50.0, ((ReportTable.Percent) t.rows().get(0).get(5)).percent(), 1e-9);
    // three positive differences: exact signed-rank p = 2 / 8
    assertEquals(0.25, ((ReportTable.PValue) t.rows().get(0).get(6)).p(), 1e-12);
    assertTrue(t.toMarkdown().contains("+50.0%"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PaperTables.SegmentationRow("X", base, Optional.of(tuned.subList(0, 2))));
  }

  @Test
  void write_atomicByExtension(@TempDir Path dir) throws Exception {
    ReportTable t = new ReportTable("T", List.of("a", "b"), List.of(ReportTable.row("x,y", 1.5)));
    t.write(dir.resolve("t.csv"));
    assertEquals("a,b\n\"x,y\",1.500\n", Files.readString(dir.resolve("t.csv")));
    t.write(dir.resolve("t.json"));
    assertTrue(Files.readString(dir.resolve("t.json")).contains("\"b\": 1.5"));
    assertThrows(IllegalArgumentException.class, () -> t.write(dir.resolve("t.txt")));
    assertEquals(2, Files.list(dir).count());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReportTable("T", List.of("a"), List.of(ReportTable.row(1, 2))));
  }
}
