package org.lungnodule.finetune;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcomes of one {@link LocalizationWorkflow} run: the three arms on the site's test set
 * (baseline, fine-tuned and the control arm, the baseline trained as long on public data only) and
 * the baseline on the public test set.
 *
 * @param task model family ({@code classifier} or {@code segmenter})
 * @param site site name
 * @param baselinePublic the baseline on the public test set
 * @param baselineSite the baseline on the site's test set
 * @param fineTunedSite the fine-tuned model on the site's test set (same cases, same order key)
 * @param continuedSite the control arm (the {@code continued} model) on the site's test set; empty
 *     if the run had no control arm
 * @param baselineModel the baseline archive
 * @param fineTunedModel the fine-tuned archive
 * @param continuedModel the continued archive, if the run had a control arm
 * @param mixedSet a description of the mixed training set's composition
 */
public record LocalizationResult(
    String task,
    String site,
    List<CaseOutcome> baselinePublic,
    List<CaseOutcome> baselineSite,
    List<CaseOutcome> fineTunedSite,
    List<CaseOutcome> continuedSite,
    Path baselineModel,
    Path fineTunedModel,
    Optional<Path> continuedModel,
    String mixedSet) {

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if there are continued outcomes but no continued model, or the
   *     reverse
   */
  public LocalizationResult {
    baselinePublic = List.copyOf(baselinePublic);
    baselineSite = List.copyOf(baselineSite);
    fineTunedSite = List.copyOf(fineTunedSite);
    continuedSite = List.copyOf(continuedSite);
    Objects.requireNonNull(continuedModel, "continuedModel");
    if (continuedSite.isEmpty() == continuedModel.isPresent()) {
      throw new IllegalArgumentException(
          "continued outcomes and the continued model come together, got "
              + continuedSite.size()
              + " outcomes and "
              + continuedModel);
    }
  }

  /** A result without a control arm (baseline and fine-tuned only, as in the paper). */
  public LocalizationResult(
      String task,
      String site,
      List<CaseOutcome> baselinePublic,
      List<CaseOutcome> baselineSite,
      List<CaseOutcome> fineTunedSite,
      Path baselineModel,
      Path fineTunedModel,
      String mixedSet) {
    this(
        task,
        site,
        baselinePublic,
        baselineSite,
        fineTunedSite,
        List.of(),
        baselineModel,
        fineTunedModel,
        Optional.empty(),
        mixedSet);
  }

  /** Whether the run had the control arm. */
  public boolean hasControlArm() {
    return continuedModel.isPresent();
  }
}
