package org.lungnodule.finetune;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.lungnodule.core.NoduleLabel;

/**
 * A training set made by {@link DatasetMixer}: its entries (in a seeded random order) and its
 * composition per origin and class.
 *
 * @param entries the cases with their origin
 * @param composition counts per origin and label
 * @param recipe how it was made (the mixer's settings)
 * @param <T> the case type
 */
public record MixedSet<T>(
    List<Entry<T>> entries, Map<Origin, Map<NoduleLabel, Integer>> composition, String recipe) {

  /** Copies. */
  public MixedSet {
    entries = List.copyOf(entries);
    Map<Origin, Map<NoduleLabel, Integer>> c = new EnumMap<>(Origin.class);
    composition.forEach((k, v) -> c.put(k, Map.copyOf(v)));
    composition = Map.copyOf(c);
  }

  /** Where a case came from. */
  public enum Origin {
    /** The public (base) training set. */
    BASE,
    /** The site's fine-tuning set. */
    SITE
  }

  /**
   * One case of the mixed set.
   *
   * @param item the case
   * @param origin where it came from
   * @param <T> the case type
   */
  public record Entry<T>(T item, Origin origin) {}

  /** Returns the cases, without origins. */
  public List<T> items() {
    return entries.stream().map(Entry::item).toList();
  }

  /** Returns the number of cases of an origin and label. */
  public int count(Origin origin, NoduleLabel label) {
    return composition.getOrDefault(origin, Map.of()).getOrDefault(label, 0);
  }

  /** Returns the number of cases. */
  public int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return String.format(
        "MixedSet{%d cases: base %d M / %d B, site %d M / %d B; %s}",
        size(),
        count(Origin.BASE, NoduleLabel.MALIGNANT),
        count(Origin.BASE, NoduleLabel.BENIGN),
        count(Origin.SITE, NoduleLabel.MALIGNANT),
        count(Origin.SITE, NoduleLabel.BENIGN),
        recipe);
  }
}
