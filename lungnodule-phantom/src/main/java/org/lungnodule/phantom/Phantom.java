package org.lungnodule.phantom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;

/**
 * Seeded generator of synthetic chest CT scans with ground truth, for one site (a {@link
 * SiteProfile}). See the package documentation for the generative model.
 *
 * <pre>{@code
 * Phantom site = Phantom.builder().profile(SiteProfile.PUBLIC).size(PhantomSize.QUICK).seed(7).build();
 * AnnotatedScan scan = site.scan(0);                 // patient PUBLIC-0001
 * List<AnnotatedScan> cubes = site.nodulePatches(2000); // one nodule each, 72 x 72 x 40 mm
 * }</pre>
 *
 * <p>Each scan is a pure function of (seed, profile name, index) for the anatomy and nodules, plus
 * the profile's imaging for the voxels: scans can be made in any order, in parallel or streamed,
 * and two sites (different names) never share a patient. Changing only the shift strength keeps the
 * patients and the nodule positions and changes how they look. Instances are immutable and
 * thread-safe.
 *
 * <p>Patient ids are {@code <NAME>-0001} (index + 1, four digits), one scan per patient ({@code
 * <NAME>-0001-S1}) with one to four nodules ({@code <NAME>-0001-N1}, ...). A {@link Nodule}'s
 * diameter is the volume-equivalent sphere diameter of its analytic shape, its centre the shape's
 * centre, and its mask a small {@link Mask} whose geometry is the nodule's bounding box on the
 * scan's grid (same spacing and direction, origin at the box's first voxel): the voxels whose
 * centres lie inside the shape as the site's readers outline it ({@link
 * SiteProfile#contourMarginMm()}: at the surface for PUBLIC, 1 mm outside it at HB and at XZ). Each
 * nodule carries four synthetic reader ratings consistent with its label (malignant 4–5, benign
 * 1–2).
 */
public final class Phantom {

  private static final double PATCH_XY_MM = 72;
  private static final double PATCH_Z_MM = 40;

  private final SiteProfile profile;
  private final SiteProfile effective;
  private final PhantomSize size;
  private final long seed;

  private Phantom(Builder b) {
    this.profile = b.profile;
    this.effective = b.profile.effective();
    this.size = b.size;
    this.seed = b.seed;
  }

  /** A new builder: profile defaults to PUBLIC, size to QUICK; the seed must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The site profile, as given (with its shift strength). */
  public SiteProfile profile() {
    return profile;
  }

  /** The field-of-view size of {@link #scan(int)}. */
  public PhantomSize size() {
    return size;
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** Patient id of a scan index: the profile name, '-', index + 1 on at least four digits. */
  public String patientId(int index) {
    checkIndex(index);
    return profile.name() + "-" + String.format("%04d", index + 1);
  }

  private static void checkIndex(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be non-negative, got " + index);
    }
  }

  /**
   * The scan of patient {@code index} (0-based), rendered with all cores.
   *
   * @throws IllegalArgumentException if index is negative
   */
  public AnnotatedScan scan(int index) {
    return scan(index, true);
  }

  private AnnotatedScan scan(int index, boolean parallel) {
    Plan p = scanPlan(index);
    return render(p, parallel);
  }

  /** The patient, grid and ids of a scan or patch, before rendering. */
  static final class Plan {
    final PatientModel model;
    final VolumeGeometry grid;
    final String patientId;
    final long seed;

    Plan(PatientModel model, VolumeGeometry grid, String patientId, long seed) {
      this.model = model;
      this.grid = grid;
      this.patientId = patientId;
      this.seed = seed;
    }
  }

  /** Everything about scan {@code index} except its voxels (cheap: no rendering). */
  Plan scanPlan(int index) {
    checkIndex(index);
    long s = Seeds.mix(Seeds.mix(seed, Seeds.hash(profile.name())), index);
    SplittableRandom rng = new SplittableRandom(s);
    PatientModel m = new PatientModel(rng, effective);
    VolumeGeometry g;
    int count;
    double maxDiam = 30;
    if (size == PhantomSize.TEST) {
      int l = rng.nextInt(2);
      double zc = m.zBase + (0.35 + 0.2 * rng.nextDouble()) * (m.zApex - m.zBase);
      g =
          m.testGeometry(
              m.lungCx[l] + (rng.nextDouble() - 0.5) * 10,
              m.lungCy[l] + (rng.nextDouble() - 0.5) * 20,
              zc);
      count = 2;
      maxDiam = 16;
    } else {
      g = size == PhantomSize.FULL ? m.fullGeometry() : m.quickGeometry();
      double u = rng.nextDouble();
      double mean = effective.noduleMix().meanNodulesPerScan();
      // 1 + a geometric number with mean (mean - 1), truncated at 4 nodules in all
      double q = (mean - 1) / mean;
      count = 1;
      while (count < 4 && u < Math.pow(q, count)) {
        count++;
      }
    }
    m.placeNodules(rng, effective, count, lowCorner(g), highCorner(g), maxDiam);
    return new Plan(m, g, patientId(index), s);
  }

  /** The nodules of scan {@code index} with their masks, without rendering the voxels. */
  List<Nodule> scanNodules(int index) {
    Plan p = scanPlan(index);
    return nodules(p, effective.contourMarginMm());
  }

  /** The scans of patients 0 .. n-1, one after the other (each rendered with all cores). */
  public List<AnnotatedScan> scans(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("scan count must be non-negative, got " + n);
    }
    List<AnnotatedScan> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(scan(i));
    }
    return out;
  }

  /**
   * A nodule patch: a small scan (72 × 72 × 40 mm at the profile's spacing, with its noise, blur
   * and HU shift, lung parenchyma and vessels around) centred on one nodule, for training
   * classifiers without rendering whole scans. Patch {@code index} is patient {@code <NAME>-P00001}
   * (index + 1) and independent of {@link #scan(int)} and of the size setting. Labels follow the
   * profile's prevalence, sizes and types its nodule mix.
   *
   * @throws IllegalArgumentException if index is negative
   */
  public AnnotatedScan nodulePatch(int index) {
    return render(patchPlan(index), false);
  }

  /** Everything about patch {@code index} except its voxels. */
  Plan patchPlan(int index) {
    checkIndex(index);
    long s =
        Seeds.mix(Seeds.mix(Seeds.mix(seed, Seeds.hash(profile.name())), 0x5041544348L), index);
    SplittableRandom rng = new SplittableRandom(s);
    PatientModel m = new PatientModel(rng, effective);
    VolumeGeometry full = m.fullGeometry();
    double[] lo = lowCorner(full);
    double[] hi = highCorner(full);
    lo[2] = Math.max(lo[2], m.zBase);
    hi[2] = Math.min(hi[2], m.zApex);
    for (int attempt = 0; m.nodules.isEmpty(); attempt++) {
      if (attempt == 20) {
        throw new IllegalStateException("could not place a nodule in patch " + index);
      }
      m.placeNodules(rng, effective, 1, lo, hi, 30);
    }
    NoduleShape n = m.nodules.get(0);
    VolumeGeometry g = m.window(PATCH_XY_MM, PATCH_XY_MM, PATCH_Z_MM, n.cx, n.cy, n.cz);
    String pid = profile.name() + "-P" + String.format("%05d", index + 1);
    return new Plan(m, g, pid, s);
  }

  /**
   * Patches 0 .. count-1, made in parallel (one patch per task). Each patch holds about 0.3–2 MB of
   * voxels (100 × 100 × 16–53 at 0.6–0.8 mm pixels and 0.75–2.5 mm slices), so a thousand need 1–2
   * GB of heap: for more, call {@link #nodulePatch(int)} in batches and keep only the cubes you
   * need. A patch costs about 40 ms of CPU (so about 50 a second on two idle cores).
   */
  public List<AnnotatedScan> nodulePatches(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("patch count must be non-negative, got " + count);
    }
    AnnotatedScan[] out = new AnnotatedScan[count];
    Parallel.forEach(count, i -> out[i] = nodulePatch(i));
    return List.of(out);
  }

  private static double[] lowCorner(VolumeGeometry g) {
    WorldPoint a = g.voxelToWorld(0, 0, 0);
    return new double[] {a.xMm(), a.yMm(), a.zMm()};
  }

  private static double[] highCorner(VolumeGeometry g) {
    Dims d = g.dims();
    WorldPoint b = g.voxelToWorld(d.nx() - 1, d.ny() - 1, d.nz() - 1);
    return new double[] {b.xMm(), b.yMm(), b.zMm()};
  }

  private AnnotatedScan render(Plan p, boolean parallel) {
    float[] hu =
        new Renderer(p.model, effective, Seeds.mix(p.seed, 0x4E4F495345L)).render(p.grid, parallel);
    return new AnnotatedScan(
        p.patientId,
        p.patientId + "-S1",
        CtVolume.wrap(p.grid, hu),
        nodules(p, effective.contourMarginMm()));
  }

  private static List<Nodule> nodules(Plan p, double contourMarginMm) {
    SplittableRandom ratingRng = new SplittableRandom(Seeds.mix(p.seed, 77));
    List<Nodule> nodules = new ArrayList<>();
    int k = 1;
    for (NoduleShape s : p.model.nodules) {
      Integer[] ratings = new Integer[4];
      for (int r = 0; r < 4; r++) {
        boolean extreme = ratingRng.nextDouble() < 0.4;
        ratings[r] = s.label == NoduleLabel.MALIGNANT ? (extreme ? 5 : 4) : (extreme ? 1 : 2);
      }
      nodules.add(
          new Nodule(
              p.patientId + "-N" + k++,
              new WorldPoint(s.cx, s.cy, s.cz),
              s.diameterMm,
              s.label,
              Optional.of(mask(s, p.grid, contourMarginMm)),
              Arrays.asList(ratings)));
    }
    return nodules;
  }

  /** The voxels of grid g whose centres lie inside the nodule, cropped to their bounding box. */
  static Mask mask(NoduleShape s, VolumeGeometry g) {
    return mask(s, g, 0);
  }

  /**
   * The voxels of grid g whose centres lie inside the nodule's surface moved outwards by {@code
   * marginMm} (inwards where negative), and always the voxel nearest the centre; cropped to their
   * bounding box.
   */
  static Mask mask(NoduleShape s, VolumeGeometry g, double marginMm) {
    double reach = s.rMax + Math.max(0, marginMm);
    Dims d = g.dims();
    VoxelPoint lo = g.worldToVoxel(new WorldPoint(s.cx - reach, s.cy - reach, s.cz - reach));
    VoxelPoint hi = g.worldToVoxel(new WorldPoint(s.cx + reach, s.cy + reach, s.cz + reach));
    VoxelPoint c = g.worldToVoxel(new WorldPoint(s.cx, s.cy, s.cz));
    int ci = clampIndex((int) Math.round(c.i()), d.nx());
    int cj = clampIndex((int) Math.round(c.j()), d.ny());
    int ck = clampIndex((int) Math.round(c.k()), d.nz());
    int i0 = Math.max(0, Math.min(ci, (int) Math.floor(lo.i())));
    int j0 = Math.max(0, Math.min(cj, (int) Math.floor(lo.j())));
    int k0 = Math.max(0, Math.min(ck, (int) Math.floor(lo.k())));
    int i1 = Math.min(d.nx() - 1, Math.max(ci, (int) Math.ceil(hi.i())));
    int j1 = Math.min(d.ny() - 1, Math.max(cj, (int) Math.ceil(hi.j())));
    int k1 = Math.min(d.nz() - 1, Math.max(ck, (int) Math.ceil(hi.k())));
    int bi0 = Integer.MAX_VALUE;
    int bj0 = Integer.MAX_VALUE;
    int bk0 = Integer.MAX_VALUE;
    int bi1 = -1;
    int bj1 = -1;
    int bk1 = -1;
    int sx = i1 - i0 + 1;
    int sy = j1 - j0 + 1;
    int sz = k1 - k0 + 1;
    byte[] tmp = new byte[sx * sy * sz];
    for (int k = k0; k <= k1; k++) {
      for (int j = j0; j <= j1; j++) {
        for (int i = i0; i <= i1; i++) {
          WorldPoint p = g.voxelToWorld(i, j, k);
          boolean in =
              s.contains(p.xMm(), p.yMm(), p.zMm(), marginMm) || (i == ci && j == cj && k == ck);
          if (in) {
            tmp[(i - i0) + sx * ((j - j0) + sy * (k - k0))] = 1;
            bi0 = Math.min(bi0, i);
            bj0 = Math.min(bj0, j);
            bk0 = Math.min(bk0, k);
            bi1 = Math.max(bi1, i);
            bj1 = Math.max(bj1, j);
            bk1 = Math.max(bk1, k);
          }
        }
      }
    }
    Dims md = new Dims(bi1 - bi0 + 1, bj1 - bj0 + 1, bk1 - bk0 + 1);
    byte[] labels = new byte[md.voxelCount()];
    for (int k = bk0; k <= bk1; k++) {
      for (int j = bj0; j <= bj1; j++) {
        for (int i = bi0; i <= bi1; i++) {
          labels[md.index(i - bi0, j - bj0, k - bk0)] =
              tmp[(i - i0) + sx * ((j - j0) + sy * (k - k0))];
        }
      }
    }
    VolumeGeometry mg =
        new VolumeGeometry(md, g.spacing(), g.voxelToWorld(bi0, bj0, bk0), g.direction());
    return Mask.wrap(mg, labels);
  }

  private static int clampIndex(int v, int n) {
    return v < 0 ? 0 : (v >= n ? n - 1 : v);
  }

  @Override
  public String toString() {
    return "Phantom[profile="
        + profile.name()
        + ", shiftStrength="
        + profile.shiftStrength()
        + ", size="
        + size
        + ", seed="
        + seed
        + "]";
  }

  /** Builder of {@link Phantom}; each setter validates at once and may be called once. */
  public static final class Builder {
    private SiteProfile profile = SiteProfile.PUBLIC;
    private boolean profileSet;
    private PhantomSize size = PhantomSize.QUICK;
    private boolean sizeSet;
    private long seed;
    private boolean seedSet;

    private Builder() {}

    /** The site profile (default {@link SiteProfile#PUBLIC}). */
    public Builder profile(SiteProfile p) {
      Objects.requireNonNull(p, "profile");
      if (profileSet) {
        throw new IllegalStateException("profile was already set to " + profile.name());
      }
      profile = p;
      profileSet = true;
      return this;
    }

    /** The field of view (default {@link PhantomSize#QUICK}). */
    public Builder size(PhantomSize s) {
      Objects.requireNonNull(s, "size");
      if (sizeSet) {
        throw new IllegalStateException("size was already set to " + size);
      }
      size = s;
      sizeSet = true;
      return this;
    }

    /** The seed (required): the same seed gives the same scans, voxel for voxel. */
    public Builder seed(long s) {
      if (seedSet) {
        throw new IllegalStateException("seed was already set to " + seed);
      }
      seed = s;
      seedSet = true;
      return this;
    }

    /**
     * Builds the phantom.
     *
     * @throws IllegalStateException if no seed was set
     */
    public Phantom build() {
      if (!seedSet) {
        throw new IllegalStateException("seed must be set");
      }
      return new Phantom(this);
    }

    @Override
    public String toString() {
      return "Phantom.Builder[profile="
          + profile.name()
          + ", size="
          + size
          + (seedSet ? ", seed=" + seed : "")
          + "]";
    }
  }
}
