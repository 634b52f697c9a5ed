package org.lungnodule.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Json;
import org.lungnodule.finetune.SiteComparison;
import org.lungnodule.finetune.Verdict;
import org.lungnodule.metrics.ClassificationMetric;
import org.lungnodule.metrics.ClassificationReport;
import org.lungnodule.metrics.Comparison;
import org.lungnodule.metrics.Estimate;
import org.lungnodule.metrics.Froc;

/**
 * The report of a localization experiment over several sites, in the layout of the paper's tables:
 * Table 1 (Dice / IoU / ASD by dataset, baseline vs fine-tuned, delta %, P) and one classification
 * table per site (AUC, accuracy, sensitivity, specificity, F1 with 95% CIs, rate of change, P,
 * verdict), each with the control arm ({@code continued}, where it ran) beside the baseline and the
 * fine-tuned model, the test behind each P, how each interval was made and the number of test
 * cases, and a summary table that says per site and model whether localization helped (see {@link
 * SiteComparison#localizationHelped()}).
 *
 * <p>Written as {@code report.md}, {@code report.html} (one self-contained file: images embedded as
 * {@code data:} URIs) and {@code report.json}. The JSON's keys are camelCase: {@code
 * public.classifier.auc}, {@code public.segmenter.dice}, {@code statistics} (the tests and
 * intervals in words) and, per site, {@code classifier} with {@code baseline}, {@code fineTuned},
 * {@code continued}, {@code pAuc}, {@code pAucVersusContinued}, {@code verdicts}, {@code
 * verdictsVersusContinued}, {@code rateOfChangePercent}, {@code
 * rateOfChangePercentVersusContinued}, {@code tests} and {@code localizationHelped}, and {@code
 * segmenter} with {@code baseline}, {@code fineTuned}, {@code continued}, {@code pDice} (and {@code
 * pIou}, {@code pAsdMm}, {@code pDiceDetected}), the same with {@code VersusContinued}, {@code
 * verdicts}, {@code verdictsVersusContinued}, {@code n}, {@code pairs}, {@code
 * pairsVersusContinued} and {@code localizationHelped}. Keys of the control arm are absent where it
 * did not run.
 *
 * @param title report title
 * @param comparisons the per-site comparisons (classifier and/or segmenter, any sites)
 * @param notes free lines printed under the title (settings, timings, provenance)
 * @param images image files (relative to the report folder) to embed in the HTML, with captions
 */
public record LocalizationReport(
    String title,
    List<SiteComparison> comparisons,
    List<String> notes,
    Map<String, String> images) {

  /** Copies. */
  public LocalizationReport {
    Objects.requireNonNull(title, "title");
    comparisons = List.copyOf(comparisons);
    notes = List.copyOf(notes);
    images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
  }

  private List<String> sites() {
    List<String> s = new ArrayList<>();
    for (SiteComparison c : comparisons) {
      if (!s.contains(c.site())) {
        s.add(c.site());
      }
    }
    return s;
  }

  private Optional<SiteComparison.ClassifierComparison> classifier(String site) {
    return comparisons.stream()
        .filter(c -> c.site().equals(site))
        .flatMap(c -> c.classification().stream())
        .findFirst();
  }

  private Optional<SiteComparison.SegmenterComparison> segmenter(String site) {
    return comparisons.stream()
        .filter(c -> c.site().equals(site))
        .flatMap(c -> c.segmentation().stream())
        .findFirst();
  }

  private static final ClassificationMetric[] TABLE_METRICS = {
    ClassificationMetric.AUC,
    ClassificationMetric.ACCURACY,
    ClassificationMetric.SENSITIVITY,
    ClassificationMetric.SPECIFICITY,
    ClassificationMetric.F1
  };

  private static Map<String, Object> clsMap(ClassificationReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", r.n());
    for (ClassificationMetric k : TABLE_METRICS) {
      Estimate e = r.get(k);
      m.put(k.key(), e.value());
      e.ci().ifPresent(ci -> m.put(k.key() + "Ci", ci.toArray()));
    }
    return m;
  }

  /** Returns the report as the JSON structure described in the class docs. */
  public Map<String, Object> toMap() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> pub = new LinkedHashMap<>();
    Map<String, Object> sites = new LinkedHashMap<>();
    for (String site : sites()) {
      Map<String, Object> s = new LinkedHashMap<>();
      classifier(site)
          .ifPresent(
              c -> {
                if (!pub.containsKey("classifier")) {
                  pub.put("classifier", clsMap(c.baselinePublic()));
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("baseline", clsMap(c.baselineSite()));
                m.put("fineTuned", clsMap(c.fineTunedSite()));
                c.continuedSite().ifPresent(x -> m.put("continued", clsMap(x)));
                m.put("pAuc", c.comparison().p(ClassificationMetric.AUC).orElse(Double.NaN));
                c.versusContinued()
                    .ifPresent(
                        x ->
                            m.put(
                                "pAucVersusContinued",
                                x.p(ClassificationMetric.AUC).orElse(Double.NaN)));
                m.put("p", pMap(c.comparison()));
                c.versusContinued().ifPresent(x -> m.put("pVersusContinued", pMap(x)));
                m.put("tests", testMap(c.comparison()));
                m.put("verdicts", verdictMap(c.verdicts()));
                if (c.versusContinued().isPresent()) {
                  m.put("verdictsVersusContinued", verdictMap(c.verdictsVersusContinued()));
                }
                Map<String, Object> rate = new LinkedHashMap<>();
                c.comparison().rateOfChangePercent().forEach((k, x) -> rate.put(k.key(), x));
                m.put("rateOfChangePercent", rate);
                c.versusContinued()
                    .ifPresent(
                        x -> {
                          Map<String, Object> rc = new LinkedHashMap<>();
                          x.rateOfChangePercent().forEach((k, y) -> rc.put(k.key(), y));
                          m.put("rateOfChangePercentVersusContinued", rc);
                        });
                m.put("localizationHelped", helped(site, true));
                s.put("classifier", m);
              });
      segmenter(site)
          .ifPresent(
              g -> {
                if (!pub.containsKey("segmenter")) {
                  Map<String, Object> p = new LinkedHashMap<>();
                  g.rows().forEach((k, row) -> p.put(k, row.publicBaseline()));
                  p.put("n", g.publicN());
                  pub.put("segmenter", p);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                Map<String, Object> b = new LinkedHashMap<>();
                Map<String, Object> t = new LinkedHashMap<>();
                Map<String, Object> c = new LinkedHashMap<>();
                Map<String, Object> v = new LinkedHashMap<>();
                Map<String, Object> vc = new LinkedHashMap<>();
                Map<String, Object> pairs = new LinkedHashMap<>();
                Map<String, Object> pairsC = new LinkedHashMap<>();
                boolean control = g.continuedDetectionRate().isPresent();
                g.rows()
                    .forEach(
                        (k, row) -> {
                          String cap = Character.toUpperCase(k.charAt(0)) + k.substring(1);
                          b.put(k, row.baseline());
                          t.put(k, row.fineTuned());
                          v.put(k, row.verdict().name());
                          pairs.put(k, row.n());
                          m.put("p" + cap, row.p());
                          row.versusContinued()
                              .ifPresent(
                                  x -> {
                                    c.put(k, x.continued());
                                    vc.put(k, x.verdict().name());
                                    pairsC.put(k, x.n());
                                    m.put("p" + cap + "VersusContinued", x.p());
                                  });
                        });
                b.put("detectionRate", g.baselineDetectionRate());
                t.put("detectionRate", g.fineTunedDetectionRate());
                g.continuedDetectionRate().ifPresent(x -> c.put("detectionRate", x));
                m.put("baseline", b);
                m.put("fineTuned", t);
                if (control) {
                  m.put("continued", c);
                }
                m.put("verdicts", v);
                if (control) {
                  m.put("verdictsVersusContinued", vc);
                }
                m.put("n", g.n());
                m.put("pairs", pairs);
                if (control) {
                  m.put("pairsVersusContinued", pairsC);
                }
                m.put("test", WILCOXON);
                if (!g.froc().isEmpty()) {
                  Map<String, Object> fr = new LinkedHashMap<>();
                  g.froc().forEach((arm, x) -> fr.put(arm, frocMap(x)));
                  m.put("froc", fr);
                }
                m.put("localizationHelped", helped(site, false));
                s.put("segmenter", m);
              });
      sites.put(site, s);
    }
    root.put("public", pub);
    root.put("sites", sites);
    root.put("statistics", statistics());
    return root;
  }

  /** The FP rates of the report's FROC rows (false positives per scan). */
  private static final double[] FROC_RATES = {1, 2, 4};

  private static Map<String, Object> frocMap(Froc.Result x) {
    Map<String, Object> m = new LinkedHashMap<>(x.toMap());
    m.put("sensitivityAt1FpPerScan", sensitivityAt(x, 1));
    m.put("sensitivityAt2FpPerScan", sensitivityAt(x, 2));
    m.put("sensitivityAt4FpPerScan", sensitivityAt(x, 4));
    return m;
  }

  /** The FROC's sensitivity at a rate of its list (NaN if the rate is not there). */
  static double sensitivityAt(Froc.Result x, double rate) {
    int i = x.fpRates().indexOf(rate);
    return i < 0 ? Double.NaN : x.sensitivities().get(i);
  }

  /** The name of the segmenter's paired test. */
  static final String WILCOXON = "Wilcoxon signed-rank (two-sided, paired by nodule)";

  private boolean helped(String site, boolean classifier) {
    return comparisons.stream()
        .filter(c -> c.site().equals(site))
        .filter(c -> c.classification().isPresent() == classifier)
        .findFirst()
        .map(SiteComparison::localizationHelped)
        .orElse(false);
  }

  private static Map<String, Object> verdictMap(Map<ClassificationMetric, Verdict> verdicts) {
    Map<String, Object> v = new LinkedHashMap<>();
    for (ClassificationMetric k : TABLE_METRICS) {
      Verdict x = verdicts.get(k);
      if (x != null) {
        v.put(k.key(), x.name());
      }
    }
    return v;
  }

  private static Map<String, Object> pMap(Comparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ClassificationMetric k : TABLE_METRICS) {
      m.put(k.key(), c.p(k).orElse(Double.NaN));
    }
    return m;
  }

  private static Map<String, Object> testMap(Comparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ClassificationMetric k : TABLE_METRICS) {
      m.put(k.key(), testName(c, k));
    }
    return m;
  }

  /** The test behind {@link Comparison#p(ClassificationMetric)}, in words. */
  static String testName(Comparison c, ClassificationMetric k) {
    if (k == ClassificationMetric.AUC && c.delong().isPresent()) {
      return "DeLong";
    }
    if (c.bootstrap().containsKey(k)) {
      return "paired bootstrap (" + c.bootstrapReplicates() + " replicates)";
    }
    if (k == ClassificationMetric.ACCURACY) {
      return "McNemar";
    }
    return "none";
  }

  /** How the intervals of a classification report were made, in words. */
  static String intervalMethod(ClassificationReport r) {
    String at =
        switch (r.proportionInterval()) {
          case "bootstrap" ->
              "the others by a stratified percentile bootstrap ("
                  + r.bootstrapReplicates()
                  + " replicates)";
          case "wilson" -> "the proportions by Wilson's score interval";
          default -> "no intervals for the others";
        };
    return Math.round(r.confidence() * 100) + "% CI: AUC by DeLong's variance, " + at;
  }

  private Map<String, Object> statistics() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "classifier",
        "AUC: DeLong's test of two correlated AUCs; accuracy, sensitivity, specificity, F1: paired"
            + " bootstrap over test nodules (McNemar's test for accuracy without bootstrap); 95% CIs:"
            + " AUC by DeLong's variance, the others by a stratified percentile bootstrap;"
            + " threshold 0.5");
    m.put(
        "segmenter",
        WILCOXON
            + " of per-nodule values; Dice and IoU over all test nodules (a missed nodule counts 0),"
            + " ASD and the Dice of detected nodules over the nodules both compared models detected;"
            + " means without intervals; where whole scans were segmented, the FROC of each arm"
            + " (sensitivity at 1, 2, 4 false positives per scan and the LUNA16 CPM, false positives"
            + " by the LUNA16 hit rule), descriptive without a test");
    m.put(
        "localizationHelped",
        "fine-tuned better than baseline and better than continued on the primary metric (AUC,"
            + " Dice), each with p < alpha");
    comparisons.stream().findFirst().ifPresent(c -> m.put("alpha", c.alpha()));
    return m;
  }

  private static String f(double v, int d) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + d + "f", v) : "NA";
  }

  /** A rate of change in percent, or NA where it is undefined (a zero or missing reference). */
  private static String pct(Double v) {
    return v != null && Double.isFinite(v) ? f(v, 2) + "%" : "NA";
  }

  private static String p(double v) {
    if (!Double.isFinite(v)) {
      return "NA";
    }
    return v < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", v);
  }

  /**
   * Returns the summary, Table 1 and the classification tables as rows of cells (first row:
   * header), adding their captions to {@code captions}.
   */
  private List<List<List<String>>> tables(List<String> captions) {
    List<List<List<String>>> out = new ArrayList<>();
    out.add(summary(captions));
    List<String> segSites = sites().stream().filter(s -> segmenter(s).isPresent()).toList();
    if (!segSites.isEmpty()) {
      out.add(segmentationTable(segSites, captions));
    }
    int n = 2;
    for (String site : sites()) {
      Optional<SiteComparison.ClassifierComparison> oc = classifier(site);
      if (oc.isPresent()) {
        out.add(classificationTable(n++, site, oc.get(), captions));
      }
    }
    return out;
  }

  /** One line per site and model: the primary metric of each arm, both tests, the verdict. */
  private List<List<String>> summary(List<String> captions) {
    double alpha = comparisons.isEmpty() ? 0.05 : comparisons.get(0).alpha();
    captions.add(
        "Summary. Did localization help? Yes where the fine-tuned model beats the baseline and the"
            + " continued model (the baseline trained as long on public data only) on the primary"
            + " metric, each with p < "
            + alpha);
    List<List<String>> t = new ArrayList<>();
    t.add(
        List.of(
            "Site",
            "Model",
            "Primary metric (test)",
            "n",
            "Baseline",
            "Continued",
            "Fine-tuned",
            "P vs baseline",
            "P vs continued",
            "Localization helped"));
    for (SiteComparison c : comparisons) {
      List<String> r = new ArrayList<>(List.of(c.site(), c.task()));
      if (c.classification().isPresent()) {
        SiteComparison.ClassifierComparison cc = c.classification().get();
        r.add("AUC (DeLong)");
        r.add(Integer.toString(cc.baselineSite().n()));
        r.add(f(cc.baselineSite().auc().value(), 3));
        r.add(cc.continuedSite().map(x -> f(x.auc().value(), 3)).orElse("not run"));
        r.add(f(cc.fineTunedSite().auc().value(), 3));
        r.add(p(cc.comparison().p(ClassificationMetric.AUC).orElse(Double.NaN)));
        r.add(
            cc.versusContinued()
                .map(x -> p(x.p(ClassificationMetric.AUC).orElse(Double.NaN)))
                .orElse("NA"));
      } else {
        SiteComparison.SegmenterComparison g = c.segmentation().orElseThrow();
        SiteComparison.SegmenterComparison.Row d = g.rows().get("dice");
        r.add("Dice (Wilcoxon signed-rank)");
        r.add(Integer.toString(g.n()));
        r.add(f(d.baseline(), 3));
        r.add(d.versusContinued().map(x -> f(x.continued(), 3)).orElse("not run"));
        r.add(f(d.fineTuned(), 3));
        r.add(p(d.p()));
        r.add(d.versusContinued().map(x -> p(x.p())).orElse("NA"));
      }
      r.add(
          c.localizationHelped() ? "yes" : c.hasControlArm() ? "no" : "not shown (no control arm)");
      t.add(r);
    }
    return t;
  }

  private List<List<String>> segmentationTable(List<String> segSites, List<String> captions) {
    boolean control =
        segSites.stream()
            .anyMatch(s -> segmenter(s).orElseThrow().continuedDetectionRate().isPresent());
    captions.add(
        "Table 1. Segmentation: baseline"
            + (control ? ", continued (control arm)" : "")
            + " and fine-tuned models on the public test set and each site's test set. Means over"
            + " test nodules (no intervals); P: "
            + WILCOXON
            + ", n = nodule pairs in the test"
            + (segSites.stream().anyMatch(s -> !segmenter(s).orElseThrow().froc().isEmpty())
                ? "; sensitivity at 1, 2, 4 false positives per scan and CPM from whole-scan"
                    + " segmentation (LUNA16 hit rule), descriptive, no test"
                : "; no FROC: each nodule was segmented in a region around it, so false positives"
                    + " were not counted"));
    List<List<String>> t = new ArrayList<>();
    List<String> h = new ArrayList<>(List.of("Measure", "Public"));
    h.addAll(segSites);
    t.add(h);
    t.add(
        row(
            "Test nodules (n)",
            Integer.toString(segmenter(segSites.get(0)).orElseThrow().publicN()),
            segSites,
            s -> Integer.toString(segmenter(s).orElseThrow().n())));
    t.add(
        row(
            "Detection rate baseline",
            "NA",
            segSites,
            s -> f(segmenter(s).orElseThrow().baselineDetectionRate(), 3)));
    if (control) {
      t.add(
          row(
              "Detection rate continued",
              "NA",
              segSites,
              s ->
                  segmenter(s)
                      .orElseThrow()
                      .continuedDetectionRate()
                      .map(x -> f(x, 3))
                      .orElse("NA")));
    }
    t.add(
        row(
            "Detection rate fine-tuned",
            "NA",
            segSites,
            s -> f(segmenter(s).orElseThrow().fineTunedDetectionRate(), 3)));
    boolean froc = segSites.stream().anyMatch(s -> !segmenter(s).orElseThrow().froc().isEmpty());
    if (froc) {
      String[] arms =
          control
              ? new String[] {"baseline", "continued", "fineTuned"}
              : new String[] {"baseline", "fineTuned"};
      SiteComparison.SegmenterComparison first = segmenter(segSites.get(0)).orElseThrow();
      Optional<Froc.Result> pubFroc = Optional.ofNullable(first.froc().get("publicBaseline"));
      t.add(
          row(
              "Test scans (FROC)",
              pubFroc.map(x -> Integer.toString(x.scans())).orElse("NA"),
              segSites,
              s ->
                  Optional.ofNullable(segmenter(s).orElseThrow().froc().get("baseline"))
                      .map(x -> Integer.toString(x.scans()))
                      .orElse("NA")));
      for (String arm : arms) {
        String name = arm.equals("fineTuned") ? "fine-tuned" : arm;
        boolean isBase = arm.equals("baseline");
        for (double rate : FROC_RATES) {
          t.add(
              row(
                  "Sensitivity at " + (int) rate + " FP/scan " + name,
                  isBase ? pubFroc.map(x -> f(sensitivityAt(x, rate), 3)).orElse("NA") : "NA",
                  segSites,
                  s ->
                      Optional.ofNullable(segmenter(s).orElseThrow().froc().get(arm))
                          .map(x -> f(sensitivityAt(x, rate), 3))
                          .orElse("NA")));
        }
        t.add(
            row(
                "CPM " + name,
                isBase ? pubFroc.map(x -> f(x.cpm(), 3)).orElse("NA") : "NA",
                segSites,
                s ->
                    Optional.ofNullable(segmenter(s).orElseThrow().froc().get(arm))
                        .map(x -> f(x.cpm(), 3))
                        .orElse("NA")));
      }
    }
    String[][] names = {
      {"dice", "Dice"},
      {"iou", "IoU"},
      {"asdMm", "ASD (mm)"},
      {"diceDetected", "Dice of detected nodules"}
    };
    for (String[] nm : names) {
      SiteComparison.SegmenterComparison first = segmenter(segSites.get(0)).orElseThrow();
      java.util.function.Function<String, SiteComparison.SegmenterComparison.Row> rowOf =
          s -> segmenter(s).orElseThrow().rows().get(nm[0]);
      t.add(
          row(
              nm[1] + " baseline",
              f(first.rows().get(nm[0]).publicBaseline(), 3),
              segSites,
              s -> f(rowOf.apply(s).baseline(), 3)));
      if (control) {
        t.add(
            row(
                nm[1] + " continued",
                "NA",
                segSites,
                s -> rowOf.apply(s).versusContinued().map(x -> f(x.continued(), 3)).orElse("NA")));
      }
      t.add(row(nm[1] + " fine-tuned", "NA", segSites, s -> f(rowOf.apply(s).fineTuned(), 3)));
      t.add(
          row(
              "Delta in " + nm[1] + " vs baseline",
              "NA",
              segSites,
              s -> pct(rowOf.apply(s).rateOfChangePercent())));
      t.add(
          row(
              "P vs baseline (n)",
              "NA",
              segSites,
              s -> p(rowOf.apply(s).p()) + " (" + rowOf.apply(s).n() + ")"));
      t.add(row("Verdict vs baseline", "", segSites, s -> verdict(rowOf.apply(s).verdict())));
      if (control) {
        t.add(
            row(
                "Delta in " + nm[1] + " vs continued",
                "NA",
                segSites,
                s ->
                    rowOf
                        .apply(s)
                        .versusContinued()
                        .map(x -> pct(x.rateOfChangePercent()))
                        .orElse("NA")));
        t.add(
            row(
                "P vs continued (n)",
                "NA",
                segSites,
                s ->
                    rowOf
                        .apply(s)
                        .versusContinued()
                        .map(x -> p(x.p()) + " (" + x.n() + ")")
                        .orElse("NA")));
        t.add(
            row(
                "Verdict vs continued",
                "",
                segSites,
                s -> rowOf.apply(s).versusContinued().map(x -> verdict(x.verdict())).orElse("NA")));
      }
    }
    return t;
  }

  private static List<List<String>> classificationTable(
      int number, String site, SiteComparison.ClassifierComparison c, List<String> captions) {
    ClassificationReport s = c.baselineSite();
    ClassificationReport pub = c.baselinePublic();
    boolean control = c.versusContinued().isPresent();
    captions.add(
        "Table "
            + number
            + ". Classification on "
            + site
            + ": n = "
            + s.n()
            + " test nodules ("
            + s.positives()
            + " malignant / "
            + s.negatives()
            + " benign), public test n = "
            + pub.n()
            + "; "
            + intervalMethod(s)
            + "; threshold "
            + s.threshold()
            + "; rate of change = (fine-tuned - other) / other × 100");
    List<List<String>> t = new ArrayList<>();
    List<String> h =
        new ArrayList<>(List.of("Measure", "Baseline (public test)", "Baseline (" + site + ")"));
    if (control) {
      h.add("Continued (" + site + ")");
    }
    h.addAll(
        List.of(
            "Fine-tuned (" + site + ")",
            "Rate of change vs baseline",
            "P vs baseline",
            "Verdict vs baseline"));
    if (control) {
      h.addAll(List.of("Rate of change vs continued", "P vs continued", "Verdict vs continued"));
    }
    h.add("Test");
    t.add(h);
    for (ClassificationMetric k : TABLE_METRICS) {
      List<String> r = new ArrayList<>();
      r.add(
          k == ClassificationMetric.AUC
              ? "AUC"
              : k.key().substring(0, 1).toUpperCase(Locale.ROOT) + k.key().substring(1));
      r.add(pub.get(k).format(3));
      r.add(s.get(k).format(3));
      c.continuedSite().ifPresent(x -> r.add(x.get(k).format(3)));
      r.add(c.fineTunedSite().get(k).format(3));
      r.add(pct(c.comparison().rateOfChangePercent().get(k)));
      r.add(p(c.comparison().p(k).orElse(Double.NaN)));
      r.add(verdict(c.verdicts().get(k)));
      c.versusContinued()
          .ifPresent(
              x -> {
                r.add(pct(x.rateOfChangePercent().get(k)));
                r.add(p(x.p(k).orElse(Double.NaN)));
                r.add(verdict(c.verdictsVersusContinued().get(k)));
              });
      r.add(testName(c.comparison(), k));
      t.add(r);
    }
    return t;
  }

  private static String verdict(Verdict v) {
    return switch (v) {
      case IMPROVED -> "improved";
      case WORSE -> "worse";
      case NO_SIGNIFICANT_CHANGE -> "no significant change";
    };
  }

  private static List<String> row(
      String name,
      String pub,
      List<String> sites,
      java.util.function.Function<String, String> cell) {
    List<String> r = new ArrayList<>(List.of(name, pub));
    for (String s : sites) {
      r.add(cell.apply(s));
    }
    return r;
  }

  /** Returns the report as Markdown. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
    for (String n : notes) {
      sb.append("- ").append(n).append('\n');
    }
    List<String> captions = new ArrayList<>();
    List<List<List<String>>> ts = tables(captions);
    for (int i = 0; i < ts.size(); i++) {
      sb.append("\n**").append(captions.get(i)).append("**\n\n");
      List<List<String>> t = ts.get(i);
      for (int r = 0; r < t.size(); r++) {
        sb.append("| ").append(String.join(" | ", t.get(r))).append(" |\n");
        if (r == 0) {
          sb.append("|").append("---|".repeat(t.get(0).size())).append('\n');
        }
      }
    }
    for (Map.Entry<String, String> e : images.entrySet()) {
      sb.append("\n![").append(e.getValue()).append("](").append(e.getKey()).append(")\n");
    }
    return sb.toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Returns the report as one self-contained HTML page: each image is read from {@code dir} and
   * embedded as a base64 {@code data:} URI, so the page can be mailed alone.
   *
   * @param dir the folder the image file names are relative to
   * @throws java.nio.file.NoSuchFileException if an image is missing
   * @throws IOException if an image cannot be read
   */
  public String toHtml(Path dir) throws IOException {
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .append(esc(title))
            .append(
                "</title><style>body{font-family:sans-serif;max-width:1300px;margin:2em auto}"
                    + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:4px 8px}"
                    + "th{background:#eee}img{max-width:100%}</style></head><body>\n<h1>")
            .append(esc(title))
            .append("</h1>\n<ul>");
    for (String n : notes) {
      sb.append("<li>").append(esc(n)).append("</li>");
    }
    sb.append("</ul>\n");
    List<String> captions = new ArrayList<>();
    List<List<List<String>>> ts = tables(captions);
    for (int i = 0; i < ts.size(); i++) {
      sb.append("<h2>").append(esc(captions.get(i))).append("</h2>\n<table>");
      List<List<String>> t = ts.get(i);
      for (int r = 0; r < t.size(); r++) {
        sb.append("<tr>");
        for (String c : t.get(r)) {
          sb.append(r == 0 ? "<th>" : "<td>").append(esc(c)).append(r == 0 ? "</th>" : "</td>");
        }
        sb.append("</tr>");
      }
      sb.append("</table>\n");
    }
    for (Map.Entry<String, String> e : images.entrySet()) {
      byte[] png = Files.readAllBytes(dir.resolve(e.getKey()));
      sb.append("<figure><img src=\"data:")
          .append(mediaType(e.getKey()))
          .append(";base64,")
          .append(java.util.Base64.getEncoder().encodeToString(png))
          .append("\" alt=\"")
          .append(esc(e.getValue()))
          .append("\"><figcaption>")
          .append(esc(e.getValue()))
          .append("</figcaption></figure>\n");
    }
    return sb.append("</body></html>\n").toString();
  }

  private static String mediaType(String file) {
    String f = file.toLowerCase(Locale.ROOT);
    if (f.endsWith(".png")) {
      return "image/png";
    }
    if (f.endsWith(".jpg") || f.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (f.endsWith(".svg")) {
      return "image/svg+xml";
    }
    throw new IllegalArgumentException("report images must be .png, .jpg or .svg, got " + file);
  }

  /**
   * Writes {@code report.md}, {@code report.html} (with the images, which must be in {@code dir},
   * embedded) and {@code report.json} into a folder, each atomically.
   *
   * @throws IOException on failure, or if an image is missing
   */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    atomic(dir.resolve("report.md"), toMarkdown());
    atomic(dir.resolve("report.html"), toHtml(dir));
    atomic(dir.resolve("report.json"), Json.pretty(toMap()) + "\n");
  }

  private static void atomic(Path file, String text) throws IOException {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
