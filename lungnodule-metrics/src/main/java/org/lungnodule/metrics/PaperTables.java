package org.lungnodule.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The paper's tables as {@link ReportTable}s: Table 1 (segmentation: Dice, IoU, ASD per dataset,
 * baseline vs fine-tuned, rate of change, P) and Tables 2–3 (classification: AUC, accuracy,
 * sensitivity, specificity, F1 with 95% CI, rate of change, P). One row per dataset and metric.
 */
public final class PaperTables {

  /** The classification metrics of Tables 2–3, in order. */
  public static final List<ClassificationMetric> CLASSIFICATION_METRICS =
      List.of(
          ClassificationMetric.AUC,
          ClassificationMetric.ACCURACY,
          ClassificationMetric.SENSITIVITY,
          ClassificationMetric.SPECIFICITY,
          ClassificationMetric.F1);

  private static final List<String> COLUMNS =
      List.of("Dataset", "Metric", "Cases", "Baseline", "Fine-tuned", "Rate of change", "P");

  private PaperTables() {}

  /**
   * One dataset of Table 1: per-case scores of the baseline and, if evaluated, of the fine-tuned
   * model on the same cases in the same order.
   *
   * @param dataset dataset name (e.g. "HB")
   * @param baseline per-case scores of the baseline
   * @param tuned per-case scores of the fine-tuned model, paired with baseline
   */
  public record SegmentationRow(
      String dataset, List<SegmentationScores> baseline, Optional<List<SegmentationScores>> tuned) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if baseline is empty or tuned has another length
     */
    public SegmentationRow {
      Objects.requireNonNull(dataset, "dataset");
      baseline = List.copyOf(baseline);
      tuned = tuned.map(List::copyOf);
      if (baseline.isEmpty()) {
        throw new IllegalArgumentException("dataset " + dataset + " has no baseline case");
      }
      if (tuned.isPresent() && tuned.get().size() != baseline.size()) {
        throw new IllegalArgumentException(
            "length mismatch in dataset "
                + dataset
                + ": "
                + baseline.size()
                + " baseline cases, "
                + tuned.get().size()
                + " fine-tuned");
      }
    }
  }

  /**
   * One dataset of Tables 2–3.
   *
   * @param dataset dataset name
   * @param baseline the baseline report (with the intervals to print)
   * @param tuned the fine-tuned report, if evaluated
   * @param comparison the paired comparison that gives the P column, if made
   */
  public record ClassificationRow(
      String dataset,
      ClassificationReport baseline,
      Optional<ClassificationReport> tuned,
      Optional<Comparison> comparison) {
    /** Checks for null. */
    public ClassificationRow {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(baseline, "baseline");
      Objects.requireNonNull(tuned, "tuned");
      Objects.requireNonNull(comparison, "comparison");
    }
  }

  /**
   * Table 1: mean Dice, IoU and ASD (mm) per dataset; P from Wilcoxon's signed-rank test on the
   * per-case values (R's default method; ASD over the cases where both are defined).
   */
  public static ReportTable segmentation(String title, List<SegmentationRow> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (SegmentationRow r : rows) {
      SegmentationSummary b = SegmentationAccumulator.aggregate(r.baseline());
      Optional<SegmentationSummary> t = r.tuned().map(SegmentationAccumulator::aggregate);
      addSeg(
          out,
          r,
          "Dice",
          b.meanDice(),
          t.map(SegmentationSummary::meanDice),
          b.cases(),
          SegmentationScores::dice);
      addSeg(
          out,
          r,
          "IoU",
          b.meanIou(),
          t.map(SegmentationSummary::meanIou),
          b.cases(),
          SegmentationScores::iou);
      addSeg(
          out,
          r,
          "ASD (mm)",
          b.meanAsdMm(),
          t.map(SegmentationSummary::meanAsdMm),
          b.distanceCases(),
          s -> s.asdMm().isPresent() ? s.asdMm().getAsDouble() : Double.NaN);
    }
    return new ReportTable(title, COLUMNS, out);
  }

  private static void addSeg(
      List<List<Object>> out,
      SegmentationRow r,
      String metric,
      double base,
      Optional<Double> tuned,
      int cases,
      Function<SegmentationScores, Double> value) {
    Object p = null;
    Object change = null;
    if (tuned.isPresent()) {
      change = new ReportTable.Percent(PairedTests.rateOfChangePercent(base, tuned.get()));
      List<SegmentationScores> tb = r.tuned().orElseThrow();
      double[] x = new double[tb.size()];
      double[] y = new double[tb.size()];
      int n = 0;
      for (int i = 0; i < tb.size(); i++) {
        double a = value.apply(r.baseline().get(i));
        double b = value.apply(tb.get(i));
        if (!Double.isNaN(a) && !Double.isNaN(b)) {
          x[n] = b;
          y[n] = a;
          n++;
        }
      }
      p =
          new ReportTable.PValue(
              wilcoxonP(java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n)));
    }
    out.add(
        ReportTable.row(
            r.dataset(), metric, cases, base, tuned.map(v -> (Object) v).orElse(null), change, p));
  }

  private static double wilcoxonP(double[] x, double[] y) {
    boolean anyDiff = false;
    for (int i = 0; i < x.length; i++) {
      anyDiff |= x[i] != y[i];
    }
    if (!anyDiff) {
      return x.length == 0 ? Double.NaN : 1.0;
    }
    return PairedTests.wilcoxonSignedRank(x, y, PairedTests.WilcoxonMethod.AUTO).p();
  }

  /**
   * Tables 2–3: AUC, accuracy, sensitivity, specificity and F1 with their intervals, the rate of
   * change and the comparison's P ({@link Comparison#p}).
   */
  public static ReportTable classification(String title, List<ClassificationRow> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (ClassificationRow r : rows) {
      for (ClassificationMetric m : CLASSIFICATION_METRICS) {
        Estimate b = r.baseline().get(m);
        Optional<Estimate> t = r.tuned().map(x -> x.get(m));
        Object change =
            t.map(
                    e ->
                        (Object)
                            new ReportTable.Percent(
                                PairedTests.rateOfChangePercent(b.value(), e.value())))
                .orElse(null);
        Object p =
            r.comparison()
                .flatMap(c -> c.p(m))
                .map(v -> (Object) new ReportTable.PValue(v))
                .orElse(null);
        out.add(
            ReportTable.row(
                r.dataset(),
                label(m),
                r.baseline().n(),
                b,
                t.map(e -> (Object) e).orElse(null),
                change,
                p));
      }
    }
    return new ReportTable(title, COLUMNS, out);
  }

  private static String label(ClassificationMetric m) {
    return switch (m) {
      case AUC -> "AUC";
      case ACCURACY -> "Accuracy";
      case SENSITIVITY -> "Sensitivity";
      case SPECIFICITY -> "Specificity";
      case PPV -> "PPV";
      case NPV -> "NPV";
      case F1 -> "F1";
    };
  }
}
