package org.lungnodule.finetune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.lungnodule.core.NoduleLabel;

/**
 * Splits a site's cases into a fine-tuning part and an independent test part <b>by patient</b>:
 * every patient's cases land on one side only. The fine-tuning part aims at requested numbers of
 * malignant and benign cases (the paper: 172 malignant and 268 benign); whole patients rarely add
 * up exactly, so the splitter minimises {@code |malignant - target| + |benign - target|} over
 * seeded randomized greedy passes followed by single-patient swaps, and reports what it achieved.
 * The rest is the test part.
 *
 * <pre>{@code
 * SiteSplit<Case> s = SiteSplitter.builder().fineTuneCounts(172, 268).seed(7).build()
 *     .split(cases, Case::patientId, Case::label);
 * }</pre>
 *
 * Cases labelled {@link NoduleLabel#UNKNOWN} count towards neither target and go with their
 * patient. Immutable and thread-safe once built.
 */
public final class SiteSplitter {

  private final int malignantTarget;
  private final int benignTarget;
  private final long seed;
  private final int restarts;

  private SiteSplitter(Builder b) {
    this.malignantTarget = b.malignant;
    this.benignTarget = b.benign;
    this.seed = b.seed;
    this.restarts = b.restarts;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Splits cases by patient.
   *
   * @param cases the site's cases (nodules), each with a patient and a label
   * @param patientOf the patient of a case
   * @param labelOf the label of a case
   * @param <T> the case type
   * @return the two parts and a report; same seed and input order → same split
   * @throws IllegalArgumentException if the site holds fewer malignant or benign cases than
   *     requested
   */
  public <T> SiteSplit<T> split(
      List<T> cases,
      Function<? super T, String> patientOf,
      Function<? super T, NoduleLabel> labelOf) {
    Objects.requireNonNull(cases, "cases");
    Map<String, List<T>> byPatient = new LinkedHashMap<>();
    for (T c : cases) {
      byPatient
          .computeIfAbsent(
              Objects.requireNonNull(patientOf.apply(c), "patient id"), k -> new ArrayList<>())
          .add(c);
    }
    List<String> patients = new ArrayList<>(byPatient.keySet());
    patients.sort(Comparator.naturalOrder());
    int n = patients.size();
    int[] m = new int[n];
    int[] b = new int[n];
    int totalM = 0;
    int totalB = 0;
    for (int p = 0; p < n; p++) {
      for (T c : byPatient.get(patients.get(p))) {
        NoduleLabel l = labelOf.apply(c);
        if (l == NoduleLabel.MALIGNANT) {
          m[p]++;
        } else if (l == NoduleLabel.BENIGN) {
          b[p]++;
        }
      }
      totalM += m[p];
      totalB += b[p];
    }
    if (totalM < malignantTarget || totalB < benignTarget) {
      throw new IllegalArgumentException(
          "the site has "
              + totalM
              + " malignant and "
              + totalB
              + " benign cases, fewer than the "
              + malignantTarget
              + " malignant and "
              + benignTarget
              + " benign requested for fine-tuning");
    }
    boolean[] best = null;
    int bestErr = Integer.MAX_VALUE;
    SplittableRandom root = new SplittableRandom(seed);
    for (int r = 0; r < restarts && bestErr > 0; r++) {
      SplittableRandom rnd = root.split();
      boolean[] pick = greedy(m, b, rnd);
      improveBySwaps(pick, m, b);
      int err = error(pick, m, b);
      if (err < bestErr) {
        bestErr = err;
        best = pick;
      }
    }
    List<T> tune = new ArrayList<>();
    List<T> test = new ArrayList<>();
    int tuneP = 0;
    for (int p = 0; p < n; p++) {
      List<T> own = byPatient.get(patients.get(p));
      if (best[p]) {
        tune.addAll(own);
        tuneP++;
      } else {
        test.addAll(own);
      }
    }
    int[] tuneCounts = sum(best, m, b, true);
    SiteSplit.Report report =
        new SiteSplit.Report(
            malignantTarget,
            benignTarget,
            tuneCounts[0],
            tuneCounts[1],
            totalM - tuneCounts[0],
            totalB - tuneCounts[1],
            tuneP,
            n - tuneP,
            seed);
    return new SiteSplit<>(tune, test, report);
  }

  private boolean[] greedy(int[] m, int[] b, SplittableRandom rnd) {
    int n = m.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] pick = new boolean[n];
    int cm = 0;
    int cb = 0;
    for (int p : order) {
      int before = Math.abs(malignantTarget - cm) + Math.abs(benignTarget - cb);
      int after = Math.abs(malignantTarget - cm - m[p]) + Math.abs(benignTarget - cb - b[p]);
      if (after < before) {
        pick[p] = true;
        cm += m[p];
        cb += b[p];
      }
    }
    return pick;
  }

  private void improveBySwaps(boolean[] pick, int[] m, int[] b) {
    int n = pick.length;
    boolean improved = true;
    int[] c = sum(pick, m, b, true);
    int err = Math.abs(malignantTarget - c[0]) + Math.abs(benignTarget - c[1]);
    for (int pass = 0; improved && err > 0 && pass < 50; pass++) {
      improved = false;
      for (int p = 0; p < n && err > 0; p++) {
        // toggle p
        int sign = pick[p] ? -1 : 1;
        int nm = c[0] + sign * m[p];
        int nb = c[1] + sign * b[p];
        int e = Math.abs(malignantTarget - nm) + Math.abs(benignTarget - nb);
        if (e < err) {
          pick[p] = !pick[p];
          c[0] = nm;
          c[1] = nb;
          err = e;
          improved = true;
          continue;
        }
        if (!pick[p]) {
          continue;
        }
        // swap p (in) with q (out)
        for (int q = 0; q < n; q++) {
          if (pick[q]) {
            continue;
          }
          int sm = c[0] - m[p] + m[q];
          int sb = c[1] - b[p] + b[q];
          int se = Math.abs(malignantTarget - sm) + Math.abs(benignTarget - sb);
          if (se < err) {
            pick[p] = false;
            pick[q] = true;
            c[0] = sm;
            c[1] = sb;
            err = se;
            improved = true;
            break;
          }
        }
      }
    }
  }

  private int error(boolean[] pick, int[] m, int[] b) {
    int[] c = sum(pick, m, b, true);
    return Math.abs(malignantTarget - c[0]) + Math.abs(benignTarget - c[1]);
  }

  private static int[] sum(boolean[] pick, int[] m, int[] b, boolean side) {
    int cm = 0;
    int cb = 0;
    for (int p = 0; p < pick.length; p++) {
      if (pick[p] == side) {
        cm += m[p];
        cb += b[p];
      }
    }
    return new int[] {cm, cb};
  }

  @Override
  public String toString() {
    return "SiteSplitter{fineTune="
        + malignantTarget
        + " malignant/"
        + benignTarget
        + " benign, seed="
        + seed
        + ", restarts="
        + restarts
        + "}";
  }

  /** Builder of {@link SiteSplitter}; the fine-tuning counts are required. */
  public static final class Builder {
    private int malignant = -1;
    private int benign = -1;
    private long seed;
    private boolean seedSet;
    private int restarts = 64;

    private Builder() {}

    /**
     * Sets the requested numbers of malignant and benign cases in the fine-tuning part.
     *
     * @throws IllegalArgumentException if a count is negative or both are zero
     * @throws IllegalStateException if already set
     */
    public Builder fineTuneCounts(int malignantCount, int benignCount) {
      if (malignant >= 0) {
        throw new IllegalStateException(
            "fine-tune counts were already set to "
                + malignant
                + " malignant / "
                + benign
                + " benign");
      }
      if (malignantCount < 0 || benignCount < 0 || malignantCount + benignCount == 0) {
        throw new IllegalArgumentException(
            "fine-tune counts must be non-negative and not both zero, got "
                + malignantCount
                + " malignant / "
                + benignCount
                + " benign");
      }
      this.malignant = malignantCount;
      this.benign = benignCount;
      return this;
    }

    /** Sets the seed (default 0). @throws IllegalStateException if already set */
    public Builder seed(long s) {
      if (seedSet) {
        throw new IllegalStateException("seed was already set to " + seed);
      }
      this.seed = s;
      this.seedSet = true;
      return this;
    }

    /**
     * Sets the number of randomized greedy passes (default 64).
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder restarts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("restarts must be at least 1, got " + n);
      }
      this.restarts = n;
      return this;
    }

    /**
     * Builds the splitter.
     *
     * @throws IllegalStateException if the fine-tune counts were not set
     */
    public SiteSplitter build() {
      if (malignant < 0) {
        throw new IllegalStateException("fine-tune counts must be set (fineTuneCounts)");
      }
      return new SiteSplitter(this);
    }
  }
}
