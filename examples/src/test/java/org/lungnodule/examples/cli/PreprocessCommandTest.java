package org.lungnodule.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.VolumeFiles;

class PreprocessCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LungnoduleCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  /**
   * A 60x50x12 scan at 2x2x5 mm: air, a body box of 40 HU and two lung boxes of -850 HU, 32 mm
   * apart.
   */
  private Path writeScan() throws Exception {
    Dims d = new Dims(60, 50, 12);
    float[] hu = new float[d.voxelCount()];
    for (int k = 0; k < 12; k++) {
      for (int j = 0; j < 50; j++) {
        for (int i = 0; i < 60; i++) {
          float v = -1000;
          if (i >= 5 && i < 55 && j >= 5 && j < 45) {
            v = 40;
            boolean lung =
                j >= 12
                    && j < 38
                    && k >= 2
                    && k < 10
                    && ((i >= 8 && i < 22) || (i >= 38 && i < 52));
            if (lung) {
              v = -850;
            }
          }
          hu[d.index(i, j, k)] = v;
        }
      }
    }
    Path in = dir.resolve("scan.mhd");
    VolumeFiles.write(CtVolume.wrap(VolumeGeometry.of(d, new Spacing(2, 2, 5)), hu), in);
    return in;
  }

  @Test
  void preprocess_resamplesAndWritesLungMask() throws Exception {
    Path in = writeScan();
    Path o = dir.resolve("iso.mhd");
    Path m = dir.resolve("lung.nii.gz");
    assertEquals(
        0,
        run(
            "preprocess",
            in.toString(),
            "--spacing",
            "2.5",
            "--out",
            o.toString(),
            "--lung-mask",
            m.toString(),
            "--json"),
        err.toString());
    CtVolume iso = VolumeFiles.read(o);
    assertEquals(Spacing.isotropic(2.5), iso.spacing());
    assertEquals(new Dims(48, 40, 24), iso.dims());
    Mask lung = VolumeFiles.readMask(m);
    assertTrue(lung.geometry().sameGrid(iso.geometry(), 1e-4));
    // two lungs of 28x52x40 mm = 58.24 ml each (a little more after linear interpolation of the
    // 5 mm slices); not bridged across the 32 mm between them
    double ml = lung.volumeMm3() / 1000;
    assertTrue(ml > 110 && ml < 150, "lung volume " + ml);
    var g = lung.geometry();
    assertEquals(
        1,
        lung.get(
            g.worldToVoxel(new org.lungnodule.core.WorldPoint(30, 50, 30)).round().i(), 20, 12));
    assertEquals(
        0,
        lung.get(
            g.worldToVoxel(new org.lungnodule.core.WorldPoint(60, 50, 30)).round().i(), 20, 12));
    assertTrue(out.toString().contains("\"outputDims\""), out.toString());
  }

  @Test
  void preprocess_tiltedDicom_refusedThenResampledWithFlag() throws Exception {
    String tilted = Path.of("../lungnodule-io/src/test/resources/dicom/tilted-series").toString();
    Path o = dir.resolve("tilt.mha");
    assertEquals(1, run("preprocess", tilted, "--spacing", "2", "--out", o.toString()));
    assertTrue(err.toString().contains("--resample-tilt"), err.toString());
    assertEquals(
        0,
        run("preprocess", tilted, "--spacing", "2", "--out", o.toString(), "--resample-tilt"),
        err.toString());
    assertTrue(Files.exists(o));
  }

  @Test
  void preprocess_missingInputIsOneLineFailure() {
    assertEquals(
        1,
        run(
            "preprocess",
            dir.resolve("nope.mhd").toString(),
            "--out",
            dir.resolve("o.mhd").toString()));
    assertTrue(err.toString().startsWith("lungnodule preprocess: "), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertFalse(Files.exists(dir.resolve("o.mhd")));
  }

  @Test
  void preprocess_badSpacingIsUsageError() throws Exception {
    Path in = writeScan();
    assertEquals(
        2,
        run(
            "preprocess",
            in.toString(),
            "--spacing",
            "-1",
            "--out",
            dir.resolve("o.mhd").toString()));
    assertTrue(err.toString().contains("-1.0 mm"), err.toString());
  }

  @Test
  void preprocess_outRequired() {
    assertEquals(2, run("preprocess", "x.mhd"));
    assertTrue(err.toString().contains("--out"), err.toString());
  }
}
