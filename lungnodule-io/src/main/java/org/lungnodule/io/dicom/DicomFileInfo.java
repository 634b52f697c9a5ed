package org.lungnodule.io.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The header of one DICOM image file, as {@link Dicom#readFileInfo} reads it (only the tags the
 * library uses). Empty lists and optionals mean the tag is absent.
 *
 * @param file the file
 * @param transferSyntaxUid transfer syntax (from the meta group, or guessed without one)
 * @param modality Modality (0008,0060), empty string if absent
 * @param sopInstanceUid SOPInstanceUID (0008,0018), empty string if absent
 * @param studyInstanceUid StudyInstanceUID (0020,000D), empty string if absent
 * @param seriesInstanceUid SeriesInstanceUID (0020,000E), empty string if absent
 * @param patientId PatientID (0010,0020), if present
 * @param seriesDescription SeriesDescription (0008,103E), if present
 * @param instanceNumber InstanceNumber (0020,0013), if present
 * @param rows Rows (0028,0010)
 * @param columns Columns (0028,0011)
 * @param bitsAllocated BitsAllocated (0028,0100)
 * @param bitsStored BitsStored (0028,0101)
 * @param highBit HighBit (0028,0102)
 * @param pixelRepresentation PixelRepresentation (0028,0103): 0 unsigned, 1 signed
 * @param pixelSpacing PixelSpacing (0028,0030): row spacing, column spacing (mm)
 * @param sliceThickness SliceThickness (0018,0050), if present
 * @param imagePositionPatient ImagePositionPatient (0020,0032), mm
 * @param imageOrientationPatient ImageOrientationPatient (0020,0037), 6 direction cosines
 * @param rescaleSlope RescaleSlope (0028,1053), 1 if absent
 * @param rescaleIntercept RescaleIntercept (0028,1052), 0 if absent
 */
public record DicomFileInfo(
    Path file,
    String transferSyntaxUid,
    String modality,
    String sopInstanceUid,
    String studyInstanceUid,
    String seriesInstanceUid,
    Optional<String> patientId,
    Optional<String> seriesDescription,
    OptionalInt instanceNumber,
    int rows,
    int columns,
    int bitsAllocated,
    int bitsStored,
    int highBit,
    int pixelRepresentation,
    List<Double> pixelSpacing,
    OptionalDouble sliceThickness,
    List<Double> imagePositionPatient,
    List<Double> imageOrientationPatient,
    double rescaleSlope,
    double rescaleIntercept) {

  /** Validates and copies the components. */
  public DicomFileInfo {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(seriesDescription, "seriesDescription");
    Objects.requireNonNull(instanceNumber, "instanceNumber");
    Objects.requireNonNull(sliceThickness, "sliceThickness");
    pixelSpacing = List.copyOf(pixelSpacing);
    imagePositionPatient = List.copyOf(imagePositionPatient);
    imageOrientationPatient = List.copyOf(imageOrientationPatient);
  }

  static DicomFileInfo of(SliceHeader h) {
    int stored = h.bitsStored < 0 ? h.bitsAllocated : h.bitsStored;
    return new DicomFileInfo(
        h.file,
        h.transferSyntaxUid,
        h.modality,
        h.sopInstanceUid,
        h.studyInstanceUid,
        h.seriesInstanceUid,
        h.patientId.isEmpty() ? Optional.empty() : Optional.of(h.patientId),
        h.seriesDescription.isEmpty() ? Optional.empty() : Optional.of(h.seriesDescription),
        h.instanceNumber == Integer.MIN_VALUE
            ? OptionalInt.empty()
            : OptionalInt.of(h.instanceNumber),
        h.rows,
        h.columns,
        h.bitsAllocated,
        stored,
        h.highBit < 0 ? stored - 1 : h.highBit,
        h.pixelRepresentation,
        list(h.pixelSpacing),
        Double.isNaN(h.sliceThickness)
            ? OptionalDouble.empty()
            : OptionalDouble.of(h.sliceThickness),
        list(h.imagePosition),
        list(h.imageOrientation),
        h.rescaleSlope,
        h.rescaleIntercept);
  }

  private static List<Double> list(double[] v) {
    if (v == null) {
      return List.of();
    }
    Double[] b = new Double[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i];
    }
    return List.of(b);
  }
}
