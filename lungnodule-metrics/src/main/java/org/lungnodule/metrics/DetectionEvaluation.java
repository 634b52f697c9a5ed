package org.lungnodule.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one detection evaluation of the library: which detection hit which nodule, the FROC curve and
 * its CPM, sensitivity and false positives per scan at an operating threshold, per-source counts,
 * and the Dice, IoU and surface distances of the hits.
 *
 * <p><b>The hit rule</b> (LUNA16's {@code noduleCADEvaluationLUNA16.py}): a candidate hits a nodule
 * when the distance between its centre and the nodule's centre, in world millimetres, is strictly
 * less than the nodule's radius (a candidate exactly on the radius misses). A nodule counts once:
 * its match is the hitting candidate with the highest score (the first in the scan's order among
 * equal scores). Candidates that hit a nodule are never false positives, even when another
 * candidate is the nodule's match, and a candidate may hit several nodules. A candidate that hits
 * no nodule is a false positive.
 *
 * <p><b>At a threshold</b> t, candidates with score &gt;= t are kept: a nodule is detected when its
 * match's score is &gt;= t, and false positives are the kept candidates that hit nothing. Choose t
 * on other scans than those you report:
 *
 * <pre>{@code
 * OperatingPoint op = DetectionEvaluation.chooseThreshold(validationScans, 2.0); // <= 2 FP/scan
 * DetectionSummary test = DetectionEvaluation.evaluate(testScans).at(op);      // records op
 * Froc.Result froc = DetectionEvaluation.evaluate(testScans).froc();           // CPM at 1/8..8
 * }</pre>
 *
 * <p><b>Masks</b>: when a nodule and its match both carry a mask, the match's Dice, IoU and surface
 * distances are measured by {@link SegmentationMetrics} (the two masks pasted onto the box that
 * holds both if they are crops). {@link #match(Detection.Scan)} does that per scan and keeps only
 * numbers, so a caller can match one scan at a time, drop its masks, and put the scans together
 * with {@link #of(List)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DetectionEvaluation {

  private final List<ScanMatch> scans;
  private final int nodules;

  private DetectionEvaluation(List<ScanMatch> scans) {
    this.scans = List.copyOf(scans);
    int n = 0;
    for (ScanMatch s : this.scans) {
      n += s.nodules().size();
    }
    this.nodules = n;
  }

  /**
   * One candidate after matching.
   *
   * @param score its score
   * @param source its source
   * @param hit whether it hit at least one nodule (then it is never a false positive)
   */
  public record CandidateMatch(double score, String source, boolean hit) {
    /** Validates. */
    public CandidateMatch {
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * One reference nodule after matching.
   *
   * @param diameterMm its diameter
   * @param match the index (in the scan's candidates) of its match, the highest-scoring candidate
   *     that hit it, or -1 if none did
   * @param bestScoreBySource per source, the highest score among that source's candidates that hit
   *     it
   * @param segmentation the match's segmentation scores, if the nodule and its match have masks
   */
  public record NoduleMatch(
      double diameterMm,
      int match,
      Map<String, Double> bestScoreBySource,
      Optional<SegmentationScores> segmentation) {
    /** Copies. */
    public NoduleMatch {
      bestScoreBySource = Map.copyOf(bestScoreBySource);
      Objects.requireNonNull(segmentation, "segmentation");
    }

    /** Whether any candidate hit it. */
    public boolean hit() {
      return match >= 0;
    }
  }

  /**
   * One scan after matching: numbers only, its masks already scored.
   *
   * @param scanId the scan
   * @param candidates its candidates, in the scan's order
   * @param nodules its reference nodules, in the scan's order
   */
  public record ScanMatch(
      String scanId, List<CandidateMatch> candidates, List<NoduleMatch> nodules) {
    /** Copies. */
    public ScanMatch {
      Objects.requireNonNull(scanId, "scanId");
      candidates = List.copyOf(candidates);
      nodules = List.copyOf(nodules);
    }

    /** The score of a nodule's match (negative infinity if it has none). */
    double matchScore(NoduleMatch n) {
      return n.hit() ? candidates.get(n.match()).score() : Double.NEGATIVE_INFINITY;
    }
  }

  /**
   * Matches one scan's candidates to its nodules by the hit rule, and scores each match's mask
   * against its nodule's where both have one.
   *
   * @param scan the scan
   * @return the scan's matches
   * @throws IllegalArgumentException if a nodule's and its match's masks are not on the same voxel
   *     lattice (spacing, direction, whole-voxel offset)
   */
  public static ScanMatch match(Detection.Scan scan) {
    Objects.requireNonNull(scan, "scan");
    List<Detection.Candidate> cands = scan.candidates();
    boolean[] hit = new boolean[cands.size()];
    List<NoduleMatch> nodules = new ArrayList<>();
    for (int t = 0; t < scan.nodules().size(); t++) {
      Detection.TruthNodule n = scan.nodules().get(t);
      double r = n.radiusMm();
      int best = -1;
      Map<String, Double> bySource = new TreeMap<>();
      for (int c = 0; c < cands.size(); c++) {
        Detection.Candidate cand = cands.get(c);
        if (hits(cand, n)) {
          hit[c] = true;
          bySource.merge(cand.source(), cand.score(), Math::max);
          if (best < 0 || cand.score() > cands.get(best).score()) {
            best = c;
          }
        }
      }
      Optional<SegmentationScores> seg = Optional.empty();
      if (best >= 0 && n.mask().isPresent() && cands.get(best).mask().isPresent()) {
        try {
          seg = Optional.of(AlignedMasks.evaluate(cands.get(best).mask().get(), n.mask().get()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "scan "
                  + scan.scanId()
                  + ", nodule "
                  + t
                  + " (radius "
                  + r
                  + " mm): "
                  + e.getMessage(),
              e);
        }
      }
      nodules.add(new NoduleMatch(n.diameterMm(), best, bySource, seg));
    }
    List<CandidateMatch> cm = new ArrayList<>();
    for (int c = 0; c < cands.size(); c++) {
      cm.add(new CandidateMatch(cands.get(c).score(), cands.get(c).source(), hit[c]));
    }
    return new ScanMatch(scan.scanId(), cm, nodules);
  }

  /**
   * The hit rule: the candidate's centre is strictly closer to the nodule's centre than the
   * nodule's radius, in world millimetres.
   */
  public static boolean hits(Detection.Candidate candidate, Detection.TruthNodule nodule) {
    double dx = candidate.centerMm().xMm() - nodule.centerMm().xMm();
    double dy = candidate.centerMm().yMm() - nodule.centerMm().yMm();
    double dz = candidate.centerMm().zMm() - nodule.centerMm().zMm();
    double r = nodule.radiusMm();
    return dx * dx + dy * dy + dz * dz < r * r;
  }

  /**
   * Evaluates scans: matches each ({@link #match}) and puts them together.
   *
   * @throws IllegalArgumentException if there is no scan, two scans share an id, or masks do not
   *     line up (see {@link #match})
   */
  public static DetectionEvaluation evaluate(List<Detection.Scan> scans) {
    Objects.requireNonNull(scans, "scans");
    List<ScanMatch> m = new ArrayList<>();
    for (Detection.Scan s : scans) {
      m.add(match(s));
    }
    return of(m);
  }

  /**
   * Puts matched scans together.
   *
   * @throws IllegalArgumentException if there is no scan or two scans share an id
   */
  public static DetectionEvaluation of(List<ScanMatch> scans) {
    Objects.requireNonNull(scans, "scans");
    if (scans.isEmpty()) {
      throw new IllegalArgumentException("detection evaluation needs at least one scan, got none");
    }
    Set<String> ids = new HashSet<>();
    for (ScanMatch s : scans) {
      if (!ids.add(s.scanId())) {
        throw new IllegalArgumentException(
            "scan ids must be unique, got '" + s.scanId() + "' twice");
      }
    }
    return new DetectionEvaluation(scans);
  }

  /**
   * Chooses an operating threshold on validation scans: the lowest score threshold at which they
   * have no more than {@code maxFpPerScan} false positives per scan. That threshold spends the
   * false-positive budget and so gives the highest sensitivity within it: the operating point that
   * "sensitivity at {@code maxFpPerScan} FP/scan" names on an FROC curve. Apply it to test scans
   * with {@link #at(OperatingPoint)}; their false-positive rate scatters around the budget.
   *
   * @throws IllegalArgumentException if there is no scan, no nodule, or the budget is negative or
   *     not finite
   */
  public static OperatingPoint chooseThreshold(
      List<Detection.Scan> validation, double maxFpPerScan) {
    return evaluate(validation).chooseThreshold(maxFpPerScan, "validation");
  }

  /**
   * Chooses an operating threshold on these scans (see {@link #chooseThreshold(List, double)}).
   *
   * @param maxFpPerScan the false-positive budget per scan, &gt;= 0
   * @param setName what these scans are, recorded in the origin (for example {@code "validation"})
   * @throws IllegalArgumentException if there is no nodule, or the budget is negative or not finite
   */
  public OperatingPoint chooseThreshold(double maxFpPerScan, String setName) {
    Objects.requireNonNull(setName, "setName");
    if (!(maxFpPerScan >= 0) || Double.isInfinite(maxFpPerScan)) {
      throw new IllegalArgumentException(
          "false-positive budget must be finite and >= 0 per scan, got " + maxFpPerScan);
    }
    requireNodules("choosing a threshold");
    List<Froc.Point> curve = froc().curve();
    double top = curve.size() > 1 ? curve.get(1).threshold() : 0;
    // the curve's first point keeps nothing: above every score
    Froc.Point best =
        new Froc.Point(curve.size() > 1 ? Math.nextUp(top) : Double.POSITIVE_INFINITY, 0, 0);
    for (Froc.Point p : curve.subList(1, curve.size())) {
      // the curve runs from high thresholds to low: the last point within the budget spends it
      if (p.fpPerScan() > maxFpPerScan) {
        break;
      }
      best = p;
    }
    Set<String> ids = new LinkedHashSet<>();
    scans.forEach(s -> ids.add(s.scanId()));
    String origin =
        String.format(
            java.util.Locale.ROOT,
            "chosen on %d %s scans: lowest threshold at <= %s FP/scan",
            scans.size(),
            setName,
            maxFpPerScan);
    return new OperatingPoint(
        best.threshold(),
        origin,
        Optional.of(
            new OperatingPoint.Choice(
                maxFpPerScan, ids, nodules, best.sensitivity(), best.fpPerScan())));
  }

  /** The matched scans, in order. */
  public List<ScanMatch> scans() {
    return scans;
  }

  /** The number of reference nodules. */
  public int nodules() {
    return nodules;
  }

  /**
   * The FROC curve and the LUNA16 CPM (mean sensitivity at 1/8 … 8 false positives per scan).
   *
   * @throws IllegalArgumentException if there is no reference nodule
   */
  public Froc.Result froc() {
    return froc(Froc.LUNA16_FP_RATES);
  }

  /**
   * The FROC curve and the mean sensitivity at the given false-positive rates.
   *
   * @throws IllegalArgumentException if there is no reference nodule or a rate is not positive
   */
  public Froc.Result froc(List<Double> fpRates) {
    Objects.requireNonNull(fpRates, "fpRates");
    requireNodules("froc");
    List<double[]> marks = new ArrayList<>(); // {score, 1 = nodule's match / 0 = false positive}
    int detected = 0;
    int fps = 0;
    for (ScanMatch s : scans) {
      for (NoduleMatch n : s.nodules()) {
        if (n.hit()) {
          detected++;
          marks.add(new double[] {s.matchScore(n), 1});
        }
      }
      for (CandidateMatch c : s.candidates()) {
        if (!c.hit()) {
          fps++;
          marks.add(new double[] {c.score(), 0});
        }
      }
    }
    return Froc.fromMarks(marks, scans.size(), nodules, detected, fps, fpRates);
  }

  /**
   * Sensitivity, false positives and the rest at a fixed threshold, recorded as set beforehand.
   *
   * @throws IllegalArgumentException if there is no reference nodule or the threshold is NaN
   */
  public DetectionSummary at(double threshold) {
    return at(OperatingPoint.fixed(threshold, "fixed threshold"));
  }

  /**
   * Sensitivity, false positives per scan, per-source counts and the hits' segmentation scores at
   * an operating point, which the result records (with the number of these scans it was chosen on,
   * if any: a threshold chosen on the scans it is applied to flatters them).
   *
   * @throws IllegalArgumentException if there is no reference nodule
   */
  public DetectionSummary at(OperatingPoint op) {
    Objects.requireNonNull(op, "op");
    requireNodules("sensitivity");
    double t = op.threshold();
    int detected = 0;
    int kept = 0;
    int fps = 0;
    Map<String, int[]> bySource =
        new TreeMap<>(); // detections, nodules hit, first hits, false positives
    List<SegmentationScores> segs = new ArrayList<>();
    int unscored = 0;
    int overlap = 0;
    List<Double> limits = DetectionSummary.SIZE_LIMITS_MM;
    int[] sizeNodules = new int[limits.size() + 1];
    int[] sizeDetected = new int[limits.size() + 1];
    Set<String> chosenOn = op.choice().map(OperatingPoint.Choice::scanIds).orElse(Set.of());
    for (ScanMatch s : scans) {
      if (chosenOn.contains(s.scanId())) {
        overlap++;
      }
      for (CandidateMatch c : s.candidates()) {
        if (c.score() >= t) {
          kept++;
          int[] k = bySource.computeIfAbsent(c.source(), x -> new int[4]);
          k[0]++;
          if (!c.hit()) {
            fps++;
            k[3]++;
          }
        }
      }
      for (NoduleMatch n : s.nodules()) {
        int bin = 0;
        while (bin < limits.size() && n.diameterMm() >= limits.get(bin)) {
          bin++;
        }
        sizeNodules[bin]++;
        for (Map.Entry<String, Double> e : n.bestScoreBySource().entrySet()) {
          if (e.getValue() >= t) {
            bySource.computeIfAbsent(e.getKey(), x -> new int[4])[1]++;
          }
        }
        if (n.hit() && s.matchScore(n) >= t) {
          detected++;
          sizeDetected[bin]++;
          bySource.computeIfAbsent(s.candidates().get(n.match()).source(), x -> new int[4])[2]++;
          if (n.segmentation().isPresent()) {
            segs.add(n.segmentation().get());
          } else {
            unscored++;
          }
        }
      }
    }
    Map<String, DetectionSummary.SourceCounts> sources = new TreeMap<>();
    bySource.forEach(
        (k, v) -> sources.put(k, new DetectionSummary.SourceCounts(k, v[0], v[1], v[2], v[3])));
    return new DetectionSummary(
        op,
        scans.size(),
        overlap,
        nodules,
        detected,
        kept,
        fps,
        sources,
        segs,
        unscored,
        SegmentationAccumulator.aggregate(segs),
        sizeCounts(limits, sizeNodules, sizeDetected));
  }

  private static List<DetectionSummary.SizeCounts> sizeCounts(
      List<Double> limits, int[] nodules, int[] detected) {
    List<DetectionSummary.SizeCounts> out = new ArrayList<>();
    for (int b = 0; b <= limits.size(); b++) {
      double lo = b == 0 ? 0 : limits.get(b - 1);
      double hi = b == limits.size() ? Double.POSITIVE_INFINITY : limits.get(b);
      String range =
          b == 0
              ? String.format(java.util.Locale.ROOT, "<%.0f mm", hi)
              : b == limits.size()
                  ? String.format(java.util.Locale.ROOT, ">=%.0f mm", lo)
                  : String.format(java.util.Locale.ROOT, "%.0f-%.0f mm", lo, hi);
      out.add(new DetectionSummary.SizeCounts(range, lo, hi, nodules[b], detected[b]));
    }
    return out;
  }

  private void requireNodules(String what) {
    if (nodules == 0) {
      throw new IllegalArgumentException(
          what + " needs at least one reference nodule, got none in " + scans.size() + " scans");
    }
  }

  @Override
  public String toString() {
    int cands = 0;
    for (ScanMatch s : scans) {
      cands += s.candidates().size();
    }
    return "DetectionEvaluation["
        + scans.size()
        + " scans, "
        + nodules
        + " nodules, "
        + cands
        + " candidates]";
  }
}
