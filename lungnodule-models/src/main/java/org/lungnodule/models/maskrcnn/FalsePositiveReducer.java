package org.lungnodule.models.maskrcnn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.RandomCropSampler;
import org.lungnodule.models.ModelArchive;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.classifier.ClassifierTrainer;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.ResNet3d;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Training ({@link #trainer()}): positives are cubes at each annotated nodule's centre, shifted
 * by up to {@code jitterVoxels} voxels; negatives are the detector's highest-scoring candidates on
 * the training scans that are not near a nodule (if a detector is given) and random bright voxels
 * of the lung field (vessels) away from the nodules, and (with a blob filter, the default) blobs of
 * the {@link DotFilter} away from the nodules. Classes are balanced by sampling and cubes are
 * flipped and rotated at random. On the phantom's PUBLIC site it lifts the {@code SMALL} detector's
 * sensitivity at 2 false positives per scan from 0.27 to 0.67 on 8 test scans (15 nodules); on 32
 * further scans (64 nodules) a FOVEA network ranks the candidates better than a CUBE one, and the
 * two together better than either (see the README for the figures).
 *
 * <p>Mirror images ({@link #mirrors()}, 8 for a newly trained reducer): each network looks at a
 * candidate in up to eight mirror images of its input and the probabilities are averaged, a
 * test-time counterpart of the random flips it was trained with. On 20 PUBLIC validation scans (38
 * nodules) this raised a FOVEA reducer's sensitivity at 2 false positives per scan from 0.61 to
 * 0.74 at no training cost; each image costs one more network pass per candidate.
 *
 * <p>Small nodules: the detector's features at 1/4 of the input rarely propose 3–5 mm nodules. A
 * reducer with a blob filter ({@link #blobFilter()}) adds the filter's blobs as extra candidates
 * (all of them, or those away from the detector's candidates: {@link #blobExclusionMm()}), each
 * with a half-maximum mask and a detector score from its response ({@link #blobScore(double)}), and
 * rescores them like the detector's; where a blob and a detection fall on the same nodule the
 * higher final score is pasted first.
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
public final class FalsePositiveReducer {

  /** Model kind written in the reducer's provenance. */
  public static final String MODEL_KIND = "fp-reducer";

  private static final Logger LOG = LoggerFactory.getLogger(FalsePositiveReducer.class);
  private static final float OUTSIDE = LungField.OUTSIDE_VALUE;
  static final String CUBE_KEY = "reducer.cubeSize";
  static final String VIEW_KEY = "reducer.view";
  static final String NETWORKS_KEY = "reducer.networks";
  static final String WEIGHT_KEY = "reducer.scoreWeight";
  static final String CANDIDATE_KEY = "reducer.candidateScore";
  static final String BLOB_PREFIX = "reducer.blob.";
  static final String BLOB_FULL_KEY = "reducer.blobFullResponse";
  static final String MIRRORS_KEY = "reducer.mirrors";
  static final String BLOB_EXCLUSION_KEY = "reducer.blobExclusionMm";
  static final String SUPPRESS_KEY = "reducer.suppressDuplicates";

  /**
   * The mirror images a candidate is looked at in, as bits (z, y, x flipped): each prefix of length
   * 1, 2, 4 or 8 is closed under composition, so {@link #mirrors()} n averages a group.
   */
  private static final int[] MIRROR_ORDER = {
    0b000, 0b111, 0b001, 0b110, 0b010, 0b101, 0b100, 0b011
  };

  /** Candidates whose cubes {@link #probabilities} cuts and scores at a time. */
  private static final int CHUNK = 64;

  /**
   * The blob exclusion of reducers saved without one (mm): their blobs within 4 mm of a detector
   * candidate's box centre were left to the detector.
   */
  static final double LEGACY_BLOB_EXCLUSION_MM = 4;

  /** Voxels brighter than this (grt123 units, about −350 HU) are vessel-negative candidates. */
  static final float BRIGHT = 120f;

  private final List<Member> members;
  private final double scoreWeight;
  private final double candidateScore;
  private final DotFilter blobFilter; // null: the detector's candidates only
  private final double blobFullResponse;
  private final int mirrors;
  private final double blobExclusionMm;
  private final boolean suppressDuplicates;

  private FalsePositiveReducer(
      List<Member> members,
      double scoreWeight,
      double candidateScore,
      DotFilter blobFilter,
      double blobFullResponse,
      int mirrors,
      double blobExclusionMm,
      boolean suppressDuplicates) {
    checkMirrors(mirrors);
    checkExclusion(blobExclusionMm);
    this.suppressDuplicates = suppressDuplicates;
    this.mirrors = mirrors;
    this.blobExclusionMm = blobExclusionMm;
    this.members = List.copyOf(members);
    this.scoreWeight = scoreWeight;
    this.candidateScore = candidateScore;
    this.blobFilter = blobFilter;
    this.blobFullResponse = blobFullResponse;
  }

  /**
   * Returns a trainer builder with the defaults (one 16³ {@link View#FOVEA} network, 10 epochs,
   * blob candidates, every blob a candidate, 8 mirror images at inference).
   */
  public static Trainer trainer() {
    return new Trainer();
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
      return this == FOVEA ? fovea(in, v, dx, dy, dz, s) : cube(in, v, dx, dy, dz, s);
    }
  }

  /**
   * One network of the reducer.
   *
   * @param view how it sees a candidate
   * @param cubeSize edge of its input cube in voxels
   */
  public record Network(View view, int cubeSize) {}

  /** A trained network and its view. */
  private record Member(MalignancyClassifier net, View view, int size) {
    float[] input(CtVolume in, VoxelPoint v) {
      return view.cut(in, v, 0, 0, 0, size);
    }
  }

  /** This reducer with its i-th network only (for tests). */
  FalsePositiveReducer only(int i) {
    return new FalsePositiveReducer(
        List.of(members.get(i)),
        scoreWeight,
        candidateScore,
        blobFilter,
        blobFullResponse,
        mirrors,
        blobExclusionMm,
        suppressDuplicates);
  }

  /**
   * The networks whose probabilities the reducer averages, in training order (the first carries the
   * reducer's settings in an archive).
   */
  public List<Network> networks() {
    return members.stream().map(m -> new Network(m.view(), m.size())).toList();
  }

  /** Weight w of the reducer's probability in the final score {@code p^w · s^(1−w)}. */
  public double scoreWeight() {
    return scoreWeight;
  }

  /** The detector score down to which candidates are handed to the reducer. */
  public double candidateScore() {
    return candidateScore;
  }

  /** Returns this reducer with another weight for its probability (in [0, 1]). */
  public FalsePositiveReducer withScoreWeight(double w) {
    checkUnit(w, "score weight");
    return new FalsePositiveReducer(
        members,
        w,
        candidateScore,
        blobFilter,
        blobFullResponse,
        mirrors,
        blobExclusionMm,
        suppressDuplicates);
  }

  /** Returns this reducer handing it candidates down to another detector score (in [0, 1]). */
  public FalsePositiveReducer withCandidateScore(double s) {
    checkUnit(s, "candidate score");
    return new FalsePositiveReducer(
        members,
        scoreWeight,
        s,
        blobFilter,
        blobFullResponse,
        mirrors,
        blobExclusionMm,
        suppressDuplicates);
  }

  /**
   * In how many mirror images each network looks at a candidate (1, 2, 4 or 8): its probability is
   * the mean over the cube as cut, then flipped along all three axes, then along x alone and along
   * z and y, then the other four flips. The networks were trained on randomly flipped cubes, so
   * each mirror image is as valid an input as the original; averaging them costs one network pass
   * per image.
   */
  public int mirrors() {
    return mirrors;
  }

  /**
   * Returns this reducer looking at each candidate in {@code n} mirror images (see {@link
   * #mirrors()}).
   *
   * @throws IllegalArgumentException unless n is 1, 2, 4 or 8
   */
  public FalsePositiveReducer withMirrors(int n) {
    return new FalsePositiveReducer(
        members,
        scoreWeight,
        candidateScore,
        blobFilter,
        blobFullResponse,
        n,
        blobExclusionMm,
        suppressDuplicates);
  }

  /**
   * The dot filter that adds small-nodule candidates to the detector's, if any: its blobs that the
   * detector did not propose are rescored like the detector's candidates (see {@link
   * #blobDetections}).
   */
  public Optional<DotFilter> blobFilter() {
    return Optional.ofNullable(blobFilter);
  }

  /**
   * The dot-filter response at which a blob counts as a detector score of 1: a blob of response r
   * enters {@code p^w · s^(1−w)} with {@code s = min(1, √(r / fullResponse))}, the filter's own
   * confidence in the role of the Mask R-CNN's score.
   */
  public double blobFullResponse() {
    return blobFullResponse;
  }

  /** The detector score s a blob of the given dot-filter response enters the final score with. */
  public double blobScore(double response) {
    return Math.min(1, Math.sqrt(Math.max(0, response) / blobFullResponse));
  }

  /**
   * Returns this reducer adding the blobs of {@code filter} to the detector's candidates, scored as
   * {@link #blobScore(double)} with the given full response.
   *
   * @throws IllegalArgumentException if fullResponse is not positive and finite
   */
  public FalsePositiveReducer withBlobs(DotFilter filter, double fullResponse) {
    Objects.requireNonNull(filter, "filter");
    checkPositive(fullResponse);
    return new FalsePositiveReducer(
        members,
        scoreWeight,
        candidateScore,
        filter,
        fullResponse,
        mirrors,
        blobExclusionMm,
        suppressDuplicates);
  }

  /**
   * How far (mm) a blob must lie from every detector candidate's box centre to become a candidate
   * of its own; 0 (the default of newly trained reducers) keeps every blob. The detector's box of a
   * small nodule is often a few millimetres off and its score low, while the dot filter sits on the
   * nodule: dropping the blob then loses the nodule. Reducers saved without the setting load with 4
   * mm, as they were evaluated.
   */
  public double blobExclusionMm() {
    return blobExclusionMm;
  }

  /**
   * Returns this reducer with another blob exclusion distance (see {@link #blobExclusionMm()}).
   *
   * @throws IllegalArgumentException if mm is negative or not finite
   */
  public FalsePositiveReducer withBlobExclusionMm(double mm) {
    return new FalsePositiveReducer(
        members,
        scoreWeight,
        candidateScore,
        blobFilter,
        blobFullResponse,
        mirrors,
        mm,
        suppressDuplicates);
  }

  /**
   * Whether {@link #rescoreDetections} drops a candidate whose box centre lies inside the box of a
   * higher-scoring candidate it keeps (default for newly trained reducers; reducers saved without
   * the setting load without it). The detector's candidates are merged by 3D NMS, but a blob and a
   * detection, or a detection and a blob on the same spot, are not: without suppression one
   * structure can count as two findings, the lower one usually a false positive.
   */
  public boolean suppressesDuplicates() {
    return suppressDuplicates;
  }

  /**
   * Returns this reducer with duplicate suppression on or off (see {@link
   * #suppressesDuplicates()}).
   */
  public FalsePositiveReducer withDuplicateSuppression(boolean on) {
    return new FalsePositiveReducer(
        members,
        scoreWeight,
        candidateScore,
        blobFilter,
        blobFullResponse,
        mirrors,
        blobExclusionMm,
        on);
  }

  /** Returns this reducer rescoring the detector's candidates only. */
  public FalsePositiveReducer withoutBlobs() {
    return new FalsePositiveReducer(
        members,
        scoreWeight,
        candidateScore,
        null,
        blobFullResponse,
        mirrors,
        blobExclusionMm,
        suppressDuplicates);
  }

  /**
   * Small-nodule candidates from the blob filter: its blobs farther than {@link #blobExclusionMm()}
   * from every detection's box centre (all of them at 0), each as a detection with the score {@link
   * #blobScore(double)} of its response and a half-maximum mask ({@link #blobDetection}); empty
   * without a blob filter. The detector's features at 1/4 of the input rarely propose 3–5 mm
   * nodules, which the dot filter finds.
   *
   * @param input the scan's segmentation input (1 mm, grt123 units, 170 outside the lungs)
   * @param detections the detector's candidates on the same grid
   */
  public List<CropDetection> blobDetections(CtVolume input, List<CropDetection> detections) {
    List<CropDetection> out = new ArrayList<>();
    if (blobFilter == null) {
      return out;
    }
    for (DotFilter.Blob b : blobFilter.find(input)) {
      if (blobExclusionMm == 0 || !nearDetection(input, b, detections)) {
        CropDetection c = blobDetection(input, b, blobScore(b.response()));
        if (c != null) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /** Whether a detection's box centre lies within {@link #blobExclusionMm()} of the blob. */
  private boolean nearDetection(CtVolume input, DotFilter.Blob b, List<CropDetection> detections) {
    org.lungnodule.core.Spacing sp = input.spacing();
    for (CropDetection d : detections) {
      Box3d bx = d.box();
      double dz = (bx.cz() - 0.5 - b.k()) * sp.zMm();
      double dy = (bx.cy() - 0.5 - b.j()) * sp.yMm();
      double dx = (bx.cx() - 0.5 - b.i()) * sp.xMm();
      if (dx * dx + dy * dy + dz * dz <= blobExclusionMm * blobExclusionMm) {
        return true;
      }
    }
    return false;
  }

  /**
   * A blob as a detection: the voxels at or above half way between the brightest voxel next to the
   * blob and the median of the surrounding cube (a half-maximum threshold), connected to that voxel
   * (6-neighbours) within a sphere of radius {@code max(3, ⌈2.5σ⌉ + 1)} voxels; the box is their
   * bounding box and the mask grid spans the cube. Null if nothing is above the background.
   */
  static CropDetection blobDetection(CtVolume input, DotFilter.Blob b, double score) {
    Dims d = input.dims();
    int r = Math.max(3, (int) Math.ceil(2.5 * b.sigmaMm()) + 1);
    int m = 2 * r + 1;
    float[] cube = new float[m * m * m];
    float[] lung = new float[m * m * m];
    int lungCount = 0;
    int peak = -1;
    for (int z = 0, o = 0; z < m; z++) {
      for (int y = 0; y < m; y++) {
        for (int x = 0; x < m; x++, o++) {
          int i = b.i() - r + x;
          int j = b.j() - r + y;
          int k = b.k() - r + z;
          float v = d.contains(i, j, k) ? input.get(i, j, k) : OUTSIDE;
          cube[o] = v;
          if (v != OUTSIDE) {
            lung[lungCount++] = v;
            if (Math.abs(x - r) <= 1
                && Math.abs(y - r) <= 1
                && Math.abs(z - r) <= 1
                && (peak < 0 || v > cube[peak])) {
              peak = o;
            }
          }
        }
      }
    }
    if (peak < 0) {
      return null;
    }
    java.util.Arrays.sort(lung, 0, lungCount);
    float background = lung[lungCount / 2];
    float threshold = (cube[peak] + background) / 2;
    if (!(cube[peak] > background)) {
      return null;
    }
    float[] mask = new float[cube.length];
    int[] queue = new int[cube.length];
    int head = 0;
    int tail = 0;
    queue[tail++] = peak;
    mask[peak] = 1;
    int z0 = m;
    int y0 = m;
    int x0 = m;
    int z1 = -1;
    int y1 = -1;
    int x1 = -1;
    int[][] steps = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    while (head < tail) {
      int o = queue[head++];
      int z = o / (m * m);
      int y = (o / m) % m;
      int x = o % m;
      z0 = Math.min(z0, z);
      y0 = Math.min(y0, y);
      x0 = Math.min(x0, x);
      z1 = Math.max(z1, z);
      y1 = Math.max(y1, y);
      x1 = Math.max(x1, x);
      for (int[] s : steps) {
        int zz = z + s[0];
        int yy = y + s[1];
        int xx = x + s[2];
        if (zz < 0
            || yy < 0
            || xx < 0
            || zz >= m
            || yy >= m
            || xx >= m
            || (zz - r) * (zz - r) + (yy - r) * (yy - r) + (xx - r) * (xx - r) > r * r) {
          continue;
        }
        int q = (zz * m + yy) * m + xx;
        if (mask[q] == 0 && cube[q] != OUTSIDE && cube[q] >= threshold) {
          mask[q] = 1;
          queue[tail++] = q;
        }
      }
    }
    int bz = b.k() - r;
    int by = b.j() - r;
    int bx = b.i() - r;
    Box3d box = new Box3d(bz + z0, by + y0, bx + x0, bz + z1 + 1, by + y1 + 1, bx + x1 + 1);
    Box3d maskBox = new Box3d(bz, by, bx, bz + m, by + m, bx + m);
    return new CropDetection(box, maskBox, score, m, mask, CandidateSource.BLOB);
  }

  /** The provenance of the reducer (that of its first network, with the training settings). */
  public Provenance provenance() {
    return members.get(0).net().provenance();
  }

  /**
   * The reducer's probability that each point is a nodule's centre: the mean of its networks'
   * probabilities.
   *
   * @param input the scan's segmentation input (1 mm, grt123 units, 170 outside the lungs)
   * @param centres world positions in that scan
   */
  public double[] probabilities(CtVolume input, List<WorldPoint> centres) {
    double[] mean = new double[centres.size()];
    if (centres.isEmpty()) {
      return mean;
    }
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
            cubes.add(mirror(c, m.view().channels(), m.size(), MIRROR_ORDER[f]));
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

  /** The final score of a candidate: {@code p^w · s^(1−w)}. */
  public double combine(double detectorScore, double probability) {
    return Math.min(
        1, Math.pow(probability, scoreWeight) * Math.pow(detectorScore, 1 - scoreWeight));
  }

  /**
   * Rescores raw detections on a scan's grid (before their masks are pasted), each at its box
   * centre, and keeps those whose final score is at least {@code minScore}, highest first; with
   * {@link #suppressesDuplicates()}, a detection whose box centre lies inside (or on) the box of a
   * higher-scoring kept one is dropped. This is what {@link NoduleSegmenter#segment(CtVolume,
   * double)} does with a reducer, so that the paste order and its 255-label limit follow the final
   * score, not the detector's.
   *
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  public List<CropDetection> rescoreDetections(
      CtVolume input, List<CropDetection> detections, double minScore) {
    checkUnit(minScore, "minimum score");
    List<WorldPoint> centres = new ArrayList<>(detections.size());
    for (CropDetection d : detections) {
      Box3d b = d.box();
      centres.add(input.geometry().voxelToWorld(b.cx() - 0.5, b.cy() - 0.5, b.cz() - 0.5));
    }
    double[] p = probabilities(input, centres);
    double[] score = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      score[i] = combine(detections.get(i).score(), p[i]);
    }
    List<CropDetection> out = new ArrayList<>();
    for (int i : ranked(score, minScore)) {
      CropDetection d = detections.get(i);
      if (suppressDuplicates && out.stream().anyMatch(k -> holdsCentre(k.box(), d.box()))) {
        continue;
      }
      out.add(d.rescored(Math.min(1, Math.max(0, p[i])), score[i]));
    }
    return out;
  }

  /**
   * Rescores a finished segmentation's detections (each at its mask centroid) and keeps those whose
   * final score is at least {@code minScore}, relabelled 1, 2, … in order of the final score (the
   * voxels stay as pasted).
   *
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  public ScanSegmentation rescore(CtVolume input, ScanSegmentation candidates, double minScore) {
    checkUnit(minScore, "minimum score");
    List<DetectedNodule> in = candidates.nodules();
    double[] p = probabilities(input, in.stream().map(DetectedNodule::centerMm).toList());
    double[] score = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      score[i] = combine(in.get(i).score(), p[i]);
    }
    List<Integer> keep = ranked(score, minScore);
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
              java.util.OptionalDouble.of(Math.min(1, Math.max(0, p[keep.get(k)])))));
    }
    Mask old = candidates.labels();
    byte[] labels = new byte[old.dims().voxelCount()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) lut[old.get(i)];
    }
    return new ScanSegmentation(out, Mask.wrap(old.geometry(), labels));
  }

  /** Whether {@code outer} holds the centre of {@code inner} (edges included). */
  static boolean holdsCentre(Box3d outer, Box3d inner) {
    return inner.cz() >= outer.z0()
        && inner.cz() <= outer.z1()
        && inner.cy() >= outer.y0()
        && inner.cy() <= outer.y1()
        && inner.cx() >= outer.x0()
        && inner.cx() <= outer.x1();
  }

  /** The indices whose score is at least minScore, highest score first. */
  private static List<Integer> ranked(double[] score, double minScore) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < score.length; i++) {
      if (score[i] >= minScore) {
        keep.add(i);
      }
    }
    keep.sort((a, b) -> Double.compare(score[b], score[a]));
    return keep;
  }

  /**
   * A channel-major cube of {@code channels} × s³ values, z slowest, flipped along z, y and x as
   * bits 2, 1 and 0 of {@code flips} say (the cube itself when flips is 0).
   */
  static float[] mirror(float[] cube, int channels, int s, int flips) {
    if (flips == 0) {
      return cube;
    }
    boolean fz = (flips & 4) != 0;
    boolean fy = (flips & 2) != 0;
    boolean fx = (flips & 1) != 0;
    float[] out = new float[cube.length];
    int vol = s * s * s;
    for (int c = 0, o = 0; c < channels; c++) {
      for (int z = 0; z < s; z++) {
        int sz = fz ? s - 1 - z : z;
        for (int y = 0; y < s; y++) {
          int sy = fy ? s - 1 - y : y;
          int row = c * vol + (sz * s + sy) * s;
          for (int x = 0; x < s; x++, o++) {
            out[o] = cube[row + (fx ? s - 1 - x : x)];
          }
        }
      }
    }
    return out;
  }

  /**
   * A {@code s³} cube of the input around a voxel position shifted by (dx, dy, dz), padded with the
   * outside value and scaled to the network input {@code (v − 127.5) / 127.5}, z slowest.
   */
  static float[] cube(CtVolume input, VoxelPoint v, int dx, int dy, int dz, int s) {
    VoxelBox box =
        VoxelBox.ofSize(
            (int) Math.round(v.i()) + dx - s / 2,
            (int) Math.round(v.j()) + dy - s / 2,
            (int) Math.round(v.k()) + dz - s / 2,
            s,
            s,
            s);
    float[] out = RandomCropSampler.crop(input, box, OUTSIDE).copyVoxels();
    for (int i = 0; i < out.length; i++) {
      out[i] = (out[i] - 127.5f) / 127.5f;
    }
    return out;
  }

  /**
   * The {@link View#FOVEA} input around a voxel position shifted by (dx, dy, dz): channel 0 is
   * {@link #cube} of edge s, channel 1 the cube of edge 2s on the same centre averaged over 2×2×2
   * voxels, both scaled as {@link #cube}.
   */
  static float[] fovea(CtVolume input, VoxelPoint v, int dx, int dy, int dz, int s) {
    float[] centre = cube(input, v, dx, dy, dz, s);
    float[] wide = cube(input, v, dx, dy, dz, 2 * s);
    float[] out = new float[2 * centre.length];
    System.arraycopy(centre, 0, out, 0, centre.length);
    int t = 2 * s;
    int o = centre.length;
    for (int z = 0; z < s; z++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          int b = (2 * z * t + 2 * y) * t + 2 * x;
          float sum = wide[b] + wide[b + 1] + wide[b + t] + wide[b + t + 1];
          b += t * t;
          sum += wide[b] + wide[b + 1] + wide[b + t] + wide[b + t + 1];
          out[o++] = sum / 8;
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- archive

  /**
   * The reducer as archives, one per network, for {@link ModelArchive#withCompanion}: the first
   * carries the reducer's settings and the number of networks, each its view and cube size.
   */
  List<ModelArchive> toArchives() {
    List<ModelArchive> out = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      ModelArchive a = m.net().toArchive();
      Map<String, String> pre = new TreeMap<>(a.preprocessing());
      pre.put(CUBE_KEY, Integer.toString(m.size()));
      pre.put(VIEW_KEY, m.view().name());
      if (i == 0) {
        pre.put(NETWORKS_KEY, Integer.toString(members.size()));
        pre.put(WEIGHT_KEY, Double.toString(scoreWeight));
        pre.put(CANDIDATE_KEY, Double.toString(candidateScore));
        pre.put(MIRRORS_KEY, Integer.toString(mirrors));
        pre.put(SUPPRESS_KEY, Boolean.toString(suppressDuplicates));
        if (blobFilter != null) {
          blobFilter.toMap().forEach((k, v) -> pre.put(BLOB_PREFIX + k, v));
          pre.put(BLOB_FULL_KEY, Double.toString(blobFullResponse));
          pre.put(BLOB_EXCLUSION_KEY, Double.toString(blobExclusionMm));
        }
      }
      out.add(ModelArchive.of(a.graph(), pre, a.provenance()));
    }
    return out;
  }

  /** The number of networks the first archive of {@link #toArchives} names (1 if it names none). */
  static int networkCount(ModelArchive first) {
    int k = intSetting(first.preprocessing(), NETWORKS_KEY, 1);
    if (k < 1) {
      throw new IllegalArgumentException("'" + NETWORKS_KEY + "' must be at least 1, got " + k);
    }
    return k;
  }

  /**
   * A reducer from its archives ({@link #toArchives}); reducers saved before views and networks
   * were recorded have one {@link View#CUBE} network.
   *
   * @throws IllegalArgumentException if an archive is not a reducer network, its settings are bad,
   *     or the number of archives is not the number the first one names
   */
  static FalsePositiveReducer fromArchives(List<ModelArchive> archives) {
    if (archives.isEmpty()) {
      throw new IllegalArgumentException("no false-positive reducer network");
    }
    ModelArchive first = archives.get(0);
    if (networkCount(first) != archives.size()) {
      throw new IllegalArgumentException(
          "the reducer names "
              + networkCount(first)
              + " networks, the archive holds "
              + archives.size());
    }
    Map<String, String> pre = first.preprocessing();
    for (String k : List.of(CUBE_KEY, WEIGHT_KEY, CANDIDATE_KEY)) {
      if (!pre.containsKey(k)) {
        throw new IllegalArgumentException("false-positive reducer settings lack '" + k + "'");
      }
    }
    double w = Double.parseDouble(pre.get(WEIGHT_KEY));
    double c = Double.parseDouble(pre.get(CANDIDATE_KEY));
    checkUnit(w, "score weight");
    checkUnit(c, "candidate score");
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < archives.size(); i++) {
      members.add(member(archives.get(i), i));
    }
    // reducers saved before the blob candidates have none
    DotFilter blobs = null;
    double blobFullResponse = 0;
    // reducers saved before the setting left blobs near a detector candidate to the detector
    double exclusion = LEGACY_BLOB_EXCLUSION_MM;
    if (pre.containsKey(BLOB_FULL_KEY)) {
      Map<String, String> f = new TreeMap<>();
      pre.forEach(
          (k, v) -> {
            if (k.startsWith(BLOB_PREFIX)) {
              f.put(k.substring(BLOB_PREFIX.length()), v);
            }
          });
      blobs = DotFilter.fromMap(f);
      blobFullResponse = Double.parseDouble(pre.get(BLOB_FULL_KEY));
      checkPositive(blobFullResponse);
      exclusion = doubleSetting(pre, BLOB_EXCLUSION_KEY, LEGACY_BLOB_EXCLUSION_MM);
    }
    // reducers saved before duplicate suppression keep every candidate
    String sup = pre.getOrDefault(SUPPRESS_KEY, "false");
    if (!sup.equals("true") && !sup.equals("false")) {
      throw new IllegalArgumentException(
          "'" + SUPPRESS_KEY + "' must be true or false, got '" + sup + "'");
    }
    // reducers saved before test-time mirroring look at each candidate once
    return new FalsePositiveReducer(
        members,
        w,
        c,
        blobs,
        blobFullResponse,
        intSetting(pre, MIRRORS_KEY, 1),
        exclusion,
        sup.equals("true"));
  }

  /** The i-th network from its archive, checked against its view and cube size. */
  private static Member member(ModelArchive a, int i) {
    if (!MODEL_KIND.equals(a.kind())) {
      throw new IllegalArgumentException(
          "reducer network "
              + (i + 1)
              + ": expected a '"
              + MODEL_KIND
              + "' model, got '"
              + a.kind()
              + "'");
    }
    Map<String, String> pre = a.preprocessing();
    if (!pre.containsKey(CUBE_KEY)) {
      throw new IllegalArgumentException(
          "reducer network " + (i + 1) + " lacks '" + CUBE_KEY + "'");
    }
    int s = Integer.parseInt(pre.get(CUBE_KEY));
    View view;
    try {
      view = View.valueOf(pre.getOrDefault(VIEW_KEY, View.CUBE.name()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "reducer network " + (i + 1) + ": unknown view '" + pre.get(VIEW_KEY) + "'");
    }
    MalignancyClassifier net = MalignancyClassifier.fromArchive(a);
    int[] want = {view.channels(), s, s, s};
    if (!java.util.Arrays.equals(net.inputShape(), want)) {
      throw new IllegalArgumentException(
          "reducer network "
              + (i + 1)
              + " takes "
              + java.util.Arrays.toString(net.inputShape())
              + ", not "
              + java.util.Arrays.toString(want)
              + " ("
              + view
              + " of "
              + s
              + "³)");
    }
    return new Member(net, view, s);
  }

  /**
   * The integer setting {@code key} of a reducer archive, or {@code absent} if it has none.
   *
   * @throws IllegalArgumentException if it is not a number
   */
  private static int intSetting(Map<String, String> pre, String key, int absent) {
    return (int) setting(pre, key, absent, Integer::parseInt);
  }

  /** As {@link #intSetting} for a real-valued setting. */
  private static double doubleSetting(Map<String, String> pre, String key, double absent) {
    return setting(pre, key, absent, Double::parseDouble);
  }

  private static double setting(
      Map<String, String> pre,
      String key,
      double absent,
      java.util.function.ToDoubleFunction<String> parse) {
    String v = pre.get(key);
    if (v == null) {
      return absent;
    }
    try {
      return parse.applyAsDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + key + "' is not a number: '" + v + "'");
    }
  }

  private static void checkMirrors(int n) {
    if (n != 1 && n != 2 && n != 4 && n != 8) {
      throw new IllegalArgumentException("mirror images must be 1, 2, 4 or 8, got " + n);
    }
  }

  private static void checkExclusion(double mm) {
    if (!(mm >= 0 && Double.isFinite(mm))) {
      throw new IllegalArgumentException(
          "blob exclusion must be 0 or more mm and finite, got " + mm);
    }
  }

  private static void checkPositive(double fullResponse) {
    if (!(fullResponse > 0 && Double.isFinite(fullResponse))) {
      throw new IllegalArgumentException(
          "blob full response must be positive and finite, got " + fullResponse);
    }
  }

  private static void checkUnit(double v, String what) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1], got " + v);
    }
  }

  @Override
  public String toString() {
    StringBuilder nets = new StringBuilder();
    for (Member m : members) {
      nets.append(nets.length() == 0 ? "" : " + ")
          .append(m.size())
          .append("³ ")
          .append(m.view().name().toLowerCase(java.util.Locale.ROOT));
    }
    return String.format(
            java.util.Locale.ROOT,
            "FalsePositiveReducer[%s, weight %.2f, candidates from %.2f%s%s",
            nets,
            scoreWeight,
            candidateScore,
            blobFilter == null
                ? ""
                : String.format(
                    java.util.Locale.ROOT,
                    ", blobs full at %.1f%s",
                    blobFullResponse,
                    blobExclusionMm == 0
                        ? ""
                        : String.format(
                            java.util.Locale.ROOT,
                            " beyond %.1f mm of a detection",
                            blobExclusionMm)),
            mirrors == 1 ? "" : ", " + mirrors + " mirror images")
        + (suppressDuplicates ? ", duplicates suppressed]" : "]");
  }

  // ---------------------------------------------------------------------------------- training

  /** Trains a {@link FalsePositiveReducer}; settings by fluent calls, then {@link #fit}. */
  public static final class Trainer {
    private int cubeSize = 32;
    private int foveaSize = 16;
    private List<View> views = List.of(View.FOVEA);
    private int epochs = 10;
    private double learningRate = 1e-3;
    private double width = 0.25;
    private int jitterCopies = 6;
    private int jitterVoxels = 2;
    private int minedNegatives = 60;
    private int randomNegatives = 10;
    private int minedScans = Integer.MAX_VALUE;
    private double candidateScore = 0.05;
    private double scoreWeight = 0.5;
    private long seed = 1;
    private DotFilter blobFilter = DotFilter.builder().build();
    private int blobNegatives = 40;
    private double blobFullResponse = 20;
    private int mirrors = 8;
    private double blobExclusionMm = 0;
    private boolean suppressDuplicates = true;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Trainer() {}

    /** Cube edge in voxels of the {@link View#CUBE} network, even, 16–64 (default 32). */
    public Trainer cubeSize(int s) {
      if (s < 16 || s > 64 || s % 2 != 0) {
        throw new IllegalArgumentException("cube size must be even and in 16..64, got " + s);
      }
      cubeSize = s;
      return this;
    }

    /**
     * Edge in voxels of the {@link View#FOVEA} network's two channels, even, 8–32 (default 16: a
     * 16³ centre at 1 mm and 32³ mm of context at 2 mm).
     */
    public Trainer foveaSize(int s) {
      if (s < 8 || s > 32 || s % 2 != 0) {
        throw new IllegalArgumentException("fovea size must be even and in 8..32, got " + s);
      }
      foveaSize = s;
      return this;
    }

    /**
     * The networks to train, one per view, in this order (default: one {@link View#FOVEA}); the
     * reducer averages their probabilities. Each trains on the same candidates for {@link #epochs}
     * epochs with its own seed (the trainer's seed plus its index), so two networks take twice the
     * time of one. On the phantom, {@code views(CUBE, FOVEA)} ranks candidates better than either
     * network alone (see the README) but does not fit the 30-minute training budget on 2 cores.
     *
     * @throws IllegalArgumentException if no view is given
     */
    public Trainer views(View... v) {
      if (v.length == 0) {
        throw new IllegalArgumentException("need at least one view");
      }
      for (View x : v) {
        Objects.requireNonNull(x, "view");
      }
      views = List.of(v);
      return this;
    }

    /** Training epochs of each network over the cubes (default 10). */
    public Trainer epochs(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("epochs must be positive, got " + n);
      }
      epochs = n;
      return this;
    }

    /** Adam learning rate, cosine-decayed (default 1e-3). */
    public Trainer learningRate(double lr) {
      if (!(lr > 0 && lr < 1)) {
        throw new IllegalArgumentException("learning rate must be in (0, 1), got " + lr);
      }
      learningRate = lr;
      return this;
    }

    /** Width multiplier of the ResNet10 (default 0.25: 16–128 channels). */
    public Trainer width(double m) {
      if (!(m > 0 && m <= 1)) {
        throw new IllegalArgumentException("width must be in (0, 1], got " + m);
      }
      width = m;
      return this;
    }

    /** Positive cubes per nodule (the first at the centre) and their largest shift (6, 2). */
    public Trainer jitter(int copies, int voxels) {
      if (copies < 1 || voxels < 0) {
        throw new IllegalArgumentException(
            "need at least one copy and a shift >= 0, got " + copies + ", " + voxels);
      }
      jitterCopies = copies;
      jitterVoxels = voxels;
      return this;
    }

    /**
     * Negatives per training scan: the detector's highest-scoring false candidates (default 60) and
     * random bright lung voxels (default 10).
     */
    public Trainer negatives(int mined, int random) {
      if (mined < 0 || random < 0 || mined + random == 0) {
        throw new IllegalArgumentException(
            "need some negatives, got " + mined + " mined and " + random + " random");
      }
      minedNegatives = mined;
      randomNegatives = random;
      return this;
    }

    /**
     * Mines the detector's false positives on the first {@code n} training scans only (default:
     * all). Mining runs the detector over the whole scan (10–20 s per phantom scan with the {@code
     * SMALL} preset on one core), so a large training set can give the reducer more nodules and
     * vessels than the detector's time allows it to mine.
     */
    public Trainer minedScans(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("mined scans must be 0 or more, got " + n);
      }
      minedScans = n;
      return this;
    }

    /** Detector score down to which candidates are mined and later rescored (default 0.05). */
    public Trainer candidateScore(double s) {
      checkUnit(s, "candidate score");
      candidateScore = s;
      return this;
    }

    /** Weight w of the reducer in the final score {@code p^w · s^(1−w)} (default 0.5). */
    public Trainer scoreWeight(double w) {
      checkUnit(w, "score weight");
      scoreWeight = w;
      return this;
    }

    /**
     * Small-nodule candidates from a dot filter (default: {@link DotFilter}'s defaults, 40
     * negatives per scan, full response 20): the reducer also rescores the filter's blobs that the
     * detector did not propose (scored as {@link FalsePositiveReducer#blobScore(double)}), and
     * learns from {@code negativesPerScan} blobs per training scan that are not near a nodule —
     * half the strongest, half drawn at random from the rest. The filter runs on every training
     * scan (a few seconds each).
     *
     * @throws IllegalArgumentException if negativesPerScan is negative or fullResponse is not
     *     positive
     */
    public Trainer blobs(DotFilter filter, int negativesPerScan, double fullResponse) {
      Objects.requireNonNull(filter, "filter");
      if (negativesPerScan < 0) {
        throw new IllegalArgumentException(
            "blob negatives must be 0 or more, got " + negativesPerScan);
      }
      checkPositive(fullResponse);
      blobFilter = filter;
      blobNegatives = negativesPerScan;
      blobFullResponse = fullResponse;
      return this;
    }

    /** No blob candidates: the reducer rescores the detector's candidates only. */
    public Trainer withoutBlobs() {
      blobFilter = null;
      blobNegatives = 0;
      return this;
    }

    /** Seed of every random choice (default 1). */
    public Trainer seed(long s) {
      seed = s;
      return this;
    }

    /** Adds a progress listener. */
    public Trainer listener(TrainingListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /**
     * In how many mirror images the trained reducer looks at each candidate: 1, 2, 4 or 8 (default
     * 8; see {@link FalsePositiveReducer#mirrors()}). Training is unchanged; inference costs one
     * network pass per image.
     *
     * @throws IllegalArgumentException unless n is 1, 2, 4 or 8
     */
    public Trainer mirrors(int n) {
      checkMirrors(n);
      mirrors = n;
      return this;
    }

    /**
     * How far (mm) a blob must lie from every detector candidate to become a candidate of the
     * trained reducer (default 0: every blob; see {@link FalsePositiveReducer#blobExclusionMm()}).
     * Training is unchanged.
     *
     * @throws IllegalArgumentException if mm is negative or not finite
     */
    public Trainer blobExclusionMm(double mm) {
      checkExclusion(mm);
      blobExclusionMm = mm;
      return this;
    }

    /**
     * Whether the trained reducer suppresses duplicate candidates (default on; see {@link
     * FalsePositiveReducer#suppressesDuplicates()}). Training is unchanged.
     */
    public Trainer suppressDuplicates(boolean on) {
      suppressDuplicates = on;
      return this;
    }

    /** Returns this trainer (for symmetry with the other builders). */
    public Trainer build() {
      return this;
    }

    /**
     * Trains the reducer.
     *
     * @param cases training scans with their nodule labels
     * @param detector the detector whose false positives become negatives (on the first {@link
     *     #minedScans} scans), or null for random negatives only
     * @throws IllegalArgumentException if the cases hold no nodule or no negative could be found
     * @throws IOException never in practice (no checkpoints are written)
     */
    public FalsePositiveReducer fit(List<SegmentationCase> cases, NoduleSegmenter detector)
        throws IOException {
      SplittableRandom rng = new SplittableRandom(seed);
      List<Sample> samples = new ArrayList<>();
      int pos = 0;
      int mined = 0;
      int random = 0;
      int blob = 0;
      for (int ci = 0; ci < cases.size(); ci++) {
        SegmentationCase sc = cases.get(ci);
        CtVolume in = sc.input();
        double[] radius = radii(sc);
        List<WorldPoint> centres = sc.centersMm();
        for (int n = 0; n < centres.size(); n++) {
          VoxelPoint v = in.geometry().worldToVoxel(centres.get(n));
          for (int r = 0; r < jitterCopies; r++) {
            int dx = r == 0 ? 0 : rng.nextInt(-jitterVoxels, jitterVoxels + 1);
            int dy = r == 0 ? 0 : rng.nextInt(-jitterVoxels, jitterVoxels + 1);
            int dz = r == 0 ? 0 : rng.nextInt(-jitterVoxels, jitterVoxels + 1);
            samples.add(new Sample(ci, sc.id() + "/n" + n + "/" + r, v, dx, dy, dz, true));
            pos++;
          }
        }
        if (detector != null && minedNegatives > 0 && ci < minedScans) {
          List<DetectedNodule> dets =
              new ArrayList<>(detector.withoutReducer().segment(in, candidateScore).nodules());
          dets.sort((x, y) -> Double.compare(y.score(), x.score()));
          int taken = 0;
          for (DetectedNodule d : dets) {
            if (taken == minedNegatives) {
              break;
            }
            if (!near(d.centerMm(), centres, radius, 2)) {
              samples.add(
                  new Sample(
                      ci,
                      sc.id() + "/d" + taken,
                      in.geometry().worldToVoxel(d.centerMm()),
                      0,
                      0,
                      0,
                      false));
              taken++;
            }
          }
          mined += taken;
        }
        if (blobFilter != null && blobNegatives > 0) {
          List<DotFilter.Blob> far = new ArrayList<>();
          for (DotFilter.Blob b : blobFilter.find(in)) {
            if (!near(b.centre(in.geometry()), centres, radius, 2)) {
              far.add(b);
            }
          }
          int top = Math.min(far.size(), blobNegatives / 2);
          List<DotFilter.Blob> pick = new ArrayList<>(far.subList(0, top));
          List<DotFilter.Blob> rest = new ArrayList<>(far.subList(top, far.size()));
          while (pick.size() < blobNegatives && !rest.isEmpty()) {
            pick.add(rest.remove(rng.nextInt(rest.size())));
          }
          for (DotFilter.Blob b : pick) {
            samples.add(
                new Sample(
                    ci,
                    sc.id() + "/b" + blob,
                    new VoxelPoint(b.i(), b.j(), b.k()),
                    0,
                    0,
                    0,
                    false));
            blob++;
          }
        }
        Dims dm = in.dims();
        int got = 0;
        for (int t = 0; t < 200_000 && got < randomNegatives; t++) {
          int x = rng.nextInt(dm.nx());
          int y = rng.nextInt(dm.ny());
          int z = rng.nextInt(dm.nz());
          float val = in.get(x, y, z);
          if (val > BRIGHT
              && val != OUTSIDE
              && sc.labels().get(x, y, z) == 0
              && !near(in.geometry().voxelToWorld(x, y, z), centres, radius, 3)) {
            samples.add(
                new Sample(ci, sc.id() + "/r" + got, new VoxelPoint(x, y, z), 0, 0, 0, false));
            got++;
          }
        }
        random += got;
      }
      if (pos == 0) {
        throw new IllegalArgumentException("the training cases hold no nodule");
      }
      if (mined + random + blob == 0) {
        throw new IllegalArgumentException(
            "no negative found in the training cases (no candidate away from the nodules, no bright lung voxel)");
      }
      LOG.info(
          "false-positive reducer: {} positive cubes, {} mined, {} blob and {} random negatives; networks {}",
          pos,
          mined,
          blob,
          random,
          views);
      // the reducer's own settings are added by toArchives
      Map<String, String> pre = new TreeMap<>();
      pre.put(
          "reducer.input",
          "segmentation input (1 mm, grt123, 170 outside) around the candidate, (v - 127.5) / 127.5");
      List<Member> members = new ArrayList<>();
      for (int m = 0; m < views.size(); m++) {
        View view = views.get(m);
        int size = view == View.FOVEA ? foveaSize : cubeSize;
        List<LabelledCube> cubes = new ArrayList<>(samples.size());
        for (Sample x : samples) {
          CtVolume in = cases.get(x.scan()).input();
          float[] values = view.cut(in, x.at(), x.dx(), x.dy(), x.dz(), size);
          cubes.add(LabelledCube.of(x.id(), cases.get(x.scan()).id(), values, x.positive()));
        }
        // the fovea's centre keeps full resolution until the stem's pooling
        int stride = view == View.FOVEA ? 1 : 2;
        ResNet3d arch =
            ResNet3d.builder()
                .depth(10)
                .widthMultiplier(width)
                .stemKernel(3)
                .stemStride(stride, stride, stride)
                .inputShape(view.channels(), size, size, size)
                .build();
        ClassifierTrainer.Builder tb =
            ClassifierTrainer.builder()
                .epochs(epochs)
                .batchSize(16)
                .learningRate(learningRate)
                .balance(ClassifierTrainer.Balance.SAMPLING)
                .augment(true)
                .seed(seed + m)
                .preprocessing(pre);
        listeners.forEach(tb::listener);
        MalignancyClassifier c = tb.build().fit(arch, cubes, List.of()).classifier();
        Map<String, String> hyper = new TreeMap<>(c.provenance().hyperparameters());
        hyper.put("reducer.jitter", jitterCopies + "x" + jitterVoxels);
        hyper.put(
            "reducer.negatives",
            minedNegatives + " mined, " + randomNegatives + " random per scan");
        hyper.put(
            "reducer.cubes",
            pos + " positive, " + mined + " mined, " + blob + " blob, " + random + " random");
        hyper.put("reducer.network", (m + 1) + " of " + views.size() + ", " + view + " " + size);
        if (blobFilter != null) {
          hyper.put(
              "reducer.blobs",
              blobFilter
                  + ", "
                  + blobNegatives
                  + " negatives per scan, full response "
                  + blobFullResponse);
        }
        Provenance prov =
            Provenance.now(MODEL_KIND, c.provenance().trainingDataHash(), seed + m, hyper);
        members.add(new Member(c.withProvenance(prov), view, size));
      }
      return new FalsePositiveReducer(
          members,
          scoreWeight,
          candidateScore,
          blobFilter,
          blobFullResponse,
          mirrors,
          blobExclusionMm,
          suppressDuplicates);
    }

    /** A training cube: its scan, id, centre, shift and label. */
    private record Sample(
        int scan, String id, VoxelPoint at, int dx, int dy, int dz, boolean positive) {}

    /** Radius in mm of each labelled nodule (the sphere of its voxel volume; at least 1 mm). */
    private static double[] radii(SegmentationCase sc) {
      int n = sc.centersMm().size();
      long[] count = new long[n + 1];
      Mask m = sc.labels();
      for (int i = 0; i < m.dims().voxelCount(); i++) {
        int l = m.get(i);
        if (l >= 1 && l <= n) {
          count[l]++;
        }
      }
      double voxel = sc.input().spacing().voxelVolumeMm3();
      double[] r = new double[n];
      for (int k = 0; k < n; k++) {
        r[k] = Math.max(1, Math.cbrt(3 * count[k + 1] * voxel / (4 * Math.PI)));
      }
      return r;
    }

    private static boolean near(
        WorldPoint p, List<WorldPoint> centres, double[] radius, double marginMm) {
      for (int k = 0; k < centres.size(); k++) {
        if (p.distanceMm(centres.get(k)) <= radius[k] + marginMm) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "FalsePositiveReducer.Trainer["
          + views
          + ", cube "
          + cubeSize
          + ", fovea "
          + foveaSize
          + ", epochs "
          + epochs
          + ", lr "
          + learningRate
          + ", seed "
          + seed
          + "]";
    }
  }
}
