package org.lungnodule.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compares with scikit-learn and R (pROC, mcnemar.test, wilcox.test, prop.test) values made once by
 * reference/make_classification_cases.py and reference/make_proc_reference.R. Exact quantities to
 * 1e-9; bootstrap quantities within Monte-Carlo error (different random streams).
 */
class ClassificationReferenceTest {

  private static final double TOL = 1e-9;

  private static List<Map<String, String>> cases(String name) {
    return Resources.table("cases_" + name + ".csv", 0);
  }

  private static Map<String, String> row(String file, int table, String name) {
    return Resources.table(file, table).stream()
        .filter(r -> r.get("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static double d(Map<String, String> r, String k) {
    return Double.parseDouble(r.get(k));
  }

  @Test
  void auc_matchesSklearn() {
    for (Map<String, String> r : Resources.table("sklearn_reference.tsv", 0)) {
      List<Map<String, String>> c = cases(r.get("name"));
      boolean[] y = Resources.labels(c);
      assertEquals(d(r, "aucA"), Roc.auc(Resources.column(c, "scoreA"), y), TOL);
      assertEquals(d(r, "aucB"), Roc.auc(Resources.column(c, "scoreB"), y), TOL);
    }
  }

  @Test
  void curve_matchesSklearnRocCurve() {
    for (String name : List.of("small", "hb", "ties")) {
      List<Map<String, String>> c = cases(name);
      List<Map<String, String>> ref = Resources.table("roc_" + name + ".csv", 0);
      RocCurve roc = Roc.curve(Resources.column(c, "scoreA"), Resources.labels(c));
      assertEquals(ref.size(), roc.points().size(), name);
      for (int i = 0; i < ref.size(); i++) {
        RocPoint p = roc.points().get(i);
        assertEquals(d(ref.get(i), "fpr"), p.fpr(), TOL);
        assertEquals(d(ref.get(i), "tpr"), p.tpr(), TOL);
        if (i > 0) { // sklearn 1.2 puts max + 1 where we put +Infinity
          assertEquals(d(ref.get(i), "threshold"), p.threshold(), TOL);
        }
      }
    }
  }

  @Test
  void delong_matchesProc() {
    for (String name : List.of("small", "hb", "ties")) {
      Map<String, String> r = row("proc_reference.tsv", 0, name);
      List<Map<String, String>> c = cases(name);
      boolean[] y = Resources.labels(c);
      double[] a = Resources.column(c, "scoreA");
      double[] b = Resources.column(c, "scoreB");
      ClassificationReport rep = ClassificationMetrics.of(a, y).compute();
      assertEquals(d(r, "aucA"), rep.auc().value(), TOL, name);
      assertEquals(d(r, "varA"), rep.aucVarianceDeLong(), TOL, name);
      assertEquals(d(r, "delongLo"), rep.auc().ci().orElseThrow().lower(), TOL, name);
      assertEquals(d(r, "delongHi"), rep.auc().ci().orElseThrow().upper(), TOL, name);
      DeLong.Test t = DeLong.test(a, b, y, 0.95);
      assertEquals(d(r, "delongZ"), t.z(), TOL, name);
      assertEquals(d(r, "delongP"), t.p(), TOL, name);
      assertEquals(d(r, "aucB") - d(r, "aucA"), t.difference(), TOL, name);
    }
  }

  @Test
  void bootstrap_withinMonteCarloErrorOfProc() {
    for (String name : List.of("small", "hb", "ties")) {
      Map<String, String> r = row("proc_reference.tsv", 0, name);
      List<Map<String, String>> c = cases(name);
      boolean[] y = Resources.labels(c);
      double[] a = Resources.column(c, "scoreA");
      double[] b = Resources.column(c, "scoreB");
      ClassificationReport rep = ClassificationMetrics.of(a, y).bootstrap(2000).seed(7).compute();
      Interval ci = rep.aucBootstrapCi().orElseThrow();
      // the 2.5% quantile of 2000 replicates has a Monte-Carlo sd of about 0.1 * the AUC's sd
      double sd = Math.sqrt(d(r, "varA"));
      assertEquals(d(r, "bootLo"), ci.lower(), 0.4 * sd, name);
      assertEquals(d(r, "bootHi"), ci.upper(), 0.4 * sd, name);
      Comparison cmp = Compare.paired(a, b, y).bootstrap(2000).seed(7).compute();
      double p = cmp.bootstrap().get(ClassificationMetric.AUC).p();
      assertEquals(d(r, "bootTestP"), p, 0.05, name);
    }
  }

  @Test
  void mcnemarAndWilson_matchR() {
    for (String name : List.of("small", "hb", "ties")) {
      Map<String, String> r = row("proc_reference.tsv", 0, name);
      List<Map<String, String>> c = cases(name);
      boolean[] y = Resources.labels(c);
      Comparison cmp =
          Compare.paired(Resources.column(c, "scoreA"), Resources.column(c, "scoreB"), y).compute();
      assertEquals(d(r, "mcnemarStat"), cmp.mcnemar().statistic(), TOL, name);
      assertEquals(d(r, "mcnemarP"), cmp.mcnemar().p(), TOL, name);
      Interval w = Proportions.wilson((long) d(r, "sensTp"), (long) d(r, "sensN"), 0.95);
      assertEquals(d(r, "wilsonLo"), w.lower(), TOL, name);
      assertEquals(d(r, "wilsonHi"), w.upper(), TOL, name);
      ClassificationReport rep =
          ClassificationMetrics.of(Resources.column(c, "scoreA"), y).wilson().compute();
      assertEquals(w, rep.sensitivity().ci().orElseThrow());
    }
    for (Map<String, String> r : Resources.table("tests_reference.tsv", 1)) {
      long b = (long) d(r, "b");
      long cc = (long) d(r, "c");
      TestResult chi = PairedTests.mcnemar(b, cc, PairedTests.McNemarMethod.CHI_SQUARE_CORRECTED);
      assertEquals(d(r, "chiStat"), chi.statistic(), TOL);
      assertEquals(d(r, "chiP"), chi.p(), TOL);
      assertEquals(
          d(r, "exactP"), PairedTests.mcnemar(b, cc, PairedTests.McNemarMethod.EXACT).p(), TOL);
    }
  }

  @Test
  void wilcoxon_matchesR() {
    for (Map<String, String> r : Resources.table("tests_reference.tsv", 0)) {
      List<Map<String, String>> w = Resources.table("wilcoxon_" + r.get("name") + ".csv", 0);
      double[] x = Resources.column(w, "x");
      double[] y = Resources.column(w, "y");
      TestResult normal = PairedTests.wilcoxonSignedRank(x, y, PairedTests.WilcoxonMethod.NORMAL);
      assertEquals(d(r, "normalV"), normal.statistic(), TOL);
      assertEquals(d(r, "normalP"), normal.p(), TOL);
      TestResult auto = PairedTests.wilcoxonSignedRank(x, y, PairedTests.WilcoxonMethod.AUTO);
      assertEquals(d(r, "defaultV"), auto.statistic(), TOL);
      assertEquals(d(r, "defaultP"), auto.p(), TOL);
      assertTrue(auto.p() > 0 && auto.p() < 1);
    }
  }
}
