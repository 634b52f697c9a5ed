package org.lungnodule.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.Json;
import org.lungnodule.finetune.inference.ScanSegmentOutputs;
import org.lungnodule.spark.cli.LungnoduleSpark;
import org.lungnodule.spark.internal.Commit;
import org.lungnodule.spark.internal.Faults;

class SegmentJobTest {

  @TempDir static Path shared;
  static Path site;
  static Path model;
  static final List<String> SCANS = List.of("s1", "s2");

  @BeforeAll
  static void fixtures() throws IOException {
    site = Fixtures.lungSite(shared.resolve("site"), SCANS.size());
    model = Fixtures.tinySegmenter(shared.resolve("segmenter.zip"));
  }

  @AfterEach
  void clearFaults() {
    Faults.beforeCommit(null);
  }

  /** Runs the single-machine {@code segment} on one scan of the site. */
  private static Path cliSegment(Path dir, String scan, String minScore) {
    Path out = dir.resolve("cli-" + scan);
    String[] r =
        Fixtures.cli(
            "segment",
            "--model",
            model.toString(),
            "--scan",
            site.resolve("scans/" + scan + ".mha").toString(),
            "--out",
            out.toString(),
            "--min-score",
            minScore);
    assertEquals("0", r[0], r[2]);
    return out;
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    for (String f :
        List.of(
            ScanSegmentOutputs.NODULES_CSV,
            ScanSegmentOutputs.NODULES_JSON,
            ScanSegmentOutputs.LABELS)) {
      assertArrayEquals(
          Files.readAllBytes(expected.resolve(f)),
          Files.readAllBytes(actual.resolve(f)),
          f + " of " + actual);
    }
  }

  @Test
  void run_eachScanFolderIsByteIdenticalToTheCli_andARetriedCommitLeavesOneWholeFolder(
      @TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    AtomicInteger calls = new AtomicInteger();
    Faults.beforeCommit(
        target -> {
          if (target.getFileName().toString().equals("s2") && calls.getAndIncrement() == 0) {
            throw new AssertionError("simulated executor loss before the folder's rename");
          }
        });
    SegmentResult r =
        SegmentJob.builder()
            .model(model)
            .site(site)
            .out(out)
            .minScore(0)
            .build()
            .run(Fixtures.spark());
    assertEquals(2, calls.get(), "the failed attempt was retried once");
    assertEquals(2, r.scans().computed());
    assertTrue(
        r.detections() > 0, "an untrained model scores about 0.5: minScore 0 keeps detections");
    long csvRows = 0;
    for (String scan : SCANS) {
      assertSameFiles(cliSegment(dir, scan, "0"), out.resolve(scan));
      csvRows +=
          Files.readAllLines(out.resolve(scan).resolve(ScanSegmentOutputs.NODULES_CSV)).size() - 1;
    }
    assertEquals(csvRows, r.detections());
    try (Stream<Path> files = Files.list(out)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          List.of("detections.parquet", "failures.csv", "job.properties", "s1", "s2"), names);
    }
    try (Stream<Path> files = Files.walk(out)) {
      assertFalse(
          files.anyMatch(p -> p.getFileName().toString().endsWith(Commit.ATTEMPT_SUFFIX)),
          "no attempt path is left");
    }

    SegmentResult rerun =
        SegmentJob.builder()
            .model(model)
            .site(site)
            .out(out)
            .minScore(0)
            .build()
            .run(Fixtures.spark());
    assertEquals(2, rerun.scans().reused());
    assertEquals(r.detections(), rerun.detections());
  }

  @Test
  void evaluate_equalsEvaluateSegmenter_andAScanWithoutOutputIsRecorded(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("seg");
    // evaluate-segmenter's FROC candidates are the detections at or above 0.05
    SegmentJob.builder()
        .model(model)
        .site(site)
        .out(out)
        .minScore(0.05)
        .build()
        .run(Fixtures.spark());
    String[] cli =
        Fixtures.cli(
            "evaluate-segmenter", "--model", model.toString(), "--site", site.toString(), "--json");
    assertEquals("0", cli[0], cli[2]);

    EvaluateResult r =
        EvaluateJob.builder().segmentations(out).site(site).build().run(Fixtures.spark());
    // the same figures and per-source counts; the CLI also says which rows of the site it read
    // (the Spark jobs read every row)
    assertTrue(cli[1].startsWith("{\"split\":\"none\",\"patients\":2,"), cli[1]);
    assertTrue(cli[1].contains("\"bySource\":[{\"source\":\"mask-rcnn\""), cli[1]);
    String figures = cli[1].trim().replace("\"split\":\"none\",\"patients\":2,", "");
    assertEquals(figures, Json.write(r.segmentation().orElseThrow()));
    assertEquals(2, r.segmentationScans().orElseThrow().computed());

    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int rc =
        LungnoduleSpark.newCommandLine(new PrintWriter(o), new PrintWriter(e))
            .execute(
                "evaluate",
                "--master",
                "local[2]",
                "--segmentations",
                out.toString(),
                "--site",
                site.toString(),
                "--out",
                dir.resolve("eval").toString(),
                "--json");
    assertEquals(0, rc, e.toString());
    assertTrue(o.toString().contains("\"segmentation\":" + figures), o + " vs " + figures);
    assertTrue(
        Files.readString(dir.resolve("eval").resolve("evaluation.json")).contains("\"cpm\""));

    // a scan whose outputs are gone is recorded and left out
    Files.delete(out.resolve("detections.parquet").resolve("scan-s2.parquet"));
    EvaluateResult partial =
        EvaluateJob.builder().segmentations(out).site(site).build().run(Fixtures.spark());
    ScanCounts c = partial.segmentationScans().orElseThrow();
    assertEquals(1, c.computed());
    assertEquals(1, c.failures().size());
    assertEquals("s2", c.failures().get(0).scanId());
    assertTrue(
        c.failures().get(0).error().contains("no complete segment output"),
        c.failures().get(0).error());
    assertEquals(1, partial.segmentation().orElseThrow().get("scans"));
  }

  @Test
  void evaluate_minScoreAboveThresholdIsRefused(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("seg");
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("job.properties"), "job=segment\nmin_score=0.5\nscore_threshold=0.5\n");
    EvaluateJob j = EvaluateJob.builder().segmentations(out).site(site).scoreThreshold(0.3).build();
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> j.run(Fixtures.spark()));
    assertTrue(e.getMessage().contains("run segment with --min-score at most 0.3"), e.getMessage());
  }

  @Test
  void minScore_outOfRange() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> SegmentJob.builder().minScore(1.5));
    assertEquals("minimum score must be in [0, 1], got 1.5", e.getMessage());
  }

  @Test
  void evaluate_needsSitesForSegmentations() {
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () -> EvaluateJob.builder().segmentations(Path.of("x")).build());
    assertEquals("segmentations need the sites they were made from", e.getMessage());
  }
}
