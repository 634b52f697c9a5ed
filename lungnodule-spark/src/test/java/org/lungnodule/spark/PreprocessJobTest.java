package org.lungnodule.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.preprocess.NoduleCube;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.classifier.CubePreprocessing;

class PreprocessJobTest {

  @Test
  void run_volumesEqualTheCli_cubesEqualAClassifiersCubes_andARerunSkips(@TempDir Path dir)
      throws IOException {
    Path site = Fixtures.lungSite(dir.resolve("site"), 2);
    Path out = dir.resolve("out");
    PreprocessResult r =
        PreprocessJob.builder()
            .site(site)
            .out(out)
            .cubeSize(8, 24, 24)
            .build()
            .run(Fixtures.spark());
    assertEquals(2, r.scans().computed());
    assertEquals(2, r.cubes());

    for (String scan : List.of("s1", "s2")) {
      Path v = dir.resolve(scan + "-cli.mha");
      Path l = dir.resolve(scan + "-cli-lung.mha");
      String[] cli =
          Fixtures.cli(
              "preprocess",
              site.resolve("scans/" + scan + ".mha").toString(),
              "--spacing",
              "1.0",
              "--out",
              v.toString(),
              "--lung-mask",
              l.toString());
      assertEquals("0", cli[0], cli[2]);
      assertArrayEquals(
          Files.readAllBytes(v),
          Files.readAllBytes(out.resolve("volumes").resolve(scan).resolve("volume.mha")));
      assertArrayEquals(
          Files.readAllBytes(l),
          Files.readAllBytes(out.resolve("volumes").resolve(scan).resolve("lung.mha")));
    }

    CubePreprocessing prep =
        CubePreprocessing.of(1.0, NoduleCubes.builder().size(8, 24, 24).build());
    List<Row> rows =
        Fixtures.spark()
            .read()
            .parquet(r.table().toString())
            .orderBy("site_index", "scan_index", "nodule_index")
            .collectAsList();
    int i = 0;
    for (AnnotatedScan scan : Site.open(site)) {
      List<NoduleCube> cubes = prep.cubes(scan.volume(), scan.nodules());
      for (int n = 0; n < cubes.size(); n++, i++) {
        Row row = rows.get(i);
        assertEquals(scan.scanId(), row.getAs("scan"));
        assertEquals(scan.nodules().get(n).id(), row.getAs("nodule"));
        assertEquals(
            List.of(3, 8, 24, 24),
            List.of(
                row.<Integer>getAs("channels"),
                row.<Integer>getAs("depth"),
                row.<Integer>getAs("height"),
                row.<Integer>getAs("width")));
        float[] stored = new float[cubes.get(n).data().length];
        ByteBuffer.wrap(row.<byte[]>getAs("cube"))
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer()
            .get(stored);
        assertArrayEquals(cubes.get(n).data(), stored, "cube of " + scan.scanId());
        assertTrue(
            row.<String>getAs("preprocessing").contains("cube.size=8x24x24"),
            row.<String>getAs("preprocessing"));
      }
    }
    assertEquals(rows.size(), i);

    PreprocessResult rerun =
        PreprocessJob.builder()
            .site(site)
            .out(out)
            .cubeSize(8, 24, 24)
            .build()
            .run(Fixtures.spark());
    assertEquals(0, rerun.scans().computed());
    assertEquals(2, rerun.scans().reused());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PreprocessJob.builder().site(site).out(out).build().run(Fixtures.spark()));
    assertTrue(e.getMessage().contains("cube_size was 8x24x24, now 32x64x64"), e.getMessage());
  }

  @Test
  void spacing_notPositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PreprocessJob.builder().spacingMm(0));
    assertEquals("spacing must be positive and finite, got 0.0 mm", e.getMessage());
  }

  @Test
  void cubeSize_setTwice() {
    PreprocessJob.Builder b = PreprocessJob.builder().cubeSize(8, 8, 8);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.cubeSize(4, 4, 4));
    assertEquals("cubeSize was already set to [8, 8, 8]", e.getMessage());
  }
}
