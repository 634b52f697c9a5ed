package org.lungnodule.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Means of segmentation scores over cases, with how many cases each mean left out. Dice and IoU are
 * defined for every case (see {@link SegmentationScores} for empty masks); a distance is left out
 * of its mean when it is undefined (either mask empty).
 *
 * @param cases number of cases accumulated
 * @param meanDice mean Dice over all cases (NaN if none)
 * @param meanIou mean IoU over all cases (NaN if none)
 * @param meanAsdMm mean symmetric ASD over the cases where it is defined (NaN if none)
 * @param meanHd95Mm mean HD95 over the cases where it is defined (NaN if none)
 * @param meanHausdorffMm mean Hausdorff distance over the cases where it is defined (NaN if none)
 * @param distanceCases number of cases in the distance means
 * @param excludedFromDistances cases left out of the distance means (either mask empty)
 * @param bothEmpty cases where both masks were empty (Dice = IoU = 1)
 * @param oneEmpty cases where exactly one mask was empty (Dice = IoU = 0)
 */
public record SegmentationSummary(
    int cases,
    double meanDice,
    double meanIou,
    double meanAsdMm,
    double meanHd95Mm,
    double meanHausdorffMm,
    int distanceCases,
    int excludedFromDistances,
    int bothEmpty,
    int oneEmpty) {

  /** Returns an ordered map for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cases", cases);
    m.put("dice", meanDice);
    m.put("iou", meanIou);
    m.put("asdMm", meanAsdMm);
    m.put("hd95Mm", meanHd95Mm);
    m.put("hausdorffMm", meanHausdorffMm);
    m.put("distanceCases", distanceCases);
    m.put("excludedFromDistances", excludedFromDistances);
    m.put("bothEmpty", bothEmpty);
    m.put("oneEmpty", oneEmpty);
    return m;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SegmentationSummary[%d cases: dice=%.4f iou=%.4f asd=%.4f mm hd95=%.4f mm"
            + " (distances over %d, %d excluded: %d both empty, %d one empty)]",
        cases,
        meanDice,
        meanIou,
        meanAsdMm,
        meanHd95Mm,
        distanceCases,
        excludedFromDistances,
        bothEmpty,
        oneEmpty);
  }
}
