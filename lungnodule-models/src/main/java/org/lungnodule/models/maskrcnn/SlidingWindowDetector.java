package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.preprocess.LungField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mask R-CNN as a candidate source: the scan's segmentation input is covered by {@code
 * cropSize³} windows overlapping by {@code windowOverlap} voxels ({@link #starts}); windows holding
 * only the outside value 170 are skipped, each other window is run through the network and its
 * detections at or above the minimum score are moved to scan coordinates. The detections of
 * overlapping windows are merged afterwards by {@link MergeStage#acrossWindows}. Each detection is
 * a {@link CandidateSource#MASK_RCNN} one with a mask-head mask.
 *
 * <p>Not thread-safe (the model's arrays are shared).
 */
public final class SlidingWindowDetector implements CandidateStage {

  private static final Logger LOG = LoggerFactory.getLogger(SlidingWindowDetector.class);
  private static final float OUTSIDE = LungField.OUTSIDE_VALUE;

  private final MaskRcnnModel model;

  private volatile int windowsRun;

  /** Runs {@code model} over sliding windows. */
  public SlidingWindowDetector(MaskRcnnModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * The windows the last {@link #propose} ran the network on (those holding a voxel inside the
   * lungs); 0 before the first.
   */
  public int windowsRun() {
    return windowsRun;
  }

  /** The network. */
  public MaskRcnnModel model() {
    return model;
  }

  /** {@link CandidateSource#MASK_RCNN}. */
  @Override
  public CandidateSource source() {
    return CandidateSource.MASK_RCNN;
  }

  /**
   * The network's detections of every window at or above {@code minScore}, on the scan's grid, in
   * window order (z, then y, then x slowest to fastest) and not yet merged across windows; {@code
   * earlier} is not used.
   */
  @Override
  public List<CropDetection> propose(
      CtVolume input,
      double minScore,
      List<CropDetection> earlier,
      NoduleSegmenter.WindowListener listener) {
    return run(input, minScore, listener, false);
  }

  /**
   * As {@link #propose}, but the detections' masks are not made yet: each carries its window's
   * backbone features, and {@link #resolveMasks} runs the mask head for those that survive the
   * pipeline's later stages. Boxes and scores are those of {@link #propose}.
   */
  List<CropDetection> proposeWithoutMasks(
      CtVolume input, double minScore, NoduleSegmenter.WindowListener listener) {
    return run(input, minScore, listener, true);
  }

  private List<CropDetection> run(
      CtVolume input, double minScore, NoduleSegmenter.WindowListener listener, boolean defer) {
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
            if (defer) {
              MaskRcnnModel.WindowBoxes w = model.detectBoxes(window, minScore);
              CropDetection.PendingMask p = new CropDetection.PendingMask(z0, y0, x0, w.features());
              for (int i = 0; i < w.boxes().size(); i++) {
                all.add(
                    new CropDetection(
                            w.boxes().get(i),
                            w.maskBoxes().get(i),
                            w.scores()[i],
                            cfg.maskSize(),
                            p)
                        .shift(z0, y0, x0));
              }
            } else {
              for (CropDetection c : model.detect(window, minScore)) {
                all.add(c.shift(z0, y0, x0));
              }
            }
          }
          listener.windowDone(++done, total);
        }
      }
    }
    LOG.debug("ran {} of {} windows, {} raw detections", run, total, all.size());
    windowsRun = run;
    return all;
  }

  /**
   * Makes the masks of the detections from {@link #proposeWithoutMasks} in {@code dets} (others
   * pass unchanged): the mask head runs once per window on that window's detections in the list.
   * The list's order is kept.
   *
   * @param input the input the detections were proposed on
   */
  List<CropDetection> resolveMasks(CtVolume input, List<CropDetection> dets) {
    Map<CropDetection.PendingMask, List<Integer>> byWindow = new LinkedHashMap<>();
    for (int i = 0; i < dets.size(); i++) {
      CropDetection.PendingMask p = dets.get(i).pendingMask();
      if (p != null) {
        byWindow.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
      }
    }
    List<CropDetection> out = new ArrayList<>(dets);
    int s = model.config().cropSize();
    float[] window = new float[s * s * s];
    for (Map.Entry<CropDetection.PendingMask, List<Integer>> e : byWindow.entrySet()) {
      CropDetection.PendingMask p = e.getKey();
      fill(input, window, p.z0, p.y0, p.x0, s);
      List<Box3d> boxes = new ArrayList<>();
      for (int i : e.getValue()) {
        boxes.add(dets.get(i).maskBox().shift(-p.z0, -p.y0, -p.x0));
      }
      float[][] probs = model.masks(window, p.features, boxes);
      for (int j = 0; j < probs.length; j++) {
        int i = e.getValue().get(j);
        out.set(i, dets.get(i).withMask(probs[j]));
      }
    }
    return out;
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

  @Override
  public String toString() {
    return "SlidingWindowDetector[" + model + "]";
  }
}
