package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/**
 * Writes small RT Structure Sets for tests (the library has no RTSTRUCT writer): box ROIs drawn as
 * one CLOSED_PLANAR rectangle per slice, on the voxel edges, so that the voxels inside are exactly
 * the box's. The file references its series through the RT Referenced Series Sequence (3006,0014),
 * as a treatment-planning system writes it, or through its frame of reference only.
 */
public final class RtStructFixture {

  private RtStructFixture() {}

  /** A box ROI: voxels [i0, i1) x [j0, j1) x [k0, k1). */
  public record Roi(String name, int i0, int i1, int j0, int j1, int k0, int k1) {}

  /**
   * Writes an RTSTRUCT on a series.
   *
   * @param referenceSeries whether to name the series (else only its frame of reference)
   */
  public static void write(Path file, DicomSeries ct, boolean referenceSeries, Roi... rois)
      throws IOException {
    String frame = Dicom.readReferences(ct.files().get(0)).frameOfReferenceUid();
    String uid = "2.25." + Integer.toUnsignedString(ct.seriesInstanceUid().hashCode()) + "7";
    VolumeGeometry g = ct.volume().geometry();
    DicomTree t =
        new DicomTree()
            .text(0x00080016, "UI", RtStructReader.RT_STRUCTURE_SET_STORAGE)
            .text(0x00080018, "UI", uid + ".1")
            .text(0x00080060, "CS", "RTSTRUCT")
            .text(0x00100020, "LO", ct.patientId().orElse(""))
            .text(0x0020000D, "UI", ct.studyInstanceUid().orElse("1.2.3"))
            .text(0x0020000E, "UI", uid + ".2")
            .text(0x30060002, "SH", "TEST");
    DicomTree refFrame = new DicomTree().text(0x00200052, "UI", frame);
    if (referenceSeries) {
      refFrame.sequence(
          0x30060012,
          new DicomTree()
              .text(0x00081150, "UI", "1.2.840.10008.3.1.2.3.1")
              .text(0x00081155, "UI", ct.studyInstanceUid().orElse("1.2.3"))
              .sequence(
                  0x30060014, new DicomTree().text(0x0020000E, "UI", ct.seriesInstanceUid())));
    }
    t.sequence(0x30060010, refFrame);
    List<DicomTree> structureSet = new ArrayList<>();
    List<DicomTree> contours = new ArrayList<>();
    for (int n = 0; n < rois.length; n++) {
      Roi r = rois[n];
      structureSet.add(
          new DicomTree()
              .text(0x30060022, "IS", Integer.toString(n + 1))
              .text(0x30060024, "UI", frame)
              .text(0x30060026, "LO", r.name()));
      List<DicomTree> perSlice = new ArrayList<>();
      for (int k = r.k0(); k < r.k1(); k++) {
        double[][] corners = {
          {r.i0() - 0.5, r.j0() - 0.5},
          {r.i1() - 0.5, r.j0() - 0.5},
          {r.i1() - 0.5, r.j1() - 0.5},
          {r.i0() - 0.5, r.j1() - 0.5}
        };
        StringBuilder data = new StringBuilder();
        for (double[] c : corners) {
          WorldPoint p = g.voxelToWorld(c[0], c[1], k);
          data.append(data.length() == 0 ? "" : "\\")
              .append(DicomText.ds(p.xMm()))
              .append('\\')
              .append(DicomText.ds(p.yMm()))
              .append('\\')
              .append(DicomText.ds(p.zMm()));
        }
        perSlice.add(
            new DicomTree()
                .text(0x30060042, "CS", "CLOSED_PLANAR")
                .text(0x30060046, "IS", "4")
                .text(0x30060050, "DS", data.toString()));
      }
      contours.add(
          new DicomTree()
              .text(0x30060084, "IS", Integer.toString(n + 1))
              .sequence(0x30060040, perSlice));
    }
    t.sequence(0x30060020, structureSet);
    t.sequence(0x30060039, contours);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(
        file,
        DicomTreeWriter.encode(RtStructReader.RT_STRUCTURE_SET_STORAGE, uid + ".1", t, null, null));
  }
}
