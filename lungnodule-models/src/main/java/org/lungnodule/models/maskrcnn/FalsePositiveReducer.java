package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.classifier.MalignancyClassifier;

/**
 * The detector's second stage: small 3D ResNets look at the segmentation input around each
 * candidate the Mask R-CNN found and say whether it is a nodule; the candidate's final score is
 * {@code p^w · s^(1−w)}, the networks' mean probability p and the detector's score s weighted by
 * {@link #scoreWeight() w}. This is how LUNA16 systems reach low false-positive rates: the detector
 * is run at a low threshold for recall, and the reducer, trained on the detector's own false
 * positives, ranks vessels below nodules.
 *
 * <p>Each network has a {@link View}: {@link View#CUBE} sees a 32³ cube at 1 mm and halves it in
 * its first layer; {@link View#FOVEA} (the default) sees a 16³ centre at 1 mm and, as a second
 * channel, 32³ of surroundings at 2 mm, and keeps the centre at full resolution until its stem's
 * pooling, so that a 3–5 mm nodule is still a few voxels across where the network first looks at
 * it. Both cost about the same per candidate.
 *
 * <p>Training ({@link #trainer()}, {@link ReducerTrainer}): positives are cubes at the annotated
 * nodules, negatives the detector's own false positives, bright lung voxels (vessels) and
 * dot-filter blobs away from the nodules. On the phantom's PUBLIC site it lifts the {@code SMALL}
 * detector's sensitivity at 2 false positives per scan from 0.27 to 0.67 on 8 test scans (15
 * nodules); on 32 further scans (64 nodules) a FOVEA network ranks the candidates better than a
 * CUBE one, and the two together better than either (see the README for the figures).
 *
 * <p>Mirror images ({@link #mirrors()}, 4 for a newly trained reducer): each network looks at a
 * candidate in up to eight mirror images of its input and the probabilities are averaged, a
 * test-time counterpart of the random flips it was trained with. On 20 PUBLIC validation scans (38
 * nodules) this raised a FOVEA reducer's sensitivity at 2 false positives per scan from 0.61 to
 * 0.74 at no training cost; each image costs one more network pass per candidate.
 *
 * <p>In a {@link DetectionPipeline} the reducer is the {@link RescoringStage}; it also carries the
 * settings of the stages around it that were tuned with it and are saved with it ({@link
 * ReducerSettings}): with a blob filter ({@link #blobFilter()}) the filter's blobs become a second
 * candidate source ({@link #blobStage()}), each with a half-maximum mask and a score from its
 * response ({@link #blobScore(double)}), rescored like the detector's; and duplicate suppression
 * ({@link #suppressesDuplicates()}) of the {@link MergeStage}. Its archive format is {@code
 * ReducerArchives}' (versioned).
 *
 * <pre>{@code
 * NoduleSegmenter detector = MaskRcnnTrainer.builder().config(cfg).seed(7).build().fit(cases);
 * FalsePositiveReducer r = FalsePositiveReducer.trainer().seed(7).build().fit(cases, detector);
 * NoduleSegmenter seg = detector.withReducer(r);   // segment() now rescores every candidate
 * }</pre>
 *
 * <p>Immutable and safe to share between threads: its networks are {@link MalignancyClassifier}s,
 * which serialise the calls into each network and free every call's arrays before returning (the
 * soak harness {@code InferenceSoakTest} runs one reducer from several threads).
 */
public final class FalsePositiveReducer implements RescoringStage {

  /** Model kind written in the reducer's provenance. */
  public static final String MODEL_KIND = "fp-reducer";

  /** Candidates whose cubes {@link #probabilities} cuts and scores at a time. */
  private static final int CHUNK = 64;

  private final List<Member> members;
  private final ReducerSettings settings;
  private final DotFilter blobFilter; // null: the detector's candidates only

  private FalsePositiveReducer(
      List<Member> members, ReducerSettings settings, DotFilter blobFilter) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a reducer needs at least one network");
    }
    if (blobFilter != null) {
      BlobCandidates.checkFullResponse(settings.blobFullResponse());
    }
    this.members = List.copyOf(members);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.blobFilter = blobFilter;
  }

  /** A reducer of trained networks (the trainer and the archive codec make them). */
  static FalsePositiveReducer of(
      List<Member> members, ReducerSettings settings, DotFilter blobFilter) {
    return new FalsePositiveReducer(members, settings, blobFilter);
  }

  /**
   * Returns a trainer with the defaults (one 16³ {@link View#FOVEA} network, 10 epochs, blob
   * candidates, every blob a candidate, 4 mirror images at inference).
   */
  public static ReducerTrainer trainer() {
    return new ReducerTrainer();
  }

  /** How one of the reducer's networks sees a candidate. */
  public enum View {
    /** One channel: an s³ cube of the segmentation input at 1 mm around the candidate. */
    CUBE,
    /**
     * Two channels of s³ voxels: the candidate's centre at full resolution (s³ at 1 mm) and its
     * surroundings at half resolution (the (2s)³ cube averaged over 2×2×2 voxels). With s = 16 a 3
     * mm nodule is still three voxels across where the network's first stride acts, and 32 mm of
     * context shows whether a bright spot continues as a vessel.
     */
    FOVEA;

    /** Input channels of a network with this view. */
    int channels() {
      return this == FOVEA ? 2 : 1;
    }

    /** This view's input of edge s around a voxel position shifted by (dx, dy, dz). */
    float[] cut(CtVolume in, VoxelPoint v, int dx, int dy, int dz, int s) {
      return this == FOVEA
          ? ReducerInputs.fovea(in, v, dx, dy, dz, s)
          : ReducerInputs.cube(in, v, dx, dy, dz, s);
    }
  }

  /**
   * One network of the reducer.
   *
   * @param view how it sees a candidate
   * @param cubeSize edge of its input cube in voxels
   */
  public record Network(View view, int cubeSize) {}

  /** A trained network, its view and its input edge. */
  record Member(MalignancyClassifier net, View view, int size) {
    float[] input(CtVolume in, VoxelPoint v) {
      return view.cut(in, v, 0, 0, 0, size);
    }
  }

  /** This reducer with its i-th network only (for tests). */
  FalsePositiveReducer only(int i) {
    return new FalsePositiveReducer(List.of(members.get(i)), settings, blobFilter);
  }

  /** The trained networks, in training order (for the archive codec). */
  List<Member> members() {
    return members;
  }

  /**
   * The networks whose probabilities the reducer averages, in training order (the first carries the
   * reducer's settings in an archive).
   */
  public List<Network> networks() {
    return members.stream().map(m -> new Network(m.view(), m.size())).toList();
  }

  /** The reducer's settings (score weight, candidate score, mirrors, blobs, duplicates). */
  public ReducerSettings settings() {
    return settings;
  }

  /** Weight w of the reducer's probability in the final score {@code p^w · s^(1−w)}. */
  public double scoreWeight() {
    return settings.scoreWeight();
  }

  /** The detector score down to which candidates are handed to the reducer. */
  @Override
  public double candidateScore() {
    return settings.candidateScore();
  }

  /**
   * Returns this reducer with another weight for its probability.
   *
   * @throws IllegalArgumentException if w is outside [0, 1]
   */
  public FalsePositiveReducer withScoreWeight(double w) {
    return new FalsePositiveReducer(members, settings.withScoreWeight(w), blobFilter);
  }

  /**
   * Returns this reducer handing it candidates down to another detector score.
   *
   * @throws IllegalArgumentException if s is outside [0, 1]
   */
  public FalsePositiveReducer withCandidateScore(double s) {
    return new FalsePositiveReducer(members, settings.withCandidateScore(s), blobFilter);
  }

  /**
   * In how many mirror images each network looks at a candidate (1, 2, 4 or 8): its probability is
   * the mean over the cube as cut, then flipped along all three axes, then along x alone and along
   * z and y, then the other four flips. The networks were trained on randomly flipped cubes, so
   * each mirror image is as valid an input as the original; averaging them costs one network pass
   * per image.
   */
  public int mirrors() {
    return settings.mirrors();
  }

  /**
   * Returns this reducer looking at each candidate in {@code n} mirror images (see {@link
   * #mirrors()}).
   *
   * @throws IllegalArgumentException unless n is 1, 2, 4 or 8
   */
  public FalsePositiveReducer withMirrors(int n) {
    return new FalsePositiveReducer(members, settings.withMirrors(n), blobFilter);
  }

  /**
   * The dot filter that adds small-nodule candidates to the detector's, if any: its blobs are
   * rescored like the detector's candidates (see {@link #blobStage()}).
   */
  public Optional<DotFilter> blobFilter() {
    return Optional.ofNullable(blobFilter);
  }

  /**
   * The blob candidate source this reducer was tuned with: its blob filter, full response and
   * exclusion distance; empty without a blob filter.
   */
  public Optional<BlobCandidates> blobStage() {
    return blobFilter == null
        ? Optional.empty()
        : Optional.of(
            new BlobCandidates(
                blobFilter, settings.blobFullResponse(), settings.blobExclusionMm()));
  }

  /**
   * The dot-filter response at which a blob counts as a detector score of 1 (see {@link
   * BlobCandidates#fullResponse()}).
   */
  public double blobFullResponse() {
    return settings.blobFullResponse();
  }

  /** The detector score s a blob of the given dot-filter response enters the final score with. */
  public double blobScore(double response) {
    return Math.min(1, Math.sqrt(Math.max(0, response) / settings.blobFullResponse()));
  }

  /**
   * Returns this reducer adding the blobs of {@code filter} to the detector's candidates, scored as
   * {@link #blobScore(double)} with the given full response.
   *
   * @throws IllegalArgumentException if fullResponse is not positive and finite
   */
  public FalsePositiveReducer withBlobs(DotFilter filter, double fullResponse) {
    Objects.requireNonNull(filter, "filter");
    BlobCandidates.checkFullResponse(fullResponse);
    return new FalsePositiveReducer(members, settings.withBlobFullResponse(fullResponse), filter);
  }

  /**
   * How far (mm) a blob must lie from every detector candidate's box centre to become a candidate
   * of its own; 0 (the default of newly trained reducers) keeps every blob. The detector's box of a
   * small nodule is often a few millimetres off and its score low, while the dot filter sits on the
   * nodule: dropping the blob then loses the nodule. Version-1 archives saved without the setting
   * load with 4 mm, as they were evaluated.
   */
  public double blobExclusionMm() {
    return settings.blobExclusionMm();
  }

  /**
   * Returns this reducer with another blob exclusion distance (see {@link #blobExclusionMm()}).
   *
   * @throws IllegalArgumentException if mm is negative or not finite
   */
  public FalsePositiveReducer withBlobExclusionMm(double mm) {
    return new FalsePositiveReducer(members, settings.withBlobExclusionMm(mm), blobFilter);
  }

  /**
   * Whether {@link #rescoreDetections} drops a candidate whose box centre lies inside the box of a
   * higher-scoring candidate it keeps (default for newly trained reducers; version-1 archives saved
   * without the setting load without it). The detector's candidates are merged by 3D NMS, but a
   * blob and a detection, or a detection and a blob on the same spot, are not: without suppression
   * one structure can count as two findings, the lower one usually a false positive.
   */
  public boolean suppressesDuplicates() {
    return settings.suppressDuplicates();
  }

  /**
   * Returns this reducer with duplicate suppression on or off (see {@link
   * #suppressesDuplicates()}).
   */
  public FalsePositiveReducer withDuplicateSuppression(boolean on) {
    return new FalsePositiveReducer(members, settings.withSuppressDuplicates(on), blobFilter);
  }

  /** Returns this reducer rescoring the detector's candidates only. */
  public FalsePositiveReducer withoutBlobs() {
    return new FalsePositiveReducer(members, settings, null);
  }

  /**
   * Small-nodule candidates from the blob filter ({@link #blobStage()}): its blobs farther than
   * {@link #blobExclusionMm()} from every detection's box centre, each scored by {@link
   * #blobScore(double)} with a half-maximum mask; empty without a blob filter.
   *
   * @param input the scan's segmentation input (1 mm, grt123 units, 170 outside the lungs)
   * @param detections the detector's candidates on the same grid
   */
  public List<CropDetection> blobDetections(CtVolume input, List<CropDetection> detections) {
    return blobStage()
        .map(b -> b.propose(input, 0, detections, NoduleSegmenter.WindowListener.NONE))
        .orElseGet(ArrayList::new);
  }

  /** The provenance of the reducer (that of its first network, with the training settings). */
  public Provenance provenance() {
    return members.get(0).net().provenance();
  }

  /**
   * The reducer's probability that each point is a nodule's centre: the mean of its networks'
   * probabilities over {@link #mirrors()} mirror images.
   *
   * @param input the scan's segmentation input (1 mm, grt123 units, 170 outside the lungs)
   * @param centres world positions in that scan
   */
  public double[] probabilities(CtVolume input, List<WorldPoint> centres) {
    double[] mean = new double[centres.size()];
    if (centres.isEmpty()) {
      return mean;
    }
    int mirrors = settings.mirrors();
    List<VoxelPoint> at = new ArrayList<>(centres.size());
    for (WorldPoint c : centres) {
      at.add(input.geometry().worldToVoxel(c));
    }
    for (Member m : members) {
      // a chunk of candidates at a time, so that the mirror images of a whole scan's candidates
      // are never all in memory at once
      for (int from = 0; from < at.size(); from += CHUNK) {
        int to = Math.min(at.size(), from + CHUNK);
        List<float[]> cubes = new ArrayList<>((to - from) * mirrors);
        for (VoxelPoint v : at.subList(from, to)) {
          float[] c = m.input(input, v);
          for (int f = 0; f < mirrors; f++) {
            cubes.add(
                ReducerInputs.mirror(
                    c, m.view().channels(), m.size(), ReducerInputs.MIRROR_ORDER[f]));
          }
        }
        double[] p = m.net().predict(cubes);
        for (int i = 0; i < p.length; i++) {
          mean[from + i / mirrors] += p[i] / (members.size() * mirrors);
        }
      }
    }
    return mean;
  }

  /**
   * The floating-point operations of scoring one candidate: each network's forward pass on one cube
   * ({@link MalignancyClassifier#forwardFlops()}) times {@link #mirrors()}.
   */
  public org.lungnodule.models.ForwardFlops forwardFlopsPerCandidate() {
    org.lungnodule.models.ForwardFlops f = org.lungnodule.models.ForwardFlops.NONE;
    for (Member m : members) {
      f = f.plus(m.net().forwardFlops().times(settings.mirrors()));
    }
    return f;
  }

  /** The final score of a candidate: {@code p^w · s^(1−w)}. */
  public double combine(double detectorScore, double probability) {
    double w = settings.scoreWeight();
    return Math.min(1, Math.pow(probability, w) * Math.pow(detectorScore, 1 - w));
  }

  /**
   * Rescores candidates on a scan's grid, each at its box centre, and keeps those whose final score
   * ({@link #combine}) is at least {@code minScore}, in their given order, each carrying the
   * reducer's probability.
   *
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  @Override
  public List<CropDetection> rescoreCandidates(
      CtVolume input, List<CropDetection> candidates, double minScore) {
    ReducerSettings.checkUnit(minScore, "minimum score");
    List<WorldPoint> centres = new ArrayList<>(candidates.size());
    for (CropDetection d : candidates) {
      Box3d b = d.box();
      centres.add(input.geometry().voxelToWorld(b.cx() - 0.5, b.cy() - 0.5, b.cz() - 0.5));
    }
    double[] p = probabilities(input, centres);
    List<CropDetection> out = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      double score = combine(candidates.get(i).score(), p[i]);
      if (score >= minScore) {
        out.add(candidates.get(i).rescored(Math.min(1, Math.max(0, p[i])), score));
      }
    }
    return out;
  }

  /**
   * Rescores raw detections on a scan's grid (before their masks are pasted) as {@link
   * #rescoreCandidates} does and ranks them highest final score first; with {@link
   * #suppressesDuplicates()}, a detection whose box centre lies inside (or on) the box of a
   * higher-scoring kept one is dropped ({@link MergeStage#rank}). This is what the two-stage {@link
   * DetectionPipeline} does, so that the paste order and its 255-label limit follow the final
   * score, not the detector's.
   *
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  public List<CropDetection> rescoreDetections(
      CtVolume input, List<CropDetection> detections, double minScore) {
    return MergeStage.rank(
        rescoreCandidates(input, detections, minScore), settings.suppressDuplicates());
  }

  /**
   * Rescores a finished segmentation's detections (each at its mask centroid) and keeps those whose
   * final score is at least {@code minScore}, relabelled 1, 2, … in order of the final score (the
   * voxels stay as pasted).
   *
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  public ScanSegmentation rescore(CtVolume input, ScanSegmentation candidates, double minScore) {
    ReducerSettings.checkUnit(minScore, "minimum score");
    List<DetectedNodule> in = candidates.nodules();
    double[] p = probabilities(input, in.stream().map(DetectedNodule::centerMm).toList());
    double[] score = new double[p.length];
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      score[i] = combine(in.get(i).score(), p[i]);
      if (score[i] >= minScore) {
        keep.add(i);
      }
    }
    keep.sort((a, b) -> Double.compare(score[b], score[a]));
    int[] lut = new int[256];
    List<DetectedNodule> out = new ArrayList<>();
    for (int k = 0; k < keep.size(); k++) {
      DetectedNodule d = in.get(keep.get(k));
      lut[d.label()] = k + 1;
      out.add(
          new DetectedNodule(
              k + 1,
              score[keep.get(k)],
              d.boxVoxels(),
              d.boxMinMm(),
              d.boxMaxMm(),
              d.centerMm(),
              d.diameterMm(),
              d.volumeMm3(),
              d.voxelCount(),
              d.source(),
              d.detectorScore(),
              OptionalDouble.of(Math.min(1, Math.max(0, p[keep.get(k)]))),
              d.maskOrigin()));
    }
    Mask old = candidates.labels();
    byte[] labels = new byte[old.dims().voxelCount()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) lut[old.get(i)];
    }
    return new ScanSegmentation(out, Mask.wrap(old.geometry(), labels));
  }

  @Override
  public String toString() {
    StringBuilder nets = new StringBuilder();
    for (Member m : members) {
      nets.append(nets.length() == 0 ? "" : " + ")
          .append(m.size())
          .append("³ ")
          .append(m.view().name().toLowerCase(Locale.ROOT));
    }
    double exclusion = settings.blobExclusionMm();
    return String.format(
            Locale.ROOT,
            "FalsePositiveReducer[%s, weight %.2f, candidates from %.2f%s%s",
            nets,
            settings.scoreWeight(),
            settings.candidateScore(),
            blobFilter == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", blobs full at %.1f%s",
                    settings.blobFullResponse(),
                    exclusion == 0
                        ? ""
                        : String.format(Locale.ROOT, " beyond %.1f mm of a detection", exclusion)),
            settings.mirrors() == 1 ? "" : ", " + settings.mirrors() + " mirror images")
        + (settings.suppressDuplicates() ? ", duplicates suppressed]" : "]");
  }
}
