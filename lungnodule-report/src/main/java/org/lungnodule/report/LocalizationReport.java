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
import org.lungnodule.metrics.Estimate;

/**
 * The report of a localization experiment over several sites, in the layout of the paper's tables:
 * Table 1 (Dice / IoU / ASD by dataset, baseline vs fine-tuned, delta %, P) and one classification
 * table per site (AUC, accuracy, sensitivity, specificity, F1 with 95% CIs, rate of change, P,
 * verdict). Written as {@code report.md}, {@code report.html} and {@code report.json}; the JSON
 * holds {@code public.classifier.auc}, {@code public.segmenter.dice} and, per site, {@code
 * classifier.baseline/fineTuned/pAuc} and {@code segmenter.baseline/fineTuned/pDice}.
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
                m.put("pAuc", c.comparison().p(ClassificationMetric.AUC).orElse(Double.NaN));
                Map<String, Object> v = new LinkedHashMap<>();
                c.verdicts().forEach((k, x) -> v.put(k.key(), x.name()));
                m.put("verdicts", v);
                Map<String, Object> rate = new LinkedHashMap<>();
                c.comparison().rateOfChangePercent().forEach((k, x) -> rate.put(k.key(), x));
                m.put("rateOfChangePercent", rate);
                s.put("classifier", m);
              });
      segmenter(site)
          .ifPresent(
              g -> {
                if (!pub.containsKey("segmenter")) {
                  Map<String, Object> p = new LinkedHashMap<>();
                  g.rows().forEach((k, row) -> p.put(k, row.publicBaseline()));
                  pub.put("segmenter", p);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                Map<String, Object> b = new LinkedHashMap<>();
                Map<String, Object> t = new LinkedHashMap<>();
                Map<String, Object> v = new LinkedHashMap<>();
                g.rows()
                    .forEach(
                        (k, row) -> {
                          b.put(k, row.baseline());
                          t.put(k, row.fineTuned());
                          v.put(k, row.verdict().name());
                          m.put("p" + Character.toUpperCase(k.charAt(0)) + k.substring(1), row.p());
                        });
                b.put("detectionRate", g.baselineDetectionRate());
                t.put("detectionRate", g.fineTunedDetectionRate());
                m.put("baseline", b);
                m.put("fineTuned", t);
                m.put("verdicts", v);
                m.put("n", g.n());
                s.put("segmenter", m);
              });
      sites.put(site, s);
    }
    root.put("public", pub);
    root.put("sites", sites);
    return root;
  }

  private static String f(double v, int d) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + d + "f", v) : "NA";
  }

  private static String p(double v) {
    if (!Double.isFinite(v)) {
      return "NA";
    }
    return v < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Returns Table 1 and the classification tables as rows of cells (first row: header). */
  private List<List<List<String>>> tables(List<String> captions) {
    List<List<List<String>>> out = new ArrayList<>();
    List<String> segSites = sites().stream().filter(s -> segmenter(s).isPresent()).toList();
    if (!segSites.isEmpty()) {
      captions.add(
          "Table 1. Segmentation: baseline and fine-tuned models on the public test set and each site's test set");
      List<List<String>> t = new ArrayList<>();
      List<String> h = new ArrayList<>(List.of("Measure", "Public"));
      h.addAll(segSites);
      t.add(h);
      String[][] names = {
        {"dice", "Dice"},
        {"iou", "IoU"},
        {"asdMm", "ASD (mm)"},
        {"diceDetected", "Dice of detected nodules"}
      };
      for (String[] nm : names) {
        SiteComparison.SegmenterComparison first = segmenter(segSites.get(0)).orElseThrow();
        t.add(
            row(
                nm[1] + " baseline",
                f(first.rows().get(nm[0]).publicBaseline(), 3),
                segSites,
                s -> f(segmenter(s).orElseThrow().rows().get(nm[0]).baseline(), 3)));
        t.add(
            row(
                nm[1] + " fine-tuned",
                "NA",
                segSites,
                s -> f(segmenter(s).orElseThrow().rows().get(nm[0]).fineTuned(), 3)));
        t.add(
            row(
                "Delta in " + nm[1],
                "NA",
                segSites,
                s ->
                    f(segmenter(s).orElseThrow().rows().get(nm[0]).rateOfChangePercent(), 2)
                        + "%"));
        t.add(row("P", "NA", segSites, s -> p(segmenter(s).orElseThrow().rows().get(nm[0]).p())));
        t.add(
            row(
                "Verdict",
                "",
                segSites,
                s -> verdict(segmenter(s).orElseThrow().rows().get(nm[0]).verdict())));
      }
      out.add(t);
    }
    int n = 2;
    for (String site : sites()) {
      Optional<SiteComparison.ClassifierComparison> oc = classifier(site);
      if (oc.isEmpty()) {
        continue;
      }
      SiteComparison.ClassifierComparison c = oc.get();
      captions.add("Table " + n++ + ". Classification on " + site + " (95% CI; threshold 0.5)");
      List<List<String>> t = new ArrayList<>();
      t.add(
          List.of(
              "Measure",
              "Baseline (public test)",
              "Baseline (" + site + ")",
              "Fine-tuned (" + site + ")",
              "Rate of change",
              "P",
              "Verdict"));
      for (ClassificationMetric k : TABLE_METRICS) {
        t.add(
            List.of(
                k == ClassificationMetric.AUC
                    ? "AUC"
                    : k.key().substring(0, 1).toUpperCase(Locale.ROOT) + k.key().substring(1),
                c.baselinePublic().get(k).format(3),
                c.baselineSite().get(k).format(3),
                c.fineTunedSite().get(k).format(3),
                f(c.comparison().rateOfChangePercent().get(k), 2) + "%",
                p(c.comparison().p(k).orElse(Double.NaN)),
                verdict(c.verdicts().get(k))));
      }
      out.add(t);
    }
    return out;
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

  /** Returns the report as a self-contained HTML page (images referenced by relative path). */
  public String toHtml() {
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .append(esc(title))
            .append(
                "</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
                    + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:4px 8px}"
                    + "th{background:#eee}</style></head><body>\n<h1>")
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
      sb.append("<figure><img src=\"")
          .append(esc(e.getKey()))
          .append("\" alt=\"")
          .append(esc(e.getValue()))
          .append("\"><figcaption>")
          .append(esc(e.getValue()))
          .append("</figcaption></figure>\n");
    }
    return sb.append("</body></html>\n").toString();
  }

  /**
   * Writes {@code report.md}, {@code report.html} and {@code report.json} into a folder, each
   * atomically.
   *
   * @throws IOException on failure
   */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    atomic(dir.resolve("report.md"), toMarkdown());
    atomic(dir.resolve("report.html"), toHtml());
    atomic(dir.resolve("report.json"), Json.pretty(toMap()) + "\n");
  }

  private static void atomic(Path file, String text) throws IOException {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
