package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import org.lungnodule.core.CtVolume;

/**
 * Reading and writing DICOM CT series: the entry point of this package.
 *
 * <pre>{@code
 * CtVolume ct = Dicom.readSeries(folder);
 * DicomSeries s = Dicom.readSeriesWithInfo(folder,
 *     DicomReadOptions.builder().seriesInstanceUid("1.2.3").spacingTolerance(0.1).build());
 * List<DicomSeriesInfo> all = Dicom.listSeries(folder);
 * Dicom.writeSeries(ct, out, DicomWriteOptions.builder()
 *     .patientId("SITE-A-0001").transferSyntax(TransferSyntax.RLE_LOSSLESS).seed(7).build());
 * }</pre>
 *
 * <p><b>Geometry.</b> Slices are grouped by SeriesInstanceUID and sorted by their
 * ImagePositionPatient projected on the slice normal (row cosine × column cosine of
 * ImageOrientationPatient). The volume's x axis runs along the row cosine (columns), y along the
 * column cosine (rows), z along the normal; origin is the ImagePositionPatient of the first slice;
 * the z spacing is the mean distance between neighbouring slices (never SliceThickness), and each
 * gap must lie within the spacing tolerance of the median gap. A single file is read as a one-slice
 * volume whose z spacing is its SliceThickness, or 1 mm without one.
 *
 * <p><b>Enhanced CT and DICOMDIR.</b> The frames of an Enhanced CT (or Legacy Converted Enhanced
 * CT) file are read as the slices of a series, each with the position, orientation, pixel spacing
 * and rescale of its per-frame or shared functional groups. A folder holding a DICOMDIR is listed
 * and read through the DICOMDIR's records, with file references kept inside the folder.
 *
 * <p><b>Readers.</b> Reading uses the {@link DicomSeriesReader} with the highest priority found by
 * {@link ServiceLoader}, or the one whose {@link DicomSeriesReader#name()} is given by the system
 * property {@code lungnodule.dicom.reader}; the built-in reader is always available.
 */
public final class Dicom {

  /** System property choosing a reader by name. */
  public static final String READER_PROPERTY = "lungnodule.dicom.reader";

  private Dicom() {}

  /**
   * Reads the one series of a folder (or one file) into a volume in HU.
   *
   * @param dirOrFile a folder of DICOM files, or one file
   * @return the volume
   * @throws MultipleSeriesException if the folder holds several series
   * @throws SliceSpacingException if slices are missing or irregularly spaced
   * @throws DicomSeriesException if the slices do not form a regular volume
   * @throws UnsupportedTransferSyntaxException if a file is JPEG, JPEG-LS, JPEG 2000, ...
   * @throws DicomException if a file is malformed or truncated
   * @throws IOException if a file cannot be read
   */
  public static CtVolume readSeries(Path dirOrFile) throws IOException {
    return readSeriesWithInfo(dirOrFile, DicomReadOptions.defaults()).volume();
  }

  /**
   * Reads the one series of a folder (or one file), with its metadata.
   *
   * @throws IOException as {@link #readSeries(Path)}
   */
  public static DicomSeries readSeriesWithInfo(Path dirOrFile) throws IOException {
    return readSeriesWithInfo(dirOrFile, DicomReadOptions.defaults());
  }

  /**
   * Reads a series of a folder (or one file) with options: which series, spacing tolerance, whether
   * irregular spacing is tolerated, sub-folders.
   *
   * @param dirOrFile a folder of DICOM files, or one file
   * @param options the options
   * @return the volume and metadata
   * @throws IOException as {@link #readSeries(Path)}; {@link MultipleSeriesException} also when the
   *     chosen series is not in the folder
   */
  public static DicomSeries readSeriesWithInfo(Path dirOrFile, DicomReadOptions options)
      throws IOException {
    Objects.requireNonNull(dirOrFile, "dirOrFile");
    Objects.requireNonNull(options, "options");
    return reader().read(dirOrFile, options);
  }

  /**
   * Reads a series from exactly the files given, which may lie in any folders (for example the
   * files of one series found by {@link #readFileInfo} while walking an export). Every file must be
   * DICOM; images of other modalities and files without pixel data among them are skipped, and the
   * CT images are assembled, checked and decoded exactly as those of a folder. Uses the built-in
   * reader; {@code recursive} in the options does not matter.
   *
   * @param files the files (at least one)
   * @param options which series (needed when the files hold several), spacing tolerance, tilt
   * @return the volume and metadata
   * @throws IllegalArgumentException if {@code files} is empty
   * @throws NotDicomException if a file is not DICOM
   * @throws IOException as {@link #readSeries(Path)}; messages name the files' common folder
   */
  public static DicomSeries readSeriesFiles(List<Path> files, DicomReadOptions options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    List<Path> list = List.copyOf(files);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("need at least one file, got none");
    }
    Path common = list.get(0).toAbsolutePath().getParent();
    for (Path f : list) {
      while (common != null && !f.toAbsolutePath().startsWith(common)) {
        common = common.getParent();
      }
    }
    Path folder = common == null ? list.get(0).toAbsolutePath().getRoot() : common;
    return SeriesAssembler.readFiles(folder, list, options);
  }

  /**
   * Reads what a DICOM file says about itself and the series it refers to (SOP class, modality,
   * series and frame of reference, referenced series and frames of reference): how a DICOM SEG or
   * RTSTRUCT is matched to its CT series before it is read. Parses the whole data set except the
   * pixel data, with the built-in parser.
   *
   * @param file a DICOM file
   * @return its references
   * @throws NotDicomException if the file is not DICOM
   * @throws DicomException if it is malformed or truncated
   * @throws IOException if it cannot be read
   */
  public static DicomReferences readReferences(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return DicomReferences.read(file);
  }

  /**
   * Lists the CT series of a folder (not its sub-folders), each with its slice count, size and
   * description; images of other modalities are skipped (see {@link #scanFolder}).
   *
   * @throws DicomException if a file is malformed, or the folder has no DICOM image
   * @throws IOException if the folder cannot be read
   */
  public static List<DicomSeriesInfo> listSeries(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    return reader().listSeries(dir, DicomReadOptions.defaults());
  }

  /**
   * Lists the series of a folder with options (for example {@code recursive(true)}).
   *
   * @throws IOException as {@link #listSeries(Path)}
   */
  public static List<DicomSeriesInfo> listSeries(Path dir, DicomReadOptions options)
      throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    return reader().listSeries(dir, options);
  }

  /**
   * Scans a folder (with {@code recursive(true)}, its sub-folders too; files need no extension):
   * lists its CT series with their sizes and descriptions, and counts what was skipped: images of
   * other modalities, DICOM files without pixel data, DICOMDIR files in sub-folders and files that
   * are not DICOM. When the folder itself holds a DICOMDIR, the series are those its records name
   * (see {@link DicomFolderContents#dicomdir()}): one file per series is opened, and a record that
   * names a missing file or one outside the folder is an error naming the record. An Enhanced CT
   * file counts one slice per frame. Uses the built-in parser.
   *
   * @param dir the folder
   * @param options the options ({@code recursive} is the one used)
   * @return the series and the counts
   * @throws DicomSeriesException if the folder holds no CT image (the message says what was
   *     skipped)
   * @throws DicomException if a DICOM file or the DICOMDIR is malformed, or a DICOMDIR record names
   *     a missing file or a path outside the folder
   * @throws IOException if the folder cannot be read
   */
  public static DicomFolderContents scanFolder(Path dir, DicomReadOptions options)
      throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    return SeriesAssembler.scan(dir, options);
  }

  /**
   * Writes a volume as a CT series with default options (Explicit VR Little Endian, UIDs made from
   * the data).
   *
   * @throws IOException as {@link #writeSeries(CtVolume, Path, DicomWriteOptions)}
   */
  public static List<Path> writeSeries(CtVolume volume, Path dir) throws IOException {
    return writeSeries(volume, dir, DicomWriteOptions.defaults());
  }

  /**
   * Writes a volume as a CT Image Storage series, one file per slice ({@code IM00001.dcm}, ...), in
   * slice order. HU are rounded to integers and stored as signed 16-bit values (RescaleSlope 1,
   * RescaleIntercept 0 when they fit). The files are written into a temporary folder beside {@code
   * dir} (each through a temporary name), which is then renamed to {@code dir}: a failure leaves no
   * partial series behind.
   *
   * @param volume the volume; its direction must be orthonormal
   * @param dir the folder to create (it may exist only if empty)
   * @param options patient, UIDs, transfer syntax, description
   * @return the files written, in slice order
   * @throws DicomException if {@code dir} exists and is not empty
   * @throws IllegalArgumentException if the volume cannot be written as DICOM (more than 65535 rows
   *     or columns, non-orthonormal direction)
   * @throws IOException if writing fails
   */
  public static List<Path> writeSeries(CtVolume volume, Path dir, DicomWriteOptions options)
      throws IOException {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    return DicomWriter.write(volume, dir, options);
  }

  /**
   * Reads the header of one DICOM file with the built-in parser (up to the pixel data; the pixels
   * are not decoded).
   *
   * @param file a DICOM file
   * @return its header
   * @throws NotDicomException if the file is not DICOM
   * @throws DicomException if it is malformed or truncated
   * @throws IOException if it cannot be read
   */
  public static DicomFileInfo readFileInfo(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return DicomFileInfo.of(DicomParser.readHeader(file));
  }

  /** Returns the reader in use (see the class documentation for how it is chosen). */
  public static DicomSeriesReader reader() {
    return Holder.READER;
  }

  /** Returns every reader found by the service loader, highest priority first. */
  public static List<DicomSeriesReader> readers() {
    return Holder.ALL;
  }

  private static final class Holder {
    static final List<DicomSeriesReader> ALL = load();
    static final DicomSeriesReader READER = choose(ALL);

    private static List<DicomSeriesReader> load() {
      List<DicomSeriesReader> list = new ArrayList<>();
      for (DicomSeriesReader r :
          ServiceLoader.load(DicomSeriesReader.class, Dicom.class.getClassLoader())) {
        list.add(r);
      }
      if (list.stream().noneMatch(r -> r instanceof BuiltinDicomReader)) {
        list.add(new BuiltinDicomReader());
      }
      list.sort(Comparator.comparingInt(DicomSeriesReader::priority).reversed());
      return List.copyOf(list);
    }

    private static DicomSeriesReader choose(List<DicomSeriesReader> all) {
      String name = System.getProperty(READER_PROPERTY);
      if (name == null || name.isBlank()) {
        return all.get(0);
      }
      for (DicomSeriesReader r : all) {
        if (r.name().equals(name.trim())) {
          return r;
        }
      }
      throw new IllegalStateException(
          "no DICOM reader named '"
              + name
              + "' (system property "
              + READER_PROPERTY
              + "); available: "
              + all.stream().map(DicomSeriesReader::name).toList());
    }
  }
}
