package org.lungnodule.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelPoint;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomSeg;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.DicomWriteOptions;
import org.lungnodule.io.dicom.RtStructFixture;
import org.lungnodule.io.dicom.SegmentToWrite;
import org.lungnodule.io.lidc.LidcTestFolder;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/**
 * "Your own data" as a user brings it, made from the phantom's TEST-size scans (96 × 96 pixels, 48
 * mm of slices, two nodules each): an LIDC-IDRI folder (DICOM series written by our writer, one
 * LIDC XML per series with four readers' contours and the phantom's ratings) and a hospital export
 * (DICOM series in nested folders, some files without extension; nodules as DICOM SEG, RTSTRUCT or
 * a label map named after the series' UID; diagnoses in {@code labels.csv}). Each folder also holds
 * one bad input of each kind the importers report: an LIDC XML whose series is missing and one that
 * is broken; a SEG whose series is absent, a labels row that matches nothing and a truncated DICOM
 * file.
 *
 * <p>Scans are picked in index order, keeping those whose two nodules are at least 5 mm across (the
 * cohort rules keep nodules above 3 mm, as measured on the readers' consensus) and well apart (the
 * LIDC clusterer must not merge them), until the wanted counts of malignant and benign nodules are
 * reached.
 */
final class OwnDataFixture {

  private OwnDataFixture() {}

  /** The phantom's seed of both folders. */
  static final long SEED = 3;

  /** Each LIDC reader draws a slice's circle with its radius plus this much (pixels). */
  private static final double[] READER_BIAS_PX = {0, 0.3, -0.3, 0.2};

  /**
   * A folder written and what it should give.
   *
   * @param root the folder
   * @param scans the scans written whose nodules should be imported
   * @param malignant their MALIGNANT nodules
   * @param benign their BENIGN nodules
   */
  record Written(Path root, List<AnnotatedScan> scans, int malignant, int benign) {
    Written {
      scans = List.copyOf(scans);
    }
  }

  /**
   * TEST-size scans of a profile, in index order, until at least {@code malignant} and {@code
   * benign} nodules (see the class comment for which scans are kept).
   */
  static List<AnnotatedScan> pick(SiteProfile profile, int malignant, int benign) {
    Phantom ph = Phantom.builder().profile(profile).size(PhantomSize.TEST).seed(SEED).build();
    List<AnnotatedScan> out = new ArrayList<>();
    int m = 0;
    int b = 0;
    for (int i = 0; m < malignant || b < benign; i++) {
      if (i == 500) {
        throw new IllegalStateException(
            "500 phantom scans give " + m + " malignant and " + b + " benign nodules");
      }
      AnnotatedScan s = ph.scan(i);
      if (!usable(s)) {
        continue;
      }
      int sm = count(s, NoduleLabel.MALIGNANT);
      int sb = count(s, NoduleLabel.BENIGN);
      if ((sm > 0 && m < malignant) || (sb > 0 && b < benign)) {
        out.add(s);
        m += sm;
        b += sb;
      }
    }
    return out;
  }

  private static boolean usable(AnnotatedScan s) {
    List<Nodule> n = s.nodules();
    for (Nodule x : n) {
      if (x.diameterMm() < 5 || x.mask().isEmpty() || x.malignancyRatings().size() != 4) {
        return false;
      }
    }
    for (int a = 0; a < n.size(); a++) {
      for (int c = a + 1; c < n.size(); c++) {
        double dx = n.get(a).centerMm().xMm() - n.get(c).centerMm().xMm();
        double dy = n.get(a).centerMm().yMm() - n.get(c).centerMm().yMm();
        double dz = n.get(a).centerMm().zMm() - n.get(c).centerMm().zMm();
        if (Math.sqrt(dx * dx + dy * dy + dz * dz)
            < n.get(a).radiusMm() + n.get(c).radiusMm() + 6) {
          return false;
        }
      }
    }
    return true;
  }

  static int count(AnnotatedScan s, NoduleLabel l) {
    return (int) s.nodules().stream().filter(n -> n.label() == l).count();
  }

  private static Written written(Path root, List<AnnotatedScan> scans) {
    int m = scans.stream().mapToInt(s -> count(s, NoduleLabel.MALIGNANT)).sum();
    int b = scans.stream().mapToInt(s -> count(s, NoduleLabel.BENIGN)).sum();
    return new Written(root, scans, m, b);
  }

  private static String lidcUid(int n) {
    return "1.3.6.1.4.1.9328.50.3." + (n + 1);
  }

  /**
   * Writes an LIDC-IDRI folder: {@code <patient>/1.1/<series>/IM*.dcm} and {@code 0NN.xml} beside
   * them per scan; {@code LIDC-IDRI-0999/xml/999.xml} names a series that is not there; {@code
   * LIDC-IDRI-0998/xml/998.xml} is cut off mid-element.
   */
  static Written lidcFolder(Path root, int malignant, int benign) throws IOException {
    List<AnnotatedScan> scans = pick(SiteProfile.PUBLIC, malignant, benign);
    for (int n = 0; n < scans.size(); n++) {
      AnnotatedScan s = scans.get(n);
      Path series = root.resolve(s.patientId()).resolve("1.1").resolve(lidcUid(n));
      List<Path> files =
          Dicom.writeSeries(
              s.volume(),
              series,
              DicomWriteOptions.builder()
                  .patientId(s.patientId())
                  .seriesInstanceUid(lidcUid(n))
                  .seed(100 + n)
                  .build());
      List<String> sops = new ArrayList<>();
      for (Path f : files) {
        sops.add(Dicom.readFileInfo(f).sopInstanceUid());
      }
      VolumeGeometry grid = Dicom.readSeries(series).geometry();
      List<Outlined> marked = new ArrayList<>();
      for (Nodule x : s.nodules()) {
        marked.add(new Outlined(onGrid(x.mask().orElseThrow(), grid), x.malignancyRatings()));
      }
      Files.writeString(
          series.resolve(String.format("%03d.xml", 100 + n)),
          LidcTestFolder.xml(lidcUid(n), grid, marked, sops));
    }
    Path orphan = Files.createDirectories(root.resolve("LIDC-IDRI-0999/xml"));
    String xml =
        LidcTestFolder.xml(
            "1.3.6.1.4.1.9328.50.3.999", scans.get(0).volume().geometry(), List.of(), List.of());
    Files.writeString(orphan.resolve("999.xml"), xml);
    Path broken = Files.createDirectories(root.resolve("LIDC-IDRI-0998/xml"));
    Files.writeString(broken.resolve("998.xml"), xml.substring(0, xml.length() / 2));
    return written(root, scans);
  }

  /**
   * A phantom nodule as the four LIDC readers outline it: on each slice of its mask, a circle of
   * the slice's area around the slice's centroid, each reader's a little larger or smaller; the
   * ratings are the phantom's (malignant 4–5, benign 1–2).
   */
  private record Outlined(Mask full, List<Integer> rating) implements LidcTestFolder.MarkedNodule {
    @Override
    public int[] ratings() {
      return rating.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public List<int[]> outline(int reader, int k) {
      int nx = full.dims().nx();
      int ny = full.dims().ny();
      double si = 0;
      double sj = 0;
      int area = 0;
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          if (full.isSet(i, j, k)) {
            si += i;
            sj += j;
            area++;
          }
        }
      }
      if (area == 0) {
        return List.of();
      }
      // the fill takes in the outline's pixels: a circle of radius r covers about π (r + 0.5)²
      double r = Math.max(0, Math.sqrt(area / Math.PI) - 0.5 + READER_BIAS_PX[reader]);
      return LidcTestFolder.ellipse(si / area, sj / area, r, r);
    }
  }

  /** A nodule's mask (a crop of its scan's grid) pasted onto the whole grid of the series. */
  static Mask onGrid(Mask crop, VolumeGeometry grid) {
    VoxelPoint o = grid.worldToVoxel(crop.geometry().voxelToWorld(0, 0, 0));
    int oi = (int) Math.round(o.i());
    int oj = (int) Math.round(o.j());
    int ok = (int) Math.round(o.k());
    byte[] m = new byte[grid.dims().voxelCount()];
    for (int k = 0; k < crop.dims().nz(); k++) {
      for (int j = 0; j < crop.dims().ny(); j++) {
        for (int i = 0; i < crop.dims().nx(); i++) {
          int gi = oi + i;
          int gj = oj + j;
          int gk = ok + k;
          if (crop.isSet(i, j, k)
              && gi >= 0
              && gj >= 0
              && gk >= 0
              && gi < grid.dims().nx()
              && gj < grid.dims().ny()
              && gk < grid.dims().nz()) {
            m[grid.dims().index(gi, gj, gk)] = 1;
          }
        }
      }
    }
    return Mask.wrap(grid, m);
  }

  private static String importUid(int n) {
    return "2.25.4711" + (n + 1);
  }

  /**
   * Writes a hospital export: {@code PACS/<patient>/<study>/<series>/} with the CT slices (every
   * other file without its {@code .dcm}); scans by turns annotated by a SEG ({@code seg.dcm} beside
   * the slices, segments named by the phantom's nodule ids), an RTSTRUCT ({@code rs.dcm}, box ROIs
   * around each nodule) or a label map {@code labelmaps/<series UID>.nii.gz} (nodule n has value
   * n); and {@code labels.csv} ({@code patient_id,nodule,label}) beside the folder, with a row that
   * matches no nodule. Bad inputs: {@code PACS/orphan-seg.dcm}, a SEG of a series not in the
   * export, and {@code PACS/broken/IM0001.dcm}, a DICOM file cut off in its header.
   */
  static Written importFolder(Path root, Path labels, int malignant, int benign)
      throws IOException {
    List<AnnotatedScan> scans = pick(SiteProfile.HB, malignant, benign);
    StringBuilder rows = new StringBuilder("patient_id,nodule,label\n");
    Path pacs = root.resolve("PACS");
    for (int n = 0; n < scans.size(); n++) {
      AnnotatedScan s = scans.get(n);
      Path series = pacs.resolve(s.patientId()).resolve("study-1").resolve("CT" + (n + 1));
      List<Path> files =
          Dicom.writeSeries(
              s.volume(),
              series,
              DicomWriteOptions.builder()
                  .patientId(s.patientId())
                  .seriesInstanceUid(importUid(n))
                  .seed(200 + n)
                  .build());
      for (int f = 0; f < files.size(); f += 2) {
        String name = files.get(f).getFileName().toString();
        Files.move(files.get(f), series.resolve(name.substring(0, name.length() - 4)));
      }
      DicomSeries ct = Dicom.readSeriesWithInfo(series);
      VolumeGeometry grid = ct.volume().geometry();
      List<Nodule> nodules = s.nodules();
      switch (n % 3) {
        case 0 -> {
          List<SegmentToWrite> segs = new ArrayList<>();
          for (Nodule x : nodules) {
            segs.add(
                new SegmentToWrite(x.id(), Optional.empty(), onGrid(x.mask().orElseThrow(), grid)));
            rows.append(row(s, x.id(), x));
          }
          DicomSeg.write(series.resolve("seg.dcm"), ct, segs);
        }
        case 1 -> {
          List<RtStructFixture.Roi> rois = new ArrayList<>();
          for (Nodule x : nodules) {
            VoxelPoint lo =
                grid.worldToVoxel(x.mask().orElseThrow().geometry().voxelToWorld(0, 0, 0));
            int i0 = (int) Math.round(lo.i());
            int j0 = (int) Math.round(lo.j());
            int k0 = (int) Math.round(lo.k());
            Dims d = x.mask().orElseThrow().dims();
            rois.add(
                new RtStructFixture.Roi(
                    x.id(),
                    Math.max(0, i0),
                    Math.min(grid.dims().nx(), i0 + d.nx()),
                    Math.max(0, j0),
                    Math.min(grid.dims().ny(), j0 + d.ny()),
                    Math.max(0, k0),
                    Math.min(grid.dims().nz(), k0 + d.nz())));
            rows.append(row(s, x.id(), x));
          }
          RtStructFixture.write(
              series.resolve("rs.dcm"), ct, true, rois.toArray(RtStructFixture.Roi[]::new));
        }
        default -> {
          byte[] labelMap = new byte[grid.dims().voxelCount()];
          for (int v = 0; v < nodules.size(); v++) {
            byte[] m = onGrid(nodules.get(v).mask().orElseThrow(), grid).copyLabels();
            for (int q = 0; q < m.length; q++) {
              if (m[q] != 0) {
                labelMap[q] = (byte) (v + 1);
              }
            }
            rows.append(row(s, Integer.toString(v + 1), nodules.get(v)));
          }
          Path maps = Files.createDirectories(root.resolve("labelmaps"));
          VolumeFiles.writeMask(Mask.wrap(grid, labelMap), maps.resolve(importUid(n) + ".nii.gz"));
        }
      }
    }
    rows.append(scans.get(0).patientId()).append(",no-such-nodule,MALIGNANT\n");
    Files.writeString(labels, rows.toString());

    // a SEG of a series that is not in the export
    AnnotatedScan extra =
        Phantom.builder()
            .profile(SiteProfile.HB)
            .size(PhantomSize.TEST)
            .seed(SEED + 1)
            .build()
            .scan(0);
    Path elsewhere = root.getParent().resolve("not-exported");
    Dicom.writeSeries(
        extra.volume(),
        elsewhere,
        DicomWriteOptions.builder()
            .patientId(extra.patientId())
            .seriesInstanceUid("2.25.4711999")
            .seed(999)
            .build());
    DicomSeries gone = Dicom.readSeriesWithInfo(elsewhere);
    Nodule first = extra.nodules().get(0);
    DicomSeg.write(
        pacs.resolve("orphan-seg.dcm"),
        gone,
        List.of(
            new SegmentToWrite(
                first.id(),
                Optional.empty(),
                onGrid(first.mask().orElseThrow(), gone.volume().geometry()))));

    // a DICOM file cut off in its header
    byte[] slice = Files.readAllBytes(gone.files().get(0));
    Path broken = Files.createDirectories(pacs.resolve("broken"));
    Files.write(broken.resolve("IM0001.dcm"), Arrays.copyOf(slice, 300));
    return written(root, scans);
  }

  private static String row(AnnotatedScan s, String noduleId, Nodule x) {
    return s.patientId() + "," + noduleId + "," + x.label().name() + "\n";
  }
}
