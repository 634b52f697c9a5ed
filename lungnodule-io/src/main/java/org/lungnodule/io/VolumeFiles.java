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
import org.lungnodule.io.metaimage.MetaImage;
import org.lungnodule.io.nifti.Nifti;

/**
 * Reads and writes volumes and masks, choosing the format from the file name: {@code .mhd} and
 * {@code .mha} (MetaImage), {@code .nii} and {@code .nii.gz} (NIfTI-1). Names are matched
 * case-insensitively. Every write goes to a temporary file first and is moved into place.
 *
 * <p>DICOM series (a folder or a {@code .dcm} file) are not read here yet.
 */
public final class VolumeFiles {

  /** The file formats known by name. */
  public enum Format {
    /** MetaImage, {@code .mhd} header + data file or {@code .mha}. */
    METAIMAGE,
    /** NIfTI-1, {@code .nii} or {@code .nii.gz}. */
    NIFTI
  }

  private VolumeFiles() {}

  /**
   * Returns the format a file name stands for.
   *
   * @throws IllegalArgumentException naming the file and the known extensions if there is none
   */
  public static Format formatOf(Path file) {
    String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".mhd") || n.endsWith(".mha")) {
      return Format.METAIMAGE;
    }
    if (n.endsWith(".nii") || n.endsWith(".nii.gz")) {
      return Format.NIFTI;
    }
    throw new IllegalArgumentException(
        "cannot tell the volume format of '"
            + file
            + "': the name must end in .mhd, .mha, .nii or .nii.gz");
  }

  /**
   * Reads a CT volume.
   *
   * @param file a {@code .mhd}, {@code .mha}, {@code .nii} or {@code .nii.gz} file
   * @throws NoSuchFileException if the file is missing
   * @throws VolumeFormatException if the file is malformed, or is a folder or DICOM file (not
   *     supported by this reader)
   * @throws IOException on other read failures
   */
  public static CtVolume read(Path file) throws IOException {
    return switch (knownFormat(file)) {
      case METAIMAGE -> MetaImage.read(file);
      case NIFTI -> Nifti.read(file);
    };
  }

  /**
   * Reads a label mask (values must be integers 0..255).
   *
   * @throws NoSuchFileException if the file is missing
   * @throws VolumeFormatException if the file is malformed or holds values that are not labels
   * @throws IOException on other read failures
   */
  public static Mask readMask(Path file) throws IOException {
    return switch (knownFormat(file)) {
      case METAIMAGE -> MetaImage.readMask(file);
      case NIFTI -> Nifti.readMask(file);
    };
  }

  /**
   * Reads only the geometry of a volume file (headers only; cheap).
   *
   * @throws NoSuchFileException if the file is missing
   * @throws VolumeFormatException if the header is malformed
   * @throws IOException on other read failures
   */
  public static VolumeGeometry readGeometry(Path file) throws IOException {
    return switch (knownFormat(file)) {
      case METAIMAGE -> MetaImage.readHeader(file).geometry();
      case NIFTI -> Nifti.readGeometry(file);
    };
  }

  /**
   * Writes a CT volume (int16 when every voxel is an integral value in range, else float32).
   *
   * @throws IllegalArgumentException if the name has no known extension
   * @throws IOException if writing fails
   */
  public static void write(CtVolume volume, Path file) throws IOException {
    Objects.requireNonNull(volume, "volume");
    switch (formatOf(file)) {
      case METAIMAGE -> MetaImage.write(volume, file);
      case NIFTI -> Nifti.write(volume, file);
      default -> throw new IllegalStateException("unhandled format");
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
      default -> throw new IllegalStateException("unhandled format");
    }
  }

  private static Format knownFormat(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (Files.isDirectory(file)) {
      throw new VolumeFormatException(
          file,
          "is a folder: reading DICOM series is not available in this build; convert it to"
              + " .mhd or .nii first");
    }
    String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".dcm")) {
      throw new VolumeFormatException(
          file, "DICOM files are not readable through VolumeFiles in this build");
    }
    try {
      return formatOf(file);
    } catch (IllegalArgumentException e) {
      throw new VolumeFormatException(file, e.getMessage());
    }
  }
}
