package org.lungnodule.models.maskrcnn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.models.ModelArchive;
import org.lungnodule.models.ModelArchiveException;
import org.lungnodule.models.Provenance;

/**
 * Detects and segments nodules in whole scans with a trained {@link MaskRcnnModel} and, optionally,
 * a {@link FalsePositiveReducer} as second stage; it runs the {@link DetectionPipeline} of the two
 * ({@link #pipeline()}) and saves and loads them as one model archive. Without a reducer it is a
 * plain Mask R-CNN: the scan's segmentation input is covered by sliding windows ({@link
 * SlidingWindowDetector}), the detections are merged across windows by 3D NMS ({@link MergeStage}),
 * and each kept detection's mask is pasted into a label mask on the scan's grid ({@link
 * MaskStage}). With a reducer ({@link #withReducer}) the network is run down to the reducer's
 * candidate score, the reducer's dot-filter blobs are added as small-nodule candidates (if the
 * reducer has a blob filter; {@link BlobCandidates}), and every candidate is rescored by the
 * reducer before the threshold is applied and the masks are pasted (in order of the final score).
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
  public Optional<FalsePositiveReducer> reducer() {
    return Optional.ofNullable(reducer);
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
    return pipeline().run(input, minScore, listener);
  }

  /**
   * The stages {@link #segment} runs: the plain Mask R-CNN ({@link DetectionPipeline#maskRcnn})
   * without a reducer, the two-stage detector ({@link DetectionPipeline#twoStage}) with one.
   */
  public DetectionPipeline pipeline() {
    return reducer == null
        ? DetectionPipeline.maskRcnn(model)
        : DetectionPipeline.twoStage(model, reducer);
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
    return DetectionPipeline.maskRcnn(model).candidates(input, minScore, WindowListener.NONE);
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
      List<ModelArchive> nets = ReducerArchives.write(reducer);
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
        int n = ReducerArchives.networkCount(a.companion(REDUCER_COMPANION).get());
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
        r = ReducerArchives.read(nets);
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
