package org.lungnodule.core.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;

class DotFilterTest {

  /** The volume of make_dot_reference.py: a blob, a tube along y, texture, an outside corner. */
  static CtVolume referenceVolume() {
    int nx = 24;
    int ny = 20;
    int nz = 16;
    float[] v = new float[nx * ny * nz];
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          double x = 0.8 * i;
          double y = 0.9 * j;
          double z = 1.25 * k;
          double val =
              50
                  + 120
                      * Math.exp(
                          -((x - 8) * (x - 8) + (y - 9) * (y - 9) + (z - 10) * (z - 10))
                              / (2 * 1.8 * 1.8))
                  + 80 * Math.exp(-((x - 3) * (x - 3) + (z - 14) * (z - 14)) / (2 * 1.1 * 1.1))
                  + 5 * Math.sin(0.7 * i + 1.3 * j + 2.1 * k);
          v[i + nx * (j + ny * k)] = i + j + k < 4 ? 170f : (float) val;
        }
      }
    }
    return CtVolume.wrap(VolumeGeometry.of(new Dims(nx, ny, nz), new Spacing(0.8, 0.9, 1.25)), v);
  }

  @Test
  void response_matchesScipyReference() throws Exception {
    CtVolume vol = referenceVolume();
    float[] r = DotFilter.builder().sigmasMm(1, 1.5, 2).build().response(vol);
    int checked = 0;
    int strong = 0;
    int[] peak = null;
    double peakValue = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("dot/dot-reference.tsv"), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split("\t");
        if (line.startsWith("# peak")) {
          peak = new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])};
          peakValue = Double.parseDouble(f[4]);
          continue;
        }
        if (line.startsWith("#")) {
          continue;
        }
        int i = Integer.parseInt(f[0]);
        int j = Integer.parseInt(f[1]);
        int k = Integer.parseInt(f[2]);
        double want = Double.parseDouble(f[3]);
        double got = r[vol.dims().index(i, j, k)];
        // the volume and the smoothed copies are float here, double in scipy
        assertEquals(want, got, 2e-3 + 2e-3 * want, "response at " + i + "," + j + "," + k);
        checked++;
        strong += want > 0.5 ? 1 : 0;
      }
    }
    assertTrue(checked > 100 && strong > 5, checked + " points, " + strong + " strong");
    int argmax = 0;
    for (int o = 1; o < r.length; o++) {
      if (r[o] > r[argmax]) {
        argmax = o;
      }
    }
    assertEquals(vol.dims().index(peak[0], peak[1], peak[2]), argmax);
    assertEquals(peakValue, r[argmax], 1e-3 * peakValue);
  }

  @Test
  void eigenvalues_ofKnownMatrices() {
    // diag(−1, −3, −2): sorted largest first
    double[] e = DotFilter.eigenvalues(-1, -3, -2, 0, 0, 0);
    assertEquals(-1, e[0], 1e-12);
    assertEquals(-2, e[1], 1e-12);
    assertEquals(-3, e[2], 1e-12);
    // [[2,1,0],[1,2,0],[0,0,5]]: 5, 3, 1
    e = DotFilter.eigenvalues(2, 2, 5, 1, 0, 0);
    assertEquals(5, e[0], 1e-9);
    assertEquals(3, e[1], 1e-9);
    assertEquals(1, e[2], 1e-9);
    // [[4,1,2],[1,3,0],[2,0,1]]: trace 8, det = 4*3 - 1*1 - 2*6 = -1 (characteristic polynomial
    // checked)
    e = DotFilter.eigenvalues(4, 3, 1, 1, 2, 0);
    assertEquals(8, e[0] + e[1] + e[2], 1e-9);
    assertEquals(-1, e[0] * e[1] * e[2], 1e-9);
    assertTrue(e[0] >= e[1] && e[1] >= e[2]);
  }

  /**
   * A 1 mm volume of lung-like 50 with bright spheres (centre i, j, k, radius mm) and a tube along
   * z at (x, y).
   */
  static CtVolume spheres(int n, double[][] spheres, double[] tube) {
    float[] v = new float[n * n * n];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          double val = 50;
          for (double[] s : spheres) {
            double d2 = (i - s[0]) * (i - s[0]) + (j - s[1]) * (j - s[1]) + (k - s[2]) * (k - s[2]);
            if (d2 <= s[3] * s[3]) {
              val = 170;
            }
          }
          if (tube != null
              && (i - tube[0]) * (i - tube[0]) + (j - tube[1]) * (j - tube[1])
                  <= tube[2] * tube[2]) {
            val = 160;
          }
          v[i + n * (j + n * k)] = (float) val;
        }
      }
    }
    return CtVolume.wrap(VolumeGeometry.of(new Dims(n, n, n), new Spacing(1, 1, 1)), v);
  }

  @Test
  void find_locatesSpheres_largerSphereAtLargerScale_andIgnoresTube() {
    // outside value 170 would hide the spheres: use another one
    DotFilter f = DotFilter.builder().outside(-1).build();
    CtVolume vol =
        spheres(
            40, new double[][] {{10, 12, 14, 1.6}, {27, 26, 24, 4.2}}, new double[] {30, 8, 1.6});
    List<DotFilter.Blob> blobs = f.find(vol);
    assertTrue(blobs.size() >= 2, "blobs " + blobs);
    DotFilter.Blob small = nearest(blobs, 10, 12, 14);
    DotFilter.Blob large = nearest(blobs, 27, 26, 24);
    assertTrue(dist(small, 10, 12, 14) <= 1 && dist(large, 27, 26, 24) <= 1, small + " " + large);
    assertTrue(large.sigmaMm() > small.sigmaMm(), small + " " + large);
    assertEquals(
        1,
        blobs.indexOf(small) < 2 && blobs.indexOf(large) < 2 ? 1 : 0,
        "the spheres are the strongest: " + blobs);
    // the tube: no blob on its axis away from the faces
    for (DotFilter.Blob b : blobs) {
      boolean onTube = Math.hypot(b.i() - 30, b.j() - 8) <= 2;
      assertTrue(!onTube, "blob on the tube: " + b);
    }
    // a tube alone gives no blob at all
    assertTrue(f.find(spheres(40, new double[0][], new double[] {20, 20, 2})).isEmpty());
  }

  @Test
  void find_respectsOutsideSeparationAndLimit() {
    CtVolume vol =
        spheres(32, new double[][] {{8, 8, 8, 2}, {12, 8, 8, 2}, {22, 22, 22, 2.5}}, null);
    DotFilter f = DotFilter.builder().outside(-1).minSeparationMm(6).build();
    List<DotFilter.Blob> blobs = f.find(vol);
    for (int a = 0; a < blobs.size(); a++) {
      for (int b = a + 1; b < blobs.size(); b++) {
        assertTrue(
            dist(blobs.get(a), blobs.get(b).i(), blobs.get(b).j(), blobs.get(b).k()) >= 6,
            blobs.toString());
      }
      assertTrue(
          a == 0 || blobs.get(a - 1).response() >= blobs.get(a).response(), "strongest first");
    }
    assertEquals(1, DotFilter.builder().outside(-1).maxBlobs(1).build().find(vol).size());
    // with 50 as the outside value no lung voxel can be a centre, and the spheres (170) still are
    for (DotFilter.Blob b : DotFilter.builder().outside(50).build().find(vol)) {
      assertTrue(vol.get(b.i(), b.j(), b.k()) != 50f, b.toString());
    }
    // the same input gives the same blobs
    assertEquals(blobs, f.find(vol));
  }

  @Test
  void settings_roundTrip_andBadValues() {
    DotFilter f =
        DotFilter.builder()
            .sigmasMm(0.75, 3)
            .threshold(2)
            .maxBlobs(17)
            .minSeparationMm(4.5)
            .outside(-3)
            .build();
    DotFilter g = DotFilter.fromMap(f.toMap());
    assertEquals(f.toMap(), g.toMap());
    assertEquals(17, g.maxBlobs());
    assertEquals(-3f, g.outside());
    Map<String, String> m = new HashMap<>(f.toMap());
    m.remove("threshold");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> DotFilter.fromMap(m))
            .getMessage()
            .contains("threshold"));
    m.put("threshold", "abc");
    assertThrows(IllegalArgumentException.class, () -> DotFilter.fromMap(m));
    assertThrows(IllegalArgumentException.class, () -> DotFilter.builder().sigmasMm());
    assertThrows(IllegalArgumentException.class, () -> DotFilter.builder().sigmasMm(0));
    assertThrows(IllegalArgumentException.class, () -> DotFilter.builder().threshold(-1));
    assertThrows(IllegalArgumentException.class, () -> DotFilter.builder().maxBlobs(0));
    assertThrows(
        IllegalArgumentException.class, () -> DotFilter.builder().minSeparationMm(Double.NaN));
  }

  private static DotFilter.Blob nearest(List<DotFilter.Blob> blobs, int i, int j, int k) {
    DotFilter.Blob best = blobs.get(0);
    for (DotFilter.Blob b : blobs) {
      if (dist(b, i, j, k) < dist(best, i, j, k)) {
        best = b;
      }
    }
    return best;
  }

  private static double dist(DotFilter.Blob b, int i, int j, int k) {
    return Math.sqrt(
        (b.i() - i) * (b.i() - i) + (b.j() - j) * (b.j() - j) + (double) (b.k() - k) * (b.k() - k));
  }

  /**
   * A lung-like region (blobs, one of them on the region's first slice, a vessel, texture) inside
   * an outside frame, off centre so that it meets two of the volume's faces; anisotropic voxels.
   */
  static CtVolume framed(int nx, int ny, int nz) {
    float[] v = new float[nx * ny * nz];
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          boolean inside = i >= 14 && i < nx && j >= 0 && j < ny - 12 && k >= 9 && k < nz - 7;
          double val =
              -800
                  + 900
                      * Math.exp(
                          -((i - 20) * (i - 20) + (j - 5) * (j - 5) + (k - 14) * (k - 14)) / 6.0)
                  + 700
                      * Math.exp(
                          -((i - 33) * (i - 33) + (j - 20) * (j - 20) + (k - 20) * (k - 20)) / 3.0)
                  + 500 * Math.exp(-((i - 26) * (i - 26) + (k - 17) * (k - 17)) / 2.0)
                  + 800
                      * Math.exp(
                          -((i - 30) * (i - 30) + (j - 15) * (j - 15) + (k - 9) * (k - 9)) / 4.0)
                  + 30 * Math.sin(0.9 * i + 1.7 * j + 2.3 * k);
          v[i + nx * (j + ny * k)] = inside ? (float) val : 170f;
        }
      }
    }
    return CtVolume.wrap(VolumeGeometry.of(new Dims(nx, ny, nz), new Spacing(0.7, 0.8, 1.25)), v);
  }

  @Test
  void response_onTheInsideBox_isTheWholeVolumes_bitForBit() {
    CtVolume vol = framed(40, 44, 36);
    DotFilter f = DotFilter.builder().threshold(0.1).build();
    float[][] whole = f.responseAndScale(vol, false);
    float[][] boxed = f.responseAndScale(vol, true);
    assertArrayEquals(whole[0], boxed[0]);
    assertArrayEquals(whole[1], boxed[1]);
    int positive = 0;
    for (float r : whole[0]) {
      positive += r > 0.1 ? 1 : 0;
    }
    assertTrue(positive > 20, positive + " voxels above 0.1");
    List<DotFilter.Blob> blobs = f.find(vol);
    assertTrue(blobs.size() >= 2, blobs.toString());
    for (DotFilter.Blob b : blobs) {
      assertEquals(whole[0][vol.dims().index(b.i(), b.j(), b.k())], (float) b.response(), b + "");
    }
    // nothing inside: no response, no blob
    float[] all = new float[8 * 8 * 8];
    java.util.Arrays.fill(all, 170f);
    CtVolume empty = CtVolume.wrap(VolumeGeometry.of(new Dims(8, 8, 8), new Spacing(1, 1, 1)), all);
    assertTrue(f.find(empty).isEmpty());
    assertArrayEquals(new float[all.length], f.response(empty));
  }
}
