package org.lungnodule.io.lidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

class LidcClustererTest {

  private static final LidcClusterer DEFAULT = LidcClusterer.builder().build();

  private static List<String> readers(LidcNodule n) {
    return n.annotations().stream().map(LidcAnnotation::readerId).toList();
  }

  @Test
  void cluster_fourReaders_groupsOneMarkPerReader() throws IOException {
    List<LidcNodule> ns =
        DEFAULT.cluster(LidcFixtures.parse("four_readers.xml"), LidcFixtures.GRID);
    assertEquals(4, ns.size());
    LidcNodule a = ns.get(0);
    assertEquals("N1", a.id());
    assertEquals(List.of("reader-A", "reader-B", "reader-C", "reader-D"), readers(a));
    assertEquals(List.of(4, 5, 4, 3), a.malignancyRatings());
    assertEquals(Optional.of(4.0), a.medianMalignancy());
    // centre near pixel (20, 20) on slice 3 (z = -94): world (-12, -12, -94)
    assertTrue(
        a.centerMm().distanceMm(new WorldPoint(-12, -12, -94)) < 0.6, a.centerMm().toString());
    // the nodule's diameter is the mean of the readers' (circles of radius 4, 5, 4, 3 px on a
    // 1 mm grid: each between 2r and the rounded circle's widest chord)
    double mean =
        a.annotations().stream().mapToDouble(LidcAnnotation::diameterMm).average().orElseThrow();
    assertEquals(mean, a.diameterMm(), 1e-12);
    int[] radius = {4, 5, 4, 3};
    for (int i = 0; i < 4; i++) {
      double d = a.annotations().get(i).diameterMm();
      assertTrue(d >= 2 * radius[i] && d <= 2 * radius[i] + 1.5, "reader " + i + " diameter " + d);
    }
    LidcNodule b = ns.get(1);
    assertEquals(List.of("reader-A", "reader-B"), readers(b));
    assertEquals(Optional.of(1.5), b.medianMalignancy());
    LidcNodule small = ns.get(2);
    assertEquals(List.of("reader-C"), readers(small));
    assertEquals(0.0, small.diameterMm());
    assertEquals(List.of(), small.malignancyRatings());
    assertEquals(new WorldPoint(-22, 23, -84), small.centerMm());
    LidcNodule c = ns.get(3);
    assertEquals(List.of(3, 3), c.malignancyRatings());
  }

  @Test
  void cluster_nearPair_staysTwoNodules() throws IOException {
    LidcReadMessage m = LidcFixtures.parse("two_readers_near_pair.xml");
    List<LidcNodule> ns = DEFAULT.cluster(m, LidcFixtures.GRID);
    assertEquals(4, ns.size());
    assertEquals(
        List.of("n1", "m1"),
        ns.get(0).annotations().stream().map(LidcAnnotation::noduleId).toList());
    assertEquals(
        List.of("n2", "m2"),
        ns.get(1).annotations().stream().map(LidcAnnotation::noduleId).toList());
    assertEquals(
        List.of("n3"), ns.get(2).annotations().stream().map(LidcAnnotation::noduleId).toList());
    // even with a tolerance wider than the 3 mm gap, one mark per reader keeps them apart
    List<LidcNodule> wide =
        LidcClusterer.builder().toleranceMm(10).build().cluster(m, LidcFixtures.GRID);
    assertEquals(4, wide.size());
    for (LidcNodule n : wide) {
      assertEquals(
          n.annotations().size(),
          n.annotations().stream().map(LidcAnnotation::reading).distinct().count());
    }
  }

  @Test
  void cluster_exclusionContour_removesInteriorVoxel() throws IOException {
    LidcReadMessage m = LidcFixtures.parse("four_readers.xml");
    LidcAnnotation withHole = DEFAULT.cluster(m, LidcFixtures.GRID).get(0).annotations().get(0);
    // same message without reader A's exclusion roi
    LidcReading s = m.readings().get(0);
    LidcReaderNodule n = s.nodules().get(0);
    List<LidcRoi> rois = new ArrayList<>(n.rois());
    rois.removeIf(r -> !r.inclusion());
    List<LidcReaderNodule> nodules = new ArrayList<>(s.nodules());
    nodules.set(0, new LidcReaderNodule(n.noduleId(), n.characteristics(), rois));
    List<LidcReading> readings = new ArrayList<>(m.readings());
    readings.set(0, new LidcReading(s.readerId(), nodules, s.nonNodules()));
    LidcReadMessage noHole =
        new LidcReadMessage(m.seriesInstanceUid(), m.studyInstanceUid(), readings);
    LidcAnnotation full = DEFAULT.cluster(noHole, LidcFixtures.GRID).get(0).annotations().get(0);
    // the r = 1 hole's only strictly interior pixel is its centre
    assertEquals(full.voxelCount() - 1, withHole.voxelCount());
  }

  /** The boundary pixels, in order, of a square of side 2r+1 pixels around (cx, cy). */
  private static LidcRoi square(double z, int cx, int cy, int r) {
    List<EdgePoint> pts = new ArrayList<>();
    for (int x = cx - r; x < cx + r; x++) {
      pts.add(new EdgePoint(x, cy - r));
    }
    for (int y = cy - r; y < cy + r; y++) {
      pts.add(new EdgePoint(cx + r, y));
    }
    for (int x = cx + r; x > cx - r; x--) {
      pts.add(new EdgePoint(x, cy + r));
    }
    for (int y = cy + r; y > cy - r; y--) {
      pts.add(new EdgePoint(cx - r, y));
    }
    return new LidcRoi(z, "", true, pts);
  }

  private static LidcReadMessage readers(LidcRoi... perReader) {
    List<LidcReading> s = new ArrayList<>();
    for (int i = 0; i < perReader.length; i++) {
      s.add(
          new LidcReading(
              "r" + i,
              List.of(new LidcReaderNodule("n", Optional.empty(), List.of(perReader[i]))),
              List.of()));
    }
    return new LidcReadMessage(Optional.empty(), Optional.empty(), s);
  }

  @Test
  void consensus_agreementLevels_table() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(20, 20, 1), Spacing.isotropic(1));
    // three readers: squares of half-size 1, 2, 3 around (10, 10): 9, 25, 49 voxels, nested
    LidcReadMessage m = readers(square(0, 10, 10, 1), square(0, 10, 10, 2), square(0, 10, 10, 3));
    double[][] table = {{0.3, 49}, {0.5, 25}, {0.67, 9}, {1.0, 9}};
    for (double[] row : table) {
      List<LidcNodule> ns = LidcClusterer.builder().agreement(row[0]).build().cluster(m, g);
      assertEquals(1, ns.size());
      Mask mask = ns.get(0).consensusMask().orElseThrow();
      assertEquals((long) row[1], mask.count(), "agreement " + row[0]);
      assertEquals(new Dims(7, 7, 1), mask.dims()); // crop = union's bounding box
      assertEquals(new WorldPoint(10, 10, 0), ns.get(0).centerMm());
    }
  }

  @Test
  void cluster_roiOffSlice_clearError() {
    LidcReadMessage m = readers(square(3.7, 5, 5, 1));
    VolumeGeometry g = VolumeGeometry.of(new Dims(20, 20, 3), Spacing.isotropic(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.cluster(m, g));
    assertTrue(e.getMessage().contains("imageZposition 3.700 mm matches no slice"), e.getMessage());
    LidcReadMessage out = readers(square(0, 19, 5, 1));
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.cluster(out, g));
    assertTrue(e2.getMessage().contains("outside the 20x20 slice"), e2.getMessage());
  }

  /**
   * A star-shaped contour of n vertices: random radii in [rMin, rMax] px at sorted random angles.
   */
  private static LidcRoi star(
      SplittableRandom r, double z, int n, int cx, int cy, int rMin, int rMax) {
    double[] angle = new double[n];
    for (int q = 0; q < n; q++) {
      angle[q] = 2 * Math.PI * r.nextDouble();
    }
    java.util.Arrays.sort(angle);
    List<EdgePoint> pts = new ArrayList<>(n);
    for (double a : angle) {
      double rad = rMin + (rMax - rMin) * r.nextDouble();
      pts.add(
          new EdgePoint(
              (int) Math.round(cx + rad * Math.cos(a)), (int) Math.round(cy + rad * Math.sin(a))));
    }
    return new LidcRoi(z, "", true, pts);
  }

  @Test
  void cluster_eightContoursOf50kPoints_finishes() {
    // 8 readers, one spiky 50k-point contour each (the O(n^2) fill and diameter did not finish in
    // 120 s): readers 1-4 on slice 3 overlap, readers 5-8 on slice 4 (1 slice = the tolerance
    // away, no shared voxel) so their contour distances are computed too
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(512, 512, 8),
            new Spacing(0.7, 0.7, 1.25),
            new WorldPoint(-180, -180, -300),
            org.lungnodule.core.Direction.IDENTITY);
    SplittableRandom r = new SplittableRandom(5);
    LidcRoi[] rois = new LidcRoi[8];
    for (int i = 0; i < 8; i++) {
      int k = i < 4 ? 3 : 4;
      rois[i] = star(r, g.voxelToWorld(0, 0, k).zMm(), 50_000, 256 + 20 * (i % 4), 256, 20, 180);
    }
    LidcReadMessage m = readers(rois);
    // a hang guard, not a speed claim: about 3 s on an idle 2-core machine, 33 s with the machine
    // loaded 12-fold; the quadratic version did not finish in 120 s idle
    List<LidcNodule> ns =
        assertTimeoutPreemptively(Duration.ofSeconds(240), () -> DEFAULT.cluster(m, g));
    // one reader bit each: all eight marks form one nodule
    assertEquals(1, ns.size());
    assertEquals(8, ns.get(0).annotations().size());
    for (LidcAnnotation a : ns.get(0).annotations()) {
      assertTrue(
          a.diameterMm() > 2 * 170 * 0.7 && a.diameterMm() <= 2 * 180 * 0.7 + 1,
          "diameter " + a.diameterMm());
      assertTrue(a.voxelCount() > 10_000, "voxels " + a.voxelCount());
    }
  }

  @Test
  void cluster_exclusionCoveringTheWholeMark_noMaskNoCrash() {
    // an exclusion larger than the inclusion removes every voxel: the nodule has no consensus
    // mask and its centre is the marks' mean (the crop of no voxels used to be an invalid Dims)
    VolumeGeometry g = VolumeGeometry.of(new Dims(20, 20, 1), Spacing.isotropic(1));
    LidcRoi in = square(0, 10, 10, 1);
    LidcRoi out = new LidcRoi(0, "", false, square(0, 10, 10, 4).edgeMap());
    LidcReadMessage m =
        new LidcReadMessage(
            Optional.empty(),
            Optional.empty(),
            List.of(
                new LidcReading(
                    "r",
                    List.of(new LidcReaderNodule("n", Optional.empty(), List.of(in, out))),
                    List.of())));
    List<LidcNodule> ns = DEFAULT.cluster(m, g);
    assertEquals(1, ns.size());
    assertEquals(0, ns.get(0).annotations().get(0).voxelCount());
    assertTrue(ns.get(0).consensusMask().isEmpty());
  }

  @Test
  void cluster_limits_refusedPastThem() {
    VolumeGeometry g = VolumeGeometry.of(new Dims(40, 40, 4), Spacing.isotropic(1));
    // covered voxels: an 11x11 square covers 121
    LidcReadMessage big = readers(square(0, 20, 20, 5));
    assertEquals(
        121,
        DEFAULT
            .withLimits(121, Long.MAX_VALUE)
            .cluster(big, g)
            .get(0)
            .annotations()
            .get(0)
            .voxelCount());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DEFAULT.withLimits(120, Long.MAX_VALUE).cluster(big, g));
    assertEquals(
        "reader 1 nodule 'n': the marks of the file cover more than 120 voxels (LIDC's largest nodules"
            + " cover some 100000 per reader)",
        e.getMessage());
    // comparison steps: two readers' 20 marks each, on neighbouring slices at one place
    SplittableRandom r = new SplittableRandom(3);
    List<LidcReading> readings = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      List<LidcReaderNodule> marks = new ArrayList<>();
      for (int m = 0; m < 20; m++) {
        marks.add(
            new LidcReaderNodule(
                "m" + m, Optional.empty(), List.of(star(r, s, 200, 20, 20, 2, 12))));
      }
      readings.add(new LidcReading("r" + s, marks, List.of()));
    }
    LidcReadMessage crowd = new LidcReadMessage(Optional.empty(), Optional.empty(), readings);
    assertEquals(20, DEFAULT.cluster(crowd, g).size()); // 20 pairs, one mark of each reader
    IllegalArgumentException f =
        assertThrows(
            IllegalArgumentException.class,
            () -> DEFAULT.withLimits(Long.MAX_VALUE, 10_000).cluster(crowd, g));
    assertTrue(
        f.getMessage()
            .startsWith(
                "the marks lie too close together to cluster: comparing them takes more than 10000 steps"),
        f.getMessage());
  }

  @Test
  void builder_validation() {
    assertThrows(IllegalArgumentException.class, () -> LidcClusterer.builder().agreement(0));
    assertThrows(IllegalArgumentException.class, () -> LidcClusterer.builder().agreement(1.5));
    assertThrows(IllegalArgumentException.class, () -> LidcClusterer.builder().toleranceMm(-1));
    assertThrows(IllegalArgumentException.class, () -> LidcClusterer.builder().zToleranceMm(0));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LidcClusterer.builder().agreement(0.5).agreement(0.6));
    assertTrue(e.getMessage().contains("0.5"));
  }
}
