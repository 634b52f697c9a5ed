package org.lungnodule.spark.internal;

import java.nio.file.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schemas of the jobs' tables. Every row carries where it came from (site and scan with
 * their positions, which order the rows as the single-machine outputs are ordered) and the SHA-256
 * of the model that produced it.
 */
public final class Tables {

  /** The classify job's table: one row per scored nodule. */
  public static final MessageType PREDICTIONS =
      MessageTypeParser.parseMessageType(
          "message prediction {"
              + " required int32 site_index; required binary site (UTF8);"
              + " required int32 scan_index; required binary scan (UTF8);"
              + " required binary patient (UTF8);"
              + " required int32 nodule_index; required binary nodule (UTF8);"
              + " optional int32 label;"
              + " required double score;"
              + " required binary model_sha256 (UTF8); }");

  /** The segment job's table: one row per detection. */
  public static final MessageType DETECTIONS =
      MessageTypeParser.parseMessageType(
          "message detection {"
              + " required int32 site_index; required binary site (UTF8);"
              + " required int32 scan_index; required binary scan (UTF8);"
              + " required binary patient (UTF8);"
              + " required int32 label; required double score;"
              + " required double center_x_mm; required double center_y_mm; required double center_z_mm;"
              + " required double diameter_mm; required double volume_mm3; required int64 voxels;"
              + " required double box_min_x_mm; required double box_min_y_mm; required double box_min_z_mm;"
              + " required double box_max_x_mm; required double box_max_y_mm; required double box_max_z_mm;"
              + " required double min_score;"
              + " required binary model_sha256 (UTF8);"
              + " optional binary source (UTF8); }");

  /**
   * A detection row's candidate source ({@code mask-rcnn}, {@code blob}); {@value
   * org.lungnodule.finetune.inference.SegmenterEvaluation#SOURCE} for a row of a table written
   * before the column existed.
   */
  public static String source(Group detection) {
    return detection.getType().containsField("source")
            && detection.getFieldRepetitionCount("source") > 0
        ? detection.getString("source", 0)
        : org.lungnodule.finetune.inference.SegmenterEvaluation.SOURCE;
  }

  /** The preprocess job's table: one row per nodule cube. */
  public static final MessageType CUBES =
      MessageTypeParser.parseMessageType(
          "message cube {"
              + " required int32 site_index; required binary site (UTF8);"
              + " required int32 scan_index; required binary scan (UTF8);"
              + " required binary patient (UTF8);"
              + " required int32 nodule_index; required binary nodule (UTF8);"
              + " optional int32 label;"
              + " required double center_x_mm; required double center_y_mm; required double center_z_mm;"
              + " required double diameter_mm;"
              + " required int32 channels; required int32 depth; required int32 height; required int32 width;"
              + " required binary cube;"
              + " required binary source (UTF8); required binary preprocessing (UTF8);"
              + " required binary lungnodule_version (UTF8); }");

  private Tables() {}

  /** Returns a new row of {@code schema} with the task's provenance columns filled in. */
  public static Group row(MessageType schema, ScanTask t) {
    Group g = new SimpleGroupFactory(schema).newGroup();
    g.append("site_index", t.siteIndex());
    g.append("site", t.site());
    g.append("scan_index", t.scanIndex());
    g.append("scan", t.scanId());
    g.append("patient", t.patientId());
    return g;
  }

  /** Returns the file of one scan's rows in a table folder. */
  public static Path shard(Path table, ScanTask t) {
    return table.resolve("scan-" + t.folderName() + ".parquet");
  }
}
