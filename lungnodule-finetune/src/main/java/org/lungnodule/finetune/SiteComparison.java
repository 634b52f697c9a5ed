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
import org.lungnodule.metrics.DetectionEvaluation;
import org.lungnodule.metrics.Froc;
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
 * <p>Where the run had the control arm ({@link LocalizationResult#hasControlArm()}), every test is
 * made twice: fine-tuned against the baseline, and fine-tuned against the {@code continued} model
 * (the baseline trained as many steps on public data only). {@link #localizationHelped()} asks both
 * of the primary metric (AUC for the classifier, Dice for the segmenter): a gain over the baseline
 * alone could come from the extra training, not from the site's data.
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
    List<CaseOutcome[]> pairs = pair(r.baselineSite(), r.fineTunedSite(), "fine-tuned");
    List<CaseOutcome[]> controls =
        r.hasControlArm() ? pair(r.baselineSite(), r.continuedSite(), "continued") : null;
    boolean scored = pairs.get(0)[0] instanceof CaseOutcome.Scored;
    if (scored) {
      return new SiteComparison(
          r.task(),
          r.site(),
          Optional.of(classifier(r, pairs, controls, bootstrap, seed, alpha)),
          Optional.empty(),
          alpha);
    }
    return new SiteComparison(
        r.task(),
        r.site(),
        Optional.empty(),
        Optional.of(segmenter(r, pairs, controls, alpha)),
        alpha);
  }

  /** Whether the run had the control arm (the {@code continued} model). */
  public boolean hasControlArm() {
    return classification.map(c -> c.continuedSite().isPresent()).orElse(false)
        || segmentation.map(g -> g.continuedDetectionRate().isPresent()).orElse(false);
  }

  /**
   * The primary metric of the verdicts: {@code auc} for the classifier (DeLong's test), {@code
   * dice} for the segmenter (Wilcoxon's signed-rank test over the site's test nodules).
   */
  public String primaryMetric() {
    return classification.isPresent() ? ClassificationMetric.AUC.key() : "dice";
  }

  /** The verdict of the primary metric, fine-tuned against the baseline. */
  public Verdict primaryVerdict() {
    return classification
        .map(c -> c.verdicts().get(ClassificationMetric.AUC))
        .orElseGet(() -> segmentation.orElseThrow().rows().get("dice").verdict());
  }

  /**
   * The verdict of the primary metric, fine-tuned against the continued model; empty without a
   * control arm.
   */
  public Optional<Verdict> primaryVerdictVersusContinued() {
    if (!hasControlArm()) {
      return Optional.empty();
    }
    return Optional.of(
        classification
            .map(c -> c.verdictsVersusContinued().get(ClassificationMetric.AUC))
            .orElseGet(
                () -> segmentation.orElseThrow().rows().get("dice").verdictVersusContinued()));
  }

  /**
   * Whether localization helped: the fine-tuned model beats the baseline <em>and</em> the continued
   * model on the primary metric ({@link #primaryMetric()}), each with {@code p < alpha}. False
   * without a control arm, where a gain cannot be told from the effect of training longer.
   */
  public boolean localizationHelped() {
    return primaryVerdict() == Verdict.IMPROVED
        && primaryVerdictVersusContinued().orElse(Verdict.NO_SIGNIFICANT_CHANGE)
            == Verdict.IMPROVED;
  }

  /**
   * Orders {@code b}'s outcomes as {@code a}'s, by case id.
   *
   * @return pairs {a, b}
   * @throws IllegalArgumentException if a case is missing from either side or of another kind
   */
  private static List<CaseOutcome[]> pair(List<CaseOutcome> a, List<CaseOutcome> b, String what) {
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
              + " site outcomes, "
              + what
              + " "
              + byId.size()
              + " distinct ones");
    }
    List<CaseOutcome[]> out = new ArrayList<>();
    for (CaseOutcome o : a) {
      CaseOutcome t = byId.get(o.caseId());
      if (t == null) {
        throw new IllegalArgumentException("case " + o.caseId() + " has no " + what + " outcome");
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
      LocalizationResult r,
      List<CaseOutcome[]> pairs,
      List<CaseOutcome[]> controls,
      int bootstrap,
      long seed,
      double alpha) {
    int n = pairs.size();
    double[] a = new double[n];
    double[] b = new double[n];
    double[] c = new double[n];
    boolean[] y = new boolean[n];
    List<CaseOutcome> base = new ArrayList<>();
    List<CaseOutcome> tuned = new ArrayList<>();
    List<CaseOutcome> cont = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CaseOutcome.Scored x = (CaseOutcome.Scored) pairs.get(i)[0];
      CaseOutcome.Scored z = (CaseOutcome.Scored) pairs.get(i)[1];
      a[i] = x.score();
      b[i] = z.score();
      y[i] = x.label() == NoduleLabel.MALIGNANT;
      base.add(x);
      tuned.add(z);
      if (controls != null) {
        CaseOutcome.Scored w = (CaseOutcome.Scored) controls.get(i)[1];
        c[i] = w.score();
        cont.add(w);
      }
    }
    Comparison cmp = compare(a, b, y, bootstrap, seed);
    Optional<Comparison> cmpCont =
        controls == null ? Optional.empty() : Optional.of(compare(c, b, y, bootstrap, seed));
    return new ClassifierComparison(
        report(r.baselinePublic(), bootstrap, seed),
        report(base, bootstrap, seed),
        report(tuned, bootstrap, seed),
        cmp,
        verdicts(cmp, alpha),
        controls == null ? Optional.empty() : Optional.of(report(cont, bootstrap, seed)),
        cmpCont,
        cmpCont.map(x -> verdicts(x, alpha)).orElse(Map.of()));
  }

  /** DeLong's test of the AUCs, McNemar's of the calls, and a paired bootstrap if asked; B - A. */
  private static Comparison compare(double[] a, double[] b, boolean[] y, int bootstrap, long seed) {
    Compare c = Compare.paired(a, b, y).delong().threshold(0.5).seed(seed);
    if (bootstrap > 0) {
      c = c.bootstrap(bootstrap);
    }
    return c.compute();
  }

  private static Map<ClassificationMetric, Verdict> verdicts(Comparison cmp, double alpha) {
    Map<ClassificationMetric, Verdict> verdicts = new LinkedHashMap<>();
    for (ClassificationMetric k : ClassificationMetric.values()) {
      double delta = cmp.tuned().get(k).value() - cmp.baseline().get(k).value();
      verdicts.put(k, Verdict.of(delta, cmp.p(k).orElse(Double.NaN), alpha));
    }
    return verdicts;
  }

  /** Which nodules a segmenter metric is paired over. */
  private enum Over {
    /** Every test nodule (a missed one scores 0). */
    ALL,
    /** Nodules with a finite surface distance under both models. */
    FINITE_ASD,
    /** Nodules both models detected. */
    BOTH_DETECTED
  }

  private static SegmenterComparison segmenter(
      LocalizationResult r, List<CaseOutcome[]> pairs, List<CaseOutcome[]> controls, double alpha) {
    List<Integer> nodules = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.get(i)[0] instanceof CaseOutcome.Segmented) {
        nodules.add(i);
      }
    }
    int n = nodules.size();
    if (n == 0) {
      throw new IllegalArgumentException("no site test nodules to compare");
    }
    CaseOutcome.Segmented[] base = new CaseOutcome.Segmented[n];
    CaseOutcome.Segmented[] tuned = new CaseOutcome.Segmented[n];
    CaseOutcome.Segmented[] cont = controls == null ? null : new CaseOutcome.Segmented[n];
    for (int i = 0; i < n; i++) {
      int k = nodules.get(i);
      base[i] = (CaseOutcome.Segmented) pairs.get(k)[0];
      tuned[i] = (CaseOutcome.Segmented) pairs.get(k)[1];
      if (cont != null) {
        cont[i] = (CaseOutcome.Segmented) controls.get(k)[1];
      }
    }
    Map<String, Froc.Result> froc = new LinkedHashMap<>();
    froc(r.baselinePublic()).ifPresent(x -> froc.put("publicBaseline", x));
    froc(r.baselineSite()).ifPresent(x -> froc.put("baseline", x));
    if (r.hasControlArm()) {
      froc(r.continuedSite()).ifPresent(x -> froc.put("continued", x));
    }
    froc(r.fineTunedSite()).ifPresent(x -> froc.put("fineTuned", x));
    List<CaseOutcome> pub =
        r.baselinePublic().stream().filter(o -> o instanceof CaseOutcome.Segmented).toList();
    Map<String, SegmenterComparison.Row> rows = new LinkedHashMap<>();
    rows.put(
        "dice", row(base, tuned, cont, CaseOutcome.Segmented::dice, Over.ALL, pub, true, alpha));
    rows.put("iou", row(base, tuned, cont, CaseOutcome.Segmented::iou, Over.ALL, pub, true, alpha));
    rows.put(
        "asdMm",
        row(base, tuned, cont, CaseOutcome.Segmented::asdMm, Over.FINITE_ASD, pub, false, alpha));
    rows.put(
        "diceDetected",
        row(base, tuned, cont, CaseOutcome.Segmented::dice, Over.BOTH_DETECTED, pub, true, alpha));
    return new SegmenterComparison(
        n,
        pub.size(),
        detectionRate(base),
        detectionRate(tuned),
        cont == null ? Optional.empty() : Optional.of(detectionRate(cont)),
        rows.get("asdMm").n(),
        rows,
        froc);
  }

  /**
   * The FROC of a whole-scan evaluation's outcomes ({@link CaseOutcome.FalsePositives} per scan,
   * each nodule's match score): sensitivity at the LUNA16 false-positive rates and the CPM. Empty
   * when the outcomes have no false-positive records (evaluation around each nodule) or no nodule.
   */
  static Optional<Froc.Result> froc(List<CaseOutcome> outs) {
    Map<String, List<CaseOutcome.Segmented>> byScan = new LinkedHashMap<>();
    Map<String, CaseOutcome.FalsePositives> fps = new LinkedHashMap<>();
    for (CaseOutcome o : outs) {
      if (o instanceof CaseOutcome.FalsePositives f) {
        fps.put(f.caseId(), f);
        byScan.put(f.caseId(), new ArrayList<>());
      }
    }
    if (fps.isEmpty()) {
      return Optional.empty();
    }
    for (CaseOutcome o : outs) {
      if (o instanceof CaseOutcome.Segmented g) {
        String scan = g.caseId().substring(0, Math.max(0, g.caseId().lastIndexOf('/')));
        List<CaseOutcome.Segmented> list = byScan.get(scan);
        if (list == null) {
          throw new IllegalArgumentException(
              "nodule " + g.caseId() + " has no false-positive record of its scan " + scan);
        }
        list.add(g);
      }
    }
    List<DetectionEvaluation.ScanMatch> scans = new ArrayList<>();
    int nodules = 0;
    for (Map.Entry<String, List<CaseOutcome.Segmented>> e : byScan.entrySet()) {
      List<DetectionEvaluation.CandidateMatch> cands = new ArrayList<>();
      List<DetectionEvaluation.NoduleMatch> truths = new ArrayList<>();
      for (CaseOutcome.Segmented g : e.getValue()) {
        int match = -1;
        if (Double.isFinite(g.matchScore())) {
          cands.add(new DetectionEvaluation.CandidateMatch(g.matchScore(), "segmenter", true));
          match = cands.size() - 1;
        }
        truths.add(
            new DetectionEvaluation.NoduleMatch(Double.NaN, match, Map.of(), Optional.empty()));
      }
      for (double x : fps.get(e.getKey()).scores()) {
        cands.add(new DetectionEvaluation.CandidateMatch(x, "segmenter", false));
      }
      nodules += truths.size();
      scans.add(new DetectionEvaluation.ScanMatch(e.getKey(), cands, truths));
    }
    return nodules == 0 ? Optional.empty() : Optional.of(DetectionEvaluation.of(scans).froc());
  }

  private static double detectionRate(CaseOutcome.Segmented[] outs) {
    long d = java.util.Arrays.stream(outs).filter(CaseOutcome.Segmented::detected).count();
    return (double) d / outs.length;
  }

  /** The (x, z) values of a metric over the nodules {@code over} admits, as two columns. */
  private static double[][] columns(
      CaseOutcome.Segmented[] x,
      CaseOutcome.Segmented[] z,
      ToDoubleFunction<CaseOutcome.Segmented> value,
      Over over) {
    List<double[]> kept = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      boolean in =
          switch (over) {
            case ALL -> true;
            case FINITE_ASD -> Double.isFinite(x[i].asdMm()) && Double.isFinite(z[i].asdMm());
            case BOTH_DETECTED -> x[i].detected() && z[i].detected();
          };
      if (in) {
        kept.add(new double[] {value.applyAsDouble(x[i]), value.applyAsDouble(z[i])});
      }
    }
    double[][] out = new double[2][kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      out[0][i] = kept.get(i)[0];
      out[1][i] = kept.get(i)[1];
    }
    return out;
  }

  /**
   * Mean of a per-nodule value on the public test set, over the nodules {@code over} admits for the
   * baseline alone (NaN if none).
   */
  private static double publicMean(
      List<CaseOutcome> outs, ToDoubleFunction<CaseOutcome.Segmented> value, Over over) {
    double s = 0;
    int n = 0;
    for (CaseOutcome o : outs) {
      CaseOutcome.Segmented g = (CaseOutcome.Segmented) o;
      boolean in =
          switch (over) {
            case ALL -> true;
            case FINITE_ASD -> Double.isFinite(g.asdMm());
            case BOTH_DETECTED -> g.detected();
          };
      double v = value.applyAsDouble(g);
      if (in && Double.isFinite(v)) {
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

  /** Wilcoxon's signed-rank p of paired values (1 if all pairs are equal, NaN if none). */
  private static double wilcoxonP(double[] base, double[] tuned) {
    boolean anyDiff = false;
    for (int i = 0; i < base.length; i++) {
      anyDiff |= base[i] != tuned[i];
    }
    if (anyDiff) {
      TestResult t = PairedTests.wilcoxonSignedRank(tuned, base, PairedTests.WilcoxonMethod.AUTO);
      return t.p();
    }
    return base.length > 0 ? 1.0 : Double.NaN;
  }

  private static SegmenterComparison.Row row(
      CaseOutcome.Segmented[] base,
      CaseOutcome.Segmented[] tuned,
      CaseOutcome.Segmented[] cont,
      ToDoubleFunction<CaseOutcome.Segmented> value,
      Over over,
      List<CaseOutcome> pub,
      boolean higherIsBetter,
      double alpha) {
    double[][] bt = columns(base, tuned, value, over);
    double mb = mean(bt[0]);
    double mt = mean(bt[1]);
    double p = wilcoxonP(bt[0], bt[1]);
    Optional<SegmenterComparison.Versus> versus = Optional.empty();
    if (cont != null) {
      double[][] ct = columns(cont, tuned, value, over);
      double mc = mean(ct[0]);
      double mtc = mean(ct[1]);
      double pc = wilcoxonP(ct[0], ct[1]);
      versus =
          Optional.of(
              new SegmenterComparison.Versus(
                  mc,
                  mtc,
                  PairedTests.rateOfChangePercent(mc, mtc),
                  pc,
                  Verdict.of(higherIsBetter ? mtc - mc : mc - mtc, pc, alpha),
                  ct[0].length));
    }
    return new SegmenterComparison.Row(
        publicMean(pub, value, over),
        mb,
        mt,
        PairedTests.rateOfChangePercent(mb, mt),
        p,
        Verdict.of(higherIsBetter ? mt - mb : mb - mt, p, alpha),
        bt[0].length,
        versus);
  }

  /**
   * The classifier's statistics for one site.
   *
   * @param baselinePublic the baseline on the public test set
   * @param baselineSite the baseline on the site's test set
   * @param fineTunedSite the fine-tuned model on the site's test set
   * @param comparison the paired comparison of fine-tuned against baseline (DeLong, bootstrap,
   *     McNemar); differences are fine-tuned minus baseline
   * @param verdicts a verdict per metric, fine-tuned against baseline
   * @param continuedSite the continued model (control arm) on the site's test set, if run
   * @param versusContinued the paired comparison of fine-tuned against continued, if run;
   *     differences are fine-tuned minus continued
   * @param verdictsVersusContinued a verdict per metric, fine-tuned against continued (empty
   *     without a control arm)
   */
  public record ClassifierComparison(
      ClassificationReport baselinePublic,
      ClassificationReport baselineSite,
      ClassificationReport fineTunedSite,
      Comparison comparison,
      Map<ClassificationMetric, Verdict> verdicts,
      Optional<ClassificationReport> continuedSite,
      Optional<Comparison> versusContinued,
      Map<ClassificationMetric, Verdict> verdictsVersusContinued) {
    /** Copies the maps. */
    public ClassifierComparison {
      verdicts = Map.copyOf(verdicts);
      Objects.requireNonNull(continuedSite, "continuedSite");
      Objects.requireNonNull(versusContinued, "versusContinued");
      verdictsVersusContinued = Map.copyOf(verdictsVersusContinued);
    }
  }

  /**
   * The segmenter's statistics for one site.
   *
   * @param n site test nodules
   * @param publicN public test nodules (of the public column)
   * @param baselineDetectionRate fraction of them the baseline detected
   * @param fineTunedDetectionRate fraction the fine-tuned model detected
   * @param continuedDetectionRate fraction the continued model detected, if the control arm ran
   * @param asdPairs nodules in the ASD comparison of fine-tuned against baseline (detected by both)
   * @param rows {@code dice}, {@code iou} (means over all test nodules, a missed one counting 0),
   *     {@code asdMm} (over the nodules both models detected; public: those the baseline detected)
   *     and {@code diceDetected} (Dice over the nodules both models detected, public: over those
   *     the baseline detected; the segmentation quality where the detector finds the nodule, apart
   *     from how many it finds)
   * @param froc where the test scans were segmented whole: the FROC of each arm ({@code
   *     publicBaseline}, {@code baseline}, {@code continued}, {@code fineTuned}) with the
   *     sensitivity at the LUNA16 false-positive rates (1/8 to 8 per scan) and the CPM, false
   *     positives counted by the LUNA16 hit rule; descriptive, no test. Empty where each nodule was
   *     evaluated in a region around it (no false positives counted).
   */
  public record SegmenterComparison(
      int n,
      int publicN,
      double baselineDetectionRate,
      double fineTunedDetectionRate,
      Optional<Double> continuedDetectionRate,
      int asdPairs,
      Map<String, Row> rows,
      Map<String, Froc.Result> froc) {
    /** Copies the maps, keeping their order. */
    public SegmenterComparison {
      Objects.requireNonNull(continuedDetectionRate, "continuedDetectionRate");
      rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
      froc = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(froc));
    }

    /**
     * One metric.
     *
     * @param publicBaseline mean of the baseline on the public test set
     * @param baseline mean of the baseline on the site, over the {@code n} paired nodules
     * @param fineTuned mean of the fine-tuned model on the site, over the same nodules
     * @param rateOfChangePercent (fineTuned - baseline) / baseline × 100
     * @param p Wilcoxon signed-rank p of fine-tuned against baseline (NaN if no pairs)
     * @param verdict the verdict against the baseline (for ASD, lower is better)
     * @param n the nodules in the paired test against the baseline
     * @param versusContinued the same comparison against the continued model, if it ran
     */
    public record Row(
        double publicBaseline,
        double baseline,
        double fineTuned,
        double rateOfChangePercent,
        double p,
        Verdict verdict,
        int n,
        Optional<Versus> versusContinued) {
      /** Checks for null. */
      public Row {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(versusContinued, "versusContinued");
      }

      /** The verdict against the continued model ({@code NO_SIGNIFICANT_CHANGE} if none ran). */
      public Verdict verdictVersusContinued() {
        return versusContinued.map(Versus::verdict).orElse(Verdict.NO_SIGNIFICANT_CHANGE);
      }
    }

    /**
     * A metric's paired comparison of the fine-tuned model against the continued model (the control
     * arm), by Wilcoxon's signed-rank test over the nodules the metric pairs (for ASD and the Dice
     * of detected nodules: those both of these two models detected, so {@code n} and the fine-tuned
     * mean can differ from the comparison against the baseline).
     *
     * @param continued mean of the continued model
     * @param fineTuned mean of the fine-tuned model over the same nodules
     * @param rateOfChangePercent (fineTuned - continued) / continued × 100
     * @param p Wilcoxon signed-rank p (NaN if no pairs)
     * @param verdict the verdict (for ASD, lower is better)
     * @param n the nodules in the paired test
     */
    public record Versus(
        double continued,
        double fineTuned,
        double rateOfChangePercent,
        double p,
        Verdict verdict,
        int n) {}
  }
}
