package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.maskrcnn.FalsePositiveReducer;
import org.lungnodule.models.maskrcnn.MaskRcnnConfig;
import org.lungnodule.models.maskrcnn.SegmenterRecipe;

/** train-segmenter, segment and evaluate-segmenter end to end on a tiny synthetic site. */
class SegmenterCommandsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  /**
   * A 64x56x40 scan at 1 mm: air, a body (40 HU), two lungs (-850 HU) and one 8 mm nodule (30 HU).
   */
  static AnnotatedScan scan(String id, long seed) {
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
        Nodule.of("n1", g.voxelToWorld(ci, cj, ck), 8, NoduleLabel.BENIGN)
            .withMask(Mask.wrap(g, m));
    return new AnnotatedScan("p-" + id, id, CtVolume.wrap(g, hu), List.of(n));
  }

  @Test
  void trainSegmentEvaluate_endToEnd(@TempDir Path dir) throws Exception {
    List<AnnotatedScan> scans = new ArrayList<>();
    scans.add(scan("s1", 1));
    scans.add(scan("s2", 2));
    scans.add(scan("s3", 3));
    Path site = dir.resolve("site");
    Site.write(site, scans, ".mha");
    // patient p-s3 is held out for testing: train-segmenter must not train on it
    SplitSites.markTest(site, java.util.Set.of("p-s3"));
    Path model = dir.resolve("model.zip");
    // ND4J's SameDiff prints "Added differentiated op ..." with System.out.println while the
    // reducer trains: with --json the process's stdout must hold the JSON only
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(
          0,
          run(
              "train-segmenter",
              "--site",
              site.toString(),
              "--preset",
              "tiny",
              "--epochs",
              "1",
              "--crops-per-epoch",
              "2",
              "--seed",
              "3",
              "--reducer-epochs",
              "1",
              "--reducer-blobs",
              "5",
              "--reducer-mirrors",
              "2",
              "--lung-dilation",
              "3",
              "--out",
              model.toString(),
              "--json"),
          err.toString());
    } finally {
      System.setOut(stdout);
    }
    assertEquals(
        "",
        captured.toString(java.nio.charset.StandardCharsets.UTF_8),
        "nothing but the command's output on stdout");
    assertEquals(1, out.toString().lines().count(), out.toString());
    assertTrue(
        out.toString().startsWith("{") && out.toString().strip().endsWith("}"), out.toString());
    assertTrue(Files.size(model) > 0);
    assertTrue(out.toString().contains("\"preset\":\"TINY\""), out.toString());
    assertTrue(out.toString().contains("\"reducer\":\"FalsePositiveReducer["), out.toString());
    assertTrue(out.toString().contains("\"lungDilationMm\":3"), out.toString());
    assertTrue(
        out.toString()
            .contains(
                "\"split\":\"train\",\"scans\":2,\"nodules\":2,\"heldOutPatients\":1,"
                    + "\"heldOutScans\":1,\"heldOutNodules\":1,"),
        out.toString());
    org.lungnodule.models.maskrcnn.NoduleSegmenter trained =
        org.lungnodule.models.maskrcnn.NoduleSegmenter.load(model);
    assertEquals(
        org.lungnodule.models.Provenance.hashTrainingData(List.of("s1", "s2"), List.of()),
        trained.provenance().trainingDataHash(),
        "the model was trained on the train rows' scans only");
    assertEquals(
        3.0,
        trained.lungField().dilationMm(),
        "the model records the lung field that segment and evaluate-segmenter use");
    org.lungnodule.models.maskrcnn.FalsePositiveReducer red =
        trained.reducer().orElseThrow(() -> new AssertionError("the archive carries the reducer"));
    assertTrue(red.blobFilter().isPresent(), "with blob candidates");
    assertEquals(2, red.mirrors(), "--reducer-mirrors");
    assertEquals(
        List.of(org.lungnodule.models.maskrcnn.FalsePositiveReducer.View.FOVEA),
        red.networks().stream()
            .map(org.lungnodule.models.maskrcnn.FalsePositiveReducer.Network::view)
            .toList(),
        "the fovea by default");
    assertTrue(
        red.provenance().hyperparameters().get("reducer.blobs").contains("5 negatives per scan"),
        red.provenance().toString());
    // the provenance names the command, the build's commit and the data
    java.util.Map<String, String> hyper = trained.provenance().hyperparameters();
    assertEquals(
        "lungnodule train-segmenter --site "
            + site
            + " --preset tiny --epochs 1 --crops-per-epoch 2 --seed 3 --reducer-epochs 1"
            + " --reducer-blobs 5 --reducer-mirrors 2 --lung-dilation 3 --out "
            + model
            + " --json",
        hyper.get("run.command"));
    assertTrue(
        hyper.get("run.commit").matches("unknown|[0-9a-f]{40}(-dirty)?"), hyper.get("run.commit"));
    assertEquals(site.getFileName().toString(), hyper.get("data.site"));
    assertEquals("2", hyper.get("data.scans"));

    Path segOut = dir.resolve("seg");
    // the log (slf4j-simple writes to System.err) carries the window progress with its ETA
    java.io.PrintStream systemErr = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(
          0,
          run(
              "segment",
              "--model",
              model.toString(),
              "--scan",
              site.resolve("scans/s1.mha").toString(),
              "--out",
              segOut.toString(),
              "--min-score",
              "0"),
          err.toString());
    } finally {
      System.setErr(systemErr);
    }
    String logged = log.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(
        logged.matches("(?s).*segment s1\\.mha: 1/\\d+ windows, \\d+s elapsed, about .* left.*"),
        logged);
    assertTrue(logged.matches("(?s).*segment s1\\.mha: (\\d+)/\\1 windows, .*done.*"), logged);
    // and the time of each stage
    assertTrue(
        logged.matches(
            "(?s).*segmented \\S+ in [0-9.]+ s: resampling and lung field [0-9.]+ s, [0-9.]+ s:"
                + " first source [0-9.]+ s \\(\\d+ windows: backbone .*rescoring [0-9.]+ s \\(\\d+"
                + " candidates\\).*"),
        logged);
    assertTrue(Files.readString(segOut.resolve("nodules.csv")).startsWith("label,score,centerXMm"));
    assertTrue(Files.readString(segOut.resolve("nodules.json")).startsWith("["));
    assertTrue(Files.exists(segOut.resolve("labels.mha")));

    // the same scan as a DICOM series: --seg writes the nodules as a SEG on that series
    Path dcm = dir.resolve("s1-dicom");
    org.lungnodule.io.dicom.Dicom.writeSeries(scans.get(0).volume(), dcm);
    Path segFile = dir.resolve("nodules-seg.dcm");
    out.getBuffer().setLength(0);
    assertEquals(
        0,
        run(
            "segment",
            "--model",
            model.toString(),
            "--scan",
            dcm.toString(),
            "--out",
            dir.resolve("seg-dicom").toString(),
            "--min-score",
            "0",
            "--seg",
            segFile.toString(),
            "--json"),
        err.toString());
    assertTrue(out.toString().contains("\"seg\":"), out.toString());
    if (Files.exists(segFile)) {
      org.lungnodule.io.dicom.DicomSeries series =
          org.lungnodule.io.dicom.Dicom.readSeriesWithInfo(dcm);
      org.lungnodule.io.dicom.DicomSegmentation back =
          org.lungnodule.io.dicom.DicomSeg.read(segFile, series);
      assertTrue(back.segments().size() >= 1, back.toString());
      for (org.lungnodule.io.dicom.DicomSegment sg : back.segments()) {
        assertTrue(sg.description().orElse("").startsWith("score "), sg.toString());
        assertEquals("AUTOMATIC", sg.algorithmType());
        assertTrue(sg.mask().count() > 0, sg.toString());
      }
    } else {
      assertTrue(out.toString().contains("not written"), out.toString());
    }

    // evaluate-segmenter reads the test rows by default, and chooses a threshold on the train rows
    // of a validation site (here the same site: the usual use of a site with a split)
    out.getBuffer().setLength(0);
    assertEquals(
        0,
        run(
            "evaluate-segmenter",
            "--model",
            model.toString(),
            "--site",
            site.toString(),
            "--validation-site",
            site.toString(),
            "--json"),
        err.toString());
    String json = out.toString();
    for (String key :
        new String[] {
          "\"sensitivity\"", "\"fpPerScan\"", "\"cpm\"", "\"dice\"", "\"iou\"", "\"asdMm\""
        }) {
      assertTrue(json.contains(key), key + " missing in " + json);
    }
    assertTrue(
        json.contains(
            "\"split\":\"test\",\"patients\":1,\"validationSplit\":\"train\",\"scans\":1,"
                + "\"nodules\":1,"),
        json);
    assertTrue(json.contains("validation-site site (train rows)"), json);
    assertTrue(json.contains("\"reducerMirrors\":2"), json);

    // --mirrors sets the second stage's mirror images for this run
    out.getBuffer().setLength(0);
    assertEquals(
        0,
        run(
            "evaluate-segmenter",
            "--model",
            model.toString(),
            "--site",
            site.toString(),
            "--mirrors",
            "1",
            "--json"),
        err.toString());
    assertTrue(out.toString().contains("\"reducerMirrors\":1"), out.toString());
    assertEquals(
        2,
        run(
            "evaluate-segmenter",
            "--model",
            model.toString(),
            "--site",
            site.toString(),
            "--mirrors",
            "3"));
    assertTrue(err.toString().contains("--mirrors must be 1, 2, 4 or 8, got 3"), err.toString());
  }

  @Test
  void segment_segNeedsDicomInput(@TempDir Path dir) throws Exception {
    Path mha = dir.resolve("scan.mha");
    Path seg = dir.resolve("out.dcm");
    assertEquals(
        2,
        run(
            "segment",
            "--model",
            dir.resolve("absent.zip").toString(),
            "--scan",
            mha.toString(),
            "--out",
            dir.resolve("o").toString(),
            "--seg",
            seg.toString()));
    assertTrue(err.toString().contains("--seg needs a DICOM series as --scan"), err.toString());
    assertTrue(err.toString().contains(mha.toString()), err.toString());
    assertTrue(Files.notExists(seg));
  }

  @Test
  void trainSegmenter_defaults_areTheTwoStageRecipe() {
    TrainSegmenterCommand cmd = new TrainSegmenterCommand();
    new picocli.CommandLine(cmd).parseArgs("--site", "s", "--seed", "1", "--out", "m.zip");
    assertEquals(SegmenterRecipe.twoStage(), cmd.recipe());
  }

  @Test
  void trainSegmenter_bundledRebuildFlags_areTheBundledRecipe() {
    // the flags docs/finetune.md gives for rebuilding the bundled segmenter
    TrainSegmenterCommand cmd = new TrainSegmenterCommand();
    new picocli.CommandLine(cmd)
        .parseArgs(
            "--site",
            "s",
            "--seed",
            "11",
            "--reducer-epochs",
            "0",
            "--lung-dilation",
            "0",
            "--out",
            "m.zip");
    assertEquals(SegmenterRecipe.bundled(), cmd.recipe());
  }

  @Test
  void trainSegmenter_options_changeTheRecipe() {
    TrainSegmenterCommand cmd = new TrainSegmenterCommand();
    new picocli.CommandLine(cmd)
        .parseArgs(
            "--site",
            "s",
            "--seed",
            "1",
            "--out",
            "m.zip",
            "--preset",
            "tiny",
            "--epochs",
            "2",
            "--crops-per-epoch",
            "3",
            "--lung-dilation",
            "1",
            "--reducer-epochs",
            "4",
            "--reducer-views",
            "cube,fovea",
            "--reducer-mirrors",
            "2",
            "--reducer-blobs",
            "0");
    assertEquals(
        new SegmenterRecipe(
            new SegmenterRecipe.Detector(MaskRcnnConfig.Preset.TINY, 2, 3, 1),
            java.util.Optional.of(
                new SegmenterRecipe.Reducer(
                    4,
                    List.of(FalsePositiveReducer.View.CUBE, FalsePositiveReducer.View.FOVEA),
                    2,
                    0,
                    SegmenterRecipe.twoStage().reducer().orElseThrow().blobFullResponse()))),
        cmd.recipe());
  }

  @Test
  void trainSegmenter_help_showsTheRecipeDefaults() {
    assertEquals(0, run("train-segmenter", "--help"), err.toString());
    String help = out.toString().replaceAll("\\s+", " ");
    assertTrue(
        help.contains("Epochs, whatever the preset (default: the two-stage recipe's 36)"), help);
    assertTrue(help.contains("(default: the two-stage recipe's 30)"), help);
    assertTrue(help.contains("(default: the two-stage recipe's 2.0)"), help);
  }

  @Test
  void sourceDateEpoch_setsTheCreationDate() {
    assertEquals(
        java.util.Optional.of(java.time.Instant.parse("2024-12-07T00:00:00Z")),
        TrainSegmenterCommand.sourceDateEpoch("1733529600"));
    assertEquals(java.util.Optional.empty(), TrainSegmenterCommand.sourceDateEpoch(null));
    assertEquals(java.util.Optional.empty(), TrainSegmenterCommand.sourceDateEpoch(" "));
  }

  @Test
  void sourceDateEpoch_notSeconds() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> TrainSegmenterCommand.sourceDateEpoch("today"));
    assertEquals("SOURCE_DATE_EPOCH must be whole seconds since 1970, got 'today'", e.getMessage());
  }

  @Test
  void trainSegmenter_badPresetFails(@TempDir Path dir) throws Exception {
    Site.write(dir.resolve("site"), List.of(scan("s1", 1)), ".mha");
    assertEquals(
        1,
        run(
            "train-segmenter",
            "--site",
            dir.resolve("site").toString(),
            "--preset",
            "huge",
            "--seed",
            "1",
            "--out",
            dir.resolve("m.zip").toString()));
    assertTrue(err.toString().contains("preset must be small, paper or tiny"), err.toString());
  }

  @Test
  void trainSegmenter_negativeReducerBlobsFailsBeforeTraining(@TempDir Path dir) throws Exception {
    assertRefusedBeforeTraining(dir, "--reducer-blobs", "-1", "--reducer-blobs must be 0 or more");
  }

  @Test
  void trainSegmenter_badReducerMirrorsFailsBeforeTraining(@TempDir Path dir) throws Exception {
    assertRefusedBeforeTraining(
        dir, "--reducer-mirrors", "3", "--reducer-mirrors must be 1, 2, 4 or 8");
  }

  @Test
  void trainSegmenter_unknownReducerViewFailsBeforeTraining(@TempDir Path dir) throws Exception {
    assertRefusedBeforeTraining(
        dir, "--reducer-views", "cube,zoom", "--reducer-views takes cube and fovea, got 'zoom'");
  }

  @Test
  void trainSegmenter_badLungDilationFailsBeforeTraining(@TempDir Path dir) throws Exception {
    assertRefusedBeforeTraining(
        dir, "--lung-dilation", "-2", "--lung-dilation must be in [0, 50] mm");
  }

  /** train-segmenter with one bad reducer option exits 1 with the message and writes nothing. */
  private void assertRefusedBeforeTraining(Path dir, String option, String value, String message)
      throws Exception {
    Site.write(dir.resolve("site"), List.of(scan("s1", 1)), ".mha");
    assertEquals(
        1,
        run(
            "train-segmenter",
            "--site",
            dir.resolve("site").toString(),
            "--preset",
            "tiny",
            "--seed",
            "1",
            option,
            value,
            "--out",
            dir.resolve("m.zip").toString()));
    assertTrue(err.toString().contains(message), err.toString());
    assertTrue(!Files.exists(dir.resolve("m.zip")), "nothing written");
  }
}
