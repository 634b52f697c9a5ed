package org.lungnodule.spark.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.spark.api.java.function.Function;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.finetune.inference.PredictionRow;
import org.lungnodule.finetune.inference.ScanClassification;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classify job's work on one scan: skip it when its rows are already committed, else read it,
 * score its nodules ({@link ScanClassification}, as {@code bin/lungnodule classify} does) and
 * commit its rows as one Parquet file of the predictions table.
 */
public final class ClassifyTask implements Function<ScanTask, ScanOutcome> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ClassifyTask.class);

  private final ModelRef model;
  private final String table;
  private final boolean includeUnknown;

  /**
   * A task.
   *
   * @param model the shipped classifier
   * @param table the predictions table folder
   * @param includeUnknown whether nodules without a label are scored
   */
  public ClassifyTask(ModelRef model, String table, boolean includeUnknown) {
    this.model = model;
    this.table = table;
    this.includeUnknown = includeUnknown;
  }

  @Override
  public ScanOutcome call(ScanTask task) {
    Path shard = Tables.shard(Path.of(table), task);
    if (Files.isRegularFile(shard)) {
      return ScanOutcome.reused(task);
    }
    MalignancyClassifier clf = ExecutorModels.classifier(model);
    long t0 = System.nanoTime();
    try {
      AnnotatedScan scan = SiteScans.site(task).load(task.scanId());
      ScanClassification scored = ScanClassification.of(clf, scan, includeUnknown);
      List<Group> rows = new ArrayList<>();
      for (int i = 0; i < scored.rows().size(); i++) {
        PredictionRow p = scored.rows().get(i);
        Group g = Tables.row(Tables.PREDICTIONS, task);
        g.append("nodule_index", i);
        g.append("nodule", p.noduleId());
        if (p.label() != NoduleLabel.UNKNOWN) {
          g.append("label", p.label() == NoduleLabel.MALIGNANT ? 1 : 0);
        }
        g.append("score", p.score());
        g.append("model_sha256", model.sha256());
        rows.add(g);
      }
      ParquetShard.write(shard, Tables.PREDICTIONS, rows);
      return ScanOutcome.done(task, t0);
    } catch (IOException | RuntimeException e) {
      LOG.warn("scan {} of {} failed: {}", task.scanId(), task.site(), e.toString());
      return ScanOutcome.failed(task, e, t0);
    }
  }
}
