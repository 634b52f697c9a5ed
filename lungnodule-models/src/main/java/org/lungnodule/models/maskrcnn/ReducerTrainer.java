package org.lungnodule.models.maskrcnn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.classifier.ClassifierTrainer;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.models.maskrcnn.FalsePositiveReducer.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link FalsePositiveReducer} ({@link FalsePositiveReducer#trainer()}); settings by
 * fluent calls, then {@link #fit}. Positives are cubes at each annotated nodule's centre, shifted
 * by up to {@code jitterVoxels} voxels; negatives are the detector's highest-scoring candidates on
 * the training scans that are not near a nodule (if a detector is given), random bright voxels of
 * the lung field (vessels) away from the nodules, and (with a blob filter, the default) blobs of
 * the {@link DotFilter} away from the nodules. Classes are balanced by sampling and cubes are
 * flipped and rotated at random.
 */
public final class ReducerTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(ReducerTrainer.class);
  private static final float OUTSIDE = LungField.OUTSIDE_VALUE;

  /** Voxels brighter than this (grt123 units, about −350 HU) are vessel-negative candidates. */
  static final float BRIGHT = 120f;

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
  private int mirrors = 4;
  private double blobExclusionMm = 0;
  private boolean suppressDuplicates = true;
  private final List<TrainingListener> listeners = new ArrayList<>();

  ReducerTrainer() {}

  /** Cube edge in voxels of the {@link View#CUBE} network, even, 16–64 (default 32). */
  public ReducerTrainer cubeSize(int s) {
    if (s < 16 || s > 64 || s % 2 != 0) {
      throw new IllegalArgumentException("cube size must be even and in 16..64, got " + s);
    }
    cubeSize = s;
    return this;
  }

  /**
   * Edge in voxels of the {@link View#FOVEA} network's two channels, even, 8–32 (default 16: a 16³
   * centre at 1 mm and 32³ mm of context at 2 mm).
   */
  public ReducerTrainer foveaSize(int s) {
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
  public ReducerTrainer views(View... v) {
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
  public ReducerTrainer epochs(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("epochs must be positive, got " + n);
    }
    epochs = n;
    return this;
  }

  /** Adam learning rate, cosine-decayed (default 1e-3). */
  public ReducerTrainer learningRate(double lr) {
    if (!(lr > 0 && lr < 1)) {
      throw new IllegalArgumentException("learning rate must be in (0, 1), got " + lr);
    }
    learningRate = lr;
    return this;
  }

  /** Width multiplier of the ResNet10 (default 0.25: 16–128 channels). */
  public ReducerTrainer width(double m) {
    if (!(m > 0 && m <= 1)) {
      throw new IllegalArgumentException("width must be in (0, 1], got " + m);
    }
    width = m;
    return this;
  }

  /** Positive cubes per nodule (the first at the centre) and their largest shift (6, 2). */
  public ReducerTrainer jitter(int copies, int voxels) {
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
  public ReducerTrainer negatives(int mined, int random) {
    if (mined < 0 || random < 0 || mined + random == 0) {
      throw new IllegalArgumentException(
          "need some negatives, got " + mined + " mined and " + random + " random");
    }
    minedNegatives = mined;
    randomNegatives = random;
    return this;
  }

  /**
   * Mines the detector's false positives on the first {@code n} training scans only (default: all).
   * Mining runs the detector over the whole scan (10–20 s per phantom scan with the {@code SMALL}
   * preset on one core), so a large training set can give the reducer more nodules and vessels than
   * the detector's time allows it to mine.
   */
  public ReducerTrainer minedScans(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("mined scans must be 0 or more, got " + n);
    }
    minedScans = n;
    return this;
  }

  /** Detector score down to which candidates are mined and later rescored (default 0.05). */
  public ReducerTrainer candidateScore(double s) {
    ReducerSettings.checkUnit(s, "candidate score");
    candidateScore = s;
    return this;
  }

  /** Weight w of the reducer in the final score {@code p^w · s^(1−w)} (default 0.5). */
  public ReducerTrainer scoreWeight(double w) {
    ReducerSettings.checkUnit(w, "score weight");
    scoreWeight = w;
    return this;
  }

  /**
   * Small-nodule candidates from a dot filter (default: {@link DotFilter}'s defaults, 40 negatives
   * per scan, full response 20): the reducer also rescores the filter's blobs that the detector did
   * not propose (scored as {@link FalsePositiveReducer#blobScore(double)}), and learns from {@code
   * negativesPerScan} blobs per training scan that are not near a nodule — half the strongest, half
   * drawn at random from the rest. The filter runs on every training scan (a few seconds each).
   *
   * @throws IllegalArgumentException if negativesPerScan is negative or fullResponse is not
   *     positive
   */
  public ReducerTrainer blobs(DotFilter filter, int negativesPerScan, double fullResponse) {
    Objects.requireNonNull(filter, "filter");
    if (negativesPerScan < 0) {
      throw new IllegalArgumentException(
          "blob negatives must be 0 or more, got " + negativesPerScan);
    }
    BlobCandidates.checkFullResponse(fullResponse);
    blobFilter = filter;
    blobNegatives = negativesPerScan;
    blobFullResponse = fullResponse;
    return this;
  }

  /** No blob candidates: the reducer rescores the detector's candidates only. */
  public ReducerTrainer withoutBlobs() {
    blobFilter = null;
    blobNegatives = 0;
    return this;
  }

  /** Seed of every random choice (default 1). */
  public ReducerTrainer seed(long s) {
    seed = s;
    return this;
  }

  /** Adds a progress listener. */
  public ReducerTrainer listener(TrainingListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
    return this;
  }

  /**
   * In how many mirror images the trained reducer looks at each candidate: 1, 2, 4 or 8 (default 4;
   * see {@link FalsePositiveReducer#mirrors()}). Training is unchanged; inference costs one network
   * pass per image.
   *
   * @throws IllegalArgumentException unless n is 1, 2, 4 or 8
   */
  public ReducerTrainer mirrors(int n) {
    ReducerSettings.checkMirrors(n);
    mirrors = n;
    return this;
  }

  /**
   * How far (mm) a blob must lie from every detector candidate to become a candidate of the trained
   * reducer (default 0: every blob; see {@link FalsePositiveReducer#blobExclusionMm()}). Training
   * is unchanged.
   *
   * @throws IllegalArgumentException if mm is negative or not finite
   */
  public ReducerTrainer blobExclusionMm(double mm) {
    BlobCandidates.checkExclusion(mm);
    blobExclusionMm = mm;
    return this;
  }

  /**
   * Whether the trained reducer suppresses duplicate candidates (default on; see {@link
   * FalsePositiveReducer#suppressesDuplicates()}). Training is unchanged.
   */
  public ReducerTrainer suppressDuplicates(boolean on) {
    suppressDuplicates = on;
    return this;
  }

  /** Returns this trainer (for symmetry with the other builders). */
  public ReducerTrainer build() {
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
                  ci, sc.id() + "/b" + blob, new VoxelPoint(b.i(), b.j(), b.k()), 0, 0, 0, false));
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
    List<FalsePositiveReducer.Member> members = new ArrayList<>();
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
          "reducer.negatives", minedNegatives + " mined, " + randomNegatives + " random per scan");
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
          Provenance.now(
              FalsePositiveReducer.MODEL_KIND, c.provenance().trainingDataHash(), seed + m, hyper);
      members.add(new FalsePositiveReducer.Member(c.withProvenance(prov), view, size));
    }
    return FalsePositiveReducer.of(
        members,
        new ReducerSettings(
            scoreWeight,
            candidateScore,
            mirrors,
            blobFullResponse,
            blobExclusionMm,
            suppressDuplicates),
        blobFilter);
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
    return "ReducerTrainer["
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
