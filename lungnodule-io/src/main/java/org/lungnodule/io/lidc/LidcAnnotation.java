package org.lungnodule.io.lidc;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.WorldPoint;

/**
 * One reader's mark of a nodule placed on a scan's grid: the voxels it covers and where its
 * contour lies in world mm. Made by {@link LidcClusterer}.
 *
 * @param session 0-based index of the reading session (= the reader)
 * @param readerId the session's {@code servicingRadiologistID}
 * @param noduleId the reader's {@code noduleID}
 * @param malignancy the reader's malignancy rating, if any
 * @param centroidMm centroid of the covered voxels, world mm
 * @param diameterMm the largest distance between two contour points on one slice (mm); 0 for a
 *     single-point (under 3 mm) mark
 * @param voxelCount the number of voxels covered
 */
public record LidcAnnotation(
    int session,
    String readerId,
    String noduleId,
    Optional<Integer> malignancy,
    WorldPoint centroidMm,
    double diameterMm,
    int voxelCount) {

  /** Validates. */
  public LidcAnnotation {
    Objects.requireNonNull(readerId, "readerId");
    Objects.requireNonNull(noduleId, "noduleId");
    Objects.requireNonNull(malignancy, "malignancy");
    Objects.requireNonNull(centroidMm, "centroidMm");
  }

  /** The voxels and contour of an annotation, kept by the clusterer. */
  record Shape(int[] sortedVoxels, double[] contourMm) {
    /** Returns whether two sorted voxel sets share a voxel. */
    boolean overlaps(Shape o) {
      int[] a = sortedVoxels;
      int[] b = o.sortedVoxels;
      int i = 0;
      int j = 0;
      while (i < a.length && j < b.length) {
        if (a[i] == b[j]) {
          return true;
        }
        if (a[i] < b[j]) {
          i++;
        } else {
          j++;
        }
      }
      return false;
    }

    /** Returns 0 if the voxel sets overlap, else the smallest contour-to-contour distance (mm). */
    double distanceMm(Shape o) {
      if (overlaps(o)) {
        return 0;
      }
      double best = Double.POSITIVE_INFINITY;
      double[] p = contourMm;
      double[] q = o.contourMm;
      for (int i = 0; i < p.length; i += 3) {
        for (int j = 0; j < q.length; j += 3) {
          double dx = p[i] - q[j];
          double dy = p[i + 1] - q[j + 1];
          double dz = p[i + 2] - q[j + 2];
          double d = dx * dx + dy * dy + dz * dz;
          if (d < best) {
            best = d;
          }
        }
      }
      return Math.sqrt(best);
    }

    @Override
    public boolean equals(Object x) {
      return x instanceof Shape s
          && Arrays.equals(sortedVoxels, s.sortedVoxels)
          && Arrays.equals(contourMm, s.contourMm);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(sortedVoxels);
    }

    @Override
    public String toString() {
      return "Shape[" + sortedVoxels.length + " voxels]";
    }
  }

  /** Returns the ratings of annotations that have one. */
  static List<Integer> ratings(List<LidcAnnotation> as) {
    return as.stream().flatMap(a -> a.malignancy().stream()).toList();
  }
}
