package org.lungnodule.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomFolderContents;
import org.lungnodule.io.dicom.DicomReadOptions;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.DicomSeriesInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lungnodule inspect <scan>}: reads a scan and prints its grid and HU statistics. A DICOM
 * folder is read as one series (choose one with {@code --series} when it holds several); a single
 * {@code .dcm} file is read as a one-slice volume whose z spacing is its SliceThickness, or 1 mm
 * without one.
 *
 * <p>The JSON object is built by {@link #describe(CtVolume)} (grid and HU, any format) plus {@link
 * #describeDicom(DicomSeries)} (DICOM fields), so other formats only need a reader in {@link
 * #read(Path)}.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Read a CT scan (a DICOM folder or file) and print its grid and HU statistics.",
      "Keys: dims, spacingMm, originMm, direction (row-major, columns = voxel axes), huMin,"
          + " huMax, huMean, huSum, slices, and for DICOM transferSyntaxUID, seriesInstanceUID."
    })
public final class InspectCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;

  @Mixin CliSupport.DicomInputOptions dicom;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<scan>", description = "A DICOM folder or .dcm file.")
  Path input;

  @Option(
      names = "--series",
      paramLabel = "<uid>",
      description = "SeriesInstanceUID to read when the folder holds several series.")
  String series;

  @Option(
      names = "--allow-irregular-spacing",
      description = "Read a series with missing slices or uneven spacing (mean spacing is used).")
  boolean allowIrregularSpacing;

  @Option(
      names = "--recursive",
      description = "Search the sub-folders of a DICOM folder too (any depth, any file names).")
  boolean recursive;

  @Option(
      names = "--list",
      description =
          "List the CT series of a DICOM folder (UID, slices, size, description, folder) and"
              + " what was skipped (other modalities, files without pixel data, DICOMDIR,"
              + " non-DICOM files), without reading the pixels. A folder with a DICOMDIR is"
              + " listed from its records.")
  boolean list;

  @Override
  public Integer call() throws IOException {
    CliSupport.print(spec, common.json, list ? listFolder(input) : read(input));
    return 0;
  }

  /**
   * Scans a folder and returns its series and what was skipped.
   *
   * @throws IOException if the folder cannot be read or holds no CT image
   */
  Map<String, Object> listFolder(Path folder) throws IOException {
    DicomFolderContents c =
        Dicom.scanFolder(folder, DicomReadOptions.builder().recursive(recursive).build());
    List<Map<String, Object>> series = new ArrayList<>();
    for (DicomSeriesInfo i : c.series()) {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("seriesInstanceUID", i.seriesInstanceUid());
      m.put("slices", i.sliceCount());
      m.put("size", List.of(i.columns(), i.rows()));
      i.description().ifPresent(x -> m.put("seriesDescription", x));
      i.patientId().ifPresent(x -> m.put("patientId", x));
      m.put("folder", i.folder().toString());
      series.add(m);
    }
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("path", folder.toString());
    c.dicomdir().ifPresent(d -> m.put("dicomdir", d.toString()));
    m.put("series", series);
    m.put("skippedNonCt", new java.util.TreeMap<>(c.skippedModalities()));
    m.put("skippedWithoutPixelData", c.filesWithoutPixelData());
    m.put("skippedDicomdir", c.dicomdirFiles());
    m.put("skippedNonDicom", c.nonDicomFiles());
    return m;
  }

  /**
   * Reads a scan and returns its description.
   *
   * @throws IOException if it cannot be read (the message names the file and the problem)
   */
  Map<String, Object> read(Path scan) throws IOException {
    DicomReadOptions.Builder b = dicom.applyTo(DicomReadOptions.builder()).recursive(recursive);
    if (series != null) {
      b.seriesInstanceUid(series);
    }
    if (allowIrregularSpacing) {
      b.allowIrregularSpacing(true);
    }
    DicomSeries s = Dicom.readSeriesWithInfo(scan, b.build());
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("path", scan.toString());
    m.put("format", "dicom");
    m.putAll(describe(s.volume()));
    m.putAll(describeDicom(s));
    return m;
  }

  /**
   * Describes any volume: dims, spacing, origin, direction (9 numbers, row-major), HU min, max,
   * mean and sum over all voxels, and the number of slices.
   */
  public static LinkedHashMap<String, Object> describe(CtVolume volume) {
    VolumeGeometry g = volume.geometry();
    Dims d = g.dims();
    int n = d.voxelCount();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double v = volume.get(i);
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("dims", List.of(d.nx(), d.ny(), d.nz()));
    m.put("spacingMm", List.of(g.spacing().xMm(), g.spacing().yMm(), g.spacing().zMm()));
    m.put("originMm", List.of(g.origin().xMm(), g.origin().yMm(), g.origin().zMm()));
    List<Double> dir = new ArrayList<>(9);
    for (double x : g.direction().toRowMajor()) {
      dir.add(x);
    }
    m.put("direction", dir);
    m.put("huMin", min);
    m.put("huMax", max);
    m.put("huMean", sum / n);
    m.put("huSum", sum);
    m.put("slices", d.nz());
    return m;
  }

  /**
   * Describes what a DICOM series adds: transferSyntaxUID, seriesInstanceUID, slices, patientId and
   * seriesDescription when present, and warnings.
   */
  public static LinkedHashMap<String, Object> describeDicom(DicomSeries s) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("transferSyntaxUID", s.transferSyntaxUid());
    m.put("seriesInstanceUID", s.seriesInstanceUid());
    m.put("slices", s.sliceCount());
    Optional<String> p = s.patientId();
    p.ifPresent(x -> m.put("patientId", x));
    s.seriesDescription().ifPresent(x -> m.put("seriesDescription", x));
    if (!s.warnings().isEmpty()) {
      m.put("warnings", s.warnings());
    }
    return m;
  }
}
