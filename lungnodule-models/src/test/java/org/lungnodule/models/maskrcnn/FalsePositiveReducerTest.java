package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.models.ModelArchive;
import org.lungnodule.models.ModelArchiveException;
import org.lungnodule.models.Provenance;

class FalsePositiveReducerTest {

  private static final int N = 48;
  private static FalsePositiveReducer reducer;
  private static List<SegmentationCase> train;

  /**
   * A 48³ 1 mm scan: lung 30, border 170, two spheres of radius 3.5–5 (170, labels 1 and 2) and
   * three straight vessels of radius 1.5 (150) along x, y and z, at seeded places.
   */
  static SegmentationCase scan(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    VolumeGeometry g =
        new VolumeGeometry(
            new Dims(N, N, N), Spacing.isotropic(1), new WorldPoint(-10, 4, 7), Direction.IDENTITY);
    double[][] nod = new double[2][];
    nod[0] =
        new double[] {
          8 + r.nextInt(8), 8 + r.nextInt(30), 8 + r.nextInt(30), 3.5 + 1.5 * r.nextDouble()
        };
    nod[1] =
        new double[] {
          32 + r.nextInt(8), 8 + r.nextInt(30), 8 + r.nextInt(30), 3.5 + 1.5 * r.nextDouble()
        };
    // vessels: along x at (y, z), along y at (x, z), along z at (x, y), kept clear of the spheres
    double[][] ves = new double[3][];
    for (int v = 0; v < 3; v++) {
      while (true) {
        double a = 5 + r.nextInt(38);
        double b = 5 + r.nextInt(38);
        boolean clear = true;
        for (double[] c : nod) {
          double d =
              switch (v) {
                case 0 -> Math.hypot(c[1] - a, c[2] - b);
                case 1 -> Math.hypot(c[0] - a, c[2] - b);
                default -> Math.hypot(c[0] - a, c[1] - b);
              };
          clear &= d > c[3] + 6;
        }
        if (clear) {
          ves[v] = new double[] {a, b};
          break;
        }
      }
    }
    float[] vals = new float[N * N * N];
    byte[] lab = new byte[vals.length];
    for (int k = 0, i = 0; k < N; k++) {
      for (int j = 0; j < N; j++) {
        for (int x = 0; x < N; x++, i++) {
          boolean border = x < 2 || j < 2 || k < 2 || x >= N - 2 || j >= N - 2 || k >= N - 2;
          vals[i] = border ? 170 : (float) (30 + 8 * (r.nextDouble() - 0.5));
          if (border) {
            continue;
          }
          if (Math.hypot(j - ves[0][0], k - ves[0][1]) <= 1.5
              || Math.hypot(x - ves[1][0], k - ves[1][1]) <= 1.5
              || Math.hypot(x - ves[2][0], j - ves[2][1]) <= 1.5) {
            vals[i] = (float) (150 + 8 * (r.nextDouble() - 0.5));
          }
          for (int n = 0; n < 2; n++) {
            double[] c = nod[n];
            if ((x - c[0]) * (x - c[0]) + (j - c[1]) * (j - c[1]) + (k - c[2]) * (k - c[2])
                <= c[3] * c[3]) {
              vals[i] = (float) (175 + 8 * (r.nextDouble() - 0.5));
              lab[i] = (byte) (n + 1);
            }
          }
        }
      }
    }
    List<WorldPoint> centres = new ArrayList<>();
    for (double[] c : nod) {
      centres.add(g.voxelToWorld(c[0], c[1], c[2]));
    }
    return new SegmentationCase("fpr-" + seed, CtVolume.wrap(g, vals), Mask.wrap(g, lab), centres);
  }

  @BeforeAll
  static void trainOnce() throws Exception {
    train = List.of(scan(1), scan(2), scan(3));
    // both views (the fovea at 8³: an 8³ centre and 16³ of context)
    reducer =
        FalsePositiveReducer.trainer()
            .views(FalsePositiveReducer.View.CUBE, FalsePositiveReducer.View.FOVEA)
            .cubeSize(16)
            .foveaSize(8)
            .epochs(8)
            .negatives(0, 30)
            .jitter(10, 1)
            .learningRate(3e-3)
            .withoutBlobs()
            .seed(4)
            .build()
            .fit(train, null);
  }

  @Test
  void cube_cutsScalesAndPads() {
    SegmentationCase sc = scan(9);
    CtVolume in = sc.input();
    float[] c = ReducerInputs.cube(in, new VoxelPoint(1, 20, 30), 0, 0, 0, 16);
    // cube voxel (z, y, x) = (8, 8, 8) is input voxel (1, 20, 30); x0 = 1 - 8 = -7 so x < 7 pads
    assertEquals((in.get(1, 20, 30) - 127.5f) / 127.5f, c[(8 * 16 + 8) * 16 + 8], 1e-6f);
    assertEquals((in.get(3, 21, 29) - 127.5f) / 127.5f, c[(7 * 16 + 9) * 16 + 10], 1e-6f);
    assertEquals(
        (170 - 127.5f) / 127.5f,
        c[(8 * 16 + 8) * 16 + 6],
        1e-6f,
        "outside the scan: the outside value");
    float[] shifted = ReducerInputs.cube(in, new VoxelPoint(1, 20, 30), 2, 0, 0, 16);
    assertEquals(c[(8 * 16 + 8) * 16 + 10], shifted[(8 * 16 + 8) * 16 + 8], 0f);
  }

  @Test
  void learns_spheresAboveVessels() {
    // a scan it has not seen: every nodule centre scores above every vessel point
    SegmentationCase sc = scan(11);
    CtVolume in = sc.input();
    double[] pn = reducer.probabilities(in, sc.centersMm());
    List<WorldPoint> all = new ArrayList<>();
    for (int i = 0; i < in.dims().voxelCount(); i++) {
      int x = i % N;
      int y = (i / N) % N;
      int z = i / (N * N);
      if (in.get(x, y, z) > 140 && in.get(x, y, z) < 160 && sc.labels().get(x, y, z) == 0) {
        all.add(in.geometry().voxelToWorld(x, y, z));
      }
    }
    List<WorldPoint> vessel = new ArrayList<>();
    for (int k = 0; k < 30; k++) {
      vessel.add(all.get(k * all.size() / 30));
    }
    double[] pv = reducer.probabilities(in, vessel);
    double minNodule = Math.min(pn[0], pn[1]);
    double maxVessel = java.util.Arrays.stream(pv).max().orElseThrow();
    System.out.println(
        "lowest nodule probability " + minNodule + ", highest vessel probability " + maxVessel);
    assertTrue(
        minNodule > maxVessel,
        "nodules " + java.util.Arrays.toString(pn) + " vessels " + java.util.Arrays.toString(pv));
  }

  @Test
  void rescore_combinesFiltersAndRelabels() {
    SegmentationCase sc = scan(12);
    CtVolume in = sc.input();
    VolumeGeometry g = in.geometry();
    // three candidates: nodule 2 (label 1, score 0.2), a vessel-free lung point (label 2, 0.9),
    // nodule 1 (label 3, 0.6)
    WorldPoint lung = g.voxelToWorld(3, 3, 3);
    List<WorldPoint> at = List.of(sc.centersMm().get(1), lung, sc.centersMm().get(0));
    double[] det = {0.2, 0.9, 0.6};
    byte[] lab = new byte[in.dims().voxelCount()];
    List<DetectedNodule> ds = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      VoxelPoint v = g.worldToVoxel(at.get(k));
      int idx =
          in.dims()
              .index((int) Math.round(v.i()), (int) Math.round(v.j()), (int) Math.round(v.k()));
      lab[idx] = (byte) (k + 1);
      VoxelBox b =
          new VoxelBox(
              (int) v.i(),
              (int) v.j(),
              (int) v.k(),
              (int) v.i() + 1,
              (int) v.j() + 1,
              (int) v.k() + 1);
      ds.add(
          new DetectedNodule(
              k + 1,
              det[k],
              b,
              at.get(k),
              at.get(k),
              at.get(k),
              1,
              1,
              1,
              CandidateSource.MASK_RCNN,
              det[k],
              java.util.OptionalDouble.empty(),
              MaskOrigin.MASK_HEAD));
    }
    ScanSegmentation seg = new ScanSegmentation(ds, Mask.wrap(g, lab));
    double[] p = reducer.probabilities(in, at);
    FalsePositiveReducer r = reducer.withScoreWeight(0.7);
    double[] combined = new double[3];
    for (int k = 0; k < 3; k++) {
      combined[k] = Math.pow(p[k], 0.7) * Math.pow(det[k], 0.3);
      assertEquals(combined[k], r.combine(det[k], p[k]), 1e-12);
    }
    ScanSegmentation all = r.rescore(in, seg, 0);
    assertEquals(3, all.nodules().size());
    for (int k = 1; k < 3; k++) {
      assertTrue(
          all.nodules().get(k - 1).score() >= all.nodules().get(k).score(),
          "sorted by final score");
    }
    for (DetectedNodule d : all.nodules()) {
      int old = at.indexOf(d.centerMm());
      assertEquals(combined[old], d.score(), 1e-12);
      // each stage's score is kept: the detector's and the reducer's
      assertEquals(det[old], d.detectorScore(), 0);
      assertEquals(p[old], d.reducerProbability().orElseThrow(), 1e-6);
      assertEquals(CandidateSource.MASK_RCNN, d.source());
      // the old label's voxel now carries the new label
      VoxelPoint v = g.worldToVoxel(d.centerMm());
      assertEquals(
          d.label(),
          all.labels()
              .get((int) Math.round(v.i()), (int) Math.round(v.j()), (int) Math.round(v.k())));
    }
    // the lung point has the lowest final score; a threshold between drops it and its voxel
    double cut = (combined[1] + Math.min(combined[0], combined[2])) / 2;
    System.out.println(
        "final scores (nodule 2, lung point, nodule 1) " + java.util.Arrays.toString(combined));
    assertTrue(
        combined[1] < Math.min(combined[0], combined[2]),
        "the reducer ranks the empty lung point last: " + java.util.Arrays.toString(combined));
    ScanSegmentation kept = r.rescore(in, seg, cut);
    assertEquals(2, kept.nodules().size());
    VoxelPoint lv = g.worldToVoxel(lung);
    assertEquals(
        0,
        kept.labels()
            .get((int) Math.round(lv.i()), (int) Math.round(lv.j()), (int) Math.round(lv.k())));
    assertThrows(IllegalArgumentException.class, () -> r.rescore(in, seg, 1.5));
  }

  @Test
  void segmenter_archiveCarriesTheReducer(@TempDir Path dir) throws Exception {
    MaskRcnnConfig cfg = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    NoduleSegmenter seg =
        NoduleSegmenter.of(
            MaskRcnnModel.create(cfg, 3),
            Provenance.now(NoduleSegmenter.MODEL_KIND, "d", 3, Map.of()));
    DotFilter filter = DotFilter.builder().sigmasMm(1, 2).threshold(0.7).maxBlobs(50).build();
    NoduleSegmenter withR =
        seg.withReducer(
            reducer
                .withScoreWeight(0.25)
                .withCandidateScore(0.1)
                .withBlobs(filter, 12.5)
                .withMirrors(8));
    Path f = dir.resolve("seg.zip");
    withR.save(f);
    NoduleSegmenter back = NoduleSegmenter.load(f);
    FalsePositiveReducer r = back.reducer().orElseThrow();
    assertEquals(
        List.of(
            new FalsePositiveReducer.Network(FalsePositiveReducer.View.CUBE, 16),
            new FalsePositiveReducer.Network(FalsePositiveReducer.View.FOVEA, 8)),
        r.networks());
    assertTrue(
        ModelArchive.read(f).companion("fp-reducer-2").isPresent(),
        "the second network is a companion of its own");
    assertEquals(0.25, r.scoreWeight(), 0);
    assertEquals(0.1, r.candidateScore(), 0);
    assertEquals(filter.toMap(), r.blobFilter().orElseThrow().toMap());
    assertEquals(12.5, r.blobFullResponse(), 0);
    assertEquals(8, r.mirrors());
    assertEquals(0, r.blobExclusionMm(), 0);
    NoduleSegmenter ex = seg.withReducer(reducer.withBlobs(filter, 12.5).withBlobExclusionMm(2.5));
    Path fx = dir.resolve("ex.zip");
    ex.save(fx);
    assertEquals(2.5, NoduleSegmenter.load(fx).reducer().orElseThrow().blobExclusionMm(), 0);
    assertTrue(r.suppressesDuplicates());
    seg.withReducer(reducer.withDuplicateSuppression(false)).save(fx);
    assertFalse(NoduleSegmenter.load(fx).reducer().orElseThrow().suppressesDuplicates());
    // a reducer without blobs (as saved before them) loads without
    Path noBlobs = dir.resolve("noblobs.zip");
    seg.withReducer(reducer).save(noBlobs);
    assertFalse(NoduleSegmenter.load(noBlobs).reducer().orElseThrow().blobFilter().isPresent());
    assertEquals(FalsePositiveReducer.MODEL_KIND, r.provenance().modelKind());
    SegmentationCase sc = scan(13);
    assertArrayEquals(
        reducer.withMirrors(8).probabilities(sc.input(), sc.centersMm()),
        r.probabilities(sc.input(), sc.centersMm()),
        1e-6);
    assertFalse(back.withoutReducer().reducer().isPresent());
    // without a reducer the archive has no companion and loads without one
    Path plain = dir.resolve("plain.zip");
    seg.save(plain);
    assertFalse(NoduleSegmenter.load(plain).reducer().isPresent());
    assertTrue(ModelArchive.read(plain).companions().isEmpty());
  }

  @Test
  void segmenter_badReducerNamesTheFile(@TempDir Path dir) throws Exception {
    MaskRcnnConfig cfg = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    NoduleSegmenter seg =
        NoduleSegmenter.of(
            MaskRcnnModel.create(cfg, 3),
            Provenance.now(NoduleSegmenter.MODEL_KIND, "d", 3, Map.of()));
    Path f = dir.resolve("seg.zip");
    seg.save(f);
    ModelArchive a = ModelArchive.read(f);
    // a companion of the right name but the wrong kind
    ModelArchive wrong =
        ModelArchive.of(a.sameDiff(), Map.of(), Provenance.now("something-else", "d", 1, Map.of()));
    Path bad = dir.resolve("bad.zip");
    a.withCompanion(NoduleSegmenter.REDUCER_COMPANION, wrong).write(bad);
    ModelArchiveException e =
        assertThrows(ModelArchiveException.class, () -> NoduleSegmenter.load(bad));
    assertTrue(
        e.getMessage().contains("bad.zip") && e.getMessage().contains("false-positive reducer"),
        e.getMessage());
  }

  @Test
  void segmenter_settingsOldArchivesLackKeepTheOldBehaviourAndBadOnesNameTheFile(@TempDir Path dir)
      throws Exception {
    MaskRcnnConfig cfg = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    NoduleSegmenter seg =
        NoduleSegmenter.of(
            MaskRcnnModel.create(cfg, 3),
            Provenance.now(NoduleSegmenter.MODEL_KIND, "d", 3, Map.of()));
    Path f = dir.resolve("seg.zip");
    seg.withReducer(
            reducer
                .withMirrors(2)
                .withBlobs(DotFilter.builder().build(), 20)
                .withBlobExclusionMm(1))
        .save(f);
    ModelArchive a = ModelArchive.read(f);
    ModelArchive first = a.companion(NoduleSegmenter.REDUCER_COMPANION).orElseThrow();
    assertEquals("2", first.preprocessing().get(ReducerArchives.MIRRORS_KEY));
    assertEquals("1.0", first.preprocessing().get(ReducerArchives.BLOB_EXCLUSION_KEY));
    assertEquals("true", first.preprocessing().get(ReducerArchives.SUPPRESS_KEY));
    // version 1, saved before mirror images and the blob exclusion were recorded: one image, 4 mm
    Map<String, String> pre = new java.util.TreeMap<>(first.preprocessing());
    pre.remove(ReducerArchives.VERSION_KEY);
    pre.remove(ReducerArchives.BLOBS_KEY);
    pre.remove(ReducerArchives.MIRRORS_KEY);
    pre.remove(ReducerArchives.BLOB_EXCLUSION_KEY);
    pre.remove(ReducerArchives.SUPPRESS_KEY);
    Path old = dir.resolve("old.zip");
    a.withCompanion(
            NoduleSegmenter.REDUCER_COMPANION,
            ModelArchive.of(first.graph(), pre, first.provenance()))
        .write(old);
    FalsePositiveReducer oldReducer = NoduleSegmenter.load(old).reducer().orElseThrow();
    assertEquals(1, oldReducer.mirrors());
    assertEquals(4, oldReducer.blobExclusionMm(), 0);
    assertFalse(oldReducer.suppressesDuplicates());
    Map<String, List<String>> bads =
        Map.of(
            ReducerArchives.MIRRORS_KEY,
            List.of("3", "two"),
            ReducerArchives.BLOB_EXCLUSION_KEY,
            List.of("-1.0", "near"),
            ReducerArchives.SUPPRESS_KEY,
            List.of("yes"));
    for (Map.Entry<String, List<String>> key : bads.entrySet()) {
      for (String bad : key.getValue()) {
        Map<String, String> p = new java.util.TreeMap<>(pre);
        p.put(key.getKey(), bad);
        Path b = dir.resolve("bad-" + bad + ".zip");
        a.withCompanion(
                NoduleSegmenter.REDUCER_COMPANION,
                ModelArchive.of(first.graph(), p, first.provenance()))
            .write(b);
        ModelArchiveException e =
            assertThrows(ModelArchiveException.class, () -> NoduleSegmenter.load(b));
        assertTrue(
            e.getMessage().contains("bad-" + bad + ".zip") && e.getMessage().contains(bad),
            e.getMessage());
      }
    }
  }

  @Test
  void segmenter_archiveIsVersion2AndAMissingOrUnknownKeyNamesIt(@TempDir Path dir)
      throws Exception {
    MaskRcnnConfig cfg = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    NoduleSegmenter seg =
        NoduleSegmenter.of(
            MaskRcnnModel.create(cfg, 3),
            Provenance.now(NoduleSegmenter.MODEL_KIND, "d", 3, Map.of()));
    Path f = dir.resolve("seg.zip");
    seg.withReducer(reducer.withBlobs(DotFilter.builder().build(), 20)).save(f);
    ModelArchive a = ModelArchive.read(f);
    ModelArchive first = a.companion(NoduleSegmenter.REDUCER_COMPANION).orElseThrow();
    Map<String, String> pre = first.preprocessing();
    assertEquals("2", pre.get(ReducerArchives.VERSION_KEY));
    assertEquals("true", pre.get(ReducerArchives.BLOBS_KEY));
    List<String> keys =
        List.of(
            ReducerArchives.NETWORKS_KEY,
            ReducerArchives.WEIGHT_KEY,
            ReducerArchives.CANDIDATE_KEY,
            ReducerArchives.MIRRORS_KEY,
            ReducerArchives.SUPPRESS_KEY,
            ReducerArchives.BLOBS_KEY,
            ReducerArchives.BLOB_FULL_KEY,
            ReducerArchives.BLOB_EXCLUSION_KEY);
    List<Map<String, String>> bad = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (String k : keys) {
      Map<String, String> p = new java.util.TreeMap<>(pre);
      p.remove(k);
      bad.add(p);
      named.add(k);
    }
    Map<String, String> unknown = new java.util.TreeMap<>(pre);
    unknown.put("reducer.blobExclusion", "4");
    bad.add(unknown);
    named.add("reducer.blobExclusion");
    Map<String, String> future = new java.util.TreeMap<>(pre);
    future.put(ReducerArchives.VERSION_KEY, "3");
    bad.add(future);
    named.add(ReducerArchives.VERSION_KEY);
    for (int i = 0; i < bad.size(); i++) {
      Path b = dir.resolve("bad-" + i + ".zip");
      a.withCompanion(
              NoduleSegmenter.REDUCER_COMPANION,
              ModelArchive.of(first.graph(), bad.get(i), first.provenance()))
          .write(b);
      ModelArchiveException e =
          assertThrows(ModelArchiveException.class, () -> NoduleSegmenter.load(b));
      assertTrue(e.getMessage().contains("'" + named.get(i) + "'"), e.getMessage());
    }
    // a later network with a key of the first names the network and the key
    ModelArchive second = a.companion("fp-reducer-2").orElseThrow();
    Map<String, String> p2 = new java.util.TreeMap<>(second.preprocessing());
    p2.put(ReducerArchives.MIRRORS_KEY, "8");
    Path b2 = dir.resolve("second.zip");
    a.withCompanion("fp-reducer-2", ModelArchive.of(second.graph(), p2, second.provenance()))
        .write(b2);
    ModelArchiveException e =
        assertThrows(ModelArchiveException.class, () -> NoduleSegmenter.load(b2));
    assertTrue(
        e.getMessage().contains("reducer network 2")
            && e.getMessage().contains(ReducerArchives.MIRRORS_KEY),
        e.getMessage());
  }

  @Test
  void segmenter_reducerMissingANetworkNamesIt(@TempDir Path dir) throws Exception {
    MaskRcnnConfig cfg = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    NoduleSegmenter seg =
        NoduleSegmenter.of(
            MaskRcnnModel.create(cfg, 3),
            Provenance.now(NoduleSegmenter.MODEL_KIND, "d", 3, Map.of()));
    Path f = dir.resolve("seg.zip");
    seg.withReducer(reducer).save(f);
    ModelArchive a = ModelArchive.read(f);
    // drop the second network: rebuild the archive with the first companion only
    ModelArchive cut =
        ModelArchive.of(a.sameDiff(), a.preprocessing(), a.provenance())
            .withCompanion(
                NoduleSegmenter.REDUCER_COMPANION,
                a.companion(NoduleSegmenter.REDUCER_COMPANION).orElseThrow());
    Path bad = dir.resolve("cut.zip");
    cut.write(bad);
    ModelArchiveException e =
        assertThrows(ModelArchiveException.class, () -> NoduleSegmenter.load(bad));
    assertTrue(
        e.getMessage().contains("cut.zip") && e.getMessage().contains("fp-reducer-2"),
        e.getMessage());
    // a second network whose input does not fit its view
    Path wrongView = dir.resolve("view.zip");
    ModelArchive second = a.companion("fp-reducer-2").orElseThrow();
    Map<String, String> pre = new java.util.TreeMap<>(second.preprocessing());
    pre.put(ReducerArchives.VIEW_KEY, "CUBE");
    a.withCompanion("fp-reducer-2", ModelArchive.of(second.graph(), pre, second.provenance()))
        .write(wrongView);
    e = assertThrows(ModelArchiveException.class, () -> NoduleSegmenter.load(wrongView));
    assertTrue(e.getMessage().contains("reducer network 2"), e.getMessage());
  }

  @Test
  void probabilities_areTheMeanOfTheNetworks() {
    assertEquals(2, reducer.networks().size());
    SegmentationCase sc = scan(14);
    List<WorldPoint> at = new ArrayList<>(sc.centersMm());
    at.add(sc.input().geometry().voxelToWorld(6, 7, 8));
    double[] both = reducer.probabilities(sc.input(), at);
    double[] a = reducer.only(0).probabilities(sc.input(), at);
    double[] b = reducer.only(1).probabilities(sc.input(), at);
    for (int i = 0; i < both.length; i++) {
      assertEquals((a[i] + b[i]) / 2, both[i], 1e-9);
    }
    assertNotEquals(a[2], b[2], "two networks, two opinions");
  }

  @Test
  void mirror_flipsEachChannelAlongTheChosenAxes() {
    int s = 4;
    float[] c = new float[2 * s * s * s];
    for (int i = 0; i < c.length; i++) {
      c[i] = i;
    }
    assertTrue(c == ReducerInputs.mirror(c, 2, s, 0), "no flip: the cube itself");
    float[] zx = ReducerInputs.mirror(c, 2, s, 0b101);
    for (int ch = 0; ch < 2; ch++) {
      for (int z = 0; z < s; z++) {
        for (int y = 0; y < s; y++) {
          for (int x = 0; x < s; x++) {
            assertEquals(
                c[((ch * s + (s - 1 - z)) * s + y) * s + (s - 1 - x)],
                zx[((ch * s + z) * s + y) * s + x],
                0f);
          }
        }
      }
    }
    float[] y = ReducerInputs.mirror(c, 2, s, 0b010);
    assertEquals(c[((1 * s + 1) * s + 3) * s + 2], y[((1 * s + 1) * s + 0) * s + 2], 0f);
    for (int f = 1; f < 8; f++) {
      assertArrayEquals(
          c,
          ReducerInputs.mirror(ReducerInputs.mirror(c, 2, s, f), 2, s, f),
          0f,
          "flip " + f + " twice");
    }
  }

  /**
   * The scan's input flipped along the axes whose bits (z 4, y 2, x 1) are set, on the same grid.
   */
  static CtVolume flipped(CtVolume in, int flips) {
    float[] out = new float[in.dims().voxelCount()];
    for (int k = 0, o = 0; k < N; k++) {
      for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++, o++) {
          out[o] =
              in.get(
                  (flips & 1) != 0 ? N - 1 - i : i,
                  (flips & 2) != 0 ? N - 1 - j : j,
                  (flips & 4) != 0 ? N - 1 - k : k);
        }
      }
    }
    return CtVolume.wrap(in.geometry(), out);
  }

  @Test
  void mirrors_averageTheNetworksOverTheFlippedScan() {
    assertEquals(4, reducer.mirrors(), "the trainer's default: four mirror images");
    SegmentationCase sc = scan(15);
    CtVolume in = sc.input();
    // points at and beside the nodules and vessels, where the probabilities are not saturated
    List<int[]> near = new ArrayList<>();
    for (WorldPoint c : sc.centersMm()) {
      VoxelPoint v = in.geometry().worldToVoxel(c);
      for (int d = 0; d <= 6; d += 2) {
        near.add(
            new int[] {
              (int) Math.round(v.i()) + d,
              (int) Math.round(v.j()) - d / 2,
              (int) Math.round(v.k()) + d / 2
            });
      }
    }
    near.add(new int[] {20, 17, 30});
    near.add(new int[] {9, 40, 12});
    int[][] at = near.toArray(new int[0][]);
    List<WorldPoint> pts = new ArrayList<>();
    for (int[] v : at) {
      pts.add(in.geometry().voxelToWorld(v[0], v[1], v[2]));
    }
    // the reducer's own mirror images, checked against the networks run on flipped scans: an even
    // cube of edge s starts s/2 before its centre, so the centre of the mirror image of the cube
    // about voxel c sits at N - c in the flipped scan
    int[] group = {0b000, 0b111, 0b001, 0b110};
    double[] expected = new double[at.length];
    for (int f : group) {
      CtVolume fl = flipped(in, f);
      List<WorldPoint> q = new ArrayList<>();
      for (int[] v : at) {
        q.add(
            in.geometry()
                .voxelToWorld(
                    (f & 1) != 0 ? N - v[0] : v[0],
                    (f & 2) != 0 ? N - v[1] : v[1],
                    (f & 4) != 0 ? N - v[2] : v[2]));
      }
      double[] p = reducer.withMirrors(1).probabilities(fl, q);
      for (int i = 0; i < at.length; i++) {
        expected[i] += p[i] / group.length;
      }
    }
    FalsePositiveReducer four = reducer.withMirrors(4);
    assertEquals(4, four.mirrors());
    double[] got = four.probabilities(in, pts);
    assertArrayEquals(expected, got, 1e-5);
    double[] one = reducer.withMirrors(1).probabilities(in, pts);
    boolean differs = false;
    for (int i = 0; i < one.length; i++) {
      differs |= Math.abs(one[i] - got[i]) > 1e-4;
    }
    assertTrue(differs, "the mirror images change the probabilities");
    assertTrue(four.toString().contains("4 mirror images"), four.toString());
    assertThrows(IllegalArgumentException.class, () -> reducer.withMirrors(3));
    assertThrows(IllegalArgumentException.class, () -> reducer.withMirrors(0));
    assertThrows(IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().mirrors(16));
  }

  @Test
  void fovea_isTheCentreAndTheAveragedSurroundings() {
    SegmentationCase sc = scan(9);
    CtVolume in = sc.input();
    VoxelPoint v = new VoxelPoint(3, 20, 30);
    float[] f = ReducerInputs.fovea(in, v, 1, 0, -1, 8);
    float[] centre = ReducerInputs.cube(in, v, 1, 0, -1, 8);
    float[] wide = ReducerInputs.cube(in, v, 1, 0, -1, 16);
    assertEquals(2 * 512, f.length);
    assertArrayEquals(centre, java.util.Arrays.copyOf(f, 512), 0f);
    for (int[] c : new int[][] {{0, 0, 0}, {3, 5, 7}, {7, 7, 7}, {4, 1, 6}}) {
      double sum = 0;
      for (int q = 0; q < 8; q++) {
        sum +=
            wide[
                ((2 * c[0] + (q >> 2)) * 16 + 2 * c[1] + ((q >> 1) & 1)) * 16 + 2 * c[2] + (q & 1)];
      }
      assertEquals(
          sum / 8,
          f[512 + (c[0] * 8 + c[1]) * 8 + c[2]],
          1e-6,
          "voxel " + java.util.Arrays.toString(c));
    }
  }

  @Test
  void rescoreDetections_scoresAtTheBoxCentre() {
    SegmentationCase sc = scan(15);
    CtVolume in = sc.input();
    VolumeGeometry g = in.geometry();
    VoxelPoint n = g.worldToVoxel(sc.centersMm().get(0));
    // a 6-voxel box centred on nodule 1 and one in the empty lung at voxel (5, 5, 5)
    Box3d onNodule =
        new Box3d(
            n.k() + 0.5 - 3,
            n.j() + 0.5 - 3,
            n.i() + 0.5 - 3,
            n.k() + 0.5 + 3,
            n.j() + 0.5 + 3,
            n.i() + 0.5 + 3);
    Box3d inLung = new Box3d(2.5, 2.5, 2.5, 8.5, 8.5, 8.5);
    float[] mask = new float[8];
    List<CropDetection> dets =
        List.of(new CropDetection(inLung, 0.9, 2, mask), new CropDetection(onNodule, 0.3, 2, mask));
    double[] p = reducer.probabilities(in, List.of(g.voxelToWorld(5, 5, 5), sc.centersMm().get(0)));
    List<CropDetection> out = reducer.rescoreDetections(in, dets, 0);
    assertEquals(2, out.size());
    double sLung = reducer.combine(0.9, p[0]);
    double sNod = reducer.combine(0.3, p[1]);
    System.out.println("final score of the box on the nodule " + sNod + ", in the lung " + sLung);
    assertTrue(sNod > sLung, "the nodule outranks the lung point: " + sNod + " vs " + sLung);
    assertEquals(onNodule, out.get(0).box());
    assertEquals(sNod, out.get(0).score(), 1e-12);
    assertEquals(sLung, out.get(1).score(), 1e-12);
    assertEquals(0.3, out.get(0).detectorScore(), 0);
    assertEquals(p[1], out.get(0).reducerProbability().orElseThrow(), 1e-6);
    assertEquals(CandidateSource.MASK_RCNN, out.get(0).source());
    assertTrue(dets.get(0).reducerProbability().isEmpty(), "not rescored yet");
    List<CropDetection> kept = reducer.rescoreDetections(in, dets, (sNod + sLung) / 2);
    assertEquals(List.of(onNodule), kept.stream().map(CropDetection::box).toList());
    assertThrows(IllegalArgumentException.class, () -> reducer.rescoreDetections(in, dets, -1));
  }

  @Test
  void rescoreDetections_dropsCandidatesCentredInsideAHigherOne() {
    SegmentationCase sc = scan(15);
    CtVolume in = sc.input();
    VoxelPoint n = in.geometry().worldToVoxel(sc.centersMm().get(0));
    double z = n.k() + 0.5;
    double y = n.j() + 0.5;
    double x = n.i() + 0.5;
    float[] mask = new float[8];
    // on the nodule: a 6-voxel box, a small box centred 2 voxels off (inside it), one centred on
    // its face and one just beyond; and a box in the empty lung
    Box3d big = new Box3d(z - 3, y - 3, x - 3, z + 3, y + 3, x + 3);
    Box3d inside = new Box3d(z - 1, y - 1, x + 1, z + 1, y + 1, x + 3);
    Box3d onFace = new Box3d(z - 1, y - 1, x + 2, z + 1, y + 1, x + 4);
    Box3d beyond = new Box3d(z - 1, y - 1, x + 2.5, z + 1, y + 1, x + 4.5);
    Box3d far = new Box3d(2.5, 2.5, 2.5, 8.5, 8.5, 8.5);
    List<CropDetection> dets = new ArrayList<>();
    for (Box3d b : List.of(far, inside, beyond, big, onFace)) {
      dets.add(new CropDetection(b, b == big ? 0.9 : 0.2, 2, mask));
    }
    assertTrue(reducer.suppressesDuplicates(), "on by default");
    // weight 0.25: the detector's 0.9 against 0.2 decides the order on the nodule
    FalsePositiveReducer r = reducer.withScoreWeight(0.25);
    List<CropDetection> all = r.withDuplicateSuppression(false).rescoreDetections(in, dets, 0);
    assertEquals(5, all.size());
    List<Box3d> order = all.stream().map(CropDetection::box).toList();
    assertTrue(
        order.indexOf(big) < order.indexOf(inside)
            && order.indexOf(big) < order.indexOf(onFace)
            && order.indexOf(big) < order.indexOf(beyond),
        "the big box, scored highest by the detector, ranks first on the nodule: " + all);
    // with suppression the candidates centred in the big box go; the others keep their order and
    // scores
    List<CropDetection> kept = r.rescoreDetections(in, dets, 0);
    List<CropDetection> expected =
        all.stream().filter(d -> d.box() != inside && d.box() != onFace).toList();
    assertEquals(expected, kept);
    for (int i = 0; i < kept.size(); i++) {
      assertEquals(expected.get(i).score(), kept.get(i).score(), 0);
    }
    assertTrue(
        MergeStage.holdsCentre(big, onFace)
            && !MergeStage.holdsCentre(big, beyond)
            && !MergeStage.holdsCentre(inside, big));
  }

  @Test
  void forwardFlops_perCandidate_scaleWithMirrors() {
    org.lungnodule.models.ForwardFlops one = reducer.withMirrors(1).forwardFlopsPerCandidate();
    assertTrue(one.convolution() > 0, one.toString());
    assertEquals(one.times(8), reducer.withMirrors(8).forwardFlopsPerCandidate());
    assertEquals(one.times(2), reducer.withMirrors(2).forwardFlopsPerCandidate());
  }

  @Test
  void segment_withReducerPastesInFinalScoreOrder() {
    MaskRcnnConfig cfg = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    NoduleSegmenter seg =
        NoduleSegmenter.of(
            MaskRcnnModel.create(cfg, 3),
            Provenance.now(NoduleSegmenter.MODEL_KIND, "d", 3, Map.of()));
    SegmentationCase sc = scan(14);
    CtVolume in = sc.input();
    FalsePositiveReducer r =
        reducer.withCandidateScore(0).withBlobs(DotFilter.builder().build(), 20);
    List<CropDetection> all = new ArrayList<>(seg.candidates(in, 0));
    List<CropDetection> blobs = r.blobDetections(in, all);
    assertFalse(blobs.isEmpty(), "the dot filter adds candidates");
    all.addAll(blobs);
    List<CropDetection> rescored = r.rescoreDetections(in, all, 0);
    ScanSegmentation expected = MaskStage.paste(in, rescored);
    ScanSegmentation got = seg.withReducer(r).segment(in, 0);
    assertEquals(expected.nodules(), got.nodules());
    assertEquals(
        got.nodules(),
        DetectionPipeline.twoStage(seg.model(), r)
            .run(in, 0, NoduleSegmenter.WindowListener.NONE)
            .nodules());
    for (DetectedNodule d : got.nodules()) {
      assertEquals(
          d.source() == CandidateSource.BLOB ? MaskOrigin.REGION_GROWING : MaskOrigin.MASK_HEAD,
          d.maskOrigin(),
          "each mask says how it was made: " + d);
    }
    for (int i = 0; i < in.dims().voxelCount(); i++) {
      assertEquals(expected.labels().get(i), got.labels().get(i));
    }
    assertFalse(got.nodules().isEmpty());
    for (int k = 1; k < got.nodules().size(); k++) {
      assertTrue(
          got.nodules().get(k - 1).score() >= got.nodules().get(k).score(),
          "labels follow the final score");
    }
    // a threshold keeps exactly the detections whose final score reaches it
    double t = rescored.get(rescored.size() / 2).score();
    ScanSegmentation cut = seg.withReducer(r).segment(in, t);
    assertTrue(cut.nodules().stream().allMatch(d -> d.score() >= t));
    assertEquals(
        MaskStage.paste(in, rescored.stream().filter(d -> d.score() >= t).toList()).nodules(),
        cut.nodules());
  }

  @Test
  void fit_minesTheDetectorsCandidatesOnTheFirstScans() throws Exception {
    // an untrained TINY detector: its candidates at score >= 0 away from the nodules are negatives
    MaskRcnnConfig cfg = MaskRcnnConfig.of(MaskRcnnConfig.Preset.TINY);
    NoduleSegmenter det =
        NoduleSegmenter.of(
            MaskRcnnModel.create(cfg, 3),
            Provenance.now(NoduleSegmenter.MODEL_KIND, "d", 3, Map.of()));
    List<SegmentationCase> two = List.of(scan(21), scan(22));
    FalsePositiveReducer one =
        FalsePositiveReducer.trainer()
            .cubeSize(16)
            .epochs(1)
            .negatives(4, 2)
            .jitter(1, 0)
            .withoutBlobs()
            .candidateScore(0)
            .minedScans(1)
            .seed(3)
            .build()
            .fit(two, det);
    assertEquals(
        "4 positive, 4 mined, 0 blob, 4 random",
        one.provenance().hyperparameters().get("reducer.cubes"));
    FalsePositiveReducer again =
        FalsePositiveReducer.trainer()
            .cubeSize(16)
            .epochs(1)
            .negatives(4, 2)
            .jitter(1, 0)
            .withoutBlobs()
            .candidateScore(0)
            .minedScans(1)
            .seed(3)
            .build()
            .fit(two, det);
    assertArrayEquals(
        one.probabilities(two.get(0).input(), two.get(0).centersMm()),
        again.probabilities(two.get(0).input(), two.get(0).centersMm()),
        0,
        "same seed, same reducer");
    FalsePositiveReducer both =
        FalsePositiveReducer.trainer()
            .cubeSize(16)
            .epochs(1)
            .negatives(4, 2)
            .jitter(1, 0)
            .withoutBlobs()
            .candidateScore(0)
            .seed(3)
            .build()
            .fit(two, det);
    assertEquals(
        "4 positive, 8 mined, 0 blob, 4 random",
        both.provenance().hyperparameters().get("reducer.cubes"));
    FalsePositiveReducer none =
        FalsePositiveReducer.trainer()
            .cubeSize(16)
            .epochs(1)
            .negatives(4, 2)
            .jitter(1, 0)
            .withoutBlobs()
            .seed(3)
            .build()
            .fit(two, null);
    assertEquals(
        "4 positive, 0 mined, 0 blob, 4 random",
        none.provenance().hyperparameters().get("reducer.cubes"));
  }

  @Test
  void fit_learnsFromBlobNegatives() throws Exception {
    List<SegmentationCase> two = List.of(scan(21), scan(22));
    // threshold 0: the lung's texture gives weak blobs too
    DotFilter f = DotFilter.builder().threshold(0).build();
    for (SegmentationCase sc : two) {
      long far =
          f.find(sc.input()).stream()
              .filter(
                  b ->
                      sc.centersMm().stream()
                          .allMatch(c -> b.centre(sc.input().geometry()).distanceMm(c) > 10))
              .count();
      assertTrue(far >= 3, "each scan has blobs away from its nodules: " + far);
    }
    FalsePositiveReducer r =
        FalsePositiveReducer.trainer()
            .cubeSize(16)
            .epochs(1)
            .negatives(0, 1)
            .jitter(1, 0)
            .blobs(f, 3, 15)
            .seed(3)
            .build()
            .fit(two, null);
    assertEquals(
        "4 positive, 0 mined, 6 blob, 2 random",
        r.provenance().hyperparameters().get("reducer.cubes"));
    assertEquals(f.toMap(), r.blobFilter().orElseThrow().toMap());
    assertEquals(15, r.blobFullResponse(), 0);
    FalsePositiveReducer again =
        FalsePositiveReducer.trainer()
            .cubeSize(16)
            .epochs(1)
            .negatives(0, 1)
            .jitter(1, 0)
            .blobs(f, 3, 15)
            .seed(3)
            .build()
            .fit(two, null);
    assertArrayEquals(
        r.probabilities(two.get(1).input(), two.get(1).centersMm()),
        again.probabilities(two.get(1).input(), two.get(1).centersMm()),
        0,
        "same seed, same reducer");
  }

  /**
   * A 40³ 1 mm volume of lung 30 with a sphere of 150 (radius 2.4 at voxel 20, 20, 20) and, if
   * asked, a vessel along x through it.
   */
  static CtVolume sphere(boolean vessel) {
    int n = 40;
    float[] v = new float[n * n * n];
    for (int k = 0, o = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++, o++) {
          boolean in = (i - 20) * (i - 20) + (j - 20) * (j - 20) + (k - 20) * (k - 20) <= 2.4 * 2.4;
          boolean tube = vessel && (j - 20) * (j - 20) + (k - 20) * (k - 20) <= 1;
          v[o] = in ? 150 : tube ? 140 : 30;
        }
      }
    }
    return CtVolume.wrap(VolumeGeometry.of(new Dims(n, n, n), Spacing.isotropic(1)), v);
  }

  @Test
  void blobDetection_isTheHalfMaximumRegion() {
    CtVolume in = sphere(false);
    DotFilter.Blob b = DotFilter.builder().build().find(in).get(0);
    assertEquals(List.of(20, 20, 20), List.of(b.i(), b.j(), b.k()));
    CropDetection d = BlobCandidates.detection(in, b, 0.4);
    assertEquals(0.4, d.score(), 0);
    assertEquals(CandidateSource.BLOB, d.source());
    ScanSegmentation seg = MaskStage.paste(in, List.of(d));
    assertEquals(CandidateSource.BLOB, seg.nodules().get(0).source(), "the source reaches output");
    assertEquals(0.4, seg.nodules().get(0).detectorScore(), 0);
    assertTrue(seg.nodules().get(0).reducerProbability().isEmpty());
    for (int k = 0; k < 40; k++) {
      for (int j = 0; j < 40; j++) {
        for (int i = 0; i < 40; i++) {
          boolean inSphere = in.get(i, j, k) == 150f;
          assertEquals(
              inSphere ? 1 : 0, seg.labels().get(i, j, k), "voxel " + i + "," + j + "," + k);
        }
      }
    }
    // the sphere of radius 2.4 spans voxels 18..22 on each axis
    assertEquals(new Box3d(18, 18, 18, 23, 23, 23), d.box());
    // with a vessel through it, the region stops at the blob's sphere of radius max(3, ceil(2.5
    // sigma) + 1)
    CtVolume withVessel = sphere(true);
    CropDetection dv = BlobCandidates.detection(withVessel, b, 0.4);
    int r = Math.max(3, (int) Math.ceil(2.5 * b.sigmaMm()) + 1);
    ScanSegmentation sv = MaskStage.paste(withVessel, List.of(dv));
    for (int k = 0; k < 40; k++) {
      for (int j = 0; j < 40; j++) {
        for (int i = 0; i < 40; i++) {
          // half maximum (150 + 30) / 2 = 90: sphere and vessel voxels, all connected, within
          // radius r
          boolean bright = withVessel.get(i, j, k) >= 90;
          boolean inside = (i - 20) * (i - 20) + (j - 20) * (j - 20) + (k - 20) * (k - 20) <= r * r;
          assertEquals(
              bright && inside ? 1 : 0, sv.labels().get(i, j, k), "voxel " + i + "," + j + "," + k);
        }
      }
    }
    assertTrue(
        sv.nodules().get(0).voxelCount() > seg.nodules().get(0).voxelCount(),
        "the vessel's stub is included");
    // a flat neighbourhood holds nothing above its background
    CtVolume flat = CtVolume.filled(in.geometry(), 30f);
    assertEquals(null, BlobCandidates.detection(flat, b, 0.4));
  }

  @Test
  void blobDetections_areEveryBlobOrThoseAwayFromTheDetections() {
    SegmentationCase sc = scan(16);
    CtVolume in = sc.input();
    DotFilter f = DotFilter.builder().build();
    List<DotFilter.Blob> blobs = f.find(in);
    assertTrue(blobs.size() >= 2, blobs.toString());
    FalsePositiveReducer r = reducer.withBlobs(f, 20);
    assertEquals(0.5, r.blobScore(5), 1e-12);
    assertEquals(1, r.blobScore(45), 0);
    assertEquals(0, r.blobScore(0), 0);
    List<CropDetection> all = r.blobDetections(in, List.of());
    // every blob with a mask, in the filter's order, scored by its response
    List<CropDetection> expected = new ArrayList<>();
    for (DotFilter.Blob q : blobs) {
      CropDetection c = BlobCandidates.detection(in, q, r.blobScore(q.response()));
      if (c != null) {
        expected.add(c);
      }
    }
    assertEquals(expected, all);
    // a detection whose box is centred 3 mm from the first blob: by default every blob stays a
    // candidate; with an exclusion of 4 mm (reducers saved before the setting) the detection takes
    // it and any other blob within 4 mm, with 2.5 mm it leaves the first blob alone
    DotFilter.Blob b = blobs.get(0);
    Box3d near =
        new Box3d(
            b.k() + 0.5 - 2,
            b.j() + 0.5 - 2,
            b.i() + 3.5 - 2,
            b.k() + 0.5 + 2,
            b.j() + 0.5 + 2,
            b.i() + 3.5 + 2);
    List<CropDetection> dets = List.of(new CropDetection(near, 0.9, 2, new float[8]));
    assertEquals(0, r.blobExclusionMm(), 0);
    assertEquals(all, r.blobDetections(in, dets));
    CropDetection first = BlobCandidates.detection(in, b, r.blobScore(b.response()));
    for (double ex : new double[] {4, 2.5}) {
      List<CropDetection> rest = r.withBlobExclusionMm(ex).blobDetections(in, dets);
      long within =
          blobs.stream()
              .filter(
                  q ->
                      BlobCandidates.detection(in, q, 1) != null
                          && Math.sqrt(
                                  (q.i() - b.i() - 3.0) * (q.i() - b.i() - 3.0)
                                      + (q.j() - b.j()) * (q.j() - b.j())
                                      + (q.k() - b.k()) * (q.k() - b.k()))
                              <= ex)
              .count();
      assertEquals(ex > 3, within >= 1, "blobs within " + ex + " mm: " + within);
      assertEquals(all.size() - within, rest.size());
      assertEquals(ex < 3, rest.contains(first), "the first blob at 3 mm, exclusion " + ex);
    }
    assertThrows(IllegalArgumentException.class, () -> r.withBlobExclusionMm(-1));
    assertThrows(IllegalArgumentException.class, () -> r.withBlobExclusionMm(Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> FalsePositiveReducer.trainer().blobExclusionMm(Double.POSITIVE_INFINITY));
    assertTrue(reducer.blobDetections(in, List.of()).isEmpty(), "no blob filter, no blobs");
    assertThrows(IllegalArgumentException.class, () -> reducer.withBlobs(f, 0));
    assertThrows(
        IllegalArgumentException.class, () -> reducer.withBlobs(f, Double.POSITIVE_INFINITY));
    assertThrows(
        IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().blobs(f, -1, 0.5));
    assertThrows(
        IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().blobs(f, 1, -2));
  }

  @Test
  void trainer_rules() {
    assertThrows(IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().cubeSize(15));
    assertThrows(IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().cubeSize(8));
    assertThrows(IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().foveaSize(7));
    assertThrows(
        IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().foveaSize(34));
    assertThrows(IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().views());
    assertThrows(
        IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().negatives(0, 0));
    assertThrows(
        IllegalArgumentException.class, () -> FalsePositiveReducer.trainer().scoreWeight(1.5));
    assertThrows(IllegalArgumentException.class, () -> reducer.withCandidateScore(-0.1));
    // a scan without nodules cannot train a reducer
    SegmentationCase sc = scan(5);
    SegmentationCase empty =
        new SegmentationCase(
            "empty",
            sc.input(),
            Mask.wrap(sc.input().geometry(), new byte[sc.input().dims().voxelCount()]),
            List.of());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FalsePositiveReducer.trainer()
                    .cubeSize(16)
                    .epochs(1)
                    .build()
                    .fit(List.of(empty), null));
    assertTrue(e.getMessage().contains("no nodule"), e.getMessage());
  }
}
