package org.lungnodule.io.manifest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomSeg;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.DicomWriteOptions;
import org.lungnodule.io.dicom.SegmentToWrite;

/**
 * Builds the parts of a synthetic hospital export: CT series of bright spheres written by our
 * DicomWriter (files renamed without extension), SEGs written by DicomSeg.write, label maps, and
 * the pydicom-made RTSTRUCT fixture with its CT series (dicom/seg, see make-seg-reference.py).
 */
final class ExportFixture {

  private ExportFixture() {}

  /** A sphere in voxel units: centre (i, j, k) and radius. */
  record Sphere(int i, int j, int k, double r) {}

  /** A CT series written to a folder, read back, and its sphere masks on the read grid. */
  record Series(Path folder, DicomSeries read, List<Mask> masks, List<WorldPoint> centres) {}

  static VolumeGeometry grid(int nx, int ny, int nz, double originX) {
    return new VolumeGeometry(
        new Dims(nx, ny, nz),
        new Spacing(0.75, 0.75, 2.0),
        new WorldPoint(originX, 20.25, -300),
        Direction.IDENTITY);
  }

  static Mask sphere(VolumeGeometry g, Sphere s) {
    Dims d = g.dims();
    byte[] m = new byte[d.voxelCount()];
    for (int k = 0; k < d.nz(); k++) {
      for (int j = 0; j < d.ny(); j++) {
        for (int i = 0; i < d.nx(); i++) {
          double di = i - s.i();
          double dj = j - s.j();
          double dk = k - s.k();
          if (di * di + dj * dj + dk * dk <= s.r() * s.r()) {
            m[d.index(i, j, k)] = 1;
          }
        }
      }
    }
    return Mask.wrap(g, m);
  }

  /**
   * Writes a CT series of -800 HU with +60 HU spheres into {@code folder}, its files renamed
   * without extension, and reads it back.
   */
  static Series ct(Path folder, String patientId, long seed, VolumeGeometry g, Sphere... spheres)
      throws IOException {
    float[] hu = new float[g.dims().voxelCount()];
    java.util.Arrays.fill(hu, -800f);
    for (Sphere s : spheres) {
      byte[] m = sphere(g, s).copyLabels();
      for (int q = 0; q < m.length; q++) {
        if (m[q] != 0) {
          hu[q] = 60f;
        }
      }
    }
    Dicom.writeSeries(
        CtVolume.wrap(g, hu),
        folder,
        DicomWriteOptions.builder().patientId(patientId).seed(seed).build());
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        Files.move(f, f.resolveSibling(n.substring(0, n.length() - ".dcm".length())));
      }
    }
    DicomSeries read = Dicom.readSeriesWithInfo(folder);
    VolumeGeometry rg = read.volume().geometry();
    List<Mask> masks = new ArrayList<>();
    List<WorldPoint> centres = new ArrayList<>();
    for (Sphere s : spheres) {
      masks.add(sphere(rg, s));
      centres.add(g.voxelToWorld(s.i(), s.j(), s.k()));
    }
    return new Series(folder, read, masks, centres);
  }

  /** Writes a SEG of the series' spheres, segment n labelled {@code labels[n]}. */
  static void seg(Path file, Series s, String... labels) throws IOException {
    List<SegmentToWrite> segs = new ArrayList<>();
    for (int n = 0; n < labels.length; n++) {
      segs.add(new SegmentToWrite(labels[n], Optional.empty(), s.masks().get(n)));
    }
    Files.createDirectories(file.getParent());
    DicomSeg.write(file, s.read(), segs);
  }

  /** Writes a label map of the series' spheres, sphere n with value n + 1. */
  static void labelMap(Path file, Series s) throws IOException {
    VolumeGeometry g = s.read().volume().geometry();
    byte[] labels = new byte[g.dims().voxelCount()];
    for (int n = 0; n < s.masks().size(); n++) {
      byte[] m = s.masks().get(n).copyLabels();
      for (int q = 0; q < m.length; q++) {
        if (m[q] != 0) {
          labels[q] = (byte) (n + 1);
        }
      }
    }
    Files.createDirectories(file.getParent());
    VolumeFiles.writeMask(Mask.wrap(g, labels), file);
  }

  /** The pydicom reference folder dicom/seg: ct/IM1..IM6 and rtstruct.dcm. */
  static Path segReference() {
    try {
      return Path.of(ExportFixture.class.getResource("/dicom/seg/expected.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the reference CT series (patient SEGREF) into {@code folder}. */
  static void referenceCt(Path folder) throws IOException {
    Files.createDirectories(folder);
    for (int k = 1; k <= 6; k++) {
      Files.copy(segReference().resolve("ct").resolve("IM" + k), folder.resolve("IM" + k));
    }
  }
}
