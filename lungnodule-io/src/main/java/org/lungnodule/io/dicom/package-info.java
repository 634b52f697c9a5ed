/**
 * DICOM reading and writing for CT series, written from the DICOM standard (PS3.5, PS3.10).
 *
 * <p>Entry point: {@link org.lungnodule.io.dicom.Dicom} ({@code readSeries}, {@code
 * readSeriesWithInfo}, {@code readSeriesFiles}, {@code listSeries}, {@code readReferences}, {@code
 * writeSeries}). Reading goes through the {@link org.lungnodule.io.dicom.DicomSeriesReader} service
 * interface, loaded with {@link java.util.ServiceLoader}, so that another implementation (for
 * example one based on dcm4che) can replace the built-in {@link
 * org.lungnodule.io.dicom.BuiltinDicomReader}.
 *
 * <p>Supported transfer syntaxes: Implicit VR Little Endian, Explicit VR Little Endian, Explicit VR
 * Big Endian, Deflated Explicit VR Little Endian and RLE Lossless (read and write); JPEG Baseline,
 * Extended (8/12 bit), Lossless (any predictor, 2–16 bit), JPEG-LS lossless and near-lossless
 * (read, by the decoders of {@link org.lungnodule.io.dicom.codec}); JPEG 2000 lossless and lossy
 * (read when the {@code lungnodule-io-jpeg2000} artifact is on the class path). Every other syntax
 * is refused with an {@link org.lungnodule.io.dicom.UnsupportedTransferSyntaxException} naming the
 * syntax and the file. Lossy compression is reported by {@link
 * org.lungnodule.io.dicom.DicomSeries#lossyImageCompression()}.
 *
 * <p>Images: single-frame CT files, and Enhanced CT / Legacy Converted Enhanced CT multi-frame
 * files (their frames read as slices through the functional groups). A folder with a DICOMDIR is
 * listed and read through its records.
 *
 * <p>Failures are {@link org.lungnodule.io.dicom.DicomException}s (an {@link java.io.IOException})
 * carrying the path of the file or folder at fault.
 */
package org.lungnodule.io.dicom;
