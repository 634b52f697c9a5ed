package org.lungnodule.io.dicom;

import java.nio.file.Path;

/**
 * What the parser keeps from one file: the tags the series assembly needs and where the pixel data
 * lie. Mutable while the parser fills it, then only read.
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

  String sopClassUid = "";
  String sopInstanceUid = "";
  String studyInstanceUid = "";
  String seriesInstanceUid = "";
  String frameOfReferenceUid = "";
  String patientId = "";
  String seriesDescription = "";
  String modality = "";
  String photometric = "";

  /**
   * LossyImageCompression (0028,2110): "01" once lossy compression was applied, else "00" or "".
   */
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

  /**
   * The functional groups of an enhanced (multi-frame) file, null when it has none; see {@link
   * EnhancedCt}.
   */
  FunctionalGroups functionalGroups;

  /** Which frame of a multi-frame file this header describes (0 for a single-frame file). */
  int frameIndex;

  /** Whether this header is one frame of an Enhanced CT file, made by {@link EnhancedCt}. */
  boolean enhancedFrame;

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

  /**
   * Returns how the slice is named in messages: the file name, followed by the frame number
   * (counted from 1) for a frame of a multi-frame file.
   */
  String name() {
    Path n = file.getFileName();
    String base = n == null ? file.toString() : n.toString();
    return enhancedFrame ? base + " frame " + (frameIndex + 1) : base;
  }

  /** Returns a copy of this header for frame {@code index} of its file. */
  SliceHeader frame(int index) {
    SliceHeader f = new SliceHeader(file, fileSize);
    f.transferSyntaxUid = transferSyntaxUid;
    f.deflated = deflated;
    f.bigEndian = bigEndian;
    f.explicitVr = explicitVr;
    f.deflateStart = deflateStart;
    f.sopClassUid = sopClassUid;
    f.sopInstanceUid = sopInstanceUid;
    f.studyInstanceUid = studyInstanceUid;
    f.seriesInstanceUid = seriesInstanceUid;
    f.frameOfReferenceUid = frameOfReferenceUid;
    f.patientId = patientId;
    f.seriesDescription = seriesDescription;
    f.modality = modality;
    f.photometric = photometric;
    f.lossyImageCompression = lossyImageCompression;
    f.instanceNumber = instanceNumber;
    f.rows = rows;
    f.columns = columns;
    f.bitsAllocated = bitsAllocated;
    f.bitsStored = bitsStored;
    f.highBit = highBit;
    f.pixelRepresentation = pixelRepresentation;
    f.samplesPerPixel = samplesPerPixel;
    f.numberOfFrames = numberOfFrames;
    f.pixelSpacing = pixelSpacing;
    f.imagePosition = imagePosition;
    f.imageOrientation = imageOrientation;
    f.sliceThickness = sliceThickness;
    f.rescaleSlope = rescaleSlope;
    f.rescaleIntercept = rescaleIntercept;
    f.pixelOffset = pixelOffset;
    f.pixelLength = pixelLength;
    f.sourceSize = sourceSize;
    f.frameIndex = index;
    f.enhancedFrame = true;
    return f;
  }

  boolean hasPixelData() {
    return pixelOffset >= 0;
  }

  boolean encapsulated() {
    return pixelLength < 0;
  }
}
