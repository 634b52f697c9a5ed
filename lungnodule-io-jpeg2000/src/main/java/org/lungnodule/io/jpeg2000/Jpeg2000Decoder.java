package org.lungnodule.io.jpeg2000;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Set;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.lungnodule.io.dicom.codec.CodecException;
import org.lungnodule.io.dicom.codec.DecodedFrame;
import org.lungnodule.io.dicom.codec.FrameDecoder;
import org.lungnodule.io.dicom.codec.FrameDecoders;
import org.lungnodule.io.dicom.codec.FrameSpec;

/**
 * JPEG 2000 Lossless ({@code 1.2.840.10008.1.2.4.90}) and JPEG 2000 ({@code .91}) one-component
 * frames of up to 16 bits, decoded by JJ2000 (jai-imageio-jpeg2000 1.4.0, pure Java). Before JJ2000
 * sees a byte, the codestream's SIZ and COD segments are read here and its size, component count
 * and depth checked against the frame the DICOM header declares, so that JJ2000 only ever allocates
 * for that frame, and a codestream that does not end with its EOC marker is refused as truncated
 * (JJ2000 would decode a truncated codestream at a lower quality without a word). Signed
 * codestreams come back from JJ2000 with their DC level shift undone; they are returned as
 * two's-complement bits, as DICOM stores them. Streams using the 9-7 wavelet are reported lossy.
 */
public final class Jpeg2000Decoder implements FrameDecoder {

  private static final Set<String> UIDS =
      Set.of("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91");

  /** Creates the decoder (the service loader calls this). */
  public Jpeg2000Decoder() {}

  @Override
  public String name() {
    return "JPEG 2000 (JJ2000, jai-imageio-jpeg2000 1.4.0)";
  }

  @Override
  public Set<String> transferSyntaxUids() {
    return UIDS;
  }

  @Override
  public DecodedFrame decode(byte[] data, int offset, int length, FrameSpec spec)
      throws CodecException {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new CodecException(
          "frame range "
              + offset
              + "+"
              + length
              + " is outside the "
              + data.length
              + " bytes held");
    }
    Codestream cs = Codestream.parse(data, offset, length);
    if (cs.components() != 1 || spec.samplesPerPixel() != 1) {
      throw new CodecException(
          "the codestream has "
              + cs.components()
              + " component(s), the header declares "
              + spec.samplesPerPixel()
              + " sample(s) per pixel; only one-component (grayscale) JPEG 2000 is supported");
    }
    if (cs.width() != spec.columns() || cs.height() != spec.rows()) {
      throw new CodecException(
          "the codestream is "
              + cs.width()
              + "x"
              + cs.height()
              + ", the header declares "
              + spec.columns()
              + "x"
              + spec.rows());
    }
    if (cs.depth() > 16 || cs.depth() > spec.bitsAllocated()) {
      throw new CodecException(
          "the codestream holds "
              + cs.depth()
              + "-bit samples, more than the "
              + Math.min(16, spec.bitsAllocated())
              + " bits supported and allocated");
    }
    if (cs.tiles() > (long) spec.rows() * spec.columns()) {
      throw new CodecException(
          "the codestream declares "
              + cs.tiles()
              + " tiles for "
              + spec.columns()
              + "x"
              + spec.rows()
              + " pixels");
    }
    int last = offset + length - 1;
    while (last > offset + cs.offset() && data[last] == 0) {
      last--;
    }
    if (last - 1 < offset + cs.offset()
        || (data[last - 1] & 0xFF) != 0xFF
        || (data[last] & 0xFF) != 0xD9) {
      throw new CodecException(
          "truncated JPEG 2000 codestream: it does not end with an EOC marker (0xffd9)");
    }
    short[] out = FrameDecoders.allocate(spec);
    Raster raster = read(data, offset + cs.offset(), length - cs.offset());
    if (raster.getWidth() != spec.columns()
        || raster.getHeight() != spec.rows()
        || raster.getNumBands() != 1) {
      throw new CodecException(
          "JJ2000 returned a "
              + raster.getWidth()
              + "x"
              + raster.getHeight()
              + "x"
              + raster.getNumBands()
              + " raster for a "
              + spec
              + " frame");
    }
    int w = spec.columns();
    int[] row = new int[w];
    int mask = (1 << cs.depth()) - 1;
    for (int y = 0; y < spec.rows(); y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        out[y * w + x] = (short) (row[x] & mask);
      }
    }
    return new DecodedFrame(out, cs.depth(), !cs.reversible());
  }

  /**
   * The codestream for JJ2000, failing where its packet-header reader would loop for ever. That
   * reader takes bytes one at a time with {@code read()}; it takes the -1 returned at the end for a
   * byte of ones, and after 0xff 0xff it keeps the second byte as the stuffed one and reads ones
   * without consuming input, so that a corrupt packet header counts code-block length increments
   * for ever. Here a single-byte read past the end throws {@link EOFException}, and one returning
   * 0xff right after another (which valid packet data never hold) throws an {@link IOException}.
   */
  private static final class EndStrictStream extends MemoryCacheImageInputStream {
    private long lastFf = -2;

    EndStrictStream(byte[] data, int offset, int length) {
      super(new ByteArrayInputStream(data, offset, length));
    }

    @Override
    public int read() throws IOException {
      long at = getStreamPosition();
      int b = super.read();
      if (b < 0) {
        throw new EOFException("the codestream ends inside a packet");
      }
      if (b == 0xFF) {
        if (lastFf == at - 1) {
          throw new IOException("0xffff inside packet data at offset " + (at - 1));
        }
        lastFf = at;
      }
      return b;
    }
  }

  private static Raster read(byte[] data, int offset, int length) throws CodecException {
    J2KImageReader reader = new J2KImageReader(new J2KImageReaderSpi());
    try (MemoryCacheImageInputStream in = new EndStrictStream(data, offset, length)) {
      reader.setInput(in);
      return reader.readRaster(0, null);
    } catch (IOException e) {
      throw new CodecException("corrupt JPEG 2000 codestream: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // JJ2000 reports malformed codestreams with unchecked exceptions of many kinds
      throw new CodecException("corrupt JPEG 2000 codestream: " + e, e);
    } catch (OutOfMemoryError | InternalError e) {
      throw e;
    } catch (Error e) {
      // and with errors: jj2000.j2k.NotImplementedError for features it lacks, ThreadDeath where
      // its message logger gives up, StackOverflowError on hostile nesting
      throw new CodecException("corrupt or unsupported JPEG 2000 codestream: " + e, e);
    } finally {
      reader.dispose();
    }
  }
}
