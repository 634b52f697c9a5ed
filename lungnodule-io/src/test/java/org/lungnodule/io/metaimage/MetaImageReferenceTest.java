package org.lungnodule.io.metaimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.TestJson;
import org.lungnodule.io.TestVolumes;

/** Agreement with the hand-crafted MetaImage files of reference/make_reference.py. */
class MetaImageReferenceTest {

  @Test
  @SuppressWarnings("unchecked")
  void read_everyReferenceFile_matchesExpected() throws IOException {
    Path ref = TestVolumes.referenceDir();
    Map<String, Object> all =
        (Map<String, Object>) TestJson.parse(Files.readString(ref.resolve("expected.json")));
    Map<String, Object> mi = (Map<String, Object>) all.get("metaimage");
    assertEquals(8, mi.size());
    for (Map.Entry<String, Object> e : mi.entrySet()) {
      Map<String, Object> x = (Map<String, Object>) e.getValue();
      CtVolume v = MetaImage.read(ref.resolve((String) x.get("file")));
      String name = e.getKey();
      double[] dims = TestJson.doubles(x.get("dims"));
      assertArrayEquals(
          new int[] {(int) dims[0], (int) dims[1], (int) dims[2]}, v.dims().toArray(), name);
      assertArrayEquals(TestJson.doubles(x.get("spacing")), v.spacing().toArray(), 1e-12, name);
      assertArrayEquals(
          TestJson.doubles(x.get("origin")), v.geometry().origin().toArray(), 1e-12, name);
      assertArrayEquals(
          TestJson.doubles(x.get("directionRowMajor")),
          v.geometry().direction().toRowMajor(),
          1e-12,
          name);
      WorldPoint w = v.geometry().voxelToWorld(1, 2, 1);
      assertArrayEquals(TestJson.doubles(x.get("world_1_2_1")), w.toArray(), 1e-9, name);
      double[] expected = TestJson.doubles(x.get("values"));
      float[] got = v.copyVoxels();
      assertEquals(expected.length, got.length, name);
      for (int i = 0; i < got.length; i++) {
        assertEquals(
            expected[i], got[i], 1e-5 * Math.max(1, Math.abs(expected[i])), name + " voxel " + i);
      }
    }
  }
}
