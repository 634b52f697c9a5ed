package org.lungnodule.io.metaimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFormatException;

class Luna16AnnotationsTest {

  @TempDir Path dir;

  @Test
  void read_twoSeries_groupsInFileOrder() throws IOException {
    Path csv = dir.resolve("annotations.csv");
    Files.writeString(
        csv,
        "seriesuid,coordX,coordY,coordZ,diameter_mm\n"
            + "1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860,-128.6994211,-175.3192718,-298.3875064,5.651470635\n"
            + "1.2.3,10,20,30,4\n"
            + "1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860,103.7836509,-211.9251487,-227.12125,4.224708481\n");
    Map<String, List<Nodule>> m = Luna16Annotations.read(csv);
    assertEquals(2, m.size());
    List<Nodule> a = m.get("1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860");
    assertEquals(2, a.size());
    assertEquals("luna-1", a.get(0).id());
    assertEquals("luna-2", a.get(1).id());
    assertEquals(new WorldPoint(-128.6994211, -175.3192718, -298.3875064), a.get(0).centerMm());
    assertEquals(5.651470635, a.get(0).diameterMm());
    assertEquals(NoduleLabel.UNKNOWN, a.get(0).label());
    assertEquals(new WorldPoint(10, 20, 30), m.get("1.2.3").get(0).centerMm());
  }

  @Test
  void read_badRows_lineNumbers() throws IOException {
    String h = "seriesuid,coordX,coordY,coordZ,diameter_mm\n";
    String[][] cases = {
      {h + "a,1,2,3,4\na,1,x,3,4\n", "line 3: coordY must be a finite number"},
      {h + "a,1,2,3,-4\n", "line 2: diameter_mm must be positive"},
      {"seriesuid,coordX,coordY,diameter_mm\n", "line 1: no column coordz"},
      {h + "a,1,2\n", "line 2: 3 fields"},
    };
    for (String[] c : cases) {
      Path csv = dir.resolve("bad.csv");
      Files.writeString(csv, c[0]);
      VolumeFormatException e =
          assertThrows(VolumeFormatException.class, () -> Luna16Annotations.read(csv));
      assertTrue(e.getMessage().contains(c[1]), () -> e.getMessage() + " lacks " + c[1]);
    }
  }

  @Test
  void read_invalidUtf8_namesFileAndLine() throws IOException {
    String good = "seriesuid,coordX,coordY,coordZ,diameter_mm\na,1,2,3,4\nb,1,2,3,4\n";
    byte[] bad = (good + "c,1,X,3,4\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    bad[good.length() + 4] = (byte) 0xE9; // Latin-1 'é', not UTF-8
    Path csv = Files.write(dir.resolve("latin1.csv"), bad);
    VolumeFormatException e =
        assertThrows(VolumeFormatException.class, () -> Luna16Annotations.read(csv));
    assertEquals(
        csv + ": line 4: invalid UTF-8 at byte 5 of the line (0xE9); the file must be UTF-8 text",
        e.getMessage());
  }

  @Test
  void read_unclosedQuoteInHeader_typedError() throws IOException {
    Path csv = Files.writeString(dir.resolve("q.csv"), "\"seriesuid,coordX\n");
    VolumeFormatException e =
        assertThrows(VolumeFormatException.class, () -> Luna16Annotations.read(csv));
    assertTrue(e.getMessage().contains("line 1: a quoted field is not closed"), e.getMessage());
  }
}
