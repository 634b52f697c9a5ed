package org.lungnodule.models.maskrcnn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.preprocess.DotFilter;

/**
 * A named training recipe for the nodule segmenter: the detector's settings and, for the two-stage
 * pipeline, the false-positive reducer's. The seed, listeners, checkpoints and the scans are the
 * run's, not the recipe's.
 *
 * <p>{@link #twoStage()} is the recipe behind the published detection figures and the default of
 * {@code lungnodule train-segmenter}; {@link #bundled()} is the one the bundled {@code PUBLIC}
 * segmenter of {@code lungnodule-phantom-segmenter} was trained with.
 *
 * <pre>{@code
 * SegmenterRecipe r = SegmenterRecipe.twoStage();
 * MaskRcnnConfig cfg = r.detector().config().build();
 * NoduleSegmenter seg = MaskRcnnTrainer.builder().config(cfg).seed(11).build().fit(cases);
 * if (r.reducer().isPresent()) {
 *   seg = seg.withReducer(r.reducer().get().trainer().seed(11).fit(cases, seg));
 * }
 * }</pre>
 *
 * @param detector the Mask R-CNN's settings
 * @param reducer the false-positive reducer's settings, or empty for the Mask R-CNN alone
 */
public record SegmenterRecipe(Detector detector, Optional<Reducer> reducer) {

  /**
   * Validates.
   *
   * @throws NullPointerException for a null detector or reducer option
   */
  public SegmenterRecipe {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(reducer, "reducer");
  }

  /**
   * The Mask R-CNN's settings that a recipe fixes; the rest are the preset's.
   *
   * @param preset the configuration preset
   * @param epochs training epochs (at least 1)
   * @param cropsPerEpoch crops (optimizer steps) per epoch (at least 1)
   * @param lungDilationMm the lung field's dilation in mm, in [0, 50], for training and inference
   */
  public record Detector(
      MaskRcnnConfig.Preset preset, int epochs, int cropsPerEpoch, double lungDilationMm) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException for a value out of range, named in the message
     */
    public Detector {
      Objects.requireNonNull(preset, "preset");
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      if (cropsPerEpoch < 1) {
        throw new IllegalArgumentException(
            "crops per epoch must be at least 1, got " + cropsPerEpoch);
      }
      if (!(lungDilationMm >= 0 && lungDilationMm <= 50)) {
        throw new IllegalArgumentException(
            "lung dilation must be in [0, 50] mm, got " + lungDilationMm);
      }
    }

    /** Returns a configuration builder of the preset with this recipe's settings set. */
    public MaskRcnnConfig.Builder config() {
      return MaskRcnnConfig.builder(preset)
          .epochs(epochs)
          .cropsPerEpoch(cropsPerEpoch)
          .lungDilationMm(lungDilationMm);
    }
  }

  /**
   * The false-positive reducer's settings that a recipe fixes; the rest are {@link
   * ReducerTrainer}'s defaults.
   *
   * @param epochs epochs of each network (at least 1)
   * @param views the networks, one per view (at least one)
   * @param mirrors mirror images at inference: 1, 2, 4 or 8
   * @param blobNegatives dot-filter blob negatives per training scan; 0 for no blob candidates
   * @param blobFullResponse the dot-filter response that scores a blob 1 (positive)
   */
  public record Reducer(
      int epochs,
      List<FalsePositiveReducer.View> views,
      int mirrors,
      int blobNegatives,
      double blobFullResponse) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for a value out of range, named in the message
     */
    public Reducer {
      views = List.copyOf(views);
      if (epochs < 1) {
        throw new IllegalArgumentException("reducer epochs must be at least 1, got " + epochs);
      }
      if (views.isEmpty()) {
        throw new IllegalArgumentException("the reducer needs at least one view");
      }
      if (mirrors != 1 && mirrors != 2 && mirrors != 4 && mirrors != 8) {
        throw new IllegalArgumentException("mirrors must be 1, 2, 4 or 8, got " + mirrors);
      }
      if (blobNegatives < 0) {
        throw new IllegalArgumentException(
            "blob negatives must be 0 or more, got " + blobNegatives);
      }
      if (!(blobFullResponse > 0 && Double.isFinite(blobFullResponse))) {
        throw new IllegalArgumentException(
            "blob full response must be positive, got " + blobFullResponse);
      }
    }

    /**
     * Returns a reducer trainer with these settings (and {@link DotFilter}'s defaults for the blob
     * candidates); the caller adds the seed, listeners and, where it applies, {@link
     * ReducerTrainer#minedScans}.
     */
    public ReducerTrainer trainer() {
      ReducerTrainer t =
          FalsePositiveReducer.trainer()
              .epochs(epochs)
              .views(views.toArray(FalsePositiveReducer.View[]::new))
              .mirrors(mirrors);
      return blobNegatives == 0
          ? t.withoutBlobs()
          : t.blobs(DotFilter.builder().build(), blobNegatives, blobFullResponse);
    }
  }

  /**
   * The two-stage recipe of the published detection figures (docs/results.md: sensitivity 0.83 at 2
   * FP/scan, Dice 0.76–0.77 on 40 unseen {@code PUBLIC} phantom scans): the {@code SMALL} Mask
   * R-CNN, 36 epochs of 30 crops, on a lung field dilated by 2 mm; one {@code FOVEA} reducer
   * network, 10 epochs, 4 mirror images (as good as 8 on a validation site, half the second stage's
   * time), 30 blob negatives per scan, blobs full at response 20. {@code lungnodule
   * train-segmenter}'s default and the {@code PublicSiteSegmenterTest} harness's.
   */
  public static SegmenterRecipe twoStage() {
    return new SegmenterRecipe(
        new Detector(MaskRcnnConfig.Preset.SMALL, 36, 30, 2),
        Optional.of(new Reducer(10, List.of(FalsePositiveReducer.View.FOVEA), 4, 30, 20)));
  }

  /**
   * The recipe of the bundled {@code PUBLIC} segmenter ({@code lungnodule-phantom-segmenter}): the
   * same {@code SMALL} Mask R-CNN, 36 epochs of 30 crops, on the undilated lung field, without a
   * false-positive reducer.
   */
  public static SegmenterRecipe bundled() {
    return new SegmenterRecipe(
        new Detector(MaskRcnnConfig.Preset.SMALL, 36, 30, 0), Optional.empty());
  }

  /** Returns every setting as text: {@code detector.*} and {@code reducer.*} keys. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("detector.preset", detector.preset().name());
    m.put("detector.epochs", Integer.toString(detector.epochs()));
    m.put("detector.cropsPerEpoch", Integer.toString(detector.cropsPerEpoch()));
    m.put("detector.lungDilationMm", Double.toString(detector.lungDilationMm()));
    if (reducer.isEmpty()) {
      m.put("reducer", "none");
    } else {
      Reducer r = reducer.get();
      m.put("reducer.epochs", Integer.toString(r.epochs()));
      m.put("reducer.views", r.views().toString());
      m.put("reducer.mirrors", Integer.toString(r.mirrors()));
      m.put("reducer.blobNegatives", Integer.toString(r.blobNegatives()));
      m.put("reducer.blobFullResponse", Double.toString(r.blobFullResponse()));
    }
    return m;
  }
}
