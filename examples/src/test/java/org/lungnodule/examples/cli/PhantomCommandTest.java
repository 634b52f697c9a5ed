package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomCommandTest {

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = LungnoduleCli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new String[] {String.valueOf(rc), out.toString(), err.toString()};
  }

  @Test
  void phantom_writesSiteAndPrintsSummary(@TempDir Path tmp) {
    Path dir = tmp.resolve("hb");
    String[] r =
        run(
            "phantom",
            "--profile",
            "HB",
            "--patients",
            "2",
            "--seed",
            "3",
            "--out",
            dir.toString(),
            "--size",
            "test",
            "--format",
            "dicom-rle",
            "--json");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("\"patients\":2"), r[1]);
    assertTrue(r[1].contains("\"nodules\":4"), r[1]);
    assertTrue(r[1].contains("\"sliceMm\":[5"), r[1]);
    assertTrue(Files.isRegularFile(dir.resolve("manifest.csv")));
    assertTrue(Files.isDirectory(dir.resolve("scans/HB-0001-S1")));
  }

  @Test
  void phantom_dryRunWritesNothing(@TempDir Path tmp) {
    Path dir = tmp.resolve("x");
    String[] r =
        run(
            "phantom",
            "--profile",
            "xz",
            "--patients",
            "5",
            "--seed",
            "1",
            "--out",
            dir.toString(),
            "--dry-run");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("malignant"), r[1]);
    assertTrue(Files.notExists(dir));
  }

  @Test
  void phantom_unknownProfileFails(@TempDir Path tmp) {
    String[] r =
        run(
            "phantom",
            "--profile",
            "LIDC",
            "--patients",
            "1",
            "--seed",
            "1",
            "--out",
            tmp.toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("LIDC"), r[2]);
  }

  @Test
  void phantom_missingOutIsUsageError() {
    String[] r = run("phantom", "--profile", "HB", "--patients", "1", "--seed", "1");
    assertEquals("2", r[0]);
  }
}
