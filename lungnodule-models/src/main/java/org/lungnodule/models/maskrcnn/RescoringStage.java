package org.lungnodule.models.maskrcnn;

import java.util.List;
import org.lungnodule.core.CtVolume;

/**
 * The second stage of a {@link DetectionPipeline}: gives every candidate a final score from a look
 * of its own and keeps those that reach the threshold. {@link FalsePositiveReducer} is the one that
 * ships (its networks' mean probability p and the candidate's score s make {@code p^w · s^(1−w)}).
 */
public interface RescoringStage {

  /**
   * The score down to which the first candidate source proposes candidates for this stage (lower
   * than the final threshold: the second stage recovers what the first ranks low).
   */
  double candidateScore();

  /**
   * Rescores candidates and keeps those whose final score is at least {@code minScore}, in their
   * given order; each kept one carries its probability from this stage ({@link
   * CropDetection#reducerProbability()}) and its final score, its source and source score kept.
   *
   * @param input the scan's segmentation input the candidates lie on
   * @param candidates the candidates of every source, merged
   * @param minScore the lowest final score kept, in [0, 1]
   * @return the kept candidates, rescored, in the order of {@code candidates}
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  List<CropDetection> rescoreCandidates(
      CtVolume input, List<CropDetection> candidates, double minScore);
}
