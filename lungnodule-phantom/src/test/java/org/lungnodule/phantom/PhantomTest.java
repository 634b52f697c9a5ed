package org.lungnodule.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;

class PhantomTest {

  private static Phantom test(SiteProfile p, long seed) {
    return Phantom.builder().profile(p).size(PhantomSize.TEST).seed(seed).build();
  }

  @Test
  void build_withoutSeed() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Phantom.builder().build());
    assertTrue(e.getMessage().contains("seed"), e.getMessage());
  }

  @Test
  void seed_setTwice() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Phantom.builder().seed(3).seed(4));
    assertTrue(e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void profile_setTwiceAndNull() {
    Phantom.Builder b = Phantom.builder().profile(SiteProfile.HB);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> b.profile(SiteProfile.XZ));
    assertTrue(e.getMessage().contains("HB"), e.getMessage());
    assertThrows(NullPointerException.class, () -> Phantom.builder().profile(null));
    assertThrows(NullPointerException.class, () -> Phantom.builder().size(null));
  }

  @Test
  void scan_negativeIndex() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> test(SiteProfile.PUBLIC, 1).scan(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void scan_sameSeedSameVoxels() {
    AnnotatedScan a = test(SiteProfile.PUBLIC, 7).scan(3);
    AnnotatedScan b = test(SiteProfile.PUBLIC, 7).scan(3);
    assertArrayEquals(a.volume().copyVoxels(), b.volume().copyVoxels());
    assertEquals(a.nodules().size(), b.nodules().size());
    for (int i = 0; i < a.nodules().size(); i++) {
      Nodule x = a.nodules().get(i);
      Nodule y = b.nodules().get(i);
      assertEquals(x.centerMm(), y.centerMm());
      assertEquals(x.diameterMm(), y.diameterMm());
      assertArrayEquals(x.mask().get().copyLabels(), y.mask().get().copyLabels());
    }
  }

  @Test
  void scan_otherSeedOrIndexOrSiteDiffers() {
    float[] a = test(SiteProfile.PUBLIC, 7).scan(3).volume().copyVoxels();
    float[] b = test(SiteProfile.PUBLIC, 8).scan(3).volume().copyVoxels();
    float[] c = test(SiteProfile.PUBLIC, 7).scan(4).volume().copyVoxels();
    assertFalse(java.util.Arrays.equals(a, b));
    assertFalse(java.util.Arrays.equals(a, c));
    AnnotatedScan hb = test(SiteProfile.HB, 7).scan(3);
    assertEquals("HB-0004", hb.patientId());
  }

  @Test
  void scan_parallelAndSerialAgree() {
    Phantom p = test(SiteProfile.XZ, 5);
    AnnotatedScan viaList = p.scans(2).get(1);
    AnnotatedScan direct = p.scan(1);
    assertArrayEquals(direct.volume().copyVoxels(), viaList.volume().copyVoxels());
    Phantom.Plan plan = p.scanPlan(1);
    Renderer r = new Renderer(plan.model, SiteProfile.XZ, 99);
    assertArrayEquals(r.render(plan.grid, false), r.render(plan.grid, true));
  }

  @Test
  void scan_testSizeHasTwoNodulesWithMasksOnTheGrid() {
    for (SiteProfile prof : List.of(SiteProfile.PUBLIC, SiteProfile.HB, SiteProfile.XZ)) {
      AnnotatedScan s = test(prof, 11).scan(0);
      CtVolume v = s.volume();
      assertEquals(96, v.dims().nx());
      assertEquals(96, v.dims().ny());
      double depth = v.dims().nz() * v.spacing().zMm();
      assertTrue(depth >= 40 && depth <= 56, "48 mm of slices, got " + depth);
      assertEquals(2, s.nodules().size(), prof.name());
      for (Nodule n : s.nodules()) {
        assertTrue(n.id().startsWith(prof.name() + "-0001-N"), n.id());
        Mask m = n.mask().orElseThrow();
        assertTrue(m.count() > 0);
        assertEquals(v.spacing(), m.geometry().spacing());
        // the mask's corner voxel sits exactly on a scan voxel
        VoxelPoint o = v.geometry().worldToVoxel(m.geometry().origin());
        assertEquals(Math.rint(o.i()), o.i(), 1e-6);
        assertEquals(Math.rint(o.j()), o.j(), 1e-6);
        assertEquals(Math.rint(o.k()), o.k(), 1e-6);
        assertTrue(v.geometry().containsWorld(n.centerMm()));
        // the mask volume is close to the diameter's sphere (within voxelisation error)
        double sphere = Math.PI / 6 * Math.pow(n.diameterMm(), 3);
        assertTrue(
            m.volumeMm3() > 0.3 * sphere && m.volumeMm3() < 2.5 * sphere,
            "mask " + m.volumeMm3() + " vs sphere " + sphere);
        assertEquals(4, n.malignancyRatings().size());
        assertEquals(n.label() == NoduleLabel.MALIGNANT, n.medianRating().get() > 3);
      }
    }
  }

  @Test
  void scan_valuesAreIntegerHuInRange() {
    float[] hu = test(SiteProfile.HB, 2).scan(0).volume().copyVoxels();
    for (float f : hu) {
      assertEquals(Math.rint(f), f);
      assertTrue(f >= -1024 && f <= 3071);
    }
  }

  @Test
  void scan_lungAndNoduleIntensities() {
    AnnotatedScan s = test(SiteProfile.PUBLIC, 4).scan(0);
    CtVolume v = s.volume();
    float[] hu = v.copyVoxels();
    float[] sorted = hu.clone();
    java.util.Arrays.sort(sorted);
    float median = sorted[sorted.length / 2];
    // the TEST window sits in a lung: mostly parenchyma around -850 HU
    assertTrue(median > -930 && median < -760, "median " + median);
    for (Nodule n : s.nodules()) {
      double mean = meanInMask(v, n.mask().get());
      assertTrue(mean > median + 80, "nodule mean " + mean + " vs lung " + median);
    }
  }

  static double meanInMask(CtVolume v, Mask m) {
    Dims d = m.dims();
    double sum = 0;
    int c = 0;
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          if (m.isSet(i, j, k)) {
            VoxelPoint p = v.geometry().worldToVoxel(m.geometry().voxelToWorld(i, j, k));
            sum += v.get((int) Math.round(p.i()), (int) Math.round(p.j()), (int) Math.round(p.k()));
            c++;
          }
        }
      }
    }
    return sum / c;
  }

  @Test
  void scan_noiseFollowsProfile() {
    // a flat region outside the body: pure air plus noise (before clamping at -1024)
    SiteProfile flat =
        new SiteProfile(
            "FLAT",
            "test",
            0.7,
            0.7,
            10,
            10,
            25,
            0,
            300,
            1,
            0.5,
            NoduleMix.DEFAULT,
            AppearanceShift.NONE,
            1);
    AnnotatedScan s =
        Phantom.builder().profile(flat).size(PhantomSize.FULL).seed(1).build().scan(0);
    CtVolume v = s.volume();
    double sum = 0;
    double ss = 0;
    int n = 0;
    for (int k = 0; k < v.dims().nz(); k++) {
      for (int j = 0; j < 10; j++) {
        for (int i = 0; i < 10; i++) {
          double x = v.get(i, j, k);
          sum += x;
          ss += x * x;
          n++;
        }
      }
    }
    double mean = sum / n;
    double sd = Math.sqrt(ss / n - mean * mean);
    assertEquals(-700, mean, 3); // -1000 + offset 300
    assertEquals(25, sd, 2.5);
  }

  @Test
  void fullSize_is512Square() {
    PatientModel m = new PatientModel(new SplittableRandom(1), SiteProfile.PUBLIC);
    VolumeGeometry g = m.fullGeometry();
    assertEquals(512, g.dims().nx());
    assertEquals(512, g.dims().ny());
    assertEquals(300, g.dims().nz() * g.spacing().zMm(), g.spacing().zMm());
  }

  @Test
  void quickSize_atMost40MbAndHoldsBothLungs() {
    for (SiteProfile p : List.of(SiteProfile.PUBLIC, SiteProfile.HB, SiteProfile.XZ)) {
      for (int seed = 0; seed < 20; seed++) {
        PatientModel m = new PatientModel(new SplittableRandom(seed), p);
        VolumeGeometry g = m.quickGeometry();
        assertTrue(g.dims().voxelCount() * 2L <= 40_000_000L, g.dims().toString());
        for (int l = 0; l < 2; l++) {
          double z = m.zBase + 0.45 * (m.zApex - m.zBase);
          assertTrue(g.containsWorld(new WorldPoint(m.lungCx[l] - m.lungRx[l], m.lungCy[l], z)));
          assertTrue(g.containsWorld(new WorldPoint(m.lungCx[l] + m.lungRx[l], m.lungCy[l], z)));
        }
      }
    }
  }

  @Test
  void patientId_format() {
    Phantom p = test(SiteProfile.XZ, 1);
    assertEquals("XZ-0001", p.patientId(0));
    assertEquals("XZ-0123", p.patientId(122));
  }

  @Test
  void contourMargin_changesMasksNotImages() {
    // XZ's readers outline 1 mm outside the surface; the same site with LIDC-style contours (0) and
    // with tight ones (-1 mm) renders the same voxels, and the masks nest: -1 inside 0 inside +1
    assertEquals(1.0, SiteProfile.XZ.contourMarginMm());
    int shrunk = 0;
    for (int scan = 0; scan < 3; scan++) {
      AnnotatedScan inner = test(SiteProfile.XZ.withContourMarginMm(-1), 21).scan(scan);
      AnnotatedScan edge = test(SiteProfile.XZ.withContourMarginMm(0), 21).scan(scan);
      AnnotatedScan outer = test(SiteProfile.XZ, 21).scan(scan);
      assertArrayEquals(edge.volume().copyVoxels(), inner.volume().copyVoxels());
      assertArrayEquals(edge.volume().copyVoxels(), outer.volume().copyVoxels());
      for (int n = 0; n < edge.nodules().size(); n++) {
        Nodule e = edge.nodules().get(n);
        Mask mi = inner.nodules().get(n).mask().orElseThrow();
        Mask me = e.mask().orElseThrow();
        Mask mo = outer.nodules().get(n).mask().orElseThrow();
        assertEquals(e.diameterMm(), inner.nodules().get(n).diameterMm());
        assertEquals(e.centerMm(), inner.nodules().get(n).centerMm());
        assertTrue(mi.count() >= 1, "the centre voxel stays");
        assertTrue(isSetAt(mi, e.centerMm()), "the voxel at the centre is in the inner mask");
        assertTrue(subset(mi, me), "inner mask inside the surface mask, nodule " + n);
        assertTrue(subset(me, mo), "surface mask inside the outer mask, nodule " + n);
        assertTrue(mo.count() > me.count(), "the outer mask is larger");
        if (e.diameterMm() >= 5) {
          // a 1 mm rim of a sphere of diameter d holds 1 - ((d - 2) / d)^3 of its volume
          double expected = 1 - Math.pow((e.diameterMm() - 2) / e.diameterMm(), 3);
          double lost = 1 - (double) mi.count() / me.count();
          assertTrue(
              lost > 0.5 * expected && lost < 1.5 * expected + 0.1,
              "d " + e.diameterMm() + ": lost " + lost + ", a sphere's rim " + expected);
          shrunk++;
        }
      }
    }
    assertTrue(shrunk > 0, "no nodule of 5 mm or more in the sample");
  }

  /** Every voxel of a lies in b (compared through world coordinates; same spacing). */
  private static boolean subset(Mask a, Mask b) {
    Dims d = a.dims();
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          if (a.isSet(i, j, k) && !isSetAt(b, a.geometry().voxelToWorld(i, j, k))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean isSetAt(Mask m, WorldPoint w) {
    VoxelPoint p = m.geometry().worldToVoxel(w);
    int i = (int) Math.round(p.i());
    int j = (int) Math.round(p.j());
    int k = (int) Math.round(p.k());
    return m.dims().contains(i, j, k) && m.isSet(i, j, k);
  }

  @Test
  void shiftStrength_keepsPatientsChangesImaging() {
    AnnotatedScan full = test(SiteProfile.HB, 9).scan(0);
    AnnotatedScan none =
        Phantom.builder()
            .profile(SiteProfile.HB.withShiftStrength(0))
            .size(PhantomSize.TEST)
            .seed(9)
            .build()
            .scan(0);
    assertEquals(full.patientId(), none.patientId());
    // strength 0 images at PUBLIC's slice spacing, not 5 mm
    assertEquals(5.0, full.volume().spacing().zMm());
    assertTrue(none.volume().spacing().zMm() <= 2.5);
  }

  @Test
  void nodulePatches_oneCentredNoduleEach() {
    Phantom p = Phantom.builder().profile(SiteProfile.XZ).seed(3).build();
    List<AnnotatedScan> patches = p.nodulePatches(6);
    assertEquals(6, patches.size());
    for (int i = 0; i < patches.size(); i++) {
      AnnotatedScan s = patches.get(i);
      assertEquals(String.format("XZ-P%05d", i + 1), s.patientId());
      assertEquals(1, s.nodules().size());
      Nodule n = s.nodules().get(0);
      double[] ext = s.volume().geometry().extentMm();
      assertEquals(72, ext[0], 1.5);
      assertEquals(40, ext[2], 2.5);
      VoxelPoint c = s.volume().geometry().worldToVoxel(n.centerMm());
      assertEquals((s.volume().dims().nx() - 1) / 2.0, c.i(), 1e-6);
      assertTrue(n.diameterMm() >= 3 && n.diameterMm() <= 30);
    }
    assertArrayEquals(patches.get(4).volume().copyVoxels(), p.nodulePatch(4).volume().copyVoxels());
  }

  @Test
  void nodulePatches_prevalenceFollowsProfile() {
    // labels only: cheap, but drawn through the same code path as the patches
    for (SiteProfile prof : List.of(SiteProfile.PUBLIC, SiteProfile.HB)) {
      Phantom p = Phantom.builder().profile(prof).size(PhantomSize.TEST).seed(21).build();
      int mal = 0;
      int n = 0;
      for (int i = 0; i < 60; i++) {
        for (Nodule x : p.scan(i).nodules()) {
          n++;
          mal += x.label() == NoduleLabel.MALIGNANT ? 1 : 0;
        }
      }
      double frac = mal / (double) n;
      assertEquals(prof.malignantPrevalence(), frac, 0.12, prof.name());
    }
  }

  @Test
  void toString_showsSettings() {
    String s = test(SiteProfile.HB, 5).toString();
    assertTrue(s.contains("HB") && s.contains("TEST") && s.contains("5"), s);
    assertNotEquals("", Phantom.builder().seed(1).toString());
  }
}
