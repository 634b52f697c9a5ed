/**
 * JPEG 2000 pixel data for the DICOM reader of {@code lungnodule-io}: {@link
 * org.lungnodule.io.jpeg2000.Jpeg2000Decoder}, registered as a {@link
 * org.lungnodule.io.dicom.codec.FrameDecoder} service, decodes JPEG 2000 Lossless ({@code
 * 1.2.840.10008.1.2.4.90}) and JPEG 2000 ({@code .91}) frames with JJ2000 (jai-imageio-jpeg2000),
 * after checking the codestream's own header against the frame the DICOM header declares.
 */
package org.lungnodule.io.jpeg2000;
