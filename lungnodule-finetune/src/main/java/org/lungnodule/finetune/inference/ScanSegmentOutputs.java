package org.lungnodule.finetune.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Json;
import org.lungnodule.core.Mask;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.models.maskrcnn.DetectedNodule;
import org.lungnodule.models.maskrcnn.DetectionPipeline;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan segmented, and the files that hold the result: what {@code bin/lungnodule segment} and
 * the Spark {@code segment} job do per scan, so that both write the same bytes.
 *
 * <p>The files, in one folder per scan: {@value #NODULES_CSV} (label, score, centre, diameter,
 * volume, rounded for reading, and how each was found: its candidate source, the stage-one score,
 * the stage-two probability and how its mask was made), {@value #NODULES_JSON} (the same with the
 * boxes, full precision) and {@value #LABELS} (the label mask on the 1 mm grid; detection {@code n}
 * has label {@code n}).
 *
 * <p>This module does not read or write image formats; the caller passes the writer of the label
 * mask, {@code VolumeFiles::writeMask} of {@code lungnodule-io} (which writes {@value #LABELS} as
 * MetaImage), as the command line and the Spark job both do.
 */
public final class ScanSegmentOutputs {

  private static final Logger LOG = LoggerFactory.getLogger(ScanSegmentOutputs.class);

  /** The detections as CSV. */
  public static final String NODULES_CSV = "nodules.csv";

  /** The detections as JSON. */
  public static final String NODULES_JSON = "nodules.json";

  /** The label mask. */
  public static final String LABELS = "labels.mha";

  /** The header of {@value #NODULES_CSV} (without the line break). */
  public static final String CSV_HEADER =
      "label,score,centerXMm,centerYMm,centerZMm,diameterMm,volumeMm3,source,detectorScore,"
          + "reducerProbability,maskOrigin";

  private ScanSegmentOutputs() {}

  /** Writes a label mask to a file, in the format its name implies. */
  @FunctionalInterface
  public interface MaskWriter {
    /**
     * Writes the mask.
     *
     * @param mask the label mask
     * @param file the file to write (named {@value ScanSegmentOutputs#LABELS})
     * @throws IOException if writing fails
     */
    void write(Mask mask, Path file) throws IOException;
  }

  /**
   * Segments a CT scan in HU: resamples it to 1 mm, maps it through the model's lung field and
   * keeps the detections at or above {@code minScore} (the model's own threshold when empty). Calls
   * into the model are serialised on the segmenter, so one segmenter may serve several threads (the
   * preprocessing runs outside the lock).
   *
   * @param segmenter the model
   * @param ct the scan in HU, at any spacing
   * @param minScore the lowest score kept, in [0, 1], or empty for the model's threshold
   * @return the detections and the label mask on the 1 mm grid
   * @throws IllegalArgumentException if {@code minScore} is outside [0, 1]
   */
  public static ScanSegmentation segment(
      NoduleSegmenter segmenter, CtVolume ct, OptionalDouble minScore) {
    return segment(segmenter, ct, minScore, NoduleSegmenter.WindowListener.NONE);
  }

  /**
   * As {@link #segment(NoduleSegmenter, CtVolume, OptionalDouble)}, telling {@code listener} after
   * each sliding window (for progress on a long scan).
   *
   * @param segmenter the model
   * @param ct the scan in HU, at any spacing
   * @param minScore the lowest score kept, in [0, 1], or empty for the model's threshold
   * @param listener told after each window
   * @return the detections and the label mask on the 1 mm grid
   * @throws IllegalArgumentException if {@code minScore} is outside [0, 1]
   */
  public static ScanSegmentation segment(
      NoduleSegmenter segmenter,
      CtVolume ct,
      OptionalDouble minScore,
      NoduleSegmenter.WindowListener listener) {
    Objects.requireNonNull(segmenter, "segmenter");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(ct, "ct");
    Objects.requireNonNull(minScore, "minScore");
    double threshold = minScore.orElse(segmenter.model().config().scoreThreshold());
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("minimum score must be in [0, 1], got " + threshold);
    }
    long t0 = System.nanoTime();
    CtVolume input = segmenter.lungField().segmentationInput(Resampler.isotropic(1.0).resample(ct));
    long prep = System.nanoTime() - t0;
    synchronized (segmenter) {
      DetectionPipeline.Timed run = segmenter.pipeline().runTimed(input, threshold, listener);
      LOG.info(
          String.format(
              Locale.ROOT,
              "segmented %s in %.2f s: resampling and lung field %.2f s, %s",
              input.dims(),
              (prep + run.times().totalNanos()) / 1e9,
              prep / 1e9,
              run.times()));
      return run.segmentation();
    }
  }

  /**
   * Returns one map per detection, in order: label, final score, centre, diameter, volume, box, and
   * how it was found — {@code source} ({@code mask-rcnn} or {@code blob}), {@code maskMethod},
   * {@code detectorScore} (stage one), {@code reducerProbability} (stage two; absent without a
   * reducer) and {@code maskOrigin} ({@code mask-head} or {@code region-growing}; {@code
   * maskMethod} says the same in words).
   */
  public static List<Map<String, Object>> detections(ScanSegmentation result) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DetectedNodule n : result.nodules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", n.label());
      m.put("score", n.score());
      m.put("centerMm", List.of(n.centerMm().xMm(), n.centerMm().yMm(), n.centerMm().zMm()));
      m.put("diameterMm", n.diameterMm());
      m.put("volumeMm3", n.volumeMm3());
      m.put("boxMinMm", List.of(n.boxMinMm().xMm(), n.boxMinMm().yMm(), n.boxMinMm().zMm()));
      m.put("boxMaxMm", List.of(n.boxMaxMm().xMm(), n.boxMaxMm().yMm(), n.boxMaxMm().zMm()));
      m.put("source", n.source().id());
      m.put("maskMethod", n.maskOrigin().description());
      m.put("detectorScore", n.detectorScore());
      n.reducerProbability().ifPresent(p -> m.put("reducerProbability", p));
      m.put("maskOrigin", n.maskOrigin().id());
      rows.add(m);
    }
    return rows;
  }

  /** Returns the text of {@value #NODULES_CSV}. */
  public static String nodulesCsv(ScanSegmentation result) {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    for (DetectedNodule n : result.nodules()) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.6f,%.3f,%.3f,%.3f,%.3f,%.3f,%s,%.6f,%s,%s%n",
              n.label(),
              n.score(),
              n.centerMm().xMm(),
              n.centerMm().yMm(),
              n.centerMm().zMm(),
              n.diameterMm(),
              n.volumeMm3(),
              n.source().id(),
              n.detectorScore(),
              n.reducerProbability().isPresent()
                  ? String.format(Locale.ROOT, "%.6f", n.reducerProbability().getAsDouble())
                  : "",
              n.maskOrigin().id()));
    }
    return csv.toString();
  }

  /** Returns the text of {@value #NODULES_JSON}. */
  public static String nodulesJson(ScanSegmentation result) {
    return Json.write(detections(result)) + "\n";
  }

  /**
   * Writes {@value #NODULES_CSV}, {@value #NODULES_JSON} and {@value #LABELS} into a folder
   * (created if needed), each file atomically (the mask writer is expected to write atomically too,
   * as {@code VolumeFiles::writeMask} does).
   *
   * @param result the segmentation
   * @param folder the folder of the scan
   * @param labelsWriter writes {@value #LABELS}, for example {@code VolumeFiles::writeMask}
   * @throws IOException if writing fails
   */
  public static void write(ScanSegmentation result, Path folder, MaskWriter labelsWriter)
      throws IOException {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(labelsWriter, "labelsWriter");
    Files.createDirectories(folder);
    AtomicFiles.write(
        folder.resolve(NODULES_CSV), nodulesCsv(result).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(
        folder.resolve(NODULES_JSON), nodulesJson(result).getBytes(StandardCharsets.UTF_8));
    labelsWriter.write(result.labels(), folder.resolve(LABELS));
  }
}
