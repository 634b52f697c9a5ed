package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

  /** The DICOM fixtures of lungnodule-io (tests run with the module folder as working dir). */
  private static final Path DICOM = Path.of("../lungnodule-io/src/test/resources/dicom");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void inspect_dicomFolder_json() {
    assertEquals(
        0, run("inspect", DICOM.resolve("ct5n-series").toString(), "--json"), err.toString());
    String j = out.toString().trim();
    assertTrue(j.startsWith("{") && j.endsWith("}") && j.lines().count() == 1, j);
    assertTrue(j.contains("\"dims\":[16,16,5]"), j);
    assertTrue(j.contains("\"spacingMm\":[0.488281,0.488281,2.5]"), j);
    assertTrue(j.contains("\"originMm\":[-72.199997,-143,-1.2375]"), j);
    assertTrue(j.contains("\"direction\":[1,0,0,0,1,0,0,0,1]"), j);
    assertTrue(j.contains("\"transferSyntaxUID\":\"1.2.840.10008.1.2.1\""), j);
    assertTrue(
        j.contains("\"seriesInstanceUID\":\"1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6\""), j);
    assertTrue(j.contains("\"slices\":5"), j);
    assertTrue(j.contains("\"huMin\":"), j);
    assertTrue(j.contains("\"huMean\":"), j);
  }

  @Test
  void inspect_singleFile_huStatsMatchPydicom() {
    assertEquals(0, run("inspect", DICOM.resolve("ct-small/CT_small.dcm").toString(), "--json"));
    String j = out.toString();
    // reference.json: huMin -896, huMax 1167, huSum -1950906 over 128x128
    assertTrue(j.contains("\"huMin\":-896"), j);
    assertTrue(j.contains("\"huMax\":1167"), j);
    assertTrue(j.contains("\"huSum\":-1950906"), j);
    assertTrue(j.contains("\"dims\":[128,128,1]"), j);
    assertTrue(j.contains("\"spacingMm\":[0.661468,0.661468,5]"), j);
  }

  @Test
  void inspect_irregularSeries_failsNamingTheGap() {
    assertEquals(1, run("inspect", DICOM.resolve("ct2-irregular-series").toString()));
    assertTrue(err.toString().contains("gap of 202.500 mm between 17106"), err.toString());
    assertEquals(
        0,
        run(
            "inspect",
            DICOM.resolve("ct2-irregular-series").toString(),
            "--allow-irregular-spacing"));
    assertTrue(out.toString().contains("warnings"), out.toString());
  }

  @Test
  void inspect_jpegLossless_read() {
    assertEquals(0, run("inspect", DICOM.resolve("refused/CT_small-jpeg-lossless.dcm").toString()));
  }

  @Test
  void inspect_jpeg2000Part2_refusedWithUid() {
    assertEquals(
        1, run("inspect", DICOM.resolve("refused/CT_small-jpeg2000-part2.dcm").toString()));
    assertTrue(err.toString().contains("1.2.840.10008.1.2.4.92"), err.toString());
  }

  @Test
  void inspect_tiltedSeries_refusedNamingTheFlag_thenResampled() {
    String tilted = DICOM.resolve("tilted-series").toString();
    assertEquals(1, run("inspect", tilted));
    assertTrue(err.toString().contains("gantry tilt about 20.00 degrees"), err.toString());
    assertTrue(err.toString().contains("--resample-tilt"), err.toString());
    assertEquals(0, run("inspect", tilted, "--resample-tilt", "--json"), err.toString());
    String j = out.toString();
    assertTrue(j.contains("\"dims\":[16,16,6]"), j);
    assertTrue(
        j.contains("gantry tilt of about 20.00 degrees: resampled onto an orthogonal grid"), j);
  }

  @Test
  void convert_tiltedSeries_resampledWithTheFlag(@org.junit.jupiter.api.io.TempDir Path dir) {
    String tilted = DICOM.resolve("tilted-series").toString();
    Path outFile = dir.resolve("t.mha");
    assertEquals(1, run("convert", tilted, outFile.toString()));
    assertTrue(err.toString().contains("--resample-tilt"), err.toString());
    assertEquals(
        0, run("convert", tilted, outFile.toString(), "--resample-tilt", "--json"), err.toString());
    assertTrue(java.nio.file.Files.isRegularFile(outFile));
    assertTrue(out.toString().contains("resampled onto an orthogonal grid"), out.toString());
  }

  @Test
  void inspect_list_nestedFolderWithMr_listsCtSeriesAndSkipped(
      @org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    Path se = java.nio.file.Files.createDirectories(dir.resolve("study/se1"));
    try (var s = java.nio.file.Files.list(DICOM.resolve("ct5n-series"))) {
      for (Path p : s.toList()) {
        java.nio.file.Files.copy(p, se.resolve(p.getFileName()));
      }
    }
    java.nio.file.Files.copy(
        DICOM.resolve("compressed/files/pydicom-MR_small_jpeg_ls_lossless.dcm"),
        dir.resolve("study/MR1"));
    assertEquals(1, run("inspect", dir.toString(), "--list"));
    assertEquals(
        0, run("inspect", dir.toString(), "--list", "--recursive", "--json"), err.toString());
    String j = out.toString();
    assertTrue(
        j.contains("\"seriesInstanceUID\":\"1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6\""), j);
    assertTrue(j.contains("\"slices\":5,\"size\":[16,16]"), j);
    assertTrue(j.contains("\"skippedNonCt\":{\"MR\":1}"), j);
    assertEquals(0, run("inspect", dir.toString(), "--recursive"), err.toString());
    assertTrue(out.toString().contains("skipped 1 non-CT image(s) {MR=1}"), out.toString());
  }

  @Test
  void inspect_folderWithDicomdir_listsAndReadsItsSeries() {
    Path media = DICOM.resolve("dicomdir/media");
    assertEquals(0, run("inspect", media.toString(), "--list", "--json"), err.toString());
    String j = out.toString();
    assertTrue(j.contains("\"dicomdir\":"), j);
    assertTrue(
        j.contains(
            "\"seriesInstanceUID\":\"1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6\",\"slices\":5"),
        j);
    assertTrue(
        j.contains(
            "\"seriesInstanceUID\":\"1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2\",\"slices\":4"),
        j);
    // three series: reading needs one chosen
    assertEquals(1, run("inspect", media.toString()));
    assertTrue(err.toString().contains("the DICOMDIR lists 3 CT series"), err.toString());
    assertEquals(
        0,
        run(
            "inspect",
            media.toString(),
            "--series",
            "1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6",
            "--json"),
        err.toString());
    String r = out.toString();
    assertTrue(r.contains("\"dims\":[16,16,5]"), r);
    assertTrue(r.contains("\"originMm\":[-72.199997,-143,-1.2375]"), r);
  }

  @Test
  void inspect_enhancedCt_readsLikeTheSeries() {
    assertEquals(
        0,
        run(
            "inspect",
            DICOM.resolve("enhanced/files/enhanced-ct5n-jpegll-dcmtk.dcm").toString(),
            "--json"),
        err.toString());
    String j = out.toString();
    assertTrue(j.contains("\"dims\":[16,16,5]"), j);
    assertTrue(j.contains("\"spacingMm\":[0.488281,0.488281,2.5]"), j);
    assertTrue(j.contains("\"originMm\":[-72.199997,-143,-1.2375]"), j);
  }
}
