package org.lungnodule.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.examples.cli.LungnoduleCli;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.Provenance;
import org.lungnodule.models.classifier.ClassifierTrainer;
import org.lungnodule.models.classifier.CubePreprocessing;
import org.lungnodule.models.classifier.LabelledCube;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.MaskRcnnModel;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSite;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/** Small sites and models for the jobs' tests, and the one Spark session they share. */
final class Fixtures {

  private static SparkSession spark;

  private Fixtures() {}

  /**
   * The tests' session: {@code local[2,2]}, two cores and one retry per task (a retried task is
   * what the fault tests provoke).
   */
  static synchronized SparkSession spark() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .master("local[2,2]")
              .appName("lungnodule-spark tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .getOrCreate();
    }
    return spark;
  }

  /** A phantom site of {@code patients} TEST-size scans (MetaImage, labelled nodules, no masks). */
  static Path phantomSite(Path dir, int patients, long seed) throws IOException {
    Phantom ph =
        Phantom.builder()
            .profile(SiteProfile.preset("PUBLIC"))
            .size(PhantomSize.TEST)
            .seed(seed)
            .build();
    PhantomSite.of(ph)
        .withFormat(PhantomSite.ScanFormat.METAIMAGE)
        .withMasks(false)
        .write(dir, patients);
    return dir;
  }

  /** A tiny classifier (8 × 24 × 24 cubes, ResNet10 at width 1/8) trained one epoch on a site. */
  static Path tinyClassifier(Path file, Path site) throws IOException {
    CubePreprocessing prep =
        CubePreprocessing.of(1.0, NoduleCubes.builder().size(8, 24, 24).build());
    List<LabelledCube> cubes = new ArrayList<>();
    for (AnnotatedScan s : Site.open(site)) {
      cubes.addAll(prep.labelledCubes(s));
    }
    int[] shape = prep.shape();
    ResNet3d net =
        ResNet3d.builder()
            .depth(10)
            .widthMultiplier(0.125)
            .inputShape(shape[0], shape[1], shape[2], shape[3])
            .stemKernel(3)
            .stemStride(1, 1, 1)
            .build();
    ClassifierTrainer.builder()
        .epochs(1)
        .batchSize(4)
        .seed(3)
        .preprocessing(prep.toMap())
        .build()
        .fit(net, cubes, List.of())
        .classifier()
        .save(file);
    return file;
  }

  /** An untrained TINY segmenter (scores about 0.5, so {@code minScore 0} keeps detections). */
  static Path tinySegmenter(Path file) throws IOException {
    MaskRcnnConfig cfg = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    Provenance p =
        Provenance.now(
            NoduleSegmenter.MODEL_KIND,
            Provenance.hashTrainingData(List.of("fixture"), List.of()),
            9,
            Map.of("preset", "TINY"));
    NoduleSegmenter.of(MaskRcnnModel.create(cfg, 9), p).save(file);
    return file;
  }

  /**
   * A site of small scans with lungs: 64 × 56 × 40 at 1 mm, air, a body (40 HU), two lungs (-850
   * HU) and one 8 mm nodule (30 HU) with its mask, as the CLI's segmenter tests use.
   */
  static Path lungSite(Path dir, int scans) throws IOException {
    List<AnnotatedScan> list = new ArrayList<>();
    for (int s = 1; s <= scans; s++) {
      list.add(lungScan("s" + s, s));
    }
    Site.write(dir, list, ".mha");
    return dir;
  }

  private static AnnotatedScan lungScan(String id, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Dims d = new Dims(64, 56, 40);
    VolumeGeometry g =
        new VolumeGeometry(d, Spacing.isotropic(1.0), new WorldPoint(0, 0, 0), Direction.IDENTITY);
    float[] hu = new float[d.voxelCount()];
    byte[] m = new byte[d.voxelCount()];
    double ci = 18 + r.nextInt(4);
    double cj = 28;
    double ck = 20;
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          boolean body = i >= 4 && i < 60 && j >= 4 && j < 52;
          boolean lung =
              body
                  && k >= 4
                  && k < 36
                  && j >= 10
                  && j < 46
                  && ((i >= 8 && i < 30) || (i >= 34 && i < 56));
          boolean nod = (i - ci) * (i - ci) + (j - cj) * (j - cj) + (k - ck) * (k - ck) <= 16;
          float v = body ? 40 : -1000;
          if (lung) {
            v = -850;
          }
          if (nod) {
            v = 30;
            m[d.index(i, j, k)] = 1;
          }
          hu[d.index(i, j, k)] = v + (float) (20 * (r.nextDouble() - 0.5));
        }
      }
    }
    Nodule n =
        Nodule.of(
                "n1",
                g.voxelToWorld(ci, cj, ck),
                8,
                seed % 2 == 0 ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN)
            .withMask(Mask.wrap(g, m));
    return new AnnotatedScan("p-" + id, id, CtVolume.wrap(g, hu), List.of(n));
  }

  /** Runs the single-machine CLI ({@code bin/lungnodule}) in this JVM; returns {rc, out, err}. */
  static String[] cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = LungnoduleCli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new String[] {String.valueOf(rc), out.toString(), err.toString()};
  }
}
