package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Matches reference boxes (anchors or proposals) to ground-truth boxes and samples a training
 * subset. Label codes: {@link #POSITIVE}, {@link #NEGATIVE}, {@link #IGNORE}.
 */
public final class AnchorTargets {

  /** Label of a box matched to a ground-truth box. */
  public static final int POSITIVE = 1;

  /** Label of a background box. */
  public static final int NEGATIVE = 0;

  /** Label of a box left out of the loss. */
  public static final int IGNORE = -1;

  private final int[] labels;
  private final int[] matched;

  private AnchorTargets(int[] labels, int[] matched) {
    this.labels = labels;
    this.matched = matched;
  }

  /**
   * Assigns labels: a box whose best IoU with any ground truth is at least {@code posIou} is
   * positive, below {@code negIou} negative, otherwise ignored; in addition, when {@code
   * bestForEachGt} is set, the box(es) with the highest IoU for each ground truth are positive (if
   * that IoU is above 0), so that every nodule gets an anchor even if it is small.
   *
   * @throws IllegalArgumentException unless {@code 0 <= negIou <= posIou <= 1}
   */
  public static AnchorTargets assign(
      List<Box3d> refs, List<Box3d> gts, double posIou, double negIou, boolean bestForEachGt) {
    if (!(negIou >= 0 && negIou <= posIou && posIou <= 1)) {
      throw new IllegalArgumentException(
          "need 0 <= negIou <= posIou <= 1, got negIou " + negIou + ", posIou " + posIou);
    }
    int n = refs.size();
    int[] labels = new int[n];
    int[] matched = new int[n];
    double[] gtBest = new double[gts.size()];
    double[] best = new double[n];
    for (int i = 0; i < n; i++) {
      best[i] = 0;
      matched[i] = -1;
      Box3d r = refs.get(i);
      for (int g = 0; g < gts.size(); g++) {
        double iou = r.iou(gts.get(g));
        if (iou > best[i]) {
          best[i] = iou;
          matched[i] = g;
        }
        gtBest[g] = Math.max(gtBest[g], iou);
      }
      labels[i] =
          best[i] >= posIou && matched[i] >= 0 ? POSITIVE : best[i] < negIou ? NEGATIVE : IGNORE;
    }
    if (bestForEachGt) {
      for (int i = 0; i < n; i++) {
        Box3d r = refs.get(i);
        for (int g = 0; g < gts.size(); g++) {
          if (gtBest[g] > 0 && r.iou(gts.get(g)) >= gtBest[g] - 1e-12) {
            labels[i] = POSITIVE;
            if (matched[i] < 0 || best[i] < gtBest[g]) {
              matched[i] = g;
            }
          }
        }
      }
    }
    return new AnchorTargets(labels, matched);
  }

  /**
   * Keeps at most {@code total} labelled boxes, of which at most {@code posFraction * total} are
   * positive (negatives fill the rest); the others become {@link #IGNORE}. Random and seeded.
   *
   * @return this object (its labels are changed in place)
   * @throws IllegalArgumentException if total is not positive or the fraction is outside (0, 1]
   */
  public AnchorTargets sample(int total, double posFraction, SplittableRandom rng) {
    return sample(total, posFraction, 0, null, rng);
  }

  /**
   * As {@link #sample(int, double, SplittableRandom)}, but of the negatives kept, the fraction
   * {@code hardFraction} are those with the highest {@code scores} (hard negatives; ties broken by
   * index) and the rest are drawn at random from the remaining ones.
   *
   * @param scores one score per box (the model's current objectness logits); may be null when
   *     {@code hardFraction} is 0
   * @return this object (its labels are changed in place)
   * @throws IllegalArgumentException if total is not positive, a fraction is outside its range, or
   *     the scores do not match the boxes
   */
  public AnchorTargets sample(
      int total, double posFraction, double hardFraction, float[] scores, SplittableRandom rng) {
    if (!(hardFraction >= 0 && hardFraction <= 1)) {
      throw new IllegalArgumentException("hard fraction must be in [0, 1], got " + hardFraction);
    }
    if (hardFraction > 0 && (scores == null || scores.length != labels.length)) {
      throw new IllegalArgumentException(
          "need one score per box: "
              + (scores == null ? 0 : scores.length)
              + " for "
              + labels.length);
    }
    if (total < 1) {
      throw new IllegalArgumentException("sample size must be positive, got " + total);
    }
    if (!(posFraction > 0 && posFraction <= 1)) {
      throw new IllegalArgumentException("positive fraction must be in (0, 1], got " + posFraction);
    }
    List<Integer> pos = indices(POSITIVE);
    int maxPos = (int) Math.round(total * posFraction);
    drop(pos, maxPos, rng);
    int keepNeg = total - Math.min(pos.size(), maxPos);
    List<Integer> neg = indices(NEGATIVE);
    int hard = Math.min(neg.size(), (int) Math.round(keepNeg * hardFraction));
    List<Integer> rest = neg;
    if (hard > 0) {
      List<Integer> ranked = new ArrayList<>(neg);
      ranked.sort(
          (x, y) -> {
            int c = Float.compare(scores[y], scores[x]);
            return c != 0 ? c : Integer.compare(x, y);
          });
      java.util.Set<Integer> hardSet = new java.util.HashSet<>(ranked.subList(0, hard));
      rest = new ArrayList<>();
      for (int i : neg) {
        if (!hardSet.contains(i)) {
          rest.add(i);
        }
      }
    }
    drop(rest, keepNeg - hard, rng);
    return this;
  }

  private List<Integer> indices(int label) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == label) {
        out.add(i);
      }
    }
    return out;
  }

  private void drop(List<Integer> idx, int keep, SplittableRandom rng) {
    for (int i = idx.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Integer t = idx.get(i);
      idx.set(i, idx.get(j));
      idx.set(j, t);
    }
    for (int i = keep; i < idx.size(); i++) {
      labels[idx.get(i)] = IGNORE;
    }
  }

  /** Returns the label of box {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** Returns the index of the ground truth matched to box {@code i}, or -1. */
  public int matchedGt(int i) {
    return matched[i];
  }

  /** Returns the number of boxes. */
  public int size() {
    return labels.length;
  }

  /** Returns how many boxes carry the given label. */
  public int count(int label) {
    int c = 0;
    for (int l : labels) {
      if (l == label) {
        c++;
      }
    }
    return c;
  }

  @Override
  public String toString() {
    return "AnchorTargets["
        + count(POSITIVE)
        + " positive, "
        + count(NEGATIVE)
        + " negative, "
        + count(IGNORE)
        + " ignored]";
  }
}
