package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.CtVolume;

/**
 * Whole-scan detection as explicit stages: candidate sources ({@link CandidateStage}), merging and
 * suppression ({@link MergeStage}), an optional rescoring stage ({@link RescoringStage}) and the
 * mask stage ({@link MaskStage}). {@link NoduleSegmenter#segment} runs the pipeline of its model
 * and reducer.
 *
 * <p>Without a rescoring stage ({@link #maskRcnn}) it is a plain Mask R-CNN: the first source's
 * detections at or above the minimum score, merged across windows by 3D NMS, are pasted highest
 * score first. With one ({@link #twoStage}) the first source runs down to the rescoring stage's
 * candidate score, each further source adds its candidates (seeing those before it), every
 * candidate is rescored and kept at or above the minimum final score, the kept ones are ranked by
 * the final score with duplicates dropped, and their masks are pasted in that order.
 *
 * <p>The sliding-window Mask R-CNN's masks are made last, by its mask head, for the detections that
 * are left to paste ({@link #defersMasks()}); {@link #runTimed} also reports each stage's time
 * ({@link StageTimes}).
 *
 * <pre>{@code
 * DetectionPipeline p = DetectionPipeline.twoStage(model, reducer);
 * ScanSegmentation s = p.run(input, 0.5, NoduleSegmenter.WindowListener.NONE);
 * }</pre>
 *
 * <p>As thread-safe as its stages (the Mask R-CNN's is not).
 */
public final class DetectionPipeline {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DetectionPipeline.class);

  private final CandidateStage first;
  private final List<CandidateStage> more;
  private final RescoringStage rescoring; // null: a plain Mask R-CNN
  private final MergeStage merge;

  private DetectionPipeline(
      CandidateStage first, List<CandidateStage> more, RescoringStage rescoring, MergeStage merge) {
    this.first = Objects.requireNonNull(first, "first");
    this.more = List.copyOf(more);
    this.rescoring = rescoring;
    this.merge = Objects.requireNonNull(merge, "merge");
    if (rescoring == null && !this.more.isEmpty()) {
      throw new IllegalArgumentException(
          "further candidate sources need a rescoring stage to rank them with the first, got "
              + this.more.size()
              + " without one");
    }
  }

  /**
   * A pipeline of the given stages.
   *
   * @param first the first candidate source, whose detections {@link MergeStage#acrossWindows}
   *     merges
   * @param more further candidate sources, in order (each sees the candidates before it)
   * @param rescoring the second stage, if any
   * @param merge the window NMS and the ranking with duplicate suppression
   * @throws IllegalArgumentException if there are further sources but no rescoring stage
   */
  public static DetectionPipeline of(
      CandidateStage first,
      List<CandidateStage> more,
      Optional<RescoringStage> rescoring,
      MergeStage merge) {
    return new DetectionPipeline(first, more, rescoring.orElse(null), merge);
  }

  /**
   * The plain Mask R-CNN: the model over sliding windows, merged by 3D NMS at the model's {@link
   * InferenceSettings#detectionNmsIou()}, masks from the mask head.
   */
  public static DetectionPipeline maskRcnn(MaskRcnnModel model) {
    return new DetectionPipeline(
        new SlidingWindowDetector(model), List.of(), null, windowMerge(model, false));
  }

  /**
   * The two-stage detector: the model over sliding windows and, if the reducer has a blob filter,
   * its blobs as candidates; the reducer rescores them all and its duplicate suppression applies.
   */
  public static DetectionPipeline twoStage(MaskRcnnModel model, FalsePositiveReducer reducer) {
    List<CandidateStage> more = new ArrayList<>();
    reducer.blobStage().ifPresent(more::add);
    return new DetectionPipeline(
        new SlidingWindowDetector(model),
        more,
        reducer,
        windowMerge(model, reducer.suppressesDuplicates()));
  }

  private static MergeStage windowMerge(MaskRcnnModel model, boolean suppressDuplicates) {
    return new MergeStage(
        model.config().inference().detectionNmsIou(), 4 * MaskStage.MAX_LABELS, suppressDuplicates);
  }

  /** The first candidate source. */
  public CandidateStage firstSource() {
    return first;
  }

  /** The further candidate sources, in order. */
  public List<CandidateStage> moreSources() {
    return more;
  }

  /** The rescoring stage; empty for a plain Mask R-CNN. */
  public Optional<RescoringStage> rescoring() {
    return Optional.ofNullable(rescoring);
  }

  /** The merging and suppression stage. */
  public MergeStage merge() {
    return merge;
  }

  /**
   * Detects and segments nodules in a scan's segmentation input (1 mm isotropic, grt123 units, 170
   * outside the lungs), keeping those whose final score is at least {@code minScore}.
   *
   * @param input the segmentation input
   * @param minScore the lowest final score kept, in [0, 1]
   * @param listener told after each sliding window of the first source
   * @return the nodules, highest final score first, and their label mask
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  public ScanSegmentation run(
      CtVolume input, double minScore, NoduleSegmenter.WindowListener listener) {
    return runTimed(input, minScore, listener).segmentation();
  }

  /**
   * {@link #run}, with the time each stage took.
   *
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  public Timed runTimed(CtVolume input, double minScore, NoduleSegmenter.WindowListener listener) {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minimum score must be in [0, 1], got " + minScore);
    }
    Objects.requireNonNull(listener, "listener");
    SlidingWindowDetector windows = first instanceof SlidingWindowDetector w ? w : null;
    boolean defer = defersMasks();
    if (windows != null) {
      windows.model().takeTally(); // start from zero
    }
    long t0 = System.nanoTime();
    double sourceMin =
        rescoring == null ? minScore : Math.min(minScore, rescoring.candidateScore());
    List<CropDetection> all =
        new ArrayList<>(merge.acrossWindows(propose(input, sourceMin, listener, defer)));
    int firstCount = all.size();
    long t1 = System.nanoTime();
    MaskRcnnModel.InferenceTally detect =
        windows == null ? MaskRcnnModel.InferenceTally.NONE : windows.model().takeTally();
    for (CandidateStage s : more) {
      all.addAll(
          s.propose(input, sourceMin, List.copyOf(all), NoduleSegmenter.WindowListener.NONE));
    }
    long t2 = System.nanoTime();
    List<CropDetection> kept =
        rescoring == null ? all : rescoring.rescoreCandidates(input, all, minScore);
    long t3 = System.nanoTime();
    List<CropDetection> ranked = rescoring == null ? kept : merge.rank(kept);
    MaskRcnnModel.InferenceTally masks = MaskRcnnModel.InferenceTally.NONE;
    if (defer) {
      ranked = windows.resolveMasks(input, ranked);
      masks = windows.model().takeTally();
    }
    ScanSegmentation seg = MaskStage.paste(input, ranked);
    long t4 = System.nanoTime();
    StageTimes times =
        new StageTimes(
            t1 - t0 + masks.maskHeadNanos(),
            windows == null ? 0 : windows.windowsRun(),
            detect.backboneNanos(),
            detect.boxHeadNanos(),
            detect.maskHeadNanos() + masks.maskHeadNanos(),
            (int) detect.boxHeadRois(),
            (int) (detect.maskHeadRois() + masks.maskHeadRois()),
            firstCount,
            t2 - t1,
            all.size() - firstCount,
            rescoring == null ? 0 : t3 - t2,
            rescoring == null ? 0 : all.size(),
            t4 - t3 - masks.maskHeadNanos() + (rescoring == null ? t3 - t2 : 0),
            seg.nodules().size());
    LOG.debug("detection pipeline: {}", times);
    return new Timed(seg, times);
  }

  /**
   * A run's result and its stage times.
   *
   * @param segmentation the nodules and their label mask
   * @param times how long each stage took
   */
  public record Timed(ScanSegmentation segmentation, StageTimes times) {}

  /**
   * The first source's candidates at or above minScore, with their masks, merged across windows.
   */
  List<CropDetection> candidates(
      CtVolume input, double minScore, NoduleSegmenter.WindowListener listener) {
    return merge.acrossWindows(propose(input, minScore, listener, false));
  }

  /** The first source's candidates, the Mask R-CNN's without their masks when {@code defer}. */
  private List<CropDetection> propose(
      CtVolume input, double minScore, NoduleSegmenter.WindowListener listener, boolean defer) {
    return defer
        ? ((SlidingWindowDetector) first).proposeWithoutMasks(input, minScore, listener)
        : first.propose(input, minScore, List.of(), listener);
  }

  /**
   * Whether the Mask R-CNN's masks are made only for the detections that survive merging, rescoring
   * and ranking: when the first source is the sliding-window detector and every later stage is one
   * of ours that reads boxes and scores only (blob candidates, the false-positive reducer).
   */
  public boolean defersMasks() {
    return first instanceof SlidingWindowDetector
        && more.stream().allMatch(BlobCandidates.class::isInstance)
        && (rescoring == null || rescoring instanceof FalsePositiveReducer);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DetectionPipeline[").append(first);
    for (CandidateStage s : more) {
      sb.append(" + ").append(s.source().id());
    }
    return sb.append(rescoring == null ? ", no second stage" : ", rescored by " + rescoring)
        .append(']')
        .toString();
  }
}
