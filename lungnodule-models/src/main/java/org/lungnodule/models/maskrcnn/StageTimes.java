package org.lungnodule.models.maskrcnn;

import java.util.Locale;

/**
 * How long each stage of one {@link DetectionPipeline} run took (wall time, nanoseconds) and how
 * much it handled. With a sliding-window Mask R-CNN as the first source, its time is also split
 * into its parts: backbone with RPN and proposals, box head (ROI align, network, NMS), mask head
 * (ROI align, intensity input, network).
 *
 * @param firstSourceNanos the first candidate source, its cross-window merge included
 * @param windows sliding windows the Mask R-CNN ran on (0 for another first source)
 * @param backboneNanos part of firstSourceNanos: backbone, RPN and proposals
 * @param boxHeadNanos part of firstSourceNanos: the box head
 * @param maskHeadNanos part of firstSourceNanos: the mask head
 * @param boxHeadRois regions the box head ran on (the windows' proposals)
 * @param maskHeadRois detections the mask head ran on
 * @param firstCandidates the first source's candidates after the merge
 * @param moreSourcesNanos the further candidate sources (the dot filter's blobs)
 * @param moreCandidates their candidates
 * @param rescoringNanos the rescoring stage (0 without one)
 * @param rescored candidates the rescoring stage scored
 * @param rankAndPasteNanos ranking, duplicate suppression and pasting the masks
 * @param nodules nodules in the result
 */
public record StageTimes(
    long firstSourceNanos,
    int windows,
    long backboneNanos,
    long boxHeadNanos,
    long maskHeadNanos,
    int boxHeadRois,
    int maskHeadRois,
    int firstCandidates,
    long moreSourcesNanos,
    int moreCandidates,
    long rescoringNanos,
    int rescored,
    long rankAndPasteNanos,
    int nodules) {

  /** The sum of the stages' times, in nanoseconds. */
  public long totalNanos() {
    return firstSourceNanos + moreSourcesNanos + rescoringNanos + rankAndPasteNanos;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%.2f s: first source %.2f s (%d windows: backbone %.2f s, box head %.2f s on %d regions,"
            + " mask head %.2f s on %d; %d candidates), more sources %.2f s (%d candidates), rescoring %.2f s (%d"
            + " candidates), rank and paste %.2f s (%d nodules)",
        totalNanos() / 1e9,
        firstSourceNanos / 1e9,
        windows,
        backboneNanos / 1e9,
        boxHeadNanos / 1e9,
        boxHeadRois,
        maskHeadNanos / 1e9,
        maskHeadRois,
        firstCandidates,
        moreSourcesNanos / 1e9,
        moreCandidates,
        rescoringNanos / 1e9,
        rescored,
        rankAndPasteNanos / 1e9,
        nodules);
  }
}
