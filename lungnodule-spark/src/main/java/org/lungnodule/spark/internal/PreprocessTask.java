package org.lungnodule.spark.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.api.java.function.Function;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.LibraryInfo;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.NoduleCube;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.models.classifier.CubePreprocessing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preprocess job's work on one scan: resample it (as {@code bin/lungnodule preprocess}),
 * extract its lung field, commit both into the shared volumes folder, then cut one cube per nodule
 * ({@link CubePreprocessing}, as a classifier does) and commit them as the scan's file of the cubes
 * table, which marks the scan complete.
 */
public final class PreprocessTask implements Function<ScanTask, ScanOutcome> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PreprocessTask.class);

  /** The resampled volume in a scan's folder. */
  public static final String VOLUME = "volume.mha";

  /** The lung field in a scan's folder. */
  public static final String LUNG = "lung.mha";

  private final String volumes;
  private final String table;
  private final double spacingMm;
  private final int[] cubeSize;

  /**
   * A task.
   *
   * @param volumes the shared volumes folder (one folder per scan in it)
   * @param table the cubes table folder
   * @param spacingMm the isotropic spacing
   * @param cubeSize the cube's depth, height and width in voxels
   */
  public PreprocessTask(String volumes, String table, double spacingMm, int[] cubeSize) {
    this.volumes = volumes;
    this.table = table;
    this.spacingMm = spacingMm;
    this.cubeSize = cubeSize.clone();
  }

  /** Returns the cube settings, as saved with a classifier. */
  public CubePreprocessing preprocessing() {
    return CubePreprocessing.of(
        spacingMm, NoduleCubes.builder().size(cubeSize[0], cubeSize[1], cubeSize[2]).build());
  }

  /** Returns whether a scan's outputs are complete (its table file is committed last). */
  public static boolean complete(Path volumes, Path table, ScanTask task) {
    return Files.isRegularFile(Tables.shard(table, task))
        && Files.isDirectory(volumes.resolve(task.folderName()));
  }

  @Override
  public ScanOutcome call(ScanTask task) {
    Path volumesDir = Path.of(volumes);
    Path tableDir = Path.of(table);
    if (complete(volumesDir, tableDir, task)) {
      return ScanOutcome.reused(task);
    }
    long t0 = System.nanoTime();
    Path attempt = null;
    try {
      AnnotatedScan scan = SiteScans.site(task).load(task.scanId());
      CtVolume iso =
          Resampler.builder().spacing(Spacing.isotropic(spacingMm)).build().resample(scan.volume());
      Mask lung = LungField.builder().build().extract(iso);
      Path target = volumesDir.resolve(task.folderName());
      attempt = Commit.attemptFolder(target);
      VolumeFiles.write(iso, attempt.resolve(VOLUME));
      VolumeFiles.writeMask(lung, attempt.resolve(LUNG));
      Commit.commitFolder(attempt, target);

      CubePreprocessing prep = preprocessing();
      String settings = new TreeMap<>(prep.toMap()).toString();
      List<Nodule> nodules = scan.nodules();
      List<NoduleCube> cubes = prep.cubes(iso, nodules);
      List<Group> rows = new ArrayList<>();
      for (int i = 0; i < nodules.size(); i++) {
        Nodule n = nodules.get(i);
        NoduleCube c = cubes.get(i);
        Group g = Tables.row(Tables.CUBES, task);
        g.append("nodule_index", i);
        g.append("nodule", n.id());
        if (n.label() != NoduleLabel.UNKNOWN) {
          g.append("label", n.label() == NoduleLabel.MALIGNANT ? 1 : 0);
        }
        g.append("center_x_mm", n.centerMm().xMm());
        g.append("center_y_mm", n.centerMm().yMm());
        g.append("center_z_mm", n.centerMm().zMm());
        g.append("diameter_mm", n.diameterMm());
        int[] s = c.shape();
        g.append("channels", s[0]);
        g.append("depth", s[1]);
        g.append("height", s[2]);
        g.append("width", s[3]);
        g.append("cube", Binary.fromConstantByteArray(littleEndian(c.data())));
        g.append("source", task.scanPath());
        g.append("preprocessing", settings);
        g.append("lungnodule_version", LibraryInfo.version());
        rows.add(g);
      }
      ParquetShard.write(Tables.shard(tableDir, task), Tables.CUBES, rows);
      return ScanOutcome.done(task, t0);
    } catch (IOException | RuntimeException e) {
      LOG.warn("scan {} of {} failed: {}", task.scanId(), task.site(), e.toString());
      return ScanOutcome.failed(task, e, t0);
    } finally {
      AtomicFiles.deleteQuietly(attempt);
    }
  }

  /** The cube's values as float32, little-endian, channel-major (c, d, h, w). */
  static byte[] littleEndian(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }
}
