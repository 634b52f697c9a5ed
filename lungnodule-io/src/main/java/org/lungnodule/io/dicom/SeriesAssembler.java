package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.internal.Budget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a volume from the files of a folder: headers in parallel, grouping by SeriesInstanceUID,
 * checks of orientation and spacing, sorting along the slice normal, then the pixel data of every
 * slice decoded in parallel straight into the volume.
 */
final class SeriesAssembler {

  private static final Logger LOG = LoggerFactory.getLogger(SeriesAssembler.class);

  /** Tolerance on direction cosines and pixel spacing agreement between slices. */
  private static final double ORIENTATION_TOL = 1e-4;

  /** Slices closer than this along the normal are taken as being at one position. */
  private static final double SAME_POSITION_MM = 1e-3;

  private SeriesAssembler() {}

  static List<DicomSeriesInfo> list(Path dirOrFile, DicomReadOptions opt) throws IOException {
    return scan(dirOrFile, opt).series();
  }

  static DicomFolderContents scan(Path dirOrFile, DicomReadOptions opt) throws IOException {
    Optional<DicomDir> dicomdir = DicomDir.index(dirOrFile);
    if (dicomdir.isPresent()) {
      return DicomDirScan.contents(dirOrFile, dicomdir.get());
    }
    Scan scan = headers(dirOrFile, opt);
    return new DicomFolderContents(
        dirOrFile,
        infos(dirOrFile, group(scan.images), opt.recursive()),
        scan.skippedModalities,
        scan.notDicom,
        scan.withoutPixels,
        scan.dicomdirs);
  }

  /** What a folder held: the CT image headers, and counts of what was skipped. */
  record Scan(
      List<SliceHeader> images,
      Map<String, Integer> skippedModalities,
      int notDicom,
      int withoutPixels,
      int dicomdirs) {

    /** Says what was skipped, or the empty string when nothing was. */
    String skippedText() {
      List<String> parts = new ArrayList<>();
      if (!skippedModalities.isEmpty()) {
        parts.add(
            skippedModalities.values().stream().mapToInt(Integer::intValue).sum()
                + " non-CT image(s) "
                + skippedModalities);
      }
      if (withoutPixels > 0) {
        parts.add(withoutPixels + " DICOM file(s) without pixel data");
      }
      if (dicomdirs > 0) {
        parts.add(
            dicomdirs + " DICOMDIR index file(s) (not read; the images are found by listing)");
      }
      if (notDicom > 0) {
        parts.add(notDicom + " non-DICOM file(s)");
      }
      return String.join(", ", parts);
    }
  }

  static DicomSeries read(Path dirOrFile, DicomReadOptions opt) throws IOException {
    long t0 = System.nanoTime();
    Optional<DicomDir> dicomdir = DicomDir.index(dirOrFile);
    Scan scan =
        dicomdir.isPresent()
            ? DicomDirScan.series(dirOrFile, dicomdir.get(), opt)
            : headers(dirOrFile, opt);
    return read(dirOrFile, scan, opt, t0);
  }

  /**
   * Reads a series from exactly the files given (in any folders); each must be a DICOM file, and
   * those that are not CT images are skipped as in a folder.
   *
   * @param folder the folder named in messages (the files' common folder)
   */
  static DicomSeries readFiles(Path folder, List<Path> files, DicomReadOptions opt)
      throws IOException {
    long t0 = System.nanoTime();
    Scan scan = classify(folder, files, files.size(), 0, opt.recursive(), true);
    return read(folder, scan, opt, t0);
  }

  private static DicomSeries read(Path dirOrFile, Scan scan, DicomReadOptions opt, long t0)
      throws IOException {
    Path folder = dirOrFile;
    Map<String, List<SliceHeader>> groups = group(scan.images);
    List<SliceHeader> series;
    if (opt.seriesInstanceUid().isPresent()) {
      series = groups.get(opt.seriesInstanceUid().get());
      if (series == null) {
        throw new MultipleSeriesException(
            folder,
            "no series with SeriesInstanceUID "
                + opt.seriesInstanceUid().get()
                + "; found "
                + groups.size(),
            infos(folder, groups, opt.recursive()));
      }
    } else if (groups.size() > 1) {
      throw new MultipleSeriesException(
          folder, "found " + groups.size() + " series", infos(folder, groups, opt.recursive()));
    } else {
      series = groups.values().iterator().next();
    }
    for (SliceHeader h : series) {
      PixelDecoder.validate(h);
    }
    List<String> warnings = new ArrayList<>();
    String skipped = scan.skippedText();
    if (!skipped.isEmpty()) {
      warnings.add("skipped " + skipped);
    }
    Layout layout = layout(folder, series, opt, warnings);
    List<SliceHeader> sorted = layout.sorted;
    SliceHeader first = sorted.get(0);
    Budget.requireVoxels(
        sorted.size() == 1 ? "the file" : "the series",
        first.columns,
        first.rows,
        sorted.size(),
        Budget.VOLUME,
        m -> new DicomSeriesException(folder, m));
    Dims dims;
    try {
      dims = new Dims(first.columns, first.rows, sorted.size());
    } catch (IllegalArgumentException e) {
      throw new DicomSeriesException(folder, e.getMessage());
    }
    float[] hu = new float[dims.voxelCount()];
    int sliceSize = dims.sliceSize();
    List<int[]> tasks = decodeTasks(sorted);
    IOException[] errors = new IOException[tasks.size()];
    boolean[] lossy = new boolean[sorted.size()];
    Parallel.forEach(
        tasks.size(),
        t -> {
          int[] slots = tasks.get(t);
          List<SliceHeader> hs = new ArrayList<>(slots.length);
          int[] offs = new int[slots.length];
          for (int i = 0; i < slots.length; i++) {
            hs.add(sorted.get(slots[i]));
            offs[i] = slots[i] * sliceSize;
          }
          boolean[] l = new boolean[slots.length];
          try {
            PixelDecoder.decode(hs, hu, offs, l);
          } catch (IOException e) {
            errors[t] = e;
          }
          for (int i = 0; i < slots.length; i++) {
            lossy[slots[i]] = l[i];
          }
        });
    for (IOException e : errors) {
      if (e != null) {
        throw e;
      }
    }
    if (layout.shifts != null) {
      unshear(hu, dims, layout.spacing, layout.shifts);
    }
    VolumeGeometry geometry =
        new VolumeGeometry(dims, layout.spacing, layout.origin, layout.direction);
    CtVolume volume;
    try {
      volume = CtVolume.wrap(geometry, hu);
    } catch (IllegalArgumentException e) {
      // RescaleSlope/Intercept so large that HU overflow a float
      throw new DicomSeriesException(
          folder, "rescaled pixel values are not finite: " + e.getMessage());
    }
    String ts = first.transferSyntaxUid;
    if (sorted.stream().anyMatch(h -> !h.transferSyntaxUid.equals(ts))) {
      warnings.add("the slices use several transfer syntaxes; reported the first slice's");
    }
    List<Path> files = sorted.stream().map(h -> h.file).toList();
    boolean lossyImageCompression = false;
    for (int k = 0; k < sorted.size(); k++) {
      lossyImageCompression |= lossy[k] || sorted.get(k).lossyImageCompression.equals("01");
    }
    DicomSeries result =
        new DicomSeries(
            volume,
            ts,
            first.seriesInstanceUid,
            nonEmpty(first.studyInstanceUid),
            nonEmpty(first.patientId),
            nonEmpty(first.seriesDescription),
            layout.positions,
            files,
            warnings,
            lossyImageCompression);
    for (String w : warnings) {
      LOG.warn("{}: {}", folder, w);
    }
    LOG.debug("read {} from {} in {} ms", result, dirOrFile, (System.nanoTime() - t0) / 1_000_000);
    return result;
  }

  /** Frames decoded together: a file is opened (and inflated) once per task. */
  private static final int FRAMES_PER_TASK = 16;

  /**
   * Groups the slots of the sorted slices into decoding tasks: one per single-frame file, and the
   * frames of a multi-frame file in runs of up to {@link #FRAMES_PER_TASK}, so that its frames are
   * still decoded in parallel.
   */
  private static List<int[]> decodeTasks(List<SliceHeader> sorted) {
    Map<Path, List<Integer>> byFile = new LinkedHashMap<>();
    List<int[]> tasks = new ArrayList<>();
    for (int k = 0; k < sorted.size(); k++) {
      SliceHeader h = sorted.get(k);
      if (h.enhancedFrame) {
        byFile.computeIfAbsent(h.file, f -> new ArrayList<>()).add(k);
      } else {
        tasks.add(new int[] {k});
      }
    }
    for (List<Integer> slots : byFile.values()) {
      slots.sort(Comparator.comparingInt(k -> sorted.get(k).frameIndex));
      for (int i = 0; i < slots.size(); i += FRAMES_PER_TASK) {
        tasks.add(
            slots.subList(i, Math.min(slots.size(), i + FRAMES_PER_TASK)).stream()
                .mapToInt(Integer::intValue)
                .toArray());
      }
    }
    return tasks;
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /**
   * Parses the headers of all files; keeps CT images (Modality CT, or none), skips and counts
   * non-DICOM files, DICOMDIR files, files without pixels and images of other modalities. A file
   * named on its own is read whatever its modality.
   */
  private static Scan headers(Path dirOrFile, DicomReadOptions opt) throws IOException {
    if (!Files.exists(dirOrFile)) {
      throw new DicomException(dirOrFile, "no such file or folder");
    }
    if (!Files.isDirectory(dirOrFile)) {
      SliceHeader h = DicomParser.readHeader(dirOrFile);
      if (!h.hasPixelData()) {
        throw new DicomException(dirOrFile, "no pixel data (7FE0,0010): not an image");
      }
      return new Scan(EnhancedCt.frames(h), Map.of(), 0, 0, 0);
    }
    List<Path> all;
    try (Stream<Path> s = opt.recursive() ? Files.walk(dirOrFile) : Files.list(dirOrFile)) {
      all =
          s.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    }
    List<Path> files = new ArrayList<>();
    int dicomdirs = 0;
    for (Path p : all) {
      if (p.getFileName().toString().equalsIgnoreCase("DICOMDIR")) {
        dicomdirs++;
        LOG.debug("skipping {}: a DICOMDIR index (the images are found by listing)", p);
      } else {
        files.add(p);
      }
    }
    return classify(dirOrFile, files, all.size(), dicomdirs, opt.recursive(), false);
  }

  /**
   * Parses the headers of files in parallel and keeps the CT images (split into frames for an
   * enhanced file), counting what is skipped.
   *
   * @param looked how many files were looked at, for the message when none is a CT image
   * @param strict whether a file that is not DICOM is an error (files a DICOMDIR names) rather than
   *     skipped and counted (files found by listing)
   * @throws NotDicomException if {@code strict} and a file is not DICOM
   * @throws DicomSeriesException if none of the files is a CT image
   */
  static Scan classify(
      Path dirOrFile,
      List<Path> files,
      int looked,
      int dicomdirs,
      boolean recursive,
      boolean strict)
      throws IOException {
    SliceHeader[] hs = new SliceHeader[files.size()];
    IOException[] errors = new IOException[files.size()];
    Parallel.forEach(
        files.size(),
        i -> {
          try {
            hs[i] = DicomParser.readHeader(files.get(i));
          } catch (NotDicomException e) {
            if (strict) {
              errors[i] = e;
            }
            LOG.debug("skipping {}: {}", files.get(i), e.getMessage());
          } catch (IOException e) {
            errors[i] = e;
          }
        });
    for (IOException e : errors) {
      if (e != null) {
        throw e;
      }
    }
    List<SliceHeader> out = new ArrayList<>();
    Map<String, Integer> skippedModalities = new java.util.TreeMap<>();
    int notDicom = 0;
    int withoutPixels = 0;
    for (SliceHeader h : hs) {
      if (h == null) {
        notDicom++;
        continue;
      }
      if (!h.hasPixelData()) {
        LOG.debug("skipping {}: no pixel data", h.file);
        withoutPixels++;
        continue;
      }
      String modality = h.modality == null ? "" : h.modality.trim();
      if (!modality.isEmpty() && !modality.equalsIgnoreCase("CT")) {
        LOG.debug("skipping {}: modality {}", h.file, modality);
        skippedModalities.merge(modality, 1, Integer::sum);
        continue;
      }
      out.addAll(EnhancedCt.frames(h));
    }
    Scan scan = new Scan(out, skippedModalities, notDicom, withoutPixels, dicomdirs);
    if (out.isEmpty()) {
      String skipped = scan.skippedText();
      throw new DicomSeriesException(
          dirOrFile,
          "no CT image files in the folder"
              + (recursive ? " or its sub-folders" : "")
              + " ("
              + looked
              + " files looked at"
              + (skipped.isEmpty() ? "" : "; skipped " + skipped)
              + ")");
    }
    return scan;
  }

  private static Map<String, List<SliceHeader>> group(List<SliceHeader> headers) {
    Map<String, List<SliceHeader>> groups = new LinkedHashMap<>();
    for (SliceHeader h : headers) {
      groups.computeIfAbsent(h.seriesInstanceUid, k -> new ArrayList<>()).add(h);
    }
    return groups;
  }

  private static List<DicomSeriesInfo> infos(
      Path folder, Map<String, List<SliceHeader>> groups, boolean recursive) {
    List<DicomSeriesInfo> out = new ArrayList<>();
    for (Map.Entry<String, List<SliceHeader>> e : groups.entrySet()) {
      SliceHeader f = e.getValue().get(0);
      out.add(
          new DicomSeriesInfo(
              e.getKey(),
              e.getValue().size(),
              f.columns,
              f.rows,
              nonEmpty(f.seriesDescription),
              nonEmpty(f.modality),
              nonEmpty(f.patientId),
              f.transferSyntaxUid,
              recursive && f.file.getParent() != null ? f.file.getParent() : folder));
    }
    return out;
  }

  /**
   * The sorted slices and the grid they make; {@code shifts} (per slice, its in-plane offset in mm
   * along the row and column cosines from the first slice) is null unless a tilted series is
   * resampled.
   */
  private record Layout(
      List<SliceHeader> sorted,
      List<Double> positions,
      Spacing spacing,
      WorldPoint origin,
      Direction direction,
      double[][] shifts) {}

  /** Value given to resampled voxels that no slice covers. */
  static final float AIR_HU = -1024f;

  /**
   * Shifts each slice of a tilted series onto the orthogonal grid in place: output voxel (i, j) of
   * slice k takes the slice's value at (i - shift_x / dx, j - shift_y / dy), interpolated linearly
   * in both in-plane axes (only one is sheared by a gantry tilt, so the other interpolation is
   * exact); outside the slice it is {@link #AIR_HU}.
   */
  static void unshear(float[] hu, Dims dims, Spacing spacing, double[][] shifts) {
    int nx = dims.nx();
    int ny = dims.ny();
    int sliceSize = dims.sliceSize();
    Parallel.forEach(
        dims.nz(),
        k -> {
          double ox = shifts[k][0] / spacing.xMm();
          double oy = shifts[k][1] / spacing.yMm();
          if (Math.abs(ox) < 1e-9 && Math.abs(oy) < 1e-9) {
            return;
          }
          int base = k * sliceSize;
          float[] src = Arrays.copyOfRange(hu, base, base + sliceSize);
          for (int j = 0; j < ny; j++) {
            double y = j - oy;
            int y0 = (int) Math.floor(y);
            double fy = y - y0;
            for (int i = 0; i < nx; i++) {
              double x = i - ox;
              int x0 = (int) Math.floor(x);
              double fx = x - x0;
              double acc = 0;
              double w = 0;
              for (int dy = 0; dy < 2; dy++) {
                int yy = y0 + dy;
                double wy = dy == 0 ? 1 - fy : fy;
                if (wy < 1e-9 || yy < 0 || yy >= ny) {
                  continue;
                }
                for (int dx = 0; dx < 2; dx++) {
                  int xx = x0 + dx;
                  double wx = dx == 0 ? 1 - fx : fx;
                  if (wx < 1e-9 || xx < 0 || xx >= nx) {
                    continue;
                  }
                  acc += wx * wy * src[yy * nx + xx];
                  w += wx * wy;
                }
              }
              // inside the slice only when every neighbour with weight lies in it
              hu[base + j * nx + i] = w > 1 - 1e-6 ? (float) acc : AIR_HU;
            }
          }
        });
  }

  private static Layout layout(
      Path folder, List<SliceHeader> slices, DicomReadOptions opt, List<String> warnings)
      throws DicomException {
    SliceHeader first = slices.get(0);
    boolean single = slices.size() == 1;
    for (SliceHeader h : slices) {
      if (h.rows != first.rows || h.columns != first.columns) {
        throw new DicomSeriesException(
            folder,
            "slices differ in size: "
                + first.name()
                + " is "
                + first.columns
                + "x"
                + first.rows
                + ", "
                + h.name()
                + " is "
                + h.columns
                + "x"
                + h.rows);
      }
    }
    // pixel spacing: PixelSpacing = row spacing (y) \ column spacing (x)
    double[] ps = first.pixelSpacing;
    if (ps == null) {
      ps = new double[] {1, 1};
      warnings.add("no PixelSpacing (0028,0030): assumed 1 mm");
    }
    if (!(ps[0] > 0) || !(ps[1] > 0)) {
      throw new DicomSeriesException(
          folder,
          "PixelSpacing (0028,0030) must be positive, got "
              + Arrays.toString(ps)
              + " in "
              + first.name());
    }
    for (SliceHeader h : slices) {
      double[] q = h.pixelSpacing == null ? new double[] {1, 1} : h.pixelSpacing;
      if (Math.abs(q[0] - ps[0]) > ORIENTATION_TOL * ps[0]
          || Math.abs(q[1] - ps[1]) > ORIENTATION_TOL * ps[1]) {
        throw new DicomSeriesException(
            folder,
            "slices differ in PixelSpacing: "
                + Arrays.toString(ps)
                + " in "
                + first.name()
                + ", "
                + Arrays.toString(q)
                + " in "
                + h.name());
      }
    }
    // orientation
    double[] iop = first.imageOrientation;
    if (iop == null) {
      if (!single) {
        throw new DicomSeriesException(
            folder, "missing ImageOrientationPatient (0020,0037) in " + first.name());
      }
      iop = new double[] {1, 0, 0, 0, 1, 0};
      warnings.add("no ImageOrientationPatient (0020,0037): assumed axial 1\\0\\0\\0\\1\\0");
    }
    for (SliceHeader h : slices) {
      double[] q = h.imageOrientation;
      if (q == null) {
        if (single) {
          continue;
        }
        throw new DicomSeriesException(
            folder, "missing ImageOrientationPatient (0020,0037) in " + h.name());
      }
      for (int i = 0; i < 6; i++) {
        if (Math.abs(q[i] - iop[i]) > ORIENTATION_TOL) {
          throw new DicomSeriesException(
              folder,
              "slices are not parallel: ImageOrientationPatient "
                  + Arrays.toString(iop)
                  + " in "
                  + first.name()
                  + " but "
                  + Arrays.toString(q)
                  + " in "
                  + h.name());
        }
      }
    }
    double[] row = unit(folder, first, Arrays.copyOfRange(iop, 0, 3));
    double[] col = unit(folder, first, Arrays.copyOfRange(iop, 3, 6));
    double dot = row[0] * col[0] + row[1] * col[1] + row[2] * col[2];
    if (Math.abs(dot) > 1e-3) {
      throw new DicomSeriesException(
          folder,
          "ImageOrientationPatient "
              + Arrays.toString(iop)
              + " in "
              + first.name()
              + ": row and column directions are not orthogonal (cosine "
              + dot
              + ")");
    }
    double[] normal = unit(folder, first, cross(row, col));
    Direction direction = Direction.ofColumns(row, col, normal);

    // positions
    for (SliceHeader h : slices) {
      if (h.imagePosition == null && !single) {
        throw new DicomSeriesException(
            folder, "missing ImagePositionPatient (0020,0032) in " + h.name());
      }
    }
    if (single) {
      double[] ipp = first.imagePosition;
      if (ipp == null) {
        ipp = new double[3];
        warnings.add("no ImagePositionPatient (0020,0032): origin assumed at (0, 0, 0)");
      }
      double dz = first.sliceThickness > 0 ? first.sliceThickness : 1.0;
      if (!(first.sliceThickness > 0)) {
        warnings.add("one slice without SliceThickness (0018,0050): z spacing assumed 1 mm");
      }
      return new Layout(
          List.of(first),
          List.of(dot(ipp, normal)),
          new Spacing(ps[1], ps[0], dz),
          new WorldPoint(ipp[0], ipp[1], ipp[2]),
          direction,
          null);
    }
    List<SliceHeader> sorted = new ArrayList<>(slices);
    sorted.sort(
        Comparator.<SliceHeader>comparingDouble(h -> dot(h.imagePosition, normal))
            .thenComparing(h -> h.file)
            .thenComparingInt(h -> h.frameIndex));
    int n = sorted.size();
    double[] d = new double[n];
    for (int k = 0; k < n; k++) {
      d[k] = dot(sorted.get(k).imagePosition, normal);
    }
    for (int k = 0; k + 1 < n; k++) {
      if (d[k + 1] - d[k] < SAME_POSITION_MM) {
        throw new DicomSeriesException(
            folder,
            "two slices at the same position ("
                + DicomText.mm(d[k])
                + " mm along the normal): "
                + sorted.get(k).name()
                + " and "
                + sorted.get(k + 1).name()
                + " (duplicate files, or several phases or echoes in one series)");
      }
    }
    // tilt: every position must lie on the line through the first along the normal
    double[] p0 = sorted.get(0).imagePosition;
    int worst = -1;
    double worstAngle = 0;
    double worstLateral = 0;
    for (int k = 1; k < n; k++) {
      double[] p = sorted.get(k).imagePosition;
      double[] v = {p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]};
      double along = dot(v, normal);
      double lateral =
          Math.sqrt(Math.max(0, v[0] * v[0] + v[1] * v[1] + v[2] * v[2] - along * along));
      if (lateral > 0.02 + 1e-3 * Math.abs(along)) {
        double angle = Math.toDegrees(Math.atan2(lateral, Math.abs(along)));
        if (worst < 0 || angle > worstAngle) {
          worst = k;
          worstAngle = angle;
          worstLateral = lateral;
        }
      }
    }
    double[][] shifts = null;
    if (worst >= 0) {
      if (!opt.resampleTilted()) {
        throw new DicomSeriesException(
            folder,
            String.format(
                Locale.ROOT,
                "tilted slices (gantry tilt about %.2f degrees): %s lies %.3f mm off the slice"
                    + " normal through %s; a tilted series is read only when resampled onto an"
                    + " orthogonal grid: DicomReadOptions.resampleTilted(true), or the CLI flag"
                    + " --resample-tilt",
                worstAngle,
                sorted.get(worst).name(),
                worstLateral,
                sorted.get(0).name()));
      }
      shifts = new double[n][];
      double maxShift = 0;
      for (int k = 0; k < n; k++) {
        double[] p = sorted.get(k).imagePosition;
        double[] v = {p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]};
        shifts[k] = new double[] {dot(v, row), dot(v, col)};
        maxShift = Math.max(maxShift, Math.hypot(shifts[k][0], shifts[k][1]));
      }
      warnings.add(
          String.format(
              Locale.ROOT,
              "gantry tilt of about %.2f degrees: resampled onto an orthogonal grid (slices"
                  + " shifted in their plane by up to %.3f mm, linear interpolation, -1024 HU"
                  + " where a slice has no data)",
              worstAngle,
              maxShift));
    }
    double[] gaps = new double[n - 1];
    for (int k = 0; k + 1 < n; k++) {
      gaps[k] = d[k + 1] - d[k];
    }
    double[] sortedGaps = gaps.clone();
    Arrays.sort(sortedGaps);
    double nominal = sortedGaps[(sortedGaps.length - 1) / 2];
    double tol = opt.spacingTolerance() * nominal;
    List<String> irregular = new ArrayList<>();
    for (int k = 0; k + 1 < n; k++) {
      if (Math.abs(gaps[k] - nominal) > tol) {
        String s =
            "gap of "
                + DicomText.mm(gaps[k])
                + " mm between "
                + sorted.get(k).name()
                + " ("
                + DicomText.mm(d[k])
                + " mm) and "
                + sorted.get(k + 1).name()
                + " ("
                + DicomText.mm(d[k + 1])
                + " mm)";
        long m = Math.round(gaps[k] / nominal);
        if (m >= 2 && Math.abs(gaps[k] - m * nominal) <= tol * m) {
          s += ", " + (m - 1) + " slice(s) missing";
        }
        irregular.add(s);
      }
    }
    if (!irregular.isEmpty()) {
      if (!opt.allowIrregularSpacing()) {
        throw new SliceSpacingException(folder, nominal, irregular);
      }
      for (String s : irregular) {
        warnings.add("irregular spacing tolerated: " + s);
      }
    }
    double dz = (d[n - 1] - d[0]) / (n - 1);
    List<Double> positions = new ArrayList<>(n);
    for (double x : d) {
      positions.add(x);
    }
    return new Layout(
        sorted,
        positions,
        new Spacing(ps[1], ps[0], dz),
        new WorldPoint(p0[0], p0[1], p0[2]),
        direction,
        shifts);
  }

  private static double[] unit(Path folder, SliceHeader h, double[] v) throws DicomException {
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(n > 0.5) || n > 1.5) {
      throw new DicomSeriesException(
          folder,
          "ImageOrientationPatient in "
              + h.name()
              + " has a direction of length "
              + n
              + ", expected unit vectors");
    }
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
