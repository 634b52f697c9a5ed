package org.lungnodule.finetune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.metrics.ClassificationMetric;
import org.lungnodule.metrics.ClassificationMetrics;
import org.lungnodule.metrics.ClassificationReport;
import org.lungnodule.metrics.Compare;
import org.lungnodule.metrics.Comparison;
import org.lungnodule.metrics.PairedTests;
import org.lungnodule.metrics.TestResult;

/**
 * Step 5 of the paper for one site: the statistics that say whether fine-tuning helped.
 *
 * <p>For the classifier: each model's report (AUC with DeLong CI, accuracy, sensitivity,
 * specificity, F1 at the 0.5 threshold with stratified-bootstrap CIs), DeLong's test of the two
 * correlated AUCs and a paired bootstrap test of every metric. For the segmenter: mean Dice, IoU
 * and ASD over the site's test nodules, and Wilcoxon's signed-rank test of the per-nodule values
 * (ASD over the nodules both models detected). Each metric gets a {@link Verdict} at {@code alpha}.
 * Cases are paired by their id; a case missing from either side is an error.
 *
 * @param task {@code classifier} or {@code segmenter}
 * @param site the site
 * @param classification the classifier statistics, for the classifier task
 * @param segmentation the segmenter statistics, for the segmenter task
 * @param alpha the significance level of the verdicts
 */
public record SiteComparison(
    String task,
    String site,
    Optional<ClassifierComparison> classification,
    Optional<SegmenterComparison> segmentation,
    double alpha) {

  /** The default number of bootstrap replicates (the paper-style 2000). */
  public static final int DEFAULT_BOOTSTRAP = 2000;

  /**
   * Computes the comparison of a workflow result.
   *
   * @param r the outcomes
   * @param bootstrap bootstrap replicates for the classifier CIs and paired test (0 for none)
   * @param seed bootstrap seed
   * @param alpha significance level, e.g. 0.05
   * @return the comparison
   * @throws IllegalArgumentException if baseline and fine-tuned outcomes do not cover the same
   *     cases, or outcomes are of mixed kinds
   */
  public static SiteComparison of(LocalizationResult r, int bootstrap, long seed, double alpha) {
    Objects.requireNonNull(r, "result");
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
    List<CaseOutcome[]> pairs = pair(r.baselineSite(), r.fineTunedSite());
    boolean scored = pairs.get(0)[0] instanceof CaseOutcome.Scored;
    if (scored) {
      return new SiteComparison(
          r.task(),
          r.site(),
          Optional.of(classifier(r, pairs, bootstrap, seed, alpha)),
          Optional.empty(),
          alpha);
    }
    return new SiteComparison(
        r.task(), r.site(), Optional.empty(), Optional.of(segmenter(r, pairs, alpha)), alpha);
  }

  private static List<CaseOutcome[]> pair(List<CaseOutcome> a, List<CaseOutcome> b) {
    if (a.isEmpty()) {
      throw new IllegalArgumentException("no site test outcomes to compare");
    }
    Map<String, CaseOutcome> byId = new HashMap<>();
    for (CaseOutcome o : b) {
      byId.put(o.caseId(), o);
    }
    if (byId.size() != a.size()) {
      throw new IllegalArgumentException(
          "baseline has "
              + a.size()
              + " site outcomes, fine-tuned "
              + byId.size()
              + " distinct ones");
    }
    List<CaseOutcome[]> out = new ArrayList<>();
    for (CaseOutcome o : a) {
      CaseOutcome t = byId.get(o.caseId());
      if (t == null) {
        throw new IllegalArgumentException("case " + o.caseId() + " has no fine-tuned outcome");
      }
      if (t.getClass() != o.getClass()) {
        throw new IllegalArgumentException("case " + o.caseId() + " has outcomes of two kinds");
      }
      out.add(new CaseOutcome[] {o, t});
    }
    return out;
  }

  private static ClassificationReport report(List<CaseOutcome> outs, int bootstrap, long seed) {
    double[] s = new double[outs.size()];
    boolean[] y = new boolean[outs.size()];
    for (int i = 0; i < s.length; i++) {
      CaseOutcome.Scored c = (CaseOutcome.Scored) outs.get(i);
      s[i] = c.score();
      y[i] = c.label() == NoduleLabel.MALIGNANT;
    }
    ClassificationMetrics m = ClassificationMetrics.of(s, y).threshold(0.5).seed(seed);
    if (bootstrap > 0) {
      m = m.bootstrap(bootstrap);
    }
    return m.compute();
  }

  private static ClassifierComparison classifier(
      LocalizationResult r, List<CaseOutcome[]> pairs, int bootstrap, long seed, double alpha) {
    int n = pairs.size();
    double[] a = new double[n];
    double[] b = new double[n];
    boolean[] y = new boolean[n];
    List<CaseOutcome> base = new ArrayList<>();
    List<CaseOutcome> tuned = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CaseOutcome.Scored x = (CaseOutcome.Scored) pairs.get(i)[0];
      CaseOutcome.Scored z = (CaseOutcome.Scored) pairs.get(i)[1];
      a[i] = x.score();
      b[i] = z.score();
      y[i] = x.label() == NoduleLabel.MALIGNANT;
      base.add(x);
      tuned.add(z);
    }
    Compare c = Compare.paired(a, b, y).delong().threshold(0.5).seed(seed);
    if (bootstrap > 0) {
      c = c.bootstrap(bootstrap);
    }
    Comparison cmp = c.compute();
    Map<ClassificationMetric, Verdict> verdicts = new LinkedHashMap<>();
    for (ClassificationMetric k : ClassificationMetric.values()) {
      double delta = cmp.tuned().get(k).value() - cmp.baseline().get(k).value();
      verdicts.put(k, Verdict.of(delta, cmp.p(k).orElse(Double.NaN), alpha));
    }
    return new ClassifierComparison(
        report(r.baselinePublic(), bootstrap, seed),
        report(base, bootstrap, seed),
        report(tuned, bootstrap, seed),
        cmp,
        verdicts);
  }

  private static SegmenterComparison segmenter(
      LocalizationResult r, List<CaseOutcome[]> pairs, double alpha) {
    int n = pairs.size();
    double[][] dice = new double[2][n];
    double[][] iou = new double[2][n];
    List<double[]> asd = new ArrayList<>();
    List<double[]> hits = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CaseOutcome.Segmented x = (CaseOutcome.Segmented) pairs.get(i)[0];
      CaseOutcome.Segmented z = (CaseOutcome.Segmented) pairs.get(i)[1];
      dice[0][i] = x.dice();
      dice[1][i] = z.dice();
      iou[0][i] = x.iou();
      iou[1][i] = z.iou();
      if (Double.isFinite(x.asdMm()) && Double.isFinite(z.asdMm())) {
        asd.add(new double[] {x.asdMm(), z.asdMm()});
      }
      if (x.detected() && z.detected()) {
        hits.add(new double[] {x.dice(), z.dice()});
      }
    }
    double[][] asdArr = columns(asd);
    double[][] hitArr = columns(hits);
    List<CaseOutcome> pub = r.baselinePublic();
    Map<String, SegmenterComparison.Row> rows = new LinkedHashMap<>();
    rows.put("dice", row(dice[0], dice[1], meanSeg(pub, CaseOutcome.Segmented::dice), true, alpha));
    rows.put("iou", row(iou[0], iou[1], meanSeg(pub, CaseOutcome.Segmented::iou), true, alpha));
    rows.put(
        "asdMm",
        row(asdArr[0], asdArr[1], meanSeg(pub, CaseOutcome.Segmented::asdMm), false, alpha));
    rows.put(
        "diceDetected",
        row(
            hitArr[0],
            hitArr[1],
            meanSeg(pub, g -> g.detected() ? g.dice() : Double.NaN),
            true,
            alpha));
    long detB = pairs.stream().filter(p -> ((CaseOutcome.Segmented) p[0]).detected()).count();
    long detT = pairs.stream().filter(p -> ((CaseOutcome.Segmented) p[1]).detected()).count();
    return new SegmenterComparison(n, (double) detB / n, (double) detT / n, asd.size(), rows);
  }

  /** Pairs (baseline, fine-tuned) as two columns. */
  private static double[][] columns(List<double[]> pairs) {
    double[][] out = new double[2][pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      out[0][i] = pairs.get(i)[0];
      out[1][i] = pairs.get(i)[1];
    }
    return out;
  }

  /** Mean of a per-nodule value over the outcomes where it is finite (NaN if none). */
  private static double meanSeg(
      List<CaseOutcome> outs, ToDoubleFunction<CaseOutcome.Segmented> value) {
    double s = 0;
    int n = 0;
    for (CaseOutcome o : outs) {
      double v = value.applyAsDouble((CaseOutcome.Segmented) o);
      if (Double.isFinite(v)) {
        s += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  private static SegmenterComparison.Row row(
      double[] base, double[] tuned, double publicMean, boolean higherIsBetter, double alpha) {
    double mb = mean(base);
    double mt = mean(tuned);
    double p = Double.NaN;
    boolean anyDiff = false;
    for (int i = 0; i < base.length; i++) {
      anyDiff |= base[i] != tuned[i];
    }
    if (anyDiff) {
      TestResult t = PairedTests.wilcoxonSignedRank(tuned, base, PairedTests.WilcoxonMethod.AUTO);
      p = t.p();
    } else if (base.length > 0) {
      p = 1.0;
    }
    double delta = higherIsBetter ? mt - mb : mb - mt;
    return new SegmenterComparison.Row(
        publicMean,
        mb,
        mt,
        PairedTests.rateOfChangePercent(mb, mt),
        p,
        Verdict.of(delta, p, alpha));
  }

  /**
   * The classifier's statistics for one site.
   *
   * @param baselinePublic the baseline on the public test set
   * @param baselineSite the baseline on the site's test set
   * @param fineTunedSite the fine-tuned model on the site's test set
   * @param comparison the paired comparison (DeLong, bootstrap, McNemar)
   * @param verdicts a verdict per metric
   */
  public record ClassifierComparison(
      ClassificationReport baselinePublic,
      ClassificationReport baselineSite,
      ClassificationReport fineTunedSite,
      Comparison comparison,
      Map<ClassificationMetric, Verdict> verdicts) {
    /** Copies the map. */
    public ClassifierComparison {
      verdicts = Map.copyOf(verdicts);
    }
  }

  /**
   * The segmenter's statistics for one site.
   *
   * @param n site test nodules
   * @param baselineDetectionRate fraction of them the baseline detected
   * @param fineTunedDetectionRate fraction the fine-tuned model detected
   * @param asdPairs nodules in the ASD comparison (detected by both)
   * @param rows {@code dice}, {@code iou} (means over all test nodules, a missed one counting 0),
   *     {@code asdMm} (over the nodules both models detected; public: those the baseline detected)
   *     and {@code diceDetected} (Dice over the nodules both models detected, public: over those
   *     the baseline detected; the segmentation quality where the detector finds the nodule, apart
   *     from how many it finds)
   */
  public record SegmenterComparison(
      int n,
      double baselineDetectionRate,
      double fineTunedDetectionRate,
      int asdPairs,
      Map<String, Row> rows) {
    /** Copies the map, keeping its order. */
    public SegmenterComparison {
      rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /**
     * One metric.
     *
     * @param publicBaseline mean of the baseline on the public test set
     * @param baseline mean of the baseline on the site
     * @param fineTuned mean of the fine-tuned model on the site
     * @param rateOfChangePercent (fineTuned - baseline) / baseline × 100
     * @param p Wilcoxon signed-rank p (NaN if no pairs)
     * @param verdict the verdict (for ASD, lower is better)
     */
    public record Row(
        double publicBaseline,
        double baseline,
        double fineTuned,
        double rateOfChangePercent,
        double p,
        Verdict verdict) {}
  }
}
