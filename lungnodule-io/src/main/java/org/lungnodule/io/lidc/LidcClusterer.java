package org.lungnodule.io.lidc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * Places the readers' marks of an LIDC XML on the scan's grid and groups the marks of the same
 * nodule into {@link LidcNodule}s with a consensus mask. Immutable and thread-safe once built.
 *
 * <pre>{@code
 * List<LidcNodule> nodules = LidcClusterer.builder().agreement(0.5).build()
 *     .cluster(LidcXml.parse(xml), scan.geometry());
 * }</pre>
 *
 * <h2>From contours to voxels</h2>
 *
 * Each {@code roi} is matched to the slice {@code k} whose centre z ({@code
 * geometry.voxelToWorld(0, 0, k).z}) is nearest its {@code imageZposition}; farther than the z
 * tolerance (default half the slice spacing) is an error. An edge point (x, y) is voxel (i = x, j =
 * y, k). An inclusion contour covers the voxels whose centres lie inside the polygon (even-odd
 * rule) plus the contour pixels themselves (LIDC contours run along the nodule's outer boundary);
 * an exclusion contour ({@code inclusion = FALSE}) removes the voxels strictly inside it from the
 * same reader's mark on that slice. A single-point mark (nodule under 3 mm) covers its voxel.
 *
 * <h2>Clustering</h2>
 *
 * The distance between two marks is 0 when they share a voxel, else the smallest distance in mm
 * between their contour points (world coordinates, so it is anisotropy-aware). Marks are merged by
 * <b>constrained single linkage</b>: all pairs of marks from <em>different</em> readers whose
 * distance is at most the tolerance (default: the scan's largest voxel spacing) are taken in order
 * of increasing distance (ties by reader, then mark order), and the two groups they belong to are
 * merged unless that would put two marks of one reader in one group. So a nodule never holds two
 * marks of one reader, and of two nearby nodules each reader's mark joins the nearer group first.
 * This follows pylidc's contour-distance clustering with the one-mark-per-reader rule enforced
 * during, not after, the merging.
 *
 * <h2>Per nodule</h2>
 *
 * The consensus mask holds the voxels covered by at least {@code agreement × (number of marks)}
 * marks (default 0.5: half of the readers who marked the nodule, as pylidc's {@code
 * consensus(clevel=0.5)}), on the bounding box of the union of the marks (no mask when the marks
 * cover no voxel, for example when an exclusion contour removes all). Centre, diameter and ratings:
 * see {@link LidcNodule}.
 *
 * <h2>Cost</h2>
 *
 * Near-linear in the contour points: a contour is filled by scanlines (O(points log points + edge
 * crossings + filled voxels)), its diameter is taken over its convex hull, and the distance between
 * two marks compares only contour points in neighbouring cells of a grid as fine as the tolerance.
 * The pairs of marks are compared all against all (files hold at most {@link LidcXml#MAX_MARKS}
 * marks).
 */
public final class LidcClusterer {

  /**
   * The most voxels the marks of one file may cover together, 50 million (200 MB as the sorted
   * voxel lists the clusterer keeps): LIDC's largest nodules cover some 100000 voxels per reader.
   */
  public static final int MAX_COVERED_VOXELS = 50_000_000;

  /**
   * The most elementary steps (a voxel, grid cell or contour point pair compared) that comparing
   * the marks of one file may take, 200 million (about 3 s of one core): the four-reader test file
   * takes about a thousand, eight readers' 50000-point contours on neighbouring slices about 17
   * million. A file of many large marks heaped in one place is refused rather than compared pair by
   * pair for minutes.
   */
  public static final long MAX_COMPARISON_STEPS = 200_000_000L;

  private final Optional<Double> toleranceMm;
  private final double agreement;
  private final Optional<Double> zToleranceMm;
  private final long maxCoveredVoxels;
  private final long maxComparisonSteps;

  private LidcClusterer(Builder b) {
    this.toleranceMm = b.toleranceMm;
    this.agreement = b.agreement == null ? 0.5 : b.agreement;
    this.zToleranceMm = b.zToleranceMm;
    this.maxCoveredVoxels = MAX_COVERED_VOXELS;
    this.maxComparisonSteps = MAX_COMPARISON_STEPS;
  }

  private LidcClusterer(LidcClusterer o, long maxCoveredVoxels, long maxComparisonSteps) {
    this.toleranceMm = o.toleranceMm;
    this.agreement = o.agreement;
    this.zToleranceMm = o.zToleranceMm;
    this.maxCoveredVoxels = maxCoveredVoxels;
    this.maxComparisonSteps = maxComparisonSteps;
  }

  /** A copy with other limits, so that tests can reach them with small inputs. */
  LidcClusterer withLimits(long coveredVoxels, long comparisonSteps) {
    return new LidcClusterer(this, coveredVoxels, comparisonSteps);
  }

  /** Returns a builder with the defaults (tolerance = largest voxel spacing, agreement 0.5). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Clusters the marks of all readings of one scan.
   *
   * @param message the parsed XML
   * @param geometry the scan's grid (from its DICOM series or a converted volume)
   * @return the nodules in order of the readers' first marks
   * @throws IllegalArgumentException if an roi matches no slice, an edge point lies outside the
   *     grid (the message names the reader and nodule), the marks together cover more than {@link
   *     #MAX_COVERED_VOXELS} voxels or more than the {@link MemoryBudget} allows (4 bytes each), or
   *     comparing them takes more than {@link #MAX_COMPARISON_STEPS} steps
   */
  public List<LidcNodule> cluster(LidcReadMessage message, VolumeGeometry geometry) {
    List<LidcAnnotation> anns = new ArrayList<>();
    List<MarkShape> shapes = new ArrayList<>();
    double zTol = zToleranceMm.orElse(0.5 * geometry.spacing().zMm() + 1e-6);
    double[] sliceZ = new double[geometry.dims().nz()];
    for (int k = 0; k < sliceZ.length; k++) {
      sliceZ[k] = geometry.voxelToWorld(0, 0, k).zMm();
    }
    long[] covered = {0};
    for (int s = 0; s < message.readings().size(); s++) {
      LidcReading reading = message.readings().get(s);
      for (LidcReaderNodule n : reading.nodules()) {
        Placed p =
            place(s, reading.readerId(), n, geometry, sliceZ, zTol, covered, maxCoveredVoxels);
        anns.add(p.annotation);
        shapes.add(p.shape);
      }
    }
    double tol =
        toleranceMm.orElse(
            Math.max(
                geometry.spacing().xMm(),
                Math.max(geometry.spacing().yMm(), geometry.spacing().zMm())));
    int n = anns.size();
    double maxAbs = 0;
    for (MarkShape s : shapes) {
      maxAbs = Math.max(maxAbs, s.maxAbsMm());
    }
    double cell = MarkShape.cellFor(tol, maxAbs);
    MarkShape.Work work = new MarkShape.Work(maxComparisonSteps);
    // candidate links between marks of different readers within the tolerance
    List<double[]> links = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        work.spend(1);
        if (anns.get(a).reading() == anns.get(b).reading()) {
          continue;
        }
        double d = shapes.get(a).distanceMm(shapes.get(b), tol, cell, work);
        if (d <= tol) {
          links.add(new double[] {d, a, b});
        }
      }
    }
    links.sort(
        Comparator.<double[]>comparingDouble(l -> l[0])
            .thenComparingDouble(l -> l[1])
            .thenComparingDouble(l -> l[2]));
    int[] group = new int[n];
    long[] readers = new long[n]; // bit set of readings per group root
    for (int i = 0; i < n; i++) {
      group[i] = i;
      readers[i] = 1L << Math.min(anns.get(i).reading(), 63);
    }
    for (double[] l : links) {
      int ra = find(group, (int) l[1]);
      int rb = find(group, (int) l[2]);
      if (ra == rb || (readers[ra] & readers[rb]) != 0) {
        continue;
      }
      int root = Math.min(ra, rb);
      int other = Math.max(ra, rb);
      group[other] = root;
      readers[root] |= readers[other];
    }
    TreeMap<Integer, List<Integer>> members = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      members.computeIfAbsent(find(group, i), k -> new ArrayList<>()).add(i);
    }
    List<LidcNodule> out = new ArrayList<>();
    int id = 1;
    for (List<Integer> m : members.values()) {
      out.add(nodule("N" + id++, m, anns, shapes, geometry));
    }
    return List.copyOf(out);
  }

  private static int find(int[] g, int i) {
    while (g[i] != i) {
      g[i] = g[g[i]];
      i = g[i];
    }
    return i;
  }

  private LidcNodule nodule(
      String id,
      List<Integer> m,
      List<LidcAnnotation> anns,
      List<MarkShape> shapes,
      VolumeGeometry g) {
    List<LidcAnnotation> as = m.stream().map(anns::get).toList();
    Dims d = g.dims();
    int i0 = Integer.MAX_VALUE;
    int j0 = Integer.MAX_VALUE;
    int k0 = Integer.MAX_VALUE;
    int i1 = -1;
    int j1 = -1;
    int k1 = -1;
    for (int a : m) {
      for (int v : shapes.get(a).sortedVoxels()) {
        int i = v % d.nx();
        int j = (v / d.nx()) % d.ny();
        int k = v / d.sliceSize();
        i0 = Math.min(i0, i);
        j0 = Math.min(j0, j);
        k0 = Math.min(k0, k);
        i1 = Math.max(i1, i);
        j1 = Math.max(j1, j);
        k1 = Math.max(k1, k);
      }
    }
    Optional<Mask> mask = Optional.empty();
    if (i1 >= 0) {
      Dims cd = new Dims(i1 - i0 + 1, j1 - j0 + 1, k1 - k0 + 1);
      // a group holds at most one mark per reader bit (64), so a byte counts its marks; the
      // counts then become the consensus labels in place
      byte[] count = new byte[cd.voxelCount()];
      for (int a : m) {
        for (int v : shapes.get(a).sortedVoxels()) {
          int i = v % d.nx() - i0;
          int j = (v / d.nx()) % d.ny() - j0;
          int k = v / d.sliceSize() - k0;
          count[cd.index(i, j, k)]++;
        }
      }
      double need = agreement * m.size() - 1e-9;
      boolean any = false;
      for (int v = 0; v < count.length; v++) {
        boolean in = count[v] > 0 && count[v] >= need;
        count[v] = (byte) (in ? 1 : 0);
        any |= in;
      }
      VolumeGeometry crop =
          new VolumeGeometry(cd, g.spacing(), g.voxelToWorld(i0, j0, k0), g.direction());
      mask = any ? Optional.of(Mask.wrap(crop, count)) : Optional.empty();
    }
    WorldPoint center =
        mask.flatMap(Mask::centroidMm)
            .orElseGet(
                () -> {
                  double x = 0;
                  double y = 0;
                  double z = 0;
                  for (LidcAnnotation a : as) {
                    x += a.centroidMm().xMm();
                    y += a.centroidMm().yMm();
                    z += a.centroidMm().zMm();
                  }
                  return new WorldPoint(x / as.size(), y / as.size(), z / as.size());
                });
    double diam =
        as.stream().mapToDouble(LidcAnnotation::diameterMm).filter(x -> x > 0).average().orElse(0);
    return new LidcNodule(id, as, center, diam, mask);
  }

  private record Placed(LidcAnnotation annotation, MarkShape shape) {}

  /** A growable int array. */
  private static final class Ints {
    int[] a = new int[64];
    int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    /** The distinct values, sorted. */
    int[] sortedDistinct() {
      int[] s = Arrays.copyOf(a, n);
      Arrays.sort(s);
      int u = 0;
      for (int q = 0; q < s.length; q++) {
        if (q == 0 || s[q] != s[q - 1]) {
          s[u++] = s[q];
        }
      }
      return Arrays.copyOf(s, u);
    }
  }

  private static Placed place(
      int reading,
      String readerId,
      LidcReaderNodule n,
      VolumeGeometry g,
      double[] sliceZ,
      double zTol,
      long[] covered,
      long maxCovered) {
    Dims d = g.dims();
    String who = "reader " + (reading + 1) + " nodule '" + n.noduleId() + "'";
    // rois by slice
    TreeMap<Integer, List<LidcRoi>> bySlice = new TreeMap<>();
    for (LidcRoi r : n.rois()) {
      int k = slice(g, sliceZ, r.imageZPositionMm(), zTol, who);
      bySlice.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
    }
    Ints voxels = new Ints();
    Ints contour = new Ints(); // linear indices of the contour voxels
    double diameter = 0;
    for (var e : bySlice.entrySet()) {
      int k = e.getKey();
      int base = k * d.sliceSize();
      BitSet in = new BitSet(d.sliceSize());
      List<LidcRoi> rois = e.getValue();
      for (LidcRoi r : rois) {
        for (EdgePoint p : r.edgeMap()) {
          if (p.x() < 0 || p.y() < 0 || p.x() >= d.nx() || p.y() >= d.ny()) {
            throw new IllegalArgumentException(
                who
                    + ": edge point ("
                    + p.x()
                    + ", "
                    + p.y()
                    + ") at z "
                    + r.imageZPositionMm()
                    + " lies outside the "
                    + d.nx()
                    + "x"
                    + d.ny()
                    + " slice");
          }
        }
      }
      for (LidcRoi r : rois) {
        if (r.inclusion()) {
          Contours.fill(r.edgeMap(), d.nx(), in, true);
          for (EdgePoint p : r.edgeMap()) {
            contour.add(base + p.y() * d.nx() + p.x());
          }
          diameter = Math.max(diameter, Contours.diameterMm(r.edgeMap(), g, k));
        }
      }
      for (LidcRoi r : rois) {
        if (!r.inclusion()) {
          BitSet hole = new BitSet(d.sliceSize());
          Contours.fill(r.edgeMap(), d.nx(), hole, false);
          in.andNot(hole);
        }
      }
      covered[0] += in.cardinality();
      if (covered[0] > maxCovered) {
        throw new IllegalArgumentException(
            who
                + ": the marks of the file cover more than "
                + maxCovered
                + " voxels (LIDC's largest nodules cover some 100000 per reader)");
      }
      if (!MemoryBudget.allows(covered[0], Integer.BYTES)) {
        throw new IllegalArgumentException(
            who
                + ": "
                + MemoryBudget.refusal(
                    covered[0] * Integer.BYTES,
                    "the marks of the file cover " + covered[0] + " voxels of 4 bytes"));
      }
      for (int b = in.nextSetBit(0); b >= 0; b = in.nextSetBit(b + 1)) {
        voxels.add(base + b);
      }
    }
    int[] sorted = voxels.sortedDistinct();
    int nv = sorted.length;
    double si = 0;
    double sj = 0;
    double sk = 0;
    for (int v : sorted) {
      si += v % d.nx();
      sj += (v / d.nx()) % d.ny();
      sk += v / d.sliceSize();
    }
    WorldPoint centroid =
        nv == 0
            ? g.voxelToWorld(0, 0, bySlice.firstKey())
            : g.voxelToWorld(si / nv, sj / nv, sk / nv);
    if (contour.n == 0) {
      // only exclusion contours: use their points so the mark still has a position
      for (LidcRoi r : n.rois()) {
        int k = slice(g, sliceZ, r.imageZPositionMm(), zTol, who);
        for (EdgePoint p : r.edgeMap()) {
          contour.add(k * d.sliceSize() + p.y() * d.nx() + p.x());
        }
      }
    }
    int[] cv = contour.sortedDistinct();
    double[] c = new double[3 * cv.length];
    for (int q = 0; q < cv.length; q++) {
      int v = cv[q];
      WorldPoint wp = g.voxelToWorld(v % d.nx(), (v / d.nx()) % d.ny(), v / d.sliceSize());
      c[3 * q] = wp.xMm();
      c[3 * q + 1] = wp.yMm();
      c[3 * q + 2] = wp.zMm();
    }
    LidcAnnotation a =
        new LidcAnnotation(reading, readerId, n.noduleId(), n.malignancy(), centroid, diameter, nv);
    return new Placed(a, new MarkShape(sorted, c, d));
  }

  private static int slice(VolumeGeometry g, double[] sliceZ, double z, double zTol, String who) {
    int best = -1;
    double bestD = Double.POSITIVE_INFINITY;
    for (int k = 0; k < sliceZ.length; k++) {
      double dz = Math.abs(sliceZ[k] - z);
      if (dz < bestD) {
        bestD = dz;
        best = k;
      }
    }
    if (bestD > zTol) {
      double za = sliceZ[0];
      double zb = sliceZ[sliceZ.length - 1];
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s: imageZposition %.3f mm matches no slice of the scan (slices from %.3f to %.3f mm,"
                  + " nearest %.3f mm away, tolerance %.3f mm)",
              who,
              z,
              Math.min(za, zb),
              Math.max(za, zb),
              bestD,
              zTol));
    }
    return best;
  }

  @Override
  public String toString() {
    return "LidcClusterer[toleranceMm="
        + toleranceMm.map(String::valueOf).orElse("largest voxel spacing")
        + ", agreement="
        + agreement
        + ", zToleranceMm="
        + zToleranceMm.map(String::valueOf).orElse("half the slice spacing")
        + "]";
  }

  /** Builder for {@link LidcClusterer}; each option may be set once. */
  public static final class Builder {
    private Optional<Double> toleranceMm = Optional.empty();
    private Double agreement;
    private Optional<Double> zToleranceMm = Optional.empty();

    private Builder() {}

    /**
     * Sets the largest contour distance (mm) at which two readers' marks count as one nodule.
     *
     * @throws IllegalArgumentException if negative or not finite
     * @throws IllegalStateException if already set
     */
    public Builder toleranceMm(double mm) {
      if (toleranceMm.isPresent()) {
        throw new IllegalStateException("toleranceMm was already set to " + toleranceMm.get());
      }
      if (!(mm >= 0) || Double.isInfinite(mm)) {
        throw new IllegalArgumentException(
            "toleranceMm must be >= 0 and finite, got " + mm + " mm");
      }
      toleranceMm = Optional.of(mm);
      return this;
    }

    /**
     * Sets the fraction of a nodule's marks that must cover a voxel for the consensus mask.
     *
     * @throws IllegalArgumentException if not in (0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder agreement(double fraction) {
      if (agreement != null) {
        throw new IllegalStateException("agreement was already set to " + agreement);
      }
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("agreement must be in (0, 1], got " + fraction);
      }
      agreement = fraction;
      return this;
    }

    /**
     * Sets how far (mm) an roi's {@code imageZposition} may be from the nearest slice centre.
     *
     * @throws IllegalArgumentException if not positive and finite
     * @throws IllegalStateException if already set
     */
    public Builder zToleranceMm(double mm) {
      if (zToleranceMm.isPresent()) {
        throw new IllegalStateException("zToleranceMm was already set to " + zToleranceMm.get());
      }
      if (!(mm > 0) || Double.isInfinite(mm)) {
        throw new IllegalArgumentException(
            "zToleranceMm must be positive and finite, got " + mm + " mm");
      }
      zToleranceMm = Optional.of(mm);
      return this;
    }

    /** Builds; the builder stays usable. */
    public LidcClusterer build() {
      return new LidcClusterer(this);
    }

    @Override
    public String toString() {
      return "LidcClusterer.Builder[toleranceMm="
          + toleranceMm.map(String::valueOf).orElse("default")
          + ", agreement="
          + (agreement == null ? "default" : agreement)
          + ", zToleranceMm="
          + zToleranceMm.map(String::valueOf).orElse("default")
          + "]";
    }
  }
}
