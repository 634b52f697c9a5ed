package org.lungnodule.io.dicom;

import java.nio.file.Path;

/**
 * What the parser keeps from one file: the tags the series assembly needs and where the pixel
 * data lie. Mutable while the parser fills it, then only read.
 */
final class SliceHeader {
  final Path file;
  final long fileSize;

  String transferSyntaxUid;
  boolean deflated;
  boolean bigEndian;
  boolean explicitVr;
  /** Where the (deflated) data set starts in the file; only used for deflated files. */
  long deflateStart = -1;

  String sopInstanceUid = "";
  String studyInstanceUid = "";
  String seriesInstanceUid = "";
  String frameOfReferenceUid = "";
  String patientId = "";
  String seriesDescription = "";
  String modality = "";
  String photometric = "";
  /** LossyImageCompression (0028,2110): "01" once lossy compression was applied, else "00" or "". */
  String lossyImageCompression = "";
  int instanceNumber = Integer.MIN_VALUE;

  int rows = -1;
  int columns = -1;
  int bitsAllocated = -1;
  int bitsStored = -1;
  int highBit = -1;
  int pixelRepresentation = 0;
  int samplesPerPixel = 1;
  int numberOfFrames = 1;

  double[] pixelSpacing;
  double[] imagePosition;
  double[] imageOrientation;
  double sliceThickness = Double.NaN;
  double rescaleSlope = 1.0;
  double rescaleIntercept = 0.0;

  /** Offset of the pixel data value (in the file, or in the inflated data set), -1 if none. */
  long pixelOffset = -1;
  /** Length of the pixel data value; -1 when encapsulated (undefined length). */
  long pixelLength = -1;
  /** Size of the source the pixel offset refers to (file size, or inflated size). */
  long sourceSize;

  SliceHeader(Path file, long fileSize) {
    this.file = file;
    this.fileSize = fileSize;
  }

  boolean hasPixelData() {
    return pixelOffset >= 0;
  }

  boolean encapsulated() {
    return pixelLength < 0;
  }
}
