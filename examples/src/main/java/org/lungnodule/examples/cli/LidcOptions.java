package org.lungnodule.examples.cli;

import org.lungnodule.io.lidc.LidcClusterer;
import org.lungnodule.io.lidc.LidcCohortRules;
import picocli.CommandLine.Option;

/**
 * The options of reading LIDC-IDRI that {@code lidc-cohort} and {@code lidc-site} share: the
 * patient split, the readers' consensus and the paper's cohort rules.
 */
final class LidcOptions {

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the patient split (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--train-fraction",
      defaultValue = "0.8",
      description = "Training share of the patients (default ${DEFAULT-VALUE}).")
  double trainFraction;

  @Option(
      names = "--agreement",
      defaultValue = "0.5",
      description = "Consensus agreement level of the masks (default ${DEFAULT-VALUE}).")
  double agreement;

  @Option(
      names = "--tolerance-mm",
      description = "Clustering tolerance in mm (default: the scan's largest voxel spacing).")
  Double toleranceMm;

  @Option(
      names = "--min-diameter-mm",
      defaultValue = "3",
      description = "Keep nodules above this diameter (default ${DEFAULT-VALUE}).")
  double minDiameterMm;

  @Option(
      names = "--min-ratings",
      defaultValue = "2",
      description = "Readers who must rate malignancy (default ${DEFAULT-VALUE}).")
  int minRatings;

  /** The clusterer of these options. */
  LidcClusterer clusterer() {
    LidcClusterer.Builder cb = LidcClusterer.builder().agreement(agreement);
    if (toleranceMm != null) {
      cb.toleranceMm(toleranceMm);
    }
    return cb.build();
  }

  /** The cohort rules of these options. */
  LidcCohortRules rules() {
    return LidcCohortRules.builder().minDiameterMm(minDiameterMm).minRatings(minRatings).build();
  }
}
