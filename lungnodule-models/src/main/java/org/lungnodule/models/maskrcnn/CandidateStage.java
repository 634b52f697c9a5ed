package org.lungnodule.models.maskrcnn;

import java.util.List;
import org.lungnodule.core.CtVolume;

/**
 * A source of candidate detections on a scan's segmentation input (1 mm isotropic, grt123 units,
 * 170 outside the lungs): the first stage of a {@link DetectionPipeline}. Two sources ship: the
 * Mask R-CNN over sliding windows ({@link SlidingWindowDetector}) and the dot filter's blobs
 * ({@link BlobCandidates}). A source later in the pipeline sees the merged candidates of those
 * before it, so that it can leave their findings to them.
 */
public interface CandidateStage {

  /** The source its candidates are marked with. */
  CandidateSource source();

  /**
   * Proposes candidates on the scan's grid, each carrying its source, a score in [0, 1] and a mask
   * (with its {@link MaskOrigin}).
   *
   * @param input the scan's segmentation input
   * @param minScore the lowest score to propose, for a source that scores before proposing (the
   *     Mask R-CNN); a source may ignore it
   * @param earlier the merged candidates of the sources before this one (empty for the first)
   * @param listener told after each sliding window by a source that has windows
   * @return the candidates, on the same grid as {@code input}
   */
  List<CropDetection> propose(
      CtVolume input,
      double minScore,
      List<CropDetection> earlier,
      NoduleSegmenter.WindowListener listener);
}
