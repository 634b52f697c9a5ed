package org.lungnodule.io.lidc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomWriteOptions;

/**
 * Writes small LIDC-IDRI and LUNA16 folders for tests: a 64 × 64 × 20 CT of -800 HU with spheres of
 * 40 HU as nodules, and an LIDC XML in which up to four readers contour each sphere slice by slice
 * (circles of slightly different radii, {@code imageZposition} and {@code imageSOP_UID} of the
 * written slices) and rate its malignancy.
 *
 * <p>The XML writer ({@link #xml(String, VolumeGeometry, List, List)}) takes any {@link
 * MarkedNodule}, so that other modules' tests (through lungnodule-io's test-jar) write LIDC XML for
 * nodules of their own, such as the phantom's.
 */
public final class LidcTestFolder {

  private LidcTestFolder() {}

  static final VolumeGeometry GRID =
      new VolumeGeometry(
          new Dims(64, 64, 20),
          new Spacing(0.8, 0.8, 1.5),
          new WorldPoint(-25.6, -25.6, -100),
          Direction.IDENTITY);

  static final float BACKGROUND = -800;
  static final float NODULE = 40;

  /** Each reader draws the sphere with its radius plus this much (mm). */
  private static final double[] READER_BIAS_MM = {0, 0.25, -0.25, 0.15};

  /** A nodule as four readers mark it in an LIDC XML. */
  public interface MarkedNodule {
    /** Per reader (4): 1..5 a malignancy rating, 0 marked without rating, -1 not marked. */
    int[] ratings();

    /**
     * The outline reader {@code reader} draws on slice {@code k}: pixel points (column, row) in
     * order, without repeating the first; empty where the reader does not mark this slice.
     */
    List<int[]> outline(int reader, int k);
  }

  /**
   * A spherical nodule and what the four readers did with it.
   *
   * @param ci centre column
   * @param cj centre row
   * @param ck centre slice
   * @param radiusMm radius
   * @param ratings per reader: 1..5 a malignancy rating, 0 marked without rating, -1 not marked
   */
  record Sphere(int ci, int cj, int ck, double radiusMm, int... ratings) implements MarkedNodule {
    @Override
    public List<int[]> outline(int reader, int k) {
      double radius = radiusMm + READER_BIAS_MM[reader];
      double dz = (k - ck) * GRID.spacing().zMm();
      if (Math.abs(dz) > radius) {
        return List.of();
      }
      double rk = Math.sqrt(radius * radius - dz * dz);
      return ellipse(ci, cj, rk / GRID.spacing().xMm(), rk / GRID.spacing().yMm());
    }

    WorldPoint centerMm() {
      return GRID.voxelToWorld(ci, cj, ck);
    }

    boolean contains(int i, int j, int k) {
      double dx = (i - ci) * GRID.spacing().xMm();
      double dy = (j - cj) * GRID.spacing().yMm();
      double dz = (k - ck) * GRID.spacing().zMm();
      return dx * dx + dy * dy + dz * dz <= radiusMm * radiusMm;
    }

    int voxelCount() {
      int n = 0;
      for (int k = 0; k < GRID.dims().nz(); k++) {
        for (int j = 0; j < GRID.dims().ny(); j++) {
          for (int i = 0; i < GRID.dims().nx(); i++) {
            n += contains(i, j, k) ? 1 : 0;
          }
        }
      }
      return n;
    }
  }

  static CtVolume volume(List<Sphere> spheres) {
    Dims d = GRID.dims();
    float[] hu = new float[d.voxelCount()];
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          float v = BACKGROUND;
          for (Sphere s : spheres) {
            if (s.contains(i, j, k)) {
              v = NODULE;
            }
          }
          hu[d.index(i, j, k)] = v;
        }
      }
    }
    return CtVolume.wrap(GRID, hu);
  }

  /**
   * Writes the LIDC-IDRI layout of one scan: the DICOM series in {@code folder} and the XML {@code
   * 069.xml} beside it.
   *
   * @return the XML file
   */
  static Path writeDicomCase(Path folder, String patientId, String seriesUid, List<Sphere> spheres)
      throws IOException {
    List<Path> files =
        Dicom.writeSeries(
            volume(spheres),
            folder,
            DicomWriteOptions.builder()
                .patientId(patientId)
                .seriesInstanceUid(seriesUid)
                .seed(seriesUid.hashCode())
                .build());
    List<String> sops = new ArrayList<>();
    for (Path f : files) {
      sops.add(Dicom.readFileInfo(f).sopInstanceUid());
    }
    return Files.writeString(folder.resolve("069.xml"), xml(seriesUid, spheres, sops));
  }

  /**
   * Writes the LUNA16 layout of one scan: {@code <volumes>/<seriesUid>.mhd} and {@code
   * <xmlFolder>/<name>.xml}.
   *
   * @return the XML file
   */
  static Path writeLunaCase(Path volumes, Path xmlFolder, String seriesUid, List<Sphere> spheres)
      throws IOException {
    Files.createDirectories(volumes);
    Files.createDirectories(xmlFolder);
    VolumeFiles.write(volume(spheres), volumes.resolve(seriesUid + ".mhd"));
    List<String> sops = new ArrayList<>();
    for (int k = 0; k < GRID.dims().nz(); k++) {
      sops.add(seriesUid + "." + (k + 1));
    }
    return Files.writeString(
        xmlFolder.resolve(seriesUid.hashCode() + ".xml"), xml(seriesUid, spheres, sops));
  }

  /**
   * The LIDC XML of four readers for the spheres on {@link #GRID}, slice SOP UIDs in slice order.
   */
  static String xml(String seriesUid, List<Sphere> spheres, List<String> sops) {
    return xml(seriesUid, GRID, spheres, sops);
  }

  /**
   * The LIDC XML of four readings marking the nodules of one series: each reader's marks (a nodule
   * id, the rating if any, one {@code roi} per slice it outlines with that slice's {@code
   * imageZposition} and {@code imageSOP_UID}).
   *
   * @param grid the series' grid (for the slices' z positions)
   * @param sops the written slices' SOP Instance UIDs in slice order
   */
  public static String xml(
      String seriesUid,
      VolumeGeometry grid,
      List<? extends MarkedNodule> nodules,
      List<String> sops) {
    StringBuilder sb = new StringBuilder();
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<LidcReadMessage xmlns=\"http://www.nih.gov\">\n");
    sb.append("<ResponseHeader><SeriesInstanceUid>")
        .append(seriesUid)
        .append("</SeriesInstanceUid></ResponseHeader>\n");
    for (int r = 0; r < 4; r++) {
      sb.append("<readingSession><servicingRadiologistID>reader-")
          .append((char) ('A' + r))
          .append("</servicingRadiologistID>\n");
      for (int n = 0; n < nodules.size(); n++) {
        MarkedNodule s = nodules.get(n);
        if (s.ratings()[r] < 0) {
          continue;
        }
        sb.append("<unblindedReadNodule><noduleID>")
            .append("IL")
            .append(r)
            .append('_')
            .append(n)
            .append("</noduleID>");
        if (s.ratings()[r] > 0) {
          sb.append("<characteristics><malignancy>")
              .append(s.ratings()[r])
              .append("</malignancy></characteristics>");
        }
        for (int k = 0; k < grid.dims().nz(); k++) {
          List<int[]> pts = s.outline(r, k);
          if (pts.isEmpty()) {
            continue;
          }
          double z = grid.voxelToWorld(0, 0, k).zMm();
          sb.append("<roi><imageZposition>")
              .append(String.format(Locale.ROOT, "%.6f", z))
              .append("</imageZposition><imageSOP_UID>")
              .append(sops.get(k))
              .append("</imageSOP_UID><inclusion>TRUE</inclusion>");
          for (int[] p : pts) {
            sb.append("<edgeMap><xCoord>")
                .append(p[0])
                .append("</xCoord><yCoord>")
                .append(p[1])
                .append("</yCoord></edgeMap>");
          }
          sb.append("</roi>");
        }
        sb.append("</unblindedReadNodule>\n");
      }
      sb.append("</readingSession>\n");
    }
    sb.append("</LidcReadMessage>\n");
    return sb.toString();
  }

  /**
   * An ellipse outline around pixel (ci, cj) with radii rx, ry pixels: pixel points in order,
   * consecutive duplicates and the closing repeat dropped.
   */
  public static List<int[]> ellipse(double ci, double cj, double rx, double ry) {
    List<int[]> pts = new ArrayList<>();
    int steps = Math.max(8, (int) Math.ceil(4 * Math.PI * Math.max(rx, ry)));
    for (int t = 0; t < steps; t++) {
      double a = 2 * Math.PI * t / steps;
      int[] p = {(int) Math.round(ci + rx * Math.cos(a)), (int) Math.round(cj + ry * Math.sin(a))};
      int[] last = pts.isEmpty() ? null : pts.get(pts.size() - 1);
      if (last == null || last[0] != p[0] || last[1] != p[1]) {
        pts.add(p);
      }
    }
    if (pts.size() > 1
        && pts.get(0)[0] == pts.get(pts.size() - 1)[0]
        && pts.get(0)[1] == pts.get(pts.size() - 1)[1]) {
      pts.remove(pts.size() - 1);
    }
    return pts;
  }
}
