/**
 * Decoders of compressed DICOM pixel data, one frame at a time: JPEG (baseline and extended DCT, 8
 * and 12 bit; lossless with any predictor, 2–16 bit) and JPEG-LS (lossless and near-lossless),
 * written from ITU-T T.81 and T.87 in plain Java. Other decoders (JPEG 2000 lives in the separate
 * artifact {@code lungnodule-io-jpeg2000}) plug in as {@link
 * org.lungnodule.io.dicom.codec.FrameDecoder} services.
 *
 * <p>Entry point: {@link org.lungnodule.io.dicom.codec.FrameDecoders#forTransferSyntax(String)}.
 * Every decoder checks the stream's dimensions and precision against the {@link
 * org.lungnodule.io.dicom.codec.FrameSpec} the DICOM header declares before it allocates, and
 * allocates only what that declared frame needs (checked against {@link
 * org.lungnodule.core.MemoryBudget}); malformed streams end in a {@link
 * org.lungnodule.io.dicom.codec.CodecException}.
 */
package org.lungnodule.io.dicom.codec;
