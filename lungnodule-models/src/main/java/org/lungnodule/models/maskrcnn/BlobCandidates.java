package org.lungnodule.models.maskrcnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.preprocess.DotFilter;
import org.lungnodule.core.preprocess.LungField;

/**
 * Small-nodule candidates from a Hessian dot filter: the detector's features at 1/4 of the input
 * rarely propose 3–5 mm nodules, which the dot filter finds. Each blob farther than {@code
 * exclusionMm} from every earlier candidate's box centre (every blob at 0) becomes a {@link
 * CandidateSource#BLOB} candidate with the score {@link #score(double)} of its response and a mask
 * grown from its brightest voxel at half maximum ({@link #detection}).
 *
 * @param filter the dot filter that finds the blobs
 * @param fullResponse the filter response at which a blob scores 1: a blob of response r scores
 *     {@code min(1, √(r / fullResponse))}, the filter's own confidence in the role of the Mask
 *     R-CNN's score
 * @param exclusionMm how far (mm) a blob must lie from every earlier candidate's box centre to
 *     become a candidate of its own; 0 keeps every blob
 */
public record BlobCandidates(DotFilter filter, double fullResponse, double exclusionMm)
    implements CandidateStage {

  private static final float OUTSIDE = LungField.OUTSIDE_VALUE;

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if fullResponse is not positive and finite, or exclusionMm
   *     negative or not finite
   */
  public BlobCandidates {
    Objects.requireNonNull(filter, "filter");
    checkFullResponse(fullResponse);
    checkExclusion(exclusionMm);
  }

  /** {@link CandidateSource#BLOB}. */
  @Override
  public CandidateSource source() {
    return CandidateSource.BLOB;
  }

  /**
   * The score s of a blob of the given dot-filter response: {@code min(1, √(r / fullResponse))}.
   */
  public double score(double response) {
    return Math.min(1, Math.sqrt(Math.max(0, response) / fullResponse));
  }

  /**
   * The filter's blobs as candidates, in the filter's order: those farther than {@link
   * #exclusionMm()} from every earlier candidate's box centre (all of them at 0), each with a
   * half-maximum mask; blobs with nothing above their background are left out. {@code minScore} and
   * {@code listener} are not used (the blobs are rescored later).
   */
  @Override
  public List<CropDetection> propose(
      CtVolume input,
      double minScore,
      List<CropDetection> earlier,
      NoduleSegmenter.WindowListener listener) {
    List<CropDetection> out = new ArrayList<>();
    for (DotFilter.Blob b : filter.find(input)) {
      if (exclusionMm == 0 || !near(input, b, earlier)) {
        CropDetection c = detection(input, b, score(b.response()));
        if (c != null) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /** Whether a candidate's box centre lies within {@link #exclusionMm()} of the blob. */
  private boolean near(CtVolume input, DotFilter.Blob b, List<CropDetection> candidates) {
    Spacing sp = input.spacing();
    for (CropDetection d : candidates) {
      Box3d bx = d.box();
      double dz = (bx.cz() - 0.5 - b.k()) * sp.zMm();
      double dy = (bx.cy() - 0.5 - b.j()) * sp.yMm();
      double dx = (bx.cx() - 0.5 - b.i()) * sp.xMm();
      if (dx * dx + dy * dy + dz * dz <= exclusionMm * exclusionMm) {
        return true;
      }
    }
    return false;
  }

  /**
   * A blob as a detection: the voxels at or above half way between the brightest voxel next to the
   * blob and the median of the surrounding cube (a half-maximum threshold), connected to that voxel
   * (6-neighbours) within a sphere of radius {@code max(3, ⌈2.5σ⌉ + 1)} voxels; the box is their
   * bounding box and the mask grid spans the cube ({@link MaskOrigin#REGION_GROWING}).
   *
   * @param input the scan's segmentation input
   * @param b the blob
   * @param score the candidate's score, in [0, 1]
   * @return the detection, or null if nothing is above the background
   */
  public static CropDetection detection(CtVolume input, DotFilter.Blob b, double score) {
    Dims d = input.dims();
    int r = Math.max(3, (int) Math.ceil(2.5 * b.sigmaMm()) + 1);
    int m = 2 * r + 1;
    float[] cube = new float[m * m * m];
    float[] lung = new float[m * m * m];
    int lungCount = 0;
    int peak = -1;
    for (int z = 0, o = 0; z < m; z++) {
      for (int y = 0; y < m; y++) {
        for (int x = 0; x < m; x++, o++) {
          int i = b.i() - r + x;
          int j = b.j() - r + y;
          int k = b.k() - r + z;
          float v = d.contains(i, j, k) ? input.get(i, j, k) : OUTSIDE;
          cube[o] = v;
          if (v != OUTSIDE) {
            lung[lungCount++] = v;
            if (Math.abs(x - r) <= 1
                && Math.abs(y - r) <= 1
                && Math.abs(z - r) <= 1
                && (peak < 0 || v > cube[peak])) {
              peak = o;
            }
          }
        }
      }
    }
    if (peak < 0) {
      return null;
    }
    Arrays.sort(lung, 0, lungCount);
    float background = lung[lungCount / 2];
    float threshold = (cube[peak] + background) / 2;
    if (!(cube[peak] > background)) {
      return null;
    }
    float[] mask = new float[cube.length];
    int[] queue = new int[cube.length];
    int head = 0;
    int tail = 0;
    queue[tail++] = peak;
    mask[peak] = 1;
    int z0 = m;
    int y0 = m;
    int x0 = m;
    int z1 = -1;
    int y1 = -1;
    int x1 = -1;
    int[][] steps = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    while (head < tail) {
      int o = queue[head++];
      int z = o / (m * m);
      int y = (o / m) % m;
      int x = o % m;
      z0 = Math.min(z0, z);
      y0 = Math.min(y0, y);
      x0 = Math.min(x0, x);
      z1 = Math.max(z1, z);
      y1 = Math.max(y1, y);
      x1 = Math.max(x1, x);
      for (int[] s : steps) {
        int zz = z + s[0];
        int yy = y + s[1];
        int xx = x + s[2];
        if (zz < 0
            || yy < 0
            || xx < 0
            || zz >= m
            || yy >= m
            || xx >= m
            || (zz - r) * (zz - r) + (yy - r) * (yy - r) + (xx - r) * (xx - r) > r * r) {
          continue;
        }
        int q = (zz * m + yy) * m + xx;
        if (mask[q] == 0 && cube[q] != OUTSIDE && cube[q] >= threshold) {
          mask[q] = 1;
          queue[tail++] = q;
        }
      }
    }
    int bz = b.k() - r;
    int by = b.j() - r;
    int bx = b.i() - r;
    Box3d box = new Box3d(bz + z0, by + y0, bx + x0, bz + z1 + 1, by + y1 + 1, bx + x1 + 1);
    Box3d maskBox = new Box3d(bz, by, bx, bz + m, by + m, bx + m);
    return new CropDetection(
        box, maskBox, score, m, mask, CandidateSource.BLOB, MaskOrigin.REGION_GROWING);
  }

  static void checkFullResponse(double fullResponse) {
    if (!(fullResponse > 0 && Double.isFinite(fullResponse))) {
      throw new IllegalArgumentException(
          "blob full response must be positive and finite, got " + fullResponse);
    }
  }

  static void checkExclusion(double mm) {
    if (!(mm >= 0 && Double.isFinite(mm))) {
      throw new IllegalArgumentException(
          "blob exclusion must be 0 or more mm and finite, got " + mm);
    }
  }
}
