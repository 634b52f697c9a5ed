package org.lungnodule.spark.internal;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apache.spark.api.java.function.Function;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Mask;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.finetune.inference.ScanSegmentOutputs;
import org.lungnodule.finetune.inference.SegmenterEvaluation;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.metrics.Detection;
import org.lungnodule.metrics.SegmentationScores;
import org.lungnodule.models.maskrcnn.SegmentationCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate job's work on one scan: its annotations (from the site) against the segment job's
 * detections (from the table) and label mask (from the scan's folder), by {@link
 * SegmenterEvaluation}, as {@code bin/lungnodule evaluate-segmenter} does.
 */
public final class EvaluateTask implements Function<EvaluateTask.Input, EvaluateTask.Output> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateTask.class);

  /**
   * One scan to evaluate.
   *
   * @param task the scan
   * @param detections its detections in label order: {label, score, x, y, z} (mm)
   * @param sources each detection's candidate source, in the same order
   */
  public record Input(ScanTask task, List<double[]> detections, List<String> sources)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the two lists differ in length
     */
    public Input {
      Objects.requireNonNull(task, "task");
      detections = List.copyOf(detections);
      sources = List.copyOf(sources);
      if (sources.size() != detections.size()) {
        throw new IllegalArgumentException(
            detections.size() + " detections but " + sources.size() + " sources");
      }
    }
  }

  /**
   * One scan's evaluation, in a form Java serialisation carries.
   *
   * @param outcome done or failed
   * @param all every candidate {x, y, z, score}
   * @param kept the kept candidates {x, y, z, score}
   * @param truth the annotated nodules {x, y, z, diameter}
   * @param scores per hit nodule {pred, truth, intersection voxels, dice, iou, asd, asd p→t, asd
   *     t→p, hausdorff, hd95} (NaN for an undefined distance)
   */
  public record Output(
      ScanOutcome outcome,
      List<double[]> all,
      List<String> allSources,
      List<double[]> kept,
      List<String> keptSources,
      List<double[]> truth,
      List<double[]> scores)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies. */
    public Output {
      Objects.requireNonNull(outcome, "outcome");
      all = List.copyOf(all);
      allSources = List.copyOf(allSources);
      kept = List.copyOf(kept);
      keptSources = List.copyOf(keptSources);
      truth = List.copyOf(truth);
      scores = List.copyOf(scores);
    }

    /** Rebuilds the scan's result. */
    public SegmenterEvaluation.ScanResult result() {
      List<Detection.TruthNodule> t =
          truth.stream()
              .map(v -> new Detection.TruthNodule(new WorldPoint(v[0], v[1], v[2]), v[3]))
              .toList();
      String id = outcome.task().scanId();
      return new SegmenterEvaluation.ScanResult(
          new Detection.Scan(id, candidates(all, allSources), t),
          new Detection.Scan(id, candidates(kept, keptSources), t),
          scores.stream().map(Output::scores).toList());
    }

    private static List<Detection.Candidate> candidates(List<double[]> c, List<String> sources) {
      List<Detection.Candidate> out = new ArrayList<>(c.size());
      for (int i = 0; i < c.size(); i++) {
        double[] v = c.get(i);
        out.add(new Detection.Candidate(new WorldPoint(v[0], v[1], v[2]), v[3], sources.get(i)));
      }
      return out;
    }

    private static SegmentationScores scores(double[] v) {
      return new SegmentationScores(
          (long) v[0],
          (long) v[1],
          (long) v[2],
          v[3],
          v[4],
          opt(v[5]),
          opt(v[6]),
          opt(v[7]),
          opt(v[8]),
          opt(v[9]));
    }

    private static OptionalDouble opt(double v) {
      return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
  }

  private final String segmentations;
  private final double threshold;

  /**
   * A task.
   *
   * @param segmentations the segment job's output folder
   * @param threshold the score at or above which a detection counts
   */
  public EvaluateTask(String segmentations, double threshold) {
    this.segmentations = segmentations;
    this.threshold = threshold;
  }

  @Override
  public Output call(Input in) {
    ScanTask task = in.task();
    long t0 = System.nanoTime();
    try {
      AnnotatedScan scan = SiteScans.site(task).load(task.scanId());
      Mask truthLabels = SegmentationCase.fromScanInsideLung(scan).labels();
      Mask predicted =
          VolumeFiles.readMask(
              Path.of(segmentations, task.folderName(), ScanSegmentOutputs.LABELS));
      List<SegmenterEvaluation.Detected> dets = new ArrayList<>();
      for (int i = 0; i < in.detections().size(); i++) {
        double[] d = in.detections().get(i);
        dets.add(
            new SegmenterEvaluation.Detected(
                (int) d[0], d[1], new WorldPoint(d[2], d[3], d[4]), in.sources().get(i)));
      }
      SegmenterEvaluation.ScanResult r =
          SegmenterEvaluation.evaluate(
              task.scanId(), scan.nodules(), truthLabels, dets, predicted, threshold);
      List<double[]> truth = new ArrayList<>();
      for (Detection.TruthNodule n : r.all().nodules()) {
        truth.add(
            new double[] {
              n.centerMm().xMm(), n.centerMm().yMm(), n.centerMm().zMm(), n.diameterMm()
            });
      }
      List<double[]> scores = new ArrayList<>();
      for (SegmentationScores s : r.segmented()) {
        scores.add(
            new double[] {
              s.predVoxels(), s.truthVoxels(), s.intersectionVoxels(), s.dice(), s.iou(),
              nan(s.asdMm()), nan(s.asdPredToTruthMm()), nan(s.asdTruthToPredMm()),
                  nan(s.hausdorffMm()), nan(s.hd95Mm())
            });
      }
      return new Output(
          ScanOutcome.done(task, t0),
          flat(r.all()),
          sources(r.all()),
          flat(r.kept()),
          sources(r.kept()),
          truth,
          scores);
    } catch (IOException | RuntimeException e) {
      LOG.warn("evaluating scan {} of {} failed: {}", task.scanId(), task.site(), e.toString());
      return new Output(
          ScanOutcome.failed(task, e, t0),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of());
    }
  }

  private static List<double[]> flat(Detection.Scan s) {
    List<double[]> out = new ArrayList<>();
    for (Detection.Candidate c : s.candidates()) {
      out.add(new double[] {c.centerMm().xMm(), c.centerMm().yMm(), c.centerMm().zMm(), c.score()});
    }
    return out;
  }

  private static List<String> sources(Detection.Scan s) {
    return s.candidates().stream().map(Detection.Candidate::source).toList();
  }

  private static double nan(OptionalDouble d) {
    return d.isPresent() ? d.getAsDouble() : Double.NaN;
  }
}
