package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.List;
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

  /** Runs {@code model} over sliding windows. */
  public SlidingWindowDetector(MaskRcnnModel model) {
    this.model = Objects.requireNonNull(model, "model");
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
    LOG.debug("ran {} of {} windows, {} raw detections", run, total, all.size());
    return all;
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
