package org.lungnodule.metrics;

/**
 * A statistic of a bootstrap resample, given as multiplicities: {@code counts[i]} is how many times
 * case {@code i} was drawn (0, 1, 2, ...). Must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface ResampledStatistic {

  /** Returns the statistic of the resample (NaN if undefined; such replicates are dropped). */
  double apply(int[] counts);
}
