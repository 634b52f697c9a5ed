package org.lungnodule.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.Spacing;

/** The example programs run and do what their Javadoc says. */
class ExamplesTest {

  @TempDir Path dir;

  @Test
  void readDicom_resamplesTheSeriesItWrote() throws IOException {
    Path series = ReadDicomExample.writeSyntheticSeries(dir);
    ReadDicomExample.Result r = ReadDicomExample.run(series);
    assertEquals(5.0, r.series().volume().spacing().zMm(), 1e-6, "the HB site's 5 mm slices");
    assertEquals(Spacing.isotropic(1.0), r.isotropic().spacing());
    double[] before = r.series().volume().geometry().extentMm();
    double[] after = r.isotropic().geometry().extentMm();
    for (int a = 0; a < 3; a++) {
      assertEquals(before[a], after[a], 1.0, "extent along axis " + a);
    }
    assertTrue(r.lungField().count() > 1000, "a lung field: " + r.lungField().count());
  }

  @Test
  void readCentres_parsesAndNamesBadLines() throws IOException {
    Path csv =
        Files.writeString(
            dir.resolve("c.csv"), "x_mm,y_mm,z_mm,diameter_mm\n-10.5,20,30,8\n1,2,3,4.5\n");
    List<Nodule> n = ScoreNodulesExample.readCentres(csv);
    assertEquals(2, n.size());
    assertEquals("n2", n.get(1).id());
    assertEquals(-10.5, n.get(0).centerMm().xMm());
    Path bad =
        Files.writeString(dir.resolve("bad.csv"), "x_mm,y_mm,z_mm,diameter_mm\n1,2,three,4\n");
    IOException e = assertThrows(IOException.class, () -> ScoreNodulesExample.readCentres(bad));
    assertTrue(e.getMessage().contains("bad.csv: line 2"), e.getMessage());
  }
}
