package org.lungnodule.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Overlap and surface-distance scores of one predicted mask against its ground truth. Distances are
 * in mm between voxel centres, from surface to surface (see {@link SegmentationMetrics}).
 *
 * <p>Empty masks: both empty → Dice = IoU = 1 and every distance empty (undefined); one empty →
 * Dice = IoU = 0 and every distance empty.
 *
 * @param predVoxels foreground voxels of the prediction
 * @param truthVoxels foreground voxels of the truth
 * @param intersectionVoxels voxels in both
 * @param dice 2|P∩T| / (|P| + |T|)
 * @param iou |P∩T| / |P∪T|
 * @param asdMm symmetric average surface distance: the mean over the union of both directed sets of
 *     distances (MONAI's {@code symmetric=True})
 * @param asdPredToTruthMm mean distance from the prediction's surface to the truth's
 * @param asdTruthToPredMm mean distance from the truth's surface to the prediction's
 * @param hausdorffMm the largest distance in either direction
 * @param hd95Mm the larger of the two directed 95th percentiles (MONAI's {@code percentile=95};
 *     linear interpolation as numpy)
 */
public record SegmentationScores(
    long predVoxels,
    long truthVoxels,
    long intersectionVoxels,
    double dice,
    double iou,
    OptionalDouble asdMm,
    OptionalDouble asdPredToTruthMm,
    OptionalDouble asdTruthToPredMm,
    OptionalDouble hausdorffMm,
    OptionalDouble hd95Mm) {

  /** Returns an ordered map for JSON (undefined distances are null). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dice", dice);
    m.put("iou", iou);
    m.put("asdMm", asdMm.isPresent() ? asdMm.getAsDouble() : null);
    m.put("asdPredToTruthMm", asdPredToTruthMm.isPresent() ? asdPredToTruthMm.getAsDouble() : null);
    m.put("asdTruthToPredMm", asdTruthToPredMm.isPresent() ? asdTruthToPredMm.getAsDouble() : null);
    m.put("hausdorffMm", hausdorffMm.isPresent() ? hausdorffMm.getAsDouble() : null);
    m.put("hd95Mm", hd95Mm.isPresent() ? hd95Mm.getAsDouble() : null);
    m.put("predVoxels", predVoxels);
    m.put("truthVoxels", truthVoxels);
    m.put("intersectionVoxels", intersectionVoxels);
    return m;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SegmentationScores[dice=%.4f iou=%.4f asd=%s hd95=%s hausdorff=%s mm; %d pred, %d truth voxels]",
        dice,
        iou,
        fmt(asdMm),
        fmt(hd95Mm),
        fmt(hausdorffMm),
        predVoxels,
        truthVoxels);
  }

  private static String fmt(OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, "%.4f", v.getAsDouble()) : "undefined";
  }
}
