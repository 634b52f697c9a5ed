package org.lungnodule.io.metaimage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.internal.Numbers;
import org.lungnodule.io.internal.VoxelCodec;

/**
 * Writes MetaImage files with chosen options. Immutable and thread-safe once built.
 *
 * <pre>{@code
 * MetaImageWriter.builder().elementType(MetaImageElementType.MET_FLOAT).compressed(true).build()
 *     .write(volume, Path.of("scan.mhd"));
 * }</pre>
 *
 * <p>Data are little-endian. For {@code .mhd} the data go to {@code <name>.raw} ({@code .zraw} when
 * compressed) beside the header; both are written to temporary files, then the data file is moved
 * into place first and the header last, so a header never points at missing data. For {@code .mha}
 * header and data are one temporary file moved into place.
 */
public final class MetaImageWriter {

  private final Optional<MetaImageElementType> elementType;
  private final boolean compressed;

  private MetaImageWriter(Builder b) {
    this.elementType = b.elementType;
    this.compressed = b.compressed != null && b.compressed;
  }

  /** Returns a new builder (defaults: automatic element type, uncompressed). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes a CT volume. With an automatic element type, {@code MET_SHORT} when every voxel is an
   * integer in the int16 range, else {@code MET_FLOAT}.
   *
   * @throws IllegalArgumentException if the name ends neither in .mhd nor in .mha, or a fixed
   *     integer element type cannot hold the values exactly
   * @throws IOException if writing fails
   */
  public void write(CtVolume volume, Path file) throws IOException {
    Objects.requireNonNull(volume, "volume");
    float[] v = volume.copyVoxels();
    MetaImageElementType type =
        elementType.orElse(
            VoxelCodec.fitsInt16(v)
                ? MetaImageElementType.MET_SHORT
                : MetaImageElementType.MET_FLOAT);
    checkRange(v, type);
    writeData(volume.geometry(), v, type, file);
  }

  /**
   * Writes a mask ({@code MET_UCHAR} unless another element type was chosen).
   *
   * @throws IllegalArgumentException if the name ends neither in .mhd nor in .mha
   * @throws IOException if writing fails
   */
  public void writeMask(Mask mask, Path file) throws IOException {
    Objects.requireNonNull(mask, "mask");
    float[] v = VoxelCodec.fromLabels(mask.copyLabels());
    MetaImageElementType type = elementType.orElse(MetaImageElementType.MET_UCHAR);
    checkRange(v, type);
    writeData(mask.geometry(), v, type, file);
  }

  private static void checkRange(float[] v, MetaImageElementType type) {
    double lo;
    double hi;
    switch (type) {
      case MET_CHAR -> {
        lo = Byte.MIN_VALUE;
        hi = Byte.MAX_VALUE;
      }
      case MET_UCHAR -> {
        lo = 0;
        hi = 255;
      }
      case MET_SHORT -> {
        lo = Short.MIN_VALUE;
        hi = Short.MAX_VALUE;
      }
      case MET_USHORT -> {
        lo = 0;
        hi = 65535;
      }
      case MET_INT -> {
        lo = Integer.MIN_VALUE;
        hi = Integer.MAX_VALUE;
      }
      case MET_UINT -> {
        lo = 0;
        hi = 4294967295.0;
      }
      default -> {
        return;
      }
    }
    for (int i = 0; i < v.length; i++) {
      if (v[i] != Math.rint(v[i]) || v[i] < lo || v[i] > hi) {
        throw new IllegalArgumentException(
            "element type "
                + type
                + " cannot hold voxel "
                + i
                + " = "
                + v[i]
                + " exactly (range "
                + Numbers.num(lo)
                + ".."
                + Numbers.num(hi)
                + ", integers only); use MET_FLOAT");
      }
    }
  }

  private void writeData(VolumeGeometry g, float[] v, MetaImageElementType type, Path file)
      throws IOException {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean mha = lower.endsWith(".mha");
    if (!mha && !lower.endsWith(".mhd")) {
      throw new IllegalArgumentException(
          "MetaImage file name must end in .mhd or .mha, got " + name);
    }
    Path dataTemp = AtomicFiles.tempBeside(file);
    Path headerTemp = null;
    try {
      long dataBytes;
      // zlib level 1: several times faster than the default, files a little larger
      Deflater deflater = compressed ? new Deflater(Deflater.BEST_SPEED) : null;
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(dataTemp), 1 << 16)) {
        OutputStream out = compressed ? new DeflaterOutputStream(os, deflater, 1 << 16) : os;
        VoxelCodec.write(out, v, g.dims(), type.sample(), ByteOrder.LITTLE_ENDIAN);
        out.close();
      } finally {
        if (deflater != null) {
          deflater.end();
        }
      }
      dataBytes = Files.size(dataTemp);
      String base = name.substring(0, name.length() - 4);
      String dataName = mha ? "LOCAL" : base + (compressed ? ".zraw" : ".raw");
      byte[] header = header(g, type, dataBytes, dataName).getBytes(StandardCharsets.US_ASCII);
      headerTemp = AtomicFiles.tempBeside(file);
      if (mha) {
        try (OutputStream out =
                new BufferedOutputStream(Files.newOutputStream(headerTemp), 1 << 16);
            InputStream in = Files.newInputStream(dataTemp)) {
          out.write(header);
          in.transferTo(out);
        }
        Files.delete(dataTemp);
        AtomicFiles.moveInto(headerTemp, file);
      } else {
        Files.write(headerTemp, header);
        AtomicFiles.moveInto(dataTemp, file.resolveSibling(dataName));
        AtomicFiles.moveInto(headerTemp, file);
      }
    } finally {
      AtomicFiles.deleteQuietly(dataTemp);
      AtomicFiles.deleteQuietly(headerTemp);
    }
  }

  private String header(
      VolumeGeometry g, MetaImageElementType type, long dataBytes, String dataName) {
    Direction d = g.direction();
    StringBuilder sb = new StringBuilder();
    sb.append("ObjectType = Image\n");
    sb.append("NDims = 3\n");
    sb.append("BinaryData = True\n");
    sb.append("BinaryDataByteOrderMSB = False\n");
    sb.append("CompressedData = ").append(compressed ? "True" : "False").append('\n');
    if (compressed) {
      sb.append("CompressedDataSize = ").append(dataBytes).append('\n');
    }
    sb.append("TransformMatrix =");
    for (int axis = 0; axis < 3; axis++) {
      for (double c : d.axis(axis)) {
        sb.append(' ').append(Numbers.num(c));
      }
    }
    sb.append('\n');
    sb.append("Offset =");
    for (double o : g.origin().toArray()) {
      sb.append(' ').append(Numbers.num(o));
    }
    sb.append('\n');
    sb.append("CenterOfRotation = 0 0 0\n");
    sb.append("ElementSpacing =");
    for (double s : g.spacing().toArray()) {
      sb.append(' ').append(Numbers.num(s));
    }
    sb.append('\n');
    sb.append("DimSize = ")
        .append(g.dims().nx())
        .append(' ')
        .append(g.dims().ny())
        .append(' ')
        .append(g.dims().nz())
        .append('\n');
    sb.append("ElementType = ").append(type.name()).append('\n');
    sb.append("ElementDataFile = ").append(dataName).append('\n');
    return sb.toString();
  }

  @Override
  public String toString() {
    return "MetaImageWriter[elementType="
        + elementType.map(Enum::name).orElse("auto")
        + ", compressed="
        + compressed
        + "]";
  }

  /** Builder for {@link MetaImageWriter}. Each option may be set once. */
  public static final class Builder {
    private Optional<MetaImageElementType> elementType = Optional.empty();
    private Boolean compressed;

    private Builder() {}

    /**
     * Stores voxels as this element type instead of the automatic choice.
     *
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalStateException if already set
     */
    public Builder elementType(MetaImageElementType type) {
      Objects.requireNonNull(type, "type");
      if (elementType.isPresent()) {
        throw new IllegalStateException("elementType was already set to " + elementType.get());
      }
      elementType = Optional.of(type);
      return this;
    }

    /**
     * Compresses the voxel data with zlib ({@code CompressedData = True}).
     *
     * @throws IllegalStateException if already set
     */
    public Builder compressed(boolean on) {
      if (compressed != null) {
        throw new IllegalStateException("compressed was already set to " + compressed);
      }
      compressed = on;
      return this;
    }

    /** Builds the writer; the builder stays usable. */
    public MetaImageWriter build() {
      return new MetaImageWriter(this);
    }

    @Override
    public String toString() {
      return "MetaImageWriter.Builder[elementType="
          + elementType.map(Enum::name).orElse("auto")
          + ", compressed="
          + compressed
          + "]";
    }
  }
}
