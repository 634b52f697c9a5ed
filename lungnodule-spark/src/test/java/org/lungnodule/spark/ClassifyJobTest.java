package org.lungnodule.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.spark.cli.LungnoduleSpark;
import org.lungnodule.spark.internal.Commit;
import org.lungnodule.spark.internal.ExecutorModels;
import org.lungnodule.spark.internal.Faults;

class ClassifyJobTest {

  @TempDir static Path shared;
  static Path site;
  static Path model;
  static byte[] cliCsv;

  @BeforeAll
  static void fixtures() throws IOException {
    site = Fixtures.phantomSite(shared.resolve("site"), 4, 5);
    model = Fixtures.tinyClassifier(shared.resolve("model.zip"), site);
    Path csv = shared.resolve("cli.csv");
    String[] r =
        Fixtures.cli(
            "classify",
            "--model",
            model.toString(),
            "--site",
            site.toString(),
            "--out",
            csv.toString());
    assertEquals("0", r[0], r[2]);
    cliCsv = Files.readAllBytes(csv);
    assertTrue(Files.readAllLines(csv).size() > 4, "the site has labelled nodules to score");
  }

  @AfterEach
  void clearFaults() {
    Faults.beforeCommit(null);
  }

  private static ClassifyJob job(Path s, Path out) {
    return ClassifyJob.builder().model(model).site(s).out(out).build();
  }

  @Test
  void run_csvIsByteIdenticalToTheCli(@TempDir Path dir) throws IOException {
    int loadsBefore = ExecutorModels.loads();
    ClassifyResult r = job(site, dir.resolve("out")).run(Fixtures.spark());
    assertArrayEquals(cliCsv, Files.readAllBytes(r.predictionsCsv()));
    assertEquals(4, r.scans().computed());
    assertEquals(0, r.scans().reused());
    assertTrue(r.scans().failures().isEmpty());
    assertEquals(Files.readAllLines(r.predictionsCsv()).size() - 1, r.nodules());
    assertEquals(r.nodules(), Fixtures.spark().read().parquet(r.table().toString()).count());
    assertEquals(
        ScanFailure.CSV_HEADER + "\n",
        Files.readString(dir.resolve("out").resolve("failures.csv")));
    assertTrue(
        ExecutorModels.loads() - loadsBefore <= 1, "one load for the whole job, not one per scan");

    int loadsAfterFirst = ExecutorModels.loads();
    ClassifyResult again = job(site, dir.resolve("out2")).run(Fixtures.spark());
    assertArrayEquals(cliCsv, Files.readAllBytes(again.predictionsCsv()));
    assertEquals(
        loadsAfterFirst,
        ExecutorModels.loads(),
        "the same archive is not loaded again in this JVM");
  }

  @Test
  void badScan_isRecordedTheOthersGoOn_andARerunRetriesOnlyIt(@TempDir Path dir)
      throws IOException {
    Path copy = copyTree(site, dir.resolve("site"));
    Site s = Site.open(copy);
    String badId = s.scanIds().get(1);
    Path header = copy.resolve(s.manifest().rowsOf(badId).get(0).scanPath());
    byte[] good = Files.readAllBytes(header);
    Files.writeString(header, "this is not a MetaImage header\n");

    Path out = dir.resolve("out");
    ClassifyResult r = job(copy, out).run(Fixtures.spark());
    assertEquals(1, r.scans().failures().size());
    ScanFailure f = r.scans().failures().get(0);
    assertEquals(badId, f.scanId());
    assertEquals(header.toString(), f.path());
    assertTrue(f.error().contains("ManifestException"), f.error());
    assertEquals(3, r.scans().computed());
    List<String> failures = Files.readAllLines(out.resolve("failures.csv"));
    assertEquals(2, failures.size());
    assertTrue(failures.get(1).contains(header.toString()), failures.get(1));
    // the rows of the other scans, in the CLI's order
    String patient = s.manifest().rowsOf(badId).get(0).patientId();
    List<String> expected = new ArrayList<>();
    for (String line : new String(cliCsv, StandardCharsets.UTF_8).split("\n")) {
      if (!line.startsWith(patient + ",")) {
        expected.add(line);
      }
    }
    assertEquals(expected, Files.readAllLines(r.predictionsCsv()));

    Files.write(header, good);
    ClassifyResult rerun = job(copy, out).run(Fixtures.spark());
    assertEquals(1, rerun.scans().computed(), "only the scan that failed is scored again");
    assertEquals(3, rerun.scans().reused());
    assertTrue(rerun.scans().failures().isEmpty());
    assertArrayEquals(cliCsv, Files.readAllBytes(rerun.predictionsCsv()));
    assertEquals(1, Files.readAllLines(out.resolve("failures.csv")).size());
  }

  @Test
  void retriedTask_leavesNoDuplicateOrPartialOutput(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    Path table = out.resolve(ClassifyJob.PREDICTIONS_TABLE);
    Files.createDirectories(table);
    Path leftover = table.resolve(".scan-x.parquet.s1-p0-a0-t9-0000abcd" + Commit.ATTEMPT_SUFFIX);
    Files.writeString(leftover, "half a parquet file from a killed executor");
    String victim = "scan-" + Site.open(site).scanIds().get(2) + ".parquet";
    AtomicInteger calls = new AtomicInteger();
    Faults.beforeCommit(
        target -> {
          if (target.getFileName().toString().equals(victim) && calls.getAndIncrement() == 0) {
            throw new AssertionError("simulated executor loss after the attempt file was written");
          }
        });

    ClassifyResult r = job(site, out).run(Fixtures.spark());
    assertEquals(2, calls.get(), "the failed attempt was retried once");
    assertArrayEquals(cliCsv, Files.readAllBytes(r.predictionsCsv()));
    assertEquals(4, r.scans().computed());
    try (Stream<Path> files = Files.list(table)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(4, names.size(), "one file per scan, no attempt file left: " + names);
      assertTrue(
          names.stream().allMatch(n -> n.startsWith("scan-") && n.endsWith(".parquet")),
          names.toString());
    }
    assertEquals(r.nodules(), Fixtures.spark().read().parquet(table.toString()).count());
  }

  @Test
  void evaluate_equalsMetricsClassifyOnTheCsv_bootstrapIncluded(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("out");
    ClassifyResult c = job(site, out).run(Fixtures.spark());
    String[] cli =
        Fixtures.cli(
            "metrics",
            "classify",
            "--csv",
            c.predictionsCsv().toString(),
            "--bootstrap",
            "200",
            "--seed",
            "7",
            "--threshold",
            "youden",
            "--json");
    assertEquals("0", cli[0], cli[2]);
    EvaluateResult r =
        EvaluateJob.builder()
            .predictions(out)
            .bootstrap(200)
            .seed(7)
            .threshold(org.lungnodule.metrics.ThresholdRule.youden())
            .build()
            .run(Fixtures.spark());
    assertEquals(
        cli[1].trim(), org.lungnodule.core.Json.write(r.classification().orElseThrow().toMap()));
    assertEquals(c.nodules(), r.classifiedNodules());

    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int rc =
        LungnoduleSpark.newCommandLine(new PrintWriter(o), new PrintWriter(e))
            .execute(
                "evaluate",
                "--predictions",
                out.toString(),
                "--bootstrap",
                "200",
                "--seed",
                "7",
                "--threshold",
                "youden",
                "--json");
    assertEquals(0, rc, e.toString());
    assertTrue(
        o.toString().startsWith("{\"classification\":" + cli[1].trim()), o + " vs " + cli[1]);
  }

  @Test
  void rerun_withAnotherModel_isRefused(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("job.properties"), "job=classify\nmodel_sha256=0123\ninclude_unknown=false\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> job(site, out).run(Fixtures.spark()));
    assertTrue(e.getMessage().contains("model_sha256 was 0123"), e.getMessage());
  }

  @Test
  void sites_sameScanIdsInTwoSites(@TempDir Path dir) throws IOException {
    Path copy = copyTree(site, dir.resolve("copy"));
    ClassifyJob j =
        ClassifyJob.builder().model(model).site(site).site(copy).out(dir.resolve("o")).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> j.run(Fixtures.spark()));
    assertTrue(e.getMessage().contains("scan ids must be unique across the sites"), e.getMessage());
  }

  @Test
  void cli_classifyWritesTheSameCsv(@TempDir Path dir) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path o = dir.resolve("out");
    int rc =
        LungnoduleSpark.newCommandLine(new PrintWriter(out), new PrintWriter(err))
            .execute(
                "classify",
                "--master",
                "local[2]",
                "--model",
                model.toString(),
                "--site",
                site.toString(),
                "--out",
                o.toString(),
                "--json");
    assertEquals(0, rc, err.toString());
    assertArrayEquals(cliCsv, Files.readAllBytes(o.resolve("predictions.csv")));
    assertTrue(out.toString().contains("\"computed\":4"), out.toString());
  }

  @Test
  void cli_missingModelIsUsageError() {
    StringWriter err = new StringWriter();
    int rc =
        LungnoduleSpark.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
            .execute("classify", "--site", "x", "--out", "y");
    assertEquals(2, rc);
    assertTrue(err.toString().contains("--model"), err.toString());
  }

  @Test
  void model_setTwice() {
    ClassifyJob.Builder b = ClassifyJob.builder().model(Path.of("a.zip"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> b.model(Path.of("b.zip")));
    assertTrue(e.getMessage().startsWith("model was already set to "), e.getMessage());
  }

  @Test
  void site_sameTwice() {
    ClassifyJob.Builder b = ClassifyJob.builder().site(Path.of("s"));
    assertThrows(IllegalArgumentException.class, () -> b.site(Path.of("s")));
  }

  @Test
  void build_withoutSite() {
    ClassifyJob.Builder b = ClassifyJob.builder().model(Path.of("a.zip")).out(Path.of("o"));
    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertEquals("at least one site is required", e.getMessage());
  }

  @Test
  void build_withoutOut() {
    ClassifyJob.Builder b = ClassifyJob.builder().model(Path.of("a.zip")).site(Path.of("s"));
    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertEquals("out is required", e.getMessage());
  }

  static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }
}
