package org.lungnodule.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * FROC analysis and the LUNA16 competition performance metric (CPM), following the LUNA16
 * evaluation script, with the hit rule of {@link DetectionEvaluation} (a candidate hits a nodule
 * when its distance to the nodule's centre is strictly less than the nodule's radius; each nodule
 * counts once, as a true positive with the highest score among the candidates that hit it;
 * candidates that hit a nodule are never false positives; candidates that hit none are). The curve
 * has one point per distinct score (sensitivity = detected nodules / all nodules, FP rate = false
 * positives / scans), starting at (0, 0); the sensitivity at an FP rate is linearly interpolated on
 * it (numpy's {@code interp}, as LUNA16), the last sensitivity held beyond its end. CPM = the mean
 * sensitivity at 1/8, 1/4, 1/2, 1, 2, 4 and 8 FPs per scan.
 */
public final class Froc {

  /** The LUNA16 FP rates: 1/8, 1/4, 1/2, 1, 2, 4, 8 false positives per scan. */
  public static final List<Double> LUNA16_FP_RATES = List.of(0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0);

  private Froc() {}

  /**
   * One FROC operating point.
   *
   * @param threshold score threshold (candidates with score &gt;= threshold kept)
   * @param fpPerScan false positives per scan
   * @param sensitivity fraction of nodules detected
   */
  public record Point(double threshold, double fpPerScan, double sensitivity) {}

  /**
   * The FROC result.
   *
   * @param curve operating points by decreasing threshold, from (0, 0)
   * @param fpRates the FP rates of the CPM
   * @param sensitivities sensitivity at each FP rate
   * @param cpm mean of the sensitivities
   * @param scans number of scans
   * @param nodules number of reference nodules
   * @param detectedNodules nodules hit by at least one candidate (any score)
   * @param falsePositives candidates that hit no nodule
   */
  public record Result(
      List<Point> curve,
      List<Double> fpRates,
      List<Double> sensitivities,
      double cpm,
      int scans,
      int nodules,
      int detectedNodules,
      int falsePositives) {

    /** Copies the lists. */
    public Result {
      curve = List.copyOf(curve);
      fpRates = List.copyOf(fpRates);
      sensitivities = List.copyOf(sensitivities);
    }

    /** Returns an ordered map for JSON. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cpm", cpm);
      m.put("fpRates", fpRates);
      m.put("sensitivities", sensitivities);
      m.put("scans", scans);
      m.put("nodules", nodules);
      m.put("detectedNodules", detectedNodules);
      m.put("falsePositives", falsePositives);
      return m;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "FROC: %d scans, %d nodules (%d detected), %d false positives, CPM %.4f%n",
              scans,
              nodules,
              detectedNodules,
              falsePositives,
              cpm));
      for (int i = 0; i < fpRates.size(); i++) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %6.3f FP/scan  sensitivity %.4f%n",
                fpRates.get(i),
                sensitivities.get(i)));
      }
      return sb.toString().stripTrailing();
    }
  }

  /**
   * Computes the FROC curve and the LUNA16 CPM.
   *
   * @throws IllegalArgumentException if there is no scan or no nodule
   */
  public static Result compute(List<Detection.Scan> scans) {
    return compute(scans, LUNA16_FP_RATES);
  }

  /**
   * Computes the FROC curve and the mean sensitivity at the given FP rates, with the hit rule of
   * {@link DetectionEvaluation} ({@code DetectionEvaluation.evaluate(scans).froc(fpRates)}).
   *
   * @throws IllegalArgumentException if there is no scan, no nodule, or an FP rate is not positive
   */
  public static Result compute(List<Detection.Scan> scans, List<Double> fpRates) {
    Objects.requireNonNull(scans, "scans");
    return DetectionEvaluation.evaluate(scans).froc(fpRates);
  }

  /**
   * The curve and the sensitivities from the marks of a matching: each detected nodule's match
   * score (a true positive) and each false positive's score.
   *
   * @param marks {score, 1 for a nodule's match or 0 for a false positive}
   */
  static Result fromMarks(
      List<double[]> marks, int nScans, int nodules, int detected, int fps, List<Double> fpRates) {
    if (fpRates.isEmpty()) {
      throw new IllegalArgumentException("froc needs at least one fp rate");
    }
    for (double r : fpRates) {
      if (!(r > 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("fp rates must be positive, got " + r);
      }
    }
    List<double[]> sorted = new ArrayList<>(marks);
    sorted.sort((x, y) -> Double.compare(y[0], x[0]));
    List<Point> curve = new ArrayList<>();
    curve.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
    int tp = 0;
    int fp = 0;
    for (int i = 0; i < sorted.size(); ) {
      double t = sorted.get(i)[0];
      while (i < sorted.size() && sorted.get(i)[0] == t) {
        if (sorted.get(i)[1] == 1) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      curve.add(new Point(t, (double) fp / nScans, (double) tp / nodules));
    }
    double[] xs = curve.stream().mapToDouble(Point::fpPerScan).toArray();
    double[] ys = curve.stream().mapToDouble(Point::sensitivity).toArray();
    List<Double> sens = new ArrayList<>();
    double sum = 0;
    for (double r : fpRates) {
      double v = interp(r, xs, ys);
      sens.add(v);
      sum += v;
    }
    return new Result(curve, fpRates, sens, sum / fpRates.size(), nScans, nodules, detected, fps);
  }

  /** numpy.interp on non-decreasing xs: the last point with x &lt;= target, then linear. */
  static double interp(double x, double[] xs, double[] ys) {
    int j = -1;
    int lo = 0;
    int hi = xs.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (xs[mid] <= x) {
        j = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (j < 0) {
      return ys[0];
    }
    if (j == xs.length - 1) {
      return ys[j];
    }
    return ys[j] + (ys[j + 1] - ys[j]) * (x - xs[j]) / (xs[j + 1] - xs[j]);
  }
}
