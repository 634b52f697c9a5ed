package org.lungnodule.models.maskrcnn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.models.ModelArchive;
import org.lungnodule.models.ModelArchiveException;
import org.lungnodule.models.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects and segments nodules in whole scans with a trained {@link MaskRcnnModel}: the scan's
 * segmentation input is covered by {@code cropSize³} windows overlapping by {@code windowOverlap}
 * voxels (windows holding only the outside value 170 are skipped), each window is run through the
 * network, the detections are moved to scan coordinates and merged across windows by 3D NMS, and
 * each kept detection's mask is pasted into a label mask on the scan's grid. With a {@link
 * FalsePositiveReducer} ({@link #withReducer}) the network is run down to the reducer's candidate
 * score, the reducer's dot-filter blobs are added as small-nodule candidates (if the reducer has a
 * blob filter), and every candidate is rescored by the reducer before the threshold is applied and
 * the masks are pasted (in order of the final score).
 *
 * <pre>{@code
 * NoduleSegmenter seg = NoduleSegmenter.load(Path.of("model.zip"));
 * ScanSegmentation result = seg.segment(ctInHu, seg.lungField());   // the lung field it was trained with
 * }</pre>
 *
 * <p>Not thread-safe (the model's arrays are shared); use one instance per thread.
 */
public final class NoduleSegmenter {

  /** Model kind written in the archive's provenance. */
  public static final String MODEL_KIND = "maskrcnn-segmenter";

  private static final Logger LOG = LoggerFactory.getLogger(NoduleSegmenter.class);
  private static final float OUTSIDE = 170f;

  /** Most nodules in one segmentation (labels are bytes). */
  static final int MAX_LABELS = 255;

  /** Name of the false-positive reducer's companion entry in the archive. */
  static final String REDUCER_COMPANION = "fp-reducer";

  /** Companion name of the reducer's i-th network: {@code fp-reducer}, {@code fp-reducer-2}, …. */
  static String reducerCompanion(int i) {
    return i == 0 ? REDUCER_COMPANION : REDUCER_COMPANION + "-" + (i + 1);
  }

  private final MaskRcnnModel model;
  private final Provenance provenance;
  private final FalsePositiveReducer reducer; // null for none

  private NoduleSegmenter(
      MaskRcnnModel model, Provenance provenance, FalsePositiveReducer reducer) {
    this.model = model;
    this.provenance = provenance;
    this.reducer = reducer;
  }

  /** Wraps a model and where it came from. */
  public static NoduleSegmenter of(MaskRcnnModel model, Provenance provenance) {
    return new NoduleSegmenter(
        Objects.requireNonNull(model, "model"),
        Objects.requireNonNull(provenance, "provenance"),
        null);
  }

  /** Returns this segmenter with a second stage that rescores its candidates. */
  public NoduleSegmenter withReducer(FalsePositiveReducer r) {
    return new NoduleSegmenter(model, provenance, Objects.requireNonNull(r, "reducer"));
  }

  /** Returns this segmenter (and its reducer, if any) with another provenance record. */
  public NoduleSegmenter withProvenance(Provenance p) {
    return new NoduleSegmenter(model, Objects.requireNonNull(p, "provenance"), reducer);
  }

  /** Returns this segmenter without its false-positive reducer (the Mask R-CNN's own scores). */
  public NoduleSegmenter withoutReducer() {
    return reducer == null ? this : new NoduleSegmenter(model, provenance, null);
  }

  /** The false-positive reducer, if the segmenter has one. */
  public java.util.Optional<FalsePositiveReducer> reducer() {
    return java.util.Optional.ofNullable(reducer);
  }

  /** The model. */
  public MaskRcnnModel model() {
    return model;
  }

  /** Where the model came from. */
  public Provenance provenance() {
    return provenance;
  }

  /**
   * The lung-field extractor this model's inputs are made with ({@link
   * MaskRcnnConfig#lungField()}): pass it to {@link #segment(CtVolume, LungField)} and {@link
   * SegmentationCase#fromScan}.
   */
  public LungField lungField() {
    return model.config().lungField();
  }

  /**
   * Preprocesses a CT scan in HU (1 mm resampling, lung field, grt123 mapping) and segments it; the
   * result lies on the 1 mm grid.
   */
  public ScanSegmentation segment(CtVolume hu, LungField lungField) {
    CtVolume iso = Resampler.isotropic(1.0).resample(hu);
    return segment(lungField.segmentationInput(iso));
  }

  /**
   * Segments a scan's segmentation input (1 mm isotropic, grt123 units, 170 outside the lungs),
   * keeping detections at or above the configured score threshold.
   */
  public ScanSegmentation segment(CtVolume input) {
    return segment(input, model.config().scoreThreshold());
  }

  /**
   * Segments a scan's segmentation input keeping detections at or above {@code minScore}.
   *
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  public ScanSegmentation segment(CtVolume input, double minScore) {
    return segment(input, minScore, WindowListener.NONE);
  }

  /**
   * Segments a scan's segmentation input keeping detections at or above {@code minScore}, telling
   * {@code listener} after each sliding window (a whole scan at 1 mm is tens to hundreds of
   * windows): the hook for progress with an ETA on a long scan.
   *
   * @throws IllegalArgumentException if minScore is outside [0, 1]
   */
  public ScanSegmentation segment(CtVolume input, double minScore, WindowListener listener) {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minimum score must be in [0, 1], got " + minScore);
    }
    java.util.Objects.requireNonNull(listener, "listener");
    if (reducer != null) {
      List<CropDetection> candidates =
          new ArrayList<>(
              candidates(input, Math.min(minScore, reducer.candidateScore()), listener));
      candidates.addAll(reducer.blobDetections(input, candidates));
      return paste(input, reducer.rescoreDetections(input, candidates, minScore));
    }
    return paste(input, candidates(input, minScore, listener));
  }

  /** Receives the progress of one scan's sliding windows. */
  @FunctionalInterface
  public interface WindowListener {
    /** A listener that does nothing. */
    WindowListener NONE = (done, total) -> {};

    /**
     * Called on the segmenting thread after each window, whether the network ran on it or it was
     * skipped as lying wholly outside the lung field.
     *
     * @param done windows done so far, 1 to {@code total}
     * @param total the scan's number of windows
     */
    void windowDone(int done, int total);
  }

  /** The network's detections on the scan's grid at or above minScore, merged by 3D NMS. */
  List<CropDetection> candidates(CtVolume input, double minScore) {
    return candidates(input, minScore, WindowListener.NONE);
  }

  private List<CropDetection> candidates(CtVolume input, double minScore, WindowListener listener) {
    MaskRcnnConfig cfg = model.config();
    int s = cfg.cropSize();
    Dims d = input.dims();
    int[] xs = starts(d.nx(), s, cfg.windowOverlap());
    int[] ys = starts(d.ny(), s, cfg.windowOverlap());
    int[] zs = starts(d.nz(), s, cfg.windowOverlap());
    List<CropDetection> all = new ArrayList<>();
    int run = 0;
    int done = 0;
    int total = xs.length * ys.length * zs.length;
    float[] window = new float[s * s * s];
    for (int z0 : zs) {
      for (int y0 : ys) {
        for (int x0 : xs) {
          if (fill(input, window, z0, y0, x0, s)) {
            run++;
            for (CropDetection c : model.detect(window, minScore)) {
              all.add(c.shift(z0, y0, x0));
            }
          }
          listener.windowDone(++done, total);
        }
      }
    }
    LOG.debug(
        "ran {} of {} windows, {} raw detections",
        run,
        xs.length * ys.length * zs.length,
        all.size());
    List<Box3d> boxes = new ArrayList<>();
    float[] scores = new float[all.size()];
    for (int i = 0; i < all.size(); i++) {
      boxes.add(all.get(i).box());
      scores[i] = (float) all.get(i).score();
    }
    int[] keep = Nms3d.nms(boxes, scores, cfg.inference().detectionNmsIou(), 4 * MAX_LABELS);
    List<CropDetection> kept = new ArrayList<>();
    for (int k : keep) {
      kept.add(all.get(k));
    }
    return kept;
  }

  /**
   * Window starts along an axis of n voxels for windows of {@code size} overlapping by {@code
   * overlap}: 0, step, ..., with the last window ending at n ({0} if n ≤ size).
   */
  public static int[] starts(int n, int size, int overlap) {
    if (n <= size) {
      return new int[] {0};
    }
    int step = size - overlap;
    int count = (int) Math.ceil((double) (n - size) / step) + 1;
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = Math.min(i * step, n - size);
    }
    return out;
  }

  /** Copies a window (padded with 170), z slowest; returns false if it holds only 170. */
  private static boolean fill(CtVolume v, float[] w, int z0, int y0, int x0, int s) {
    Dims d = v.dims();
    boolean any = false;
    for (int z = 0, o = 0; z < s; z++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++, o++) {
          int k = z0 + z;
          int j = y0 + y;
          int i = x0 + x;
          float val = d.contains(i, j, k) ? v.get(i, j, k) : OUTSIDE;
          w[o] = val;
          any |= val != OUTSIDE;
        }
      }
    }
    return any;
  }

  /**
   * Pastes the detections' masks, highest score first, into one label mask. A detection is dropped
   * when its mask is empty (no voxel at probability 0.5 left free by higher-scoring ones) or lies
   * mostly outside the lung field (voxels at the outside value 170), where no nodule can be; at
   * most {@link #MAX_LABELS} are kept.
   */
  static ScanSegmentation paste(CtVolume input, List<CropDetection> dets) {
    VolumeGeometry g = input.geometry();
    Dims d = g.dims();
    byte[] labels = new byte[d.voxelCount()];
    List<DetectedNodule> out = new ArrayList<>();
    double voxelMm3 = g.spacing().voxelVolumeMm3();
    int[] voxels = new int[0];
    for (CropDetection det : dets) {
      if (out.size() == MAX_LABELS) {
        break;
      }
      int label = out.size() + 1;
      VoxelBox vb = det.maskBox().toVoxelBox().intersect(VoxelBox.of(d));
      int count = 0;
      int outside = 0;
      double si = 0;
      double sj = 0;
      double sk = 0;
      for (int k = vb.minK(); k < vb.maxK(); k++) {
        for (int j = vb.minJ(); j < vb.maxJ(); j++) {
          for (int i = vb.minI(); i < vb.maxI(); i++) {
            int idx = d.index(i, j, k);
            if (labels[idx] == 0 && det.maskAt(k + 0.5, j + 0.5, i + 0.5) >= 0.5) {
              if (count == voxels.length) {
                voxels = java.util.Arrays.copyOf(voxels, Math.max(64, 2 * count));
              }
              voxels[count++] = idx;
              outside += input.get(idx) == OUTSIDE ? 1 : 0;
              si += i;
              sj += j;
              sk += k;
            }
          }
        }
      }
      if (count == 0 || 2 * outside > count) {
        continue;
      }
      for (int v = 0; v < count; v++) {
        labels[voxels[v]] = (byte) label;
      }
      WorldPoint centre = g.voxelToWorld(si / count, sj / count, sk / count);
      double volume = count * voxelMm3;
      double diameter = Math.cbrt(6 * volume / Math.PI);
      VoxelBox box = det.box().toVoxelBox().intersect(VoxelBox.of(d));
      WorldPoint min = g.voxelToWorld(box.minI(), box.minJ(), box.minK());
      WorldPoint max =
          g.voxelToWorld(
              Math.max(box.minI(), box.maxI() - 1),
              Math.max(box.minJ(), box.maxJ() - 1),
              Math.max(box.minK(), box.maxK() - 1));
      out.add(
          new DetectedNodule(
              label,
              det.score(),
              box,
              min,
              max,
              centre,
              diameter,
              volume,
              count,
              det.source(),
              det.detectorScore(),
              det.reducerProbability()));
    }
    return new ScanSegmentation(out, Mask.wrap(g, labels));
  }

  // ---------------------------------------------------------------------------------- archive

  /** Preprocessing settings stored with the model. */
  static Map<String, String> preprocessing(MaskRcnnConfig cfg) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spacingMm", "1.0");
    m.put("intensity", "grt123: HU [-1200, 600] -> [0, 255]");
    m.put("outsideLungValue", "170");
    m.put("networkInput", "(v - 127.5) / 127.5");
    for (Map.Entry<String, Object> e : cfg.toMap().entrySet()) {
      m.put("config." + e.getKey(), String.valueOf(e.getValue()));
    }
    return m;
  }

  /**
   * Writes the model (weights, configuration, preprocessing, provenance) to a {@link ModelArchive}
   * file, atomically.
   *
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    ModelArchive a =
        ModelArchive.of(model.toCarrier(false), preprocessing(model.config()), provenance);
    if (reducer != null) {
      List<ModelArchive> nets = reducer.toArchives();
      for (int i = 0; i < nets.size(); i++) {
        a = a.withCompanion(reducerCompanion(i), nets.get(i));
      }
    }
    a.write(file);
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws ModelArchiveException naming the file if it is not a Mask R-CNN archive, or its
   *     configuration or weights do not fit together, or its false-positive reducer is bad
   * @throws IOException if reading fails
   */
  public static NoduleSegmenter load(Path file) throws IOException {
    ModelArchive a = ModelArchive.read(file, MODEL_KIND);
    MaskRcnnConfig cfg;
    try {
      cfg = MaskRcnnConfig.fromMap(stripConfig(a.preprocessing()));
    } catch (RuntimeException e) {
      throw new ModelArchiveException(file, "bad mask r-cnn configuration: " + e.getMessage(), e);
    }
    FalsePositiveReducer r = null;
    if (a.companion(REDUCER_COMPANION).isPresent()) {
      try {
        List<ModelArchive> nets = new ArrayList<>();
        int n = FalsePositiveReducer.networkCount(a.companion(REDUCER_COMPANION).get());
        for (int i = 0; i < n; i++) {
          int k = i;
          nets.add(
              a.companion(reducerCompanion(i))
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "the reducer names "
                                  + n
                                  + " networks, companion '"
                                  + reducerCompanion(k)
                                  + "' is missing")));
        }
        r = FalsePositiveReducer.fromArchives(nets);
      } catch (RuntimeException e) {
        throw new ModelArchiveException(file, "bad false-positive reducer: " + e.getMessage(), e);
      }
    }
    try {
      return new NoduleSegmenter(
          MaskRcnnModel.fromCarrier(cfg, a.sameDiff(), 0), a.provenance(), r);
    } catch (RuntimeException e) {
      throw new ModelArchiveException(
          file, "weights do not match the configuration: " + e.getMessage(), e);
    }
  }

  static Map<String, String> stripConfig(Map<String, String> pre) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : pre.entrySet()) {
      if (e.getKey().startsWith("config.")) {
        m.put(e.getKey().substring("config.".length()), e.getValue());
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return "NoduleSegmenter["
        + model
        + (reducer == null ? "" : ", " + reducer)
        + ", trained on "
        + provenance
            .trainingDataHash()
            .substring(0, Math.min(12, provenance.trainingDataHash().length()))
        + "]";
  }
}
