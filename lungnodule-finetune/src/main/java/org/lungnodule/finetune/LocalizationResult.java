package org.lungnodule.finetune;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcomes of one {@link LocalizationWorkflow} run.
 *
 * @param task model family ({@code classifier} or {@code segmenter})
 * @param site site name
 * @param baselinePublic the baseline on the public test set
 * @param baselineSite the baseline on the site's test set
 * @param fineTunedSite the fine-tuned model on the site's test set (same cases, same order key)
 * @param baselineModel the baseline archive
 * @param fineTunedModel the fine-tuned archive
 * @param mixedSet a description of the mixed training set's composition
 */
public record LocalizationResult(
    String task,
    String site,
    List<CaseOutcome> baselinePublic,
    List<CaseOutcome> baselineSite,
    List<CaseOutcome> fineTunedSite,
    Path baselineModel,
    Path fineTunedModel,
    String mixedSet) {

  /** Copies the lists. */
  public LocalizationResult {
    baselinePublic = List.copyOf(baselinePublic);
    baselineSite = List.copyOf(baselineSite);
    fineTunedSite = List.copyOf(fineTunedSite);
  }
}
