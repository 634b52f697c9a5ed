package org.lungnodule.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lungnodule.core.Mask;

/**
 * Collects per-case segmentation scores (for a training or evaluation loop) and aggregates them,
 * MONAI style: {@link #update}, {@link #aggregate}, {@link #reset}. Thread-safe.
 */
public final class SegmentationAccumulator {

  private final List<SegmentationScores> scores = new ArrayList<>();

  /** Creates an empty accumulator. */
  public SegmentationAccumulator() {}

  /**
   * Scores one case and adds it.
   *
   * @return the case's scores
   * @throws IllegalArgumentException if the masks are not on the same grid
   */
  public SegmentationScores update(Mask pred, Mask truth) {
    SegmentationScores s = SegmentationMetrics.evaluate(pred, truth);
    add(s);
    return s;
  }

  /** Adds scores computed elsewhere. */
  public synchronized void add(SegmentationScores s) {
    scores.add(Objects.requireNonNull(s, "scores"));
  }

  /** Returns the scores added so far, in order. */
  public synchronized List<SegmentationScores> scores() {
    return List.copyOf(scores);
  }

  /** Returns the means over the cases so far (NaN means when there is none). */
  public synchronized SegmentationSummary aggregate() {
    return aggregate(scores);
  }

  /** Forgets every case. */
  public synchronized void reset() {
    scores.clear();
  }

  /** Returns the means of a list of scores. */
  public static SegmentationSummary aggregate(List<SegmentationScores> list) {
    double dice = 0;
    double iou = 0;
    double asd = 0;
    double hd95 = 0;
    double hd = 0;
    int withDist = 0;
    int both = 0;
    int one = 0;
    for (SegmentationScores s : list) {
      dice += s.dice();
      iou += s.iou();
      if (s.predVoxels() == 0 && s.truthVoxels() == 0) {
        both++;
      } else if (s.predVoxels() == 0 || s.truthVoxels() == 0) {
        one++;
      }
      if (s.asdMm().isPresent()) {
        asd += s.asdMm().getAsDouble();
        hd95 += s.hd95Mm().getAsDouble();
        hd += s.hausdorffMm().getAsDouble();
        withDist++;
      }
    }
    int n = list.size();
    return new SegmentationSummary(
        n,
        n == 0 ? Double.NaN : dice / n,
        n == 0 ? Double.NaN : iou / n,
        withDist == 0 ? Double.NaN : asd / withDist,
        withDist == 0 ? Double.NaN : hd95 / withDist,
        withDist == 0 ? Double.NaN : hd / withDist,
        withDist,
        n - withDist,
        both,
        one);
  }

  @Override
  public synchronized String toString() {
    return "SegmentationAccumulator[" + scores.size() + " cases]";
  }
}
