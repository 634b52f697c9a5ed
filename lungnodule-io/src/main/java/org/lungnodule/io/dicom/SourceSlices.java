package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * What the SEG and RTSTRUCT code needs from the files of a CT series: each slice's SOP Class and
 * Instance UIDs (in volume order), the Frame of Reference UID, and the patient and study attributes
 * a derived object copies. Read from the slice headers with {@link DicomTreeParser}.
 */
final class SourceSlices {

  /** Patient and study attributes copied into a derived object (type 2: empty if absent). */
  static final int[] COPIED = {
    0x00080020,
    0x00080030,
    0x00080050,
    0x00080090,
    0x00100010,
    0x00100020,
    0x00100030,
    0x00100040,
    0x0020000D,
    0x00200010
  };

  final String seriesInstanceUid;
  final String frameOfReferenceUid;
  final List<String> sopClassUids;
  final List<String> sopInstanceUids;
  final Map<String, Integer> sliceOfInstance;

  /** The first slice's tree (patient and study attributes). */
  final DicomTree first;

  private SourceSlices(
      String series, String frame, List<String> classes, List<String> instances, DicomTree first) {
    this.seriesInstanceUid = series;
    this.frameOfReferenceUid = frame;
    this.sopClassUids = List.copyOf(classes);
    this.sopInstanceUids = List.copyOf(instances);
    this.first = first;
    Map<String, Integer> m = new HashMap<>();
    for (int k = 0; k < instances.size(); k++) {
      m.put(instances.get(k), k);
    }
    this.sliceOfInstance = Map.copyOf(m);
  }

  /**
   * Reads the slice headers of a series.
   *
   * @param requireOnGrid whether each slice's position and orientation must be those of the
   *     volume's grid (true for writing a SEG that references the slices)
   * @throws DicomReferenceException if a slice lies off the volume's grid (a resampled series)
   * @throws IOException if a file cannot be read
   */
  static SourceSlices of(DicomSeries s, boolean requireOnGrid) throws IOException {
    List<String> classes = new ArrayList<>();
    List<String> instances = new ArrayList<>();
    String frame = "";
    DicomTree first = null;
    VolumeGeometry g = s.volume().geometry();
    for (int k = 0; k < s.files().size(); k++) {
      Path f = s.files().get(k);
      DicomTreeParser.Parsed p = DicomTreeParser.read(f);
      p.pixelSource().close();
      DicomTree t = p.tree();
      if (first == null) {
        first = t;
        frame = t.string(0x00200052);
      }
      classes.add(t.string(0x00080016));
      instances.add(t.string(0x00080018));
      if (requireOnGrid) {
        double[] ipp = t.numbers(f, 0x00200032);
        double[] iop = t.numbers(f, 0x00200037);
        WorldPoint w = g.voxelToWorld(0, 0, k);
        double tol = 0.01 + 1e-3 * Math.max(g.spacing().xMm(), g.spacing().zMm());
        boolean on =
            ipp.length == 3
                && Math.abs(ipp[0] - w.xMm()) <= tol
                && Math.abs(ipp[1] - w.yMm()) <= tol
                && Math.abs(ipp[2] - w.zMm()) <= tol
                && iop.length == 6
                && sameAxis(iop, 0, g.direction().axis(0))
                && sameAxis(iop, 3, g.direction().axis(1));
        if (!on) {
          throw new DicomReferenceException(
              f,
              "slice "
                  + k
                  + " does not lie on the volume's grid (was the series resampled, for example"
                  + " for gantry tilt?); a segmentation must reference the images it lies on");
        }
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("the series has no slice files");
    }
    return new SourceSlices(s.seriesInstanceUid(), frame, classes, instances, first);
  }

  static boolean sameAxis(double[] v, int off, double[] axis) {
    return Math.abs(v[off] - axis[0]) <= 1e-3
        && Math.abs(v[off + 1] - axis[1]) <= 1e-3
        && Math.abs(v[off + 2] - axis[2]) <= 1e-3;
  }
}
