package org.lungnodule.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.TestJson;
import org.lungnodule.io.TestVolumes;

/** Agreement with nibabel 5.0.0 on the files reference/make_reference.py wrote with it. */
class NiftiReferenceTest {

  @Test
  @SuppressWarnings("unchecked")
  void read_everyNibabelFile_matchesNibabel() throws IOException {
    Path ref = TestVolumes.referenceDir();
    Map<String, Object> all =
        (Map<String, Object>) TestJson.parse(Files.readString(ref.resolve("expected.json")));
    Map<String, Object> ni = (Map<String, Object>) all.get("nifti");
    assertEquals(7, ni.size());
    for (Map.Entry<String, Object> e : ni.entrySet()) {
      String name = e.getKey();
      Map<String, Object> x = (Map<String, Object>) e.getValue();
      CtVolume v = Nifti.read(ref.resolve((String) x.get("file")));
      double[] dims = TestJson.doubles(x.get("dims"));
      assertArrayEquals(
          new int[] {(int) dims[0], (int) dims[1], (int) dims[2]}, v.dims().toArray(), name);
      double[] a = TestJson.doubles(x.get("affineRas")); // 3x4 row-major, RAS
      VolumeGeometry g = v.geometry();
      if (((Number) x.get("sform_code")).intValue() == 0
          && ((Number) x.get("qform_code")).intValue() == 0) {
        // No transform: the NIfTI-1 spec's "method 1" is x = pixdim[1] * i etc. (origin 0), which
        // we follow; nibabel instead centres the grid and flips x (its ANALYZE base affine), so
        // only the spacing can be compared.
        assertArrayEquals(
            new double[] {Math.abs(a[0]), Math.abs(a[5]), Math.abs(a[10])},
            v.spacing().toArray(),
            1e-6,
            name);
        assertArrayEquals(new double[] {0, 0, 0}, g.origin().toArray(), 0, name);
      } else {
        checkAffine(name, a, dims, g);
      }
      double[] expected = TestJson.doubles(x.get("values"));
      float[] got = v.copyVoxels();
      for (int i = 0; i < got.length; i++) {
        assertEquals(
            expected[i], got[i], 1e-4 * Math.max(1, Math.abs(expected[i])), name + " voxel " + i);
      }
    }
  }

  private static void checkAffine(String name, double[] a, double[] dims, VolumeGeometry g) {
    int[][] probes = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {2, 1, 1}};
    for (int[] p : probes) {
      if (p[0] >= dims[0] || p[1] >= dims[1] || p[2] >= dims[2]) {
        continue;
      }
      double[] ras = new double[3];
      for (int r = 0; r < 3; r++) {
        ras[r] = a[4 * r] * p[0] + a[4 * r + 1] * p[1] + a[4 * r + 2] * p[2] + a[4 * r + 3];
      }
      WorldPoint lps = g.voxelToWorld(p[0], p[1], p[2]);
      assertArrayEquals(
          new double[] {-ras[0], -ras[1], ras[2]},
          lps.toArray(),
          1e-4,
          name + " voxel " + java.util.Arrays.toString(p));
    }
  }
}
