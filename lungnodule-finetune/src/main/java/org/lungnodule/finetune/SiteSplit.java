package org.lungnodule.finetune;

import java.util.List;

/**
 * The result of {@link SiteSplitter}: the fine-tuning part, the independent test part, and what was
 * achieved.
 *
 * @param fineTune cases for fine-tuning
 * @param test cases for the independent test
 * @param report counts requested and achieved
 * @param <T> the case type
 */
public record SiteSplit<T>(List<T> fineTune, List<T> test, SiteSplit.Report report) {

  /** Copies the lists. */
  public SiteSplit {
    fineTune = List.copyOf(fineTune);
    test = List.copyOf(test);
  }

  /**
   * Counts of a split.
   *
   * @param requestedMalignant malignant cases asked for in the fine-tuning part
   * @param requestedBenign benign cases asked for in the fine-tuning part
   * @param fineTuneMalignant malignant cases in the fine-tuning part
   * @param fineTuneBenign benign cases in the fine-tuning part
   * @param testMalignant malignant cases in the test part
   * @param testBenign benign cases in the test part
   * @param fineTunePatients patients in the fine-tuning part
   * @param testPatients patients in the test part
   * @param seed the seed used
   */
  public record Report(
      int requestedMalignant,
      int requestedBenign,
      int fineTuneMalignant,
      int fineTuneBenign,
      int testMalignant,
      int testBenign,
      int fineTunePatients,
      int testPatients,
      long seed) {

    /** Whether the fine-tuning part has exactly the requested counts. */
    public boolean exact() {
      return requestedMalignant == fineTuneMalignant && requestedBenign == fineTuneBenign;
    }

    @Override
    public String toString() {
      return String.format(
          "fine-tune: %d M / %d B (requested %d / %d) from %d patients; test: %d M / %d B from %d"
              + " patients; seed %d",
          fineTuneMalignant,
          fineTuneBenign,
          requestedMalignant,
          requestedBenign,
          fineTunePatients,
          testMalignant,
          testBenign,
          testPatients,
          seed);
    }
  }
}
