package org.lungnodule.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.metaimage.MetaImage;
import org.lungnodule.io.nifti.Nifti;

/**
 * Reads and writes volumes and masks, choosing the format from the file name: {@code .mhd} and
 * {@code .mha} (MetaImage), {@code .nii} and {@code .nii.gz} (NIfTI-1), and for reading also DICOM:
 * a folder holding one series, or a {@code .dcm} file ({@link Dicom#readSeries}). Names are matched
 * case-insensitively. Every write goes to a temporary file first and is moved into place; to write
 * a DICOM series use {@link Dicom#writeSeries}.
 *
 * <p><b>Untrusted files.</b> Every reader checks the size a header declares against {@link
 * org.lungnodule.core.MemoryBudget} before it allocates, inflates compressed data straight into the
 * volume and refuses data longer or shorter than declared, and a MetaImage header may only name a
 * data file inside its own folder. A refusal is a {@link VolumeFormatException} (DICOM: a {@link
 * org.lungnodule.io.dicom.DicomException}) whose one-line message names the file.
 */
public final class VolumeFiles {

  /** The file formats known by name. */
  public enum Format {
    /** MetaImage, {@code .mhd} header + data file or {@code .mha}. */
    METAIMAGE,
    /** NIfTI-1, {@code .nii} or {@code .nii.gz}. */
    NIFTI,
    /** DICOM: a folder with one series, or a {@code .dcm} file (reading only). */
    DICOM
  }

  private VolumeFiles() {}

  /**
   * Returns the format a file name stands for.
   *
   * @throws IllegalArgumentException naming the file and the known extensions if there is none
   */
  public static Format formatOf(Path file) {
    String n =
        file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".mhd") || n.endsWith(".mha")) {
      return Format.METAIMAGE;
    }
    if (n.endsWith(".nii") || n.endsWith(".nii.gz")) {
      return Format.NIFTI;
    }
    if (n.endsWith(".dcm") || Files.isDirectory(file)) {
      return Format.DICOM;
    }
    throw new IllegalArgumentException(
        "cannot tell the volume format of '"
            + file
            + "': the name must end in .mhd, .mha, .nii, .nii.gz or .dcm, or be a DICOM folder");
  }

  /**
   * Reads a CT volume.
   *
   * @param file a {@code .mhd}, {@code .mha}, {@code .nii}, {@code .nii.gz} or {@code .dcm} file,
   *     or a folder holding one DICOM series
   * @throws NoSuchFileException if the file is missing
   * @throws VolumeFormatException if the file is malformed or of no known format
   * @throws IOException on other read failures (DICOM: see {@link Dicom#readSeries})
   */
  public static CtVolume read(Path file) throws IOException {
    return switch (knownFormat(file)) {
      case METAIMAGE -> MetaImage.read(file);
      case NIFTI -> Nifti.read(file);
      case DICOM -> Dicom.readSeries(file);
    };
  }

  /**
   * Reads a label mask (values must be integers 0..255).
   *
   * @throws NoSuchFileException if the file is missing
   * @throws VolumeFormatException if the file is malformed, holds values that are not labels, or is
   *     DICOM (masks are MetaImage or NIfTI files)
   * @throws IOException on other read failures
   */
  public static Mask readMask(Path file) throws IOException {
    return switch (knownFormat(file)) {
      case METAIMAGE -> MetaImage.readMask(file);
      case NIFTI -> Nifti.readMask(file);
      case DICOM ->
          throw new VolumeFormatException(
              file, "masks must be MetaImage or NIfTI files, not DICOM");
    };
  }

  /**
   * Reads only the geometry of a volume file (MetaImage and NIfTI: the header only, cheap; DICOM:
   * the whole series is read).
   *
   * @throws NoSuchFileException if the file is missing
   * @throws VolumeFormatException if the header is malformed
   * @throws IOException on other read failures
   */
  public static VolumeGeometry readGeometry(Path file) throws IOException {
    return switch (knownFormat(file)) {
      case METAIMAGE -> MetaImage.readHeader(file).geometry();
      case NIFTI -> Nifti.readGeometry(file);
      case DICOM -> Dicom.readSeries(file).geometry();
    };
  }

  /**
   * Writes a CT volume (int16 when every voxel is an integral value in range, else float32).
   *
   * @throws IllegalArgumentException if the name ends neither in .mhd, .mha, .nii nor .nii.gz
   * @throws IOException if writing fails
   */
  public static void write(CtVolume volume, Path file) throws IOException {
    Objects.requireNonNull(volume, "volume");
    switch (formatOf(file)) {
      case METAIMAGE -> MetaImage.write(volume, file);
      case NIFTI -> Nifti.write(volume, file);
      case DICOM ->
          throw new IllegalArgumentException(
              "VolumeFiles.write writes .mhd, .mha, .nii or .nii.gz; use Dicom.writeSeries for a"
                  + " DICOM series, got "
                  + file);
    }
  }

  /**
   * Writes a mask as unsigned bytes.
   *
   * @throws IllegalArgumentException if the name has no known extension
   * @throws IOException if writing fails
   */
  public static void writeMask(Mask mask, Path file) throws IOException {
    Objects.requireNonNull(mask, "mask");
    switch (formatOf(file)) {
      case METAIMAGE -> MetaImage.writeMask(mask, file);
      case NIFTI -> Nifti.writeMask(mask, file);
      case DICOM ->
          throw new IllegalArgumentException(
              "masks are written as .mhd, .mha, .nii or .nii.gz, got " + file);
    }
  }

  private static Format knownFormat(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "volume file not found");
    }
    try {
      return formatOf(file);
    } catch (IllegalArgumentException e) {
      throw new VolumeFormatException(file, e.getMessage());
    }
  }
}
