package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.VolumeFiles;

class MetricsCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private Path csv(String text) throws Exception {
    Path p = dir.resolve("p.csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void classify_jsonKeys() throws Exception {
    // positives 0.9, 0.6, 0.4 vs negatives 0.6, 0.2, 0.4 -> AUC 7/9; extra column ignored
    Path p = csv("id,label,score\n\"a,1\",1,0.9\nb,1,0.6\nc,1,0.4\nd,0,0.6\ne,0,0.2\nf,0,0.4\n");
    assertEquals(
        0,
        run(
            "metrics",
            "classify",
            "--csv",
            p.toString(),
            "--threshold",
            "0.6",
            "--bootstrap",
            "50",
            "--seed",
            "3",
            "--json"),
        err.toString());
    String o = out.toString();
    for (String k :
        new String[] {
          "\"n\":6",
          "\"auc\":0.7777777777777778",
          "\"aucCi\":[",
          "\"aucBootstrapCi\":[",
          "\"accuracy\":",
          "\"sensitivity\":",
          "\"specificity\":",
          "\"f1\":",
          "\"threshold\":0.6"
        }) {
      assertTrue(o.contains(k), k + " in " + o);
    }
  }

  @Test
  void classify_youdenAndText() throws Exception {
    Path p = csv("label,score\n0,0.1\n0,0.35\n0,0.4\n1,0.8\n1,0.7\n1,0.9\n");
    assertEquals(
        0,
        run("metrics", "classify", "--csv", p.toString(), "--threshold", "youden"),
        err.toString());
    assertTrue(out.toString().contains("threshold"), out.toString());
    assertTrue(out.toString().contains("0.7"), out.toString());
  }

  @Test
  void classify_badInputExitsOne() throws Exception {
    Path p = csv("label,score\n1,0.9\n1,0.4\n");
    assertEquals(1, run("metrics", "classify", "--csv", p.toString()));
    assertTrue(err.toString().contains("only positives"), err.toString());
    assertEquals(1, err.toString().strip().lines().count());
    Path q = csv("label,score\n1,NaN\n0,0.4\n");
    assertEquals(1, run("metrics", "classify", "--csv", q.toString()));
    Path r = csv("label,prob\n1,0.9\n0,0.4\n");
    assertEquals(1, run("metrics", "classify", "--csv", r.toString()));
    assertTrue(err.toString().contains("header must have columns"), err.toString());
    assertEquals(1, run("metrics", "classify", "--csv", dir.resolve("missing.csv").toString()));
    assertEquals(2, run("metrics", "classify"));
  }

  @Test
  void compare_jsonKeys() throws Exception {
    Path p =
        csv(
            "label,scoreA,scoreB\n1,0.9,0.95\n1,0.6,0.7\n1,0.4,0.8\n0,0.6,0.3\n0,0.2,0.1\n0,0.4,0.45\n");
    assertEquals(
        0,
        run("metrics", "compare", "--csv", p.toString(), "--bootstrap", "100", "--json"),
        err.toString());
    String o = out.toString();
    for (String k :
        new String[] {
          "\"aucA\":", "\"aucB\":", "\"deltaAuc\":", "\"pDelong\":", "\"pBootstrap\":"
        }) {
      assertTrue(o.contains(k), k + " in " + o);
    }
  }

  @Test
  void segment_metaImageMasks() throws Exception {
    Dims d = new Dims(3, 3, 3);
    VolumeGeometry g = VolumeGeometry.of(d, Spacing.isotropic(1));
    byte[] full = new byte[27];
    java.util.Arrays.fill(full, (byte) 1);
    byte[] centre = new byte[27];
    centre[13] = 1;
    Path t = dir.resolve("t.mha");
    Path pr = dir.resolve("p.mha");
    VolumeFiles.writeMask(Mask.wrap(g, full), t);
    VolumeFiles.writeMask(Mask.wrap(g, centre), pr);
    assertEquals(
        0,
        run("metrics", "segment", "--pred", pr.toString(), "--truth", t.toString(), "--json"),
        err.toString());
    String o = out.toString();
    assertTrue(o.contains("\"dice\":" + (2.0 / 28)), o);
    assertTrue(o.contains("\"iou\":" + (1.0 / 27)), o);
    assertTrue(o.contains("\"asdMm\":"), o);
    assertTrue(o.contains("\"hd95Mm\":"), o);
    VolumeFiles.writeMask(Mask.wrap(VolumeGeometry.of(d, new Spacing(1, 1, 2)), centre), pr);
    assertEquals(1, run("metrics", "segment", "--pred", pr.toString(), "--truth", t.toString()));
    assertTrue(err.toString().contains("spacing"), err.toString());
  }
}
