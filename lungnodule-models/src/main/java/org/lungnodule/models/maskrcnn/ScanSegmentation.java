package org.lungnodule.models.maskrcnn;

import java.util.List;
import java.util.Objects;
import org.lungnodule.core.Mask;

/**
 * The result of segmenting a whole scan: the nodules found (highest score first) and a label mask
 * on the segmentation grid where nodule {@code n} has label {@code n}.
 *
 * @param nodules the nodules, label 1 first
 * @param labels the label mask
 */
public record ScanSegmentation(List<DetectedNodule> nodules, Mask labels) {

  /** Validates and copies. */
  public ScanSegmentation {
    nodules = List.copyOf(nodules);
    Objects.requireNonNull(labels, "labels");
  }

  /** Returns the binary mask of one nodule (1 where the label matches). */
  public Mask mask(DetectedNodule nodule) {
    return labels.select(nodule.label());
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(
            "ScanSegmentation[" + nodules.size() + " nodules on " + labels.dims() + "]");
    for (DetectedNodule n : nodules) {
      sb.append("\n  ").append(n);
    }
    return sb.toString();
  }
}
