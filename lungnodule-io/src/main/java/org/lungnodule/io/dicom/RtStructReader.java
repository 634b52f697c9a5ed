package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.MemoryBudget;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.core.WorldPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads an RT Structure Set and rasterises its contours (see {@link RtStruct#read}). */
final class RtStructReader {

  private static final Logger LOG = LoggerFactory.getLogger(RtStructReader.class);

  static final String RT_STRUCTURE_SET_STORAGE = "1.2.840.10008.5.1.4.1.1.481.3";

  /** Slack on the half-slice rule for rounding in contour coordinates (in slices). */
  private static final double EPS = 1e-6;

  private RtStructReader() {}

  static RtStructureSet read(Path file, VolumeGeometry grid, SourceSlices source)
      throws IOException {
    DicomTreeParser.Parsed p = DicomTreeParser.read(file);
    p.pixelSource().close();
    DicomTree t = p.tree();
    String sopClass = t.string(0x00080016);
    if (!sopClass.equals(RT_STRUCTURE_SET_STORAGE)) {
      throw new DicomException(
          file,
          "not an RT Structure Set: SOP Class UID is '"
              + sopClass
              + "', expected "
              + RT_STRUCTURE_SET_STORAGE);
    }
    List<String> warnings = new ArrayList<>();
    Map<Integer, List<DicomTree>> contoursOf = new HashMap<>();
    for (DicomTree rc : t.items(0x30060039)) {
      double[] n = rc.numbers(file, 0x30060084);
      if (n.length != 1) {
        throw new DicomException(
            file, "an ROI Contour item lacks its Referenced ROI Number (3006,0084)");
      }
      contoursOf.computeIfAbsent((int) n[0], x -> new ArrayList<>()).addAll(rc.items(0x30060040));
    }
    List<DicomTree> rois = t.items(0x30060020);
    long need = (long) grid.dims().voxelCount() * Math.max(1, rois.size());
    if (!MemoryBudget.allows(need)) {
      throw new DicomException(file, MemoryBudget.refusal(need, rois.size() + " ROI masks"));
    }
    List<RtStructRoi> out = new ArrayList<>();
    for (DicomTree roi : rois) {
      double[] n = roi.numbers(file, 0x30060022);
      if (n.length != 1) {
        throw new DicomException(file, "a Structure Set ROI item lacks its ROI Number (3006,0022)");
      }
      int number = (int) n[0];
      String name = roi.string(0x30060026);
      String frame = roi.string(0x30060024);
      String who = "ROI " + number + " '" + name + "'";
      if (source != null
          && !frame.isEmpty()
          && !source.frameOfReferenceUid.isEmpty()
          && !frame.equals(source.frameOfReferenceUid)) {
        throw new DicomReferenceException(
            file,
            who
                + " references Frame of Reference "
                + frame
                + ", not the series' "
                + source.frameOfReferenceUid);
      }
      List<DicomTree> contours = contoursOf.getOrDefault(number, List.of());
      if (contours.isEmpty()) {
        warnings.add(who + " has no contours");
      }
      Map<Integer, List<double[]>> bySlice = new TreeMap<>();
      int used = 0;
      for (int c = 0; c < contours.size(); c++) {
        DicomTree ct = contours.get(c);
        String type = ct.string(0x30060042);
        if (!type.equals("CLOSED_PLANAR")) {
          warnings.add(
              who
                  + " contour "
                  + (c + 1)
                  + " is "
                  + (type.isEmpty() ? "untyped" : type)
                  + ", skipped");
          continue;
        }
        double[] xyz = ct.numbers(file, 0x30060050);
        if (xyz.length < 9 || xyz.length % 3 != 0) {
          throw new DicomException(
              file,
              who
                  + " contour "
                  + (c + 1)
                  + ": Contour Data has "
                  + xyz.length
                  + " values, expected 3 per point and at least 3 points");
        }
        double[] ij = new double[xyz.length / 3 * 2];
        double kMin = Double.POSITIVE_INFINITY;
        double kMax = Double.NEGATIVE_INFINITY;
        for (int q = 0; q < xyz.length / 3; q++) {
          VoxelPoint v =
              grid.worldToVoxel(new WorldPoint(xyz[3 * q], xyz[3 * q + 1], xyz[3 * q + 2]));
          ij[2 * q] = v.i();
          ij[2 * q + 1] = v.j();
          kMin = Math.min(kMin, v.k());
          kMax = Math.max(kMax, v.k());
        }
        long k = Math.round((kMin + kMax) / 2);
        if (kMin < k - 0.5 - EPS || kMax > k + 0.5 + EPS || k < 0 || k >= grid.dims().nz()) {
          throw new DicomReferenceException(
              file,
              who
                  + " contour "
                  + (c + 1)
                  + ": contour off the image plane (slice positions "
                  + String.format(Locale.ROOT, "%.3f to %.3f", kMin, kMax)
                  + " in voxels; it must lie within half a slice spacing of one of the "
                  + grid.dims().nz()
                  + " slices)");
        }
        bySlice.computeIfAbsent((int) k, x -> new ArrayList<>()).add(ij);
        used++;
      }
      byte[] m = new byte[grid.dims().voxelCount()];
      for (Map.Entry<Integer, List<double[]>> e : bySlice.entrySet()) {
        fillEvenOdd(m, grid.dims(), e.getKey(), e.getValue());
      }
      out.add(new RtStructRoi(number, name, frame, used, Mask.wrap(grid, m)));
    }
    RtStructureSet r =
        new RtStructureSet(file, t.string(0x00080018), t.string(0x30060002), out, warnings);
    LOG.info("read {} ({} ROIs)", file, out.size());
    return r;
  }

  /**
   * Fills the pixels of slice {@code k} whose centres lie inside the polygons by the even-odd rule:
   * a centre is inside when a ray from it crosses the polygons' edges an odd number of times (so a
   * contour inside another on the same slice is a hole).
   */
  static void fillEvenOdd(byte[] m, Dims d, int k, List<double[]> polygons) {
    int nx = d.nx();
    int ny = d.ny();
    int edges = 0;
    for (double[] p : polygons) {
      edges += p.length / 2;
    }
    double[] xs = new double[edges];
    int base = k * d.sliceSize();
    for (int j = 0; j < ny; j++) {
      int n = 0;
      for (double[] p : polygons) {
        int pts = p.length / 2;
        for (int a = 0, b = pts - 1; a < pts; b = a++) {
          double ya = p[2 * a + 1];
          double yb = p[2 * b + 1];
          if ((ya > j) != (yb > j)) {
            double xa = p[2 * a];
            double xb = p[2 * b];
            xs[n++] = xa + (j - ya) * (xb - xa) / (yb - ya);
          }
        }
      }
      Arrays.sort(xs, 0, n);
      for (int q = 0; q + 1 < n; q += 2) {
        int from = (int) Math.max(0, Math.ceil(xs[q]));
        int to = (int) Math.min(nx - 1, Math.ceil(xs[q + 1]) - 1);
        for (int i = from; i <= to; i++) {
          m[base + j * nx + i] = 1;
        }
      }
    }
  }
}
