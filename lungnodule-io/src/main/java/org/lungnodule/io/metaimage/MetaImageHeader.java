package org.lungnodule.io.metaimage;

import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.VolumeGeometry;

/**
 * The parts of a MetaImage header this library uses.
 *
 * @param geometry dims, spacing ({@code ElementSpacing}), origin ({@code Offset}) and direction
 *     ({@code TransformMatrix})
 * @param elementType the stored element type
 * @param byteOrder the byte order of the data ({@code ElementByteOrderMSB} / {@code
 *     BinaryDataByteOrderMSB})
 * @param compressed whether the data are zlib-compressed ({@code CompressedData})
 * @param compressedSize {@code CompressedDataSize} if given
 * @param dataFile {@code ElementDataFile}: {@code LOCAL} or a file name relative to the header
 * @param headerSize {@code HeaderSize}: bytes to skip at the start of an external data file, -1 for
 *     "the data are the last bytes of the file", 0 if absent
 * @param localDataOffset for {@code LOCAL} data: the byte offset of the data in the header file
 */
public record MetaImageHeader(
    VolumeGeometry geometry,
    MetaImageElementType elementType,
    ByteOrder byteOrder,
    boolean compressed,
    Optional<Long> compressedSize,
    String dataFile,
    long headerSize,
    long localDataOffset) {

  /** Validates that no component is null. */
  public MetaImageHeader {
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(elementType, "elementType");
    Objects.requireNonNull(byteOrder, "byteOrder");
    Objects.requireNonNull(compressedSize, "compressedSize");
    Objects.requireNonNull(dataFile, "dataFile");
  }

  /** Returns whether the data follow the header in the same file. */
  public boolean isLocal() {
    return "LOCAL".equalsIgnoreCase(dataFile);
  }

  /** Returns the number of uncompressed data bytes. */
  public long dataBytes() {
    return (long) geometry.dims().voxelCount() * elementType.bytes();
  }
}
