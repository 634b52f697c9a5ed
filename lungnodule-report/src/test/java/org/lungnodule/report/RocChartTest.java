package org.lungnodule.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.metrics.Roc;

class RocChartTest {

  private static final double[] A = {0.1, 0.4, 0.35, 0.8, 0.7, 0.9, 0.55, 0.2};
  private static final double[] B = {0.1, 0.3, 0.6, 0.85, 0.4, 0.95, 0.7, 0.3};
  private static final boolean[] Y = {false, false, true, true, false, true, true, false};

  @Test
  void rocChart_writesPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("roc.png");
    RocChart.builder()
        .title("test")
        .add("baseline", Roc.curve(A, Y))
        .add("tuned", Roc.curve(B, Y))
        .size(400, 300)
        .build()
        .writePng(png);
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(400, img.getWidth());
    assertEquals(300, img.getHeight());
    assertEquals(1, Files.list(dir).count());
    assertThrows(IllegalStateException.class, () -> RocChart.builder().build());
    assertThrows(
        IllegalStateException.class,
        () -> RocChart.builder().add("a", Roc.curve(A, Y)).add("a", Roc.curve(B, Y)));
  }
}
