package org.lungnodule.spark.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.parquet.example.data.Group;
import org.apache.spark.api.java.function.Function;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.CtVolume;
import org.lungnodule.finetune.inference.ScanSegmentOutputs;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.models.maskrcnn.DetectedNodule;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment job's work on one scan: skip it when its outputs are complete, else read it, segment
 * it ({@link ScanSegmentOutputs}, as {@code bin/lungnodule segment} does), commit its folder
 * ({@code nodules.csv}, {@code nodules.json}, {@code labels.mha}) and then its rows of the
 * detections table, whose file marks the scan complete.
 */
public final class SegmentTask implements Function<ScanTask, ScanOutcome> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SegmentTask.class);

  private final ModelRef model;
  private final String out;
  private final String table;
  private final Double minScore;

  /**
   * A task.
   *
   * @param model the shipped segmenter
   * @param out the output folder (one folder per scan in it)
   * @param table the detections table folder
   * @param minScore the lowest score kept, or {@code null} for the model's threshold
   */
  public SegmentTask(ModelRef model, String out, String table, Double minScore) {
    this.model = model;
    this.out = out;
    this.table = table;
    this.minScore = minScore;
  }

  /** Returns whether a scan's outputs are complete (its table file is committed last). */
  public static boolean complete(Path out, Path table, ScanTask task) {
    return Files.isRegularFile(Tables.shard(table, task))
        && Files.isDirectory(out.resolve(task.folderName()));
  }

  @Override
  public ScanOutcome call(ScanTask task) {
    Path outDir = Path.of(out);
    Path tableDir = Path.of(table);
    if (complete(outDir, tableDir, task)) {
      return ScanOutcome.reused(task);
    }
    NoduleSegmenter seg = ExecutorModels.segmenter(model);
    long t0 = System.nanoTime();
    Path attempt = null;
    try {
      CtVolume ct = VolumeFiles.read(Path.of(task.scanPath()));
      ScanSegmentation r =
          ScanSegmentOutputs.segment(
              seg, ct, minScore == null ? OptionalDouble.empty() : OptionalDouble.of(minScore));
      Path target = outDir.resolve(task.folderName());
      attempt = Commit.attemptFolder(target);
      ScanSegmentOutputs.write(r, attempt, VolumeFiles::writeMask);
      Commit.commitFolder(attempt, target);
      double used = minScore == null ? seg.model().config().scoreThreshold() : minScore;
      List<Group> rows = new ArrayList<>();
      for (DetectedNodule n : r.nodules()) {
        Group g = Tables.row(Tables.DETECTIONS, task);
        g.append("label", n.label());
        g.append("score", n.score());
        g.append("center_x_mm", n.centerMm().xMm());
        g.append("center_y_mm", n.centerMm().yMm());
        g.append("center_z_mm", n.centerMm().zMm());
        g.append("diameter_mm", n.diameterMm());
        g.append("volume_mm3", n.volumeMm3());
        g.append("voxels", n.voxelCount());
        g.append("box_min_x_mm", n.boxMinMm().xMm());
        g.append("box_min_y_mm", n.boxMinMm().yMm());
        g.append("box_min_z_mm", n.boxMinMm().zMm());
        g.append("box_max_x_mm", n.boxMaxMm().xMm());
        g.append("box_max_y_mm", n.boxMaxMm().yMm());
        g.append("box_max_z_mm", n.boxMaxMm().zMm());
        g.append("min_score", used);
        g.append("model_sha256", model.sha256());
        g.append("source", n.source().id());
        rows.add(g);
      }
      ParquetShard.write(Tables.shard(tableDir, task), Tables.DETECTIONS, rows);
      return ScanOutcome.done(task, t0);
    } catch (IOException | RuntimeException e) {
      LOG.warn("scan {} of {} failed: {}", task.scanId(), task.site(), e.toString());
      return ScanOutcome.failed(task, e, t0);
    } finally {
      AtomicFiles.deleteQuietly(attempt);
    }
  }
}
