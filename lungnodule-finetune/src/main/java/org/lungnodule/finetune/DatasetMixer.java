package org.lungnodule.finetune;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.lungnodule.core.NoduleLabel;

/**
 * Builds the fine-tuning training set of the paper: a fraction of the public (base) training set is
 * replaced by a site's fine-tuning cases.
 *
 * <p>With replacement fraction {@code f} and a base set of {@code N} cases, {@code round(f·N)} base
 * cases are removed, stratified by class (each class loses the same fraction, rounded so that the
 * total is exact), chosen at random with the seed. Then site cases are added:
 *
 * <ul>
 *   <li>{@code keepTotalSize(true)} (default): exactly {@code round(f·N)} site cases, stratified by
 *       the site's own class proportions. If the site has fewer cases than that, all are used and
 *       the set is smaller, unless {@code oversampleSite(true)}, which draws the missing ones again
 *       with replacement (stratified).
 *   <li>{@code keepTotalSize(false)}: every site case is added once (oversampling does not apply).
 * </ul>
 *
 * In the paper, 50% of the 880 LIDC training nodules were replaced by the 440 (172 M / 268 B)
 * fine-tuning nodules of a site, which both modes reproduce. The result lists each entry with its
 * origin and reports the composition per origin and class. Same inputs and seed → same result.
 *
 * <pre>{@code
 * MixedSet<Case> mixed = DatasetMixer.<Case>builder().labelOf(Case::label)
 *     .replaceFraction(0.5).seed(7).build().mix(publicTrain, siteTune);
 * }</pre>
 *
 * @param <T> the case type
 */
public final class DatasetMixer<T> {

  private final Function<? super T, NoduleLabel> labelOf;
  private final double fraction;
  private final boolean keepTotal;
  private final boolean oversample;
  private final long seed;

  private DatasetMixer(Builder<T> b) {
    this.labelOf = b.labelOf;
    this.fraction = b.fraction;
    this.keepTotal = b.keepTotal;
    this.oversample = b.oversample;
    this.seed = b.seed;
  }

  /** Returns a new builder. */
  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /**
   * Mixes site cases into the base set.
   *
   * @param base the public training set
   * @param site the site's fine-tuning set
   * @return the mixed set with its composition
   * @throws IllegalArgumentException if the base set is empty, or the site set is empty while site
   *     cases are needed
   */
  public MixedSet<T> mix(List<T> base, List<T> site) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(site, "site");
    if (base.isEmpty()) {
      throw new IllegalArgumentException("base set must not be empty");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int toReplace = (int) Math.round(fraction * base.size());
    Map<NoduleLabel, List<T>> baseBy = byLabel(base);
    Map<NoduleLabel, Integer> removeBy = apportion(baseBy, toReplace);
    List<MixedSet.Entry<T>> out = new ArrayList<>();
    for (Map.Entry<NoduleLabel, List<T>> e : baseBy.entrySet()) {
      List<T> items = new ArrayList<>(e.getValue());
      shuffle(items, rnd);
      int keep = items.size() - removeBy.get(e.getKey());
      for (int i = 0; i < keep; i++) {
        out.add(new MixedSet.Entry<>(items.get(i), MixedSet.Origin.BASE));
      }
    }
    if (toReplace > 0 && site.isEmpty()) {
      throw new IllegalArgumentException(
          "site set must not be empty when replacing " + toReplace + " base cases");
    }
    if (!keepTotal) {
      for (T t : site) {
        out.add(new MixedSet.Entry<>(t, MixedSet.Origin.SITE));
      }
    } else if (site.size() >= toReplace) {
      Map<NoduleLabel, List<T>> siteBy = byLabel(site);
      Map<NoduleLabel, Integer> takeBy = apportion(siteBy, toReplace);
      for (Map.Entry<NoduleLabel, List<T>> e : siteBy.entrySet()) {
        List<T> items = new ArrayList<>(e.getValue());
        shuffle(items, rnd);
        for (int i = 0; i < takeBy.get(e.getKey()); i++) {
          out.add(new MixedSet.Entry<>(items.get(i), MixedSet.Origin.SITE));
        }
      }
    } else {
      for (T t : site) {
        out.add(new MixedSet.Entry<>(t, MixedSet.Origin.SITE));
      }
      if (oversample) {
        int missing = toReplace - site.size();
        Map<NoduleLabel, List<T>> siteBy = byLabel(site);
        Map<NoduleLabel, Integer> extraBy = apportion(siteBy, missing);
        for (Map.Entry<NoduleLabel, List<T>> e : siteBy.entrySet()) {
          List<T> items = e.getValue();
          for (int i = 0; i < extraBy.get(e.getKey()); i++) {
            out.add(
                new MixedSet.Entry<>(items.get(rnd.nextInt(items.size())), MixedSet.Origin.SITE));
          }
        }
      }
    }
    List<MixedSet.Entry<T>> shuffled = new ArrayList<>(out);
    shuffle(shuffled, rnd);
    Map<MixedSet.Origin, Map<NoduleLabel, Integer>> comp = new EnumMap<>(MixedSet.Origin.class);
    for (MixedSet.Origin o : MixedSet.Origin.values()) {
      comp.put(o, new EnumMap<>(NoduleLabel.class));
    }
    for (MixedSet.Entry<T> e : shuffled) {
      comp.get(e.origin()).merge(labelOf.apply(e.item()), 1, Integer::sum);
    }
    return new MixedSet<>(shuffled, comp, toString());
  }

  private Map<NoduleLabel, List<T>> byLabel(List<T> items) {
    Map<NoduleLabel, List<T>> m = new EnumMap<>(NoduleLabel.class);
    for (T t : items) {
      m.computeIfAbsent(Objects.requireNonNull(labelOf.apply(t), "label"), k -> new ArrayList<>())
          .add(t);
    }
    return m;
  }

  /** Splits {@code total} over the classes in proportion to their sizes (largest remainder). */
  private static <T> Map<NoduleLabel, Integer> apportion(Map<NoduleLabel, List<T>> by, int total) {
    int n = by.values().stream().mapToInt(List::size).sum();
    Map<NoduleLabel, Integer> out = new EnumMap<>(NoduleLabel.class);
    Map<NoduleLabel, Double> rem = new EnumMap<>(NoduleLabel.class);
    int given = 0;
    for (Map.Entry<NoduleLabel, List<T>> e : by.entrySet()) {
      double exact = (double) total * e.getValue().size() / n;
      int floor = (int) Math.floor(exact);
      out.put(e.getKey(), floor);
      rem.put(e.getKey(), exact - floor);
      given += floor;
    }
    while (given < total) {
      NoduleLabel best = null;
      for (NoduleLabel l : rem.keySet()) {
        if (best == null || rem.get(l) > rem.get(best)) {
          best = l;
        }
      }
      out.merge(best, 1, Integer::sum);
      rem.put(best, -1.0);
      given++;
    }
    return out;
  }

  private static <E> void shuffle(List<E> items, SplittableRandom rnd) {
    for (int i = items.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      E t = items.get(i);
      items.set(i, items.get(j));
      items.set(j, t);
    }
  }

  @Override
  public String toString() {
    return "DatasetMixer{replaceFraction="
        + fraction
        + ", keepTotalSize="
        + keepTotal
        + ", oversampleSite="
        + oversample
        + ", seed="
        + seed
        + "}";
  }

  /**
   * Builder of {@link DatasetMixer}; {@code labelOf} is required.
   *
   * @param <T> the case type
   */
  public static final class Builder<T> {
    private Function<? super T, NoduleLabel> labelOf;
    private double fraction = 0.5;
    private boolean fractionSet;
    private boolean keepTotal = true;
    private boolean keepTotalSet;
    private boolean oversample;
    private boolean oversampleSet;
    private long seed;
    private boolean seedSet;

    private Builder() {}

    /** Sets how to read a case's label (for stratification). */
    public Builder<T> labelOf(Function<? super T, NoduleLabel> f) {
      Objects.requireNonNull(f, "labelOf");
      if (labelOf != null) {
        throw new IllegalStateException("labelOf was already set");
      }
      this.labelOf = f;
      return this;
    }

    /**
     * Sets the fraction of the base set to replace (default 0.5, the paper's).
     *
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder<T> replaceFraction(double f) {
      if (fractionSet) {
        throw new IllegalStateException("replaceFraction was already set to " + fraction);
      }
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException("replace fraction must be in [0, 1], got " + f);
      }
      this.fraction = f;
      this.fractionSet = true;
      return this;
    }

    /** Whether to keep the total size (default true); see the class docs. */
    public Builder<T> keepTotalSize(boolean keep) {
      if (keepTotalSet) {
        throw new IllegalStateException("keepTotalSize was already set to " + keepTotal);
      }
      this.keepTotal = keep;
      this.keepTotalSet = true;
      return this;
    }

    /** Whether to oversample a small site with replacement (default false). */
    public Builder<T> oversampleSite(boolean o) {
      if (oversampleSet) {
        throw new IllegalStateException("oversampleSite was already set to " + oversample);
      }
      this.oversample = o;
      this.oversampleSet = true;
      return this;
    }

    /** Sets the seed (default 0). */
    public Builder<T> seed(long s) {
      if (seedSet) {
        throw new IllegalStateException("seed was already set to " + seed);
      }
      this.seed = s;
      this.seedSet = true;
      return this;
    }

    /**
     * Builds the mixer.
     *
     * @throws IllegalStateException if labelOf is missing, or oversampling is asked without keeping
     *     the total size
     */
    public DatasetMixer<T> build() {
      if (labelOf == null) {
        throw new IllegalStateException("labelOf must be set");
      }
      if (oversample && !keepTotal) {
        throw new IllegalStateException("oversampleSite needs keepTotalSize(true)");
      }
      return new DatasetMixer<>(this);
    }
  }
}
