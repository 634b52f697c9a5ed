package org.lungnodule.io.metaimage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFormatException;
import org.lungnodule.io.internal.Budget;
import org.lungnodule.io.internal.ContainedPaths;
import org.lungnodule.io.internal.VoxelCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes 3D MetaImage files: {@code .mhd} (header) with an external data file, or {@code
 * .mha} (header and data in one file, {@code ElementDataFile = LOCAL}).
 *
 * <h2>Header keys</h2>
 *
 * {@code NDims} must be 3 and {@code ElementNumberOfChannels} 1. {@code DimSize}, {@code
 * ElementSpacing} (or {@code ElementSize} when spacing is absent), {@code Offset} (aliases {@code
 * Origin}, {@code Position}) = the world position of the centre of voxel (0,0,0), {@code
 * TransformMatrix} (aliases {@code Rotation}, {@code Orientation}), {@code ElementType} (see {@link
 * MetaImageElementType}), {@code ElementByteOrderMSB} / {@code BinaryDataByteOrderMSB}, {@code
 * CompressedData} (zlib, or gzip detected by its magic bytes) with optional {@code
 * CompressedDataSize}, {@code HeaderSize} (bytes to skip in the data file; -1 = data at the end)
 * and {@code ElementDataFile} (last key: {@code LOCAL} or a file name relative to the header, which
 * must stay in the header's folder: absolute paths, {@code ..} leading out and links to files
 * elsewhere are refused; {@code LIST} and file-name patterns are refused). {@code
 * AnatomicalOrientation}, {@code CenterOfRotation} and unknown keys are ignored, as ITK does.
 *
 * <h2>TransformMatrix convention</h2>
 *
 * The nine numbers of {@code TransformMatrix} are the world directions of the voxel axes, axis by
 * axis: numbers 0–2 are the direction of x (columns), 3–5 of y (rows), 6–8 of z (slices). ITK's
 * {@code MetaImageIO} reads them so ({@code SetDirection(i, transformMatrix[3i .. 3i+2])}), which
 * makes {@code TransformMatrix} the direction matrix of {@link Direction} written
 * <b>column-major</b> (its transpose, row-major). For the usual axial scans the matrix is the
 * identity and the distinction does not matter; for oblique or flipped axes it does. MetaImage
 * world coordinates are ITK's, i.e. LPS like DICOM, so no sign flip is needed (unlike NIfTI).
 *
 * <h2>Values</h2>
 *
 * Volumes are read as {@code float} HU with no rescale (MetaImage has none; LUNA16 stores HU as
 * {@code MET_SHORT}). {@link #write(CtVolume, Path)} stores {@code MET_SHORT} when every voxel is
 * an integer in the int16 range, else {@code MET_FLOAT}; masks are stored as {@code MET_UCHAR}. Use
 * {@link MetaImageWriter} for other choices (element type, compression).
 *
 * <h2>Untrusted files</h2>
 *
 * Before allocating, the declared size ({@code DimSize} voxels as 4-byte floats) is checked against
 * {@link org.lungnodule.core.MemoryBudget}; compressed data are inflated straight into that array
 * and refused if they hold more or fewer bytes than declared.
 */
public final class MetaImage {

  private static final Logger LOG = LoggerFactory.getLogger(MetaImage.class);
  private static final int MAX_HEADER_BYTES = 1 << 20;

  /** zlib cannot expand data more than about 1032:1; a larger claim means a truncated file. */
  private static final long MAX_DEFLATE_RATIO = 1100;

  private MetaImage() {}

  /**
   * Reads a CT volume.
   *
   * @param header the {@code .mhd} or {@code .mha} file
   * @return the volume, values as stored
   * @throws NoSuchFileException if the header or its data file is missing
   * @throws VolumeFormatException if the header is malformed, names a data file outside its folder,
   *     declares more voxels than the {@link org.lungnodule.core.MemoryBudget} allows, or the data
   *     are short, corrupt or (compressed) longer than declared
   * @throws IOException on other read failures
   */
  public static CtVolume read(Path header) throws IOException {
    MetaImageHeader h = readHeader(header);
    float[] v = readData(header, h, Budget.VOLUME);
    try {
      return CtVolume.wrap(h.geometry(), v);
    } catch (IllegalArgumentException e) {
      throw new VolumeFormatException(header, e.getMessage(), e);
    }
  }

  /**
   * Reads a label mask; every value must be an integer in 0..255 (any element type).
   *
   * @throws VolumeFormatException if a value is not a label, or as {@link #read}
   * @throws IOException on other read failures
   */
  public static Mask readMask(Path header) throws IOException {
    MetaImageHeader h = readHeader(header);
    float[] v = readData(header, h, Budget.MASK);
    try {
      return Mask.wrap(h.geometry(), VoxelCodec.toLabels(v));
    } catch (IllegalArgumentException e) {
      throw new VolumeFormatException(header, e.getMessage(), e);
    }
  }

  /**
   * Writes a CT volume with the default options ({@code MET_SHORT} when exact, else {@code
   * MET_FLOAT}; uncompressed). The file name decides the layout: {@code .mha} = one file, {@code
   * .mhd} = header plus {@code <name>.raw} beside it.
   *
   * @throws IllegalArgumentException if the name ends neither in .mhd nor in .mha
   * @throws IOException if writing fails (no partial file is left under the target names)
   */
  public static void write(CtVolume volume, Path file) throws IOException {
    MetaImageWriter.builder().build().write(volume, file);
  }

  /**
   * Writes a mask as {@code MET_UCHAR}, uncompressed.
   *
   * @throws IllegalArgumentException if the name ends neither in .mhd nor in .mha
   * @throws IOException if writing fails
   */
  public static void writeMask(Mask mask, Path file) throws IOException {
    MetaImageWriter.builder().build().writeMask(mask, file);
  }

  /**
   * Reads and checks the header only (fast: no voxel data are read).
   *
   * @throws NoSuchFileException if the file is missing
   * @throws VolumeFormatException if the header is malformed or uses an unsupported feature
   * @throws IOException on other read failures
   */
  public static MetaImageHeader readHeader(Path header) throws IOException {
    if (!Files.isRegularFile(header)) {
      throw new NoSuchFileException(header.toString(), null, "MetaImage header not found");
    }
    Map<String, String> keys = new LinkedHashMap<>();
    long offset;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(header))) {
      offset = parseKeys(header, in, keys);
    }
    return toHeader(header, keys, offset);
  }

  /** Reads "key = value" lines up to ElementDataFile; returns the byte offset after that line. */
  private static long parseKeys(Path path, InputStream in, Map<String, String> keys)
      throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long pos = 0;
    int lineNo = 1;
    while (true) {
      int b = in.read();
      if (b >= 0) {
        pos++;
      }
      if (pos > MAX_HEADER_BYTES) {
        throw new VolumeFormatException(
            path,
            "no ElementDataFile within the first " + MAX_HEADER_BYTES + " bytes of the header");
      }
      if (b == '\n' || b < 0) {
        String text = line.toString(StandardCharsets.ISO_8859_1).strip();
        line.reset();
        if (!text.isEmpty()) {
          int eq = text.indexOf('=');
          if (eq <= 0) {
            throw new VolumeFormatException(
                path,
                "header line " + lineNo + " is not 'key = value': '" + abbreviate(text) + "'");
          }
          String key = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
          keys.put(key, text.substring(eq + 1).strip());
          if (key.equals("elementdatafile")) {
            return pos;
          }
        }
        if (b < 0) {
          throw new VolumeFormatException(path, "header has no ElementDataFile line");
        }
        lineNo++;
      } else if (b != '\r') {
        if (b == 0) {
          throw new VolumeFormatException(
              path, "binary data in the header at line " + lineNo + " before ElementDataFile");
        }
        line.write(b);
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private static MetaImageHeader toHeader(Path path, Map<String, String> k, long localOffset)
      throws VolumeFormatException {
    String objectType = k.getOrDefault("objecttype", "Image");
    if (!objectType.equalsIgnoreCase("Image")) {
      throw new VolumeFormatException(path, "ObjectType must be Image, got " + objectType);
    }
    int ndims = (int) integer(path, k, "ndims", "NDims");
    if (ndims != 3) {
      throw new VolumeFormatException(path, "NDims must be 3, got " + ndims);
    }
    String channels = k.get("elementnumberofchannels");
    if (channels != null && !channels.equals("1")) {
      throw new VolumeFormatException(
          path, "ElementNumberOfChannels must be 1 (scalar CT), got " + channels);
    }
    double[] dimSize = numbers(path, k, "DimSize", 3).orElseThrow(() -> missing(path, "DimSize"));
    int[] d = new int[3];
    for (int a = 0; a < 3; a++) {
      if (dimSize[a] != Math.rint(dimSize[a]) || dimSize[a] < 1 || dimSize[a] > Integer.MAX_VALUE) {
        throw new VolumeFormatException(
            path, "DimSize must be 3 positive integers, got " + k.get("dimsize"));
      }
      d[a] = (int) dimSize[a];
    }
    Dims dims;
    Spacing spacing;
    Direction direction;
    WorldPoint origin;
    try {
      dims = new Dims(d[0], d[1], d[2]);
      double[] sp =
          numbers(path, k, "ElementSpacing", 3)
              .or(() -> numbersOrNull(k, "elementsize"))
              .orElse(new double[] {1, 1, 1});
      spacing = new Spacing(sp[0], sp[1], sp[2]);
      double[] o =
          firstOf(path, k, 3, "Offset", "Origin", "Position").orElse(new double[] {0, 0, 0});
      origin = new WorldPoint(o[0], o[1], o[2]);
      Optional<double[]> tm = firstOf(path, k, 9, "TransformMatrix", "Rotation", "Orientation");
      // TransformMatrix lists axis directions one after another: column-major direction matrix.
      direction =
          tm.map(
                  t ->
                      Direction.ofColumns(
                          new double[] {t[0], t[1], t[2]},
                          new double[] {t[3], t[4], t[5]},
                          new double[] {t[6], t[7], t[8]}))
              .orElse(Direction.IDENTITY);
    } catch (IllegalArgumentException e) {
      throw new VolumeFormatException(path, e.getMessage(), e);
    }
    String et = k.get("elementtype");
    if (et == null) {
      throw missing(path, "ElementType");
    }
    MetaImageElementType type =
        MetaImageElementType.parse(et)
            .orElseThrow(
                () ->
                    new VolumeFormatException(
                        path,
                        "ElementType "
                            + et
                            + " is not supported (supported: MET_CHAR, MET_UCHAR, MET_SHORT,"
                            + " MET_USHORT, MET_INT, MET_UINT, MET_FLOAT, MET_DOUBLE)"));
    String msb =
        k.getOrDefault("elementbyteordermsb", k.getOrDefault("binarydatabyteordermsb", "False"));
    ByteOrder order =
        bool(path, "ElementByteOrderMSB", msb) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    String bin = k.get("binarydata");
    if (bin != null && !bool(path, "BinaryData", bin)) {
      throw new VolumeFormatException(
          path, "BinaryData = False (ASCII voxel data) is not supported");
    }
    boolean compressed = bool(path, "CompressedData", k.getOrDefault("compresseddata", "False"));
    Optional<Long> csize = Optional.empty();
    if (k.containsKey("compresseddatasize")) {
      long cs = integer(path, k, "compresseddatasize", "CompressedDataSize");
      if (cs < 1) {
        throw new VolumeFormatException(path, "CompressedDataSize must be positive, got " + cs);
      }
      csize = Optional.of(cs);
    }
    long headerSize =
        k.containsKey("headersize") ? integer(path, k, "headersize", "HeaderSize") : 0;
    if (headerSize < -1) {
      throw new VolumeFormatException(path, "HeaderSize must be -1 or more, got " + headerSize);
    }
    String dataFile = k.get("elementdatafile");
    if (dataFile.isEmpty()) {
      throw new VolumeFormatException(path, "ElementDataFile is empty");
    }
    boolean spacedName = dataFile.contains(" ") && existsBeside(path, dataFile);
    if (dataFile.toUpperCase(Locale.ROOT).startsWith("LIST")
        || dataFile.contains("%")
        || (dataFile.contains(" ") && !spacedName)) {
      throw new VolumeFormatException(
          path,
          "ElementDataFile '"
              + dataFile
              + "' (a list or pattern of slice files) is not supported; use LOCAL or one data file");
    }
    return new MetaImageHeader(
        new VolumeGeometry(dims, spacing, origin, direction),
        type,
        order,
        compressed,
        csize,
        dataFile,
        headerSize,
        localOffset);
  }

  /** Whether a data file of this name lies beside the header (never probes outside its folder). */
  private static boolean existsBeside(Path header, String name) {
    try {
      Path folder = header.toAbsolutePath().getParent().normalize();
      Path p = folder.resolve(name).normalize();
      return p.startsWith(folder) && Files.isRegularFile(p);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static VolumeFormatException missing(Path path, String key) {
    return new VolumeFormatException(path, "header has no " + key);
  }

  private static boolean bool(Path path, String key, String v) throws VolumeFormatException {
    if (v.equalsIgnoreCase("True") || v.equals("1")) {
      return true;
    }
    if (v.equalsIgnoreCase("False") || v.equals("0")) {
      return false;
    }
    throw new VolumeFormatException(path, key + " must be True or False, got '" + v + "'");
  }

  private static long integer(Path path, Map<String, String> k, String lower, String name)
      throws VolumeFormatException {
    String v = k.get(lower);
    if (v == null) {
      throw missing(path, name);
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new VolumeFormatException(path, name + " must be an integer, got '" + v + "'");
    }
  }

  private static Optional<double[]> firstOf(
      Path path, Map<String, String> k, int n, String... names) throws VolumeFormatException {
    for (String name : names) {
      Optional<double[]> v = numbers(path, k, name, n);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  private static Optional<double[]> numbersOrNull(Map<String, String> k, String lower) {
    String v = k.get(lower);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parseNumbers(v, 3));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<double[]> numbers(Path path, Map<String, String> k, String name, int n)
      throws VolumeFormatException {
    String v = k.get(name.toLowerCase(Locale.ROOT));
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parseNumbers(v, n));
    } catch (NumberFormatException e) {
      throw new VolumeFormatException(
          path, name + " must be " + n + " numbers, got '" + abbreviate(v) + "'");
    }
  }

  private static double[] parseNumbers(String v, int n) {
    String[] parts = v.trim().split("\\s+");
    if (parts.length != n) {
      throw new NumberFormatException("count");
    }
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = Double.parseDouble(parts[i]);
      if (!Double.isFinite(r[i])) {
        throw new NumberFormatException("not finite");
      }
    }
    return r;
  }

  private static float[] readData(Path header, MetaImageHeader h, int bytesPerVoxel)
      throws IOException {
    Path dataPath;
    long skip;
    long available;
    if (h.isLocal()) {
      dataPath = header;
      skip = h.localDataOffset();
    } else {
      dataPath = dataFile(header, h.dataFile());
      if (!Files.isRegularFile(dataPath)) {
        throw new NoSuchFileException(
            dataPath.toString(), null, "MetaImage data file named by " + header + " not found");
      }
      skip = h.headerSize();
    }
    long fileSize = Files.size(dataPath);
    if (skip == -1) {
      if (h.compressed()) {
        throw new VolumeFormatException(
            header, "HeaderSize = -1 is not supported with compressed data");
      }
      skip = fileSize - h.dataBytes();
      if (skip < 0) {
        throw new VolumeFormatException(
            dataPath,
            "data file has "
                + fileSize
                + " bytes, fewer than the "
                + h.dataBytes()
                + " the header needs");
      }
    }
    available = fileSize - skip;
    if (!h.compressed() && available < h.dataBytes()) {
      throw new VolumeFormatException(
          dataPath,
          "voxel data are truncated: "
              + Math.max(0, available)
              + " bytes after offset "
              + skip
              + ", the header needs "
              + h.dataBytes()
              + " ("
              + h.geometry().dims()
              + " "
              + h.elementType()
              + ")");
    }
    if (h.compressed() && available * MAX_DEFLATE_RATIO < h.dataBytes()) {
      throw new VolumeFormatException(
          dataPath,
          "compressed data are truncated: "
              + available
              + " bytes cannot inflate to the "
              + h.dataBytes()
              + " bytes the header needs");
    }
    if (h.compressed() && h.compressedSize().isPresent() && h.compressedSize().get() > available) {
      throw new VolumeFormatException(
          dataPath,
          "compressed data are truncated: "
              + available
              + " bytes, CompressedDataSize says "
              + h.compressedSize().get());
    }
    Budget.requireVoxels(
        h.geometry().dims(), bytesPerVoxel, m -> new VolumeFormatException(header, m));
    long t0 = System.nanoTime();
    try (InputStream raw = Files.newInputStream(dataPath)) {
      raw.skipNBytes(skip);
      InputStream in = new BufferedInputStream(raw, 1 << 16);
      if (h.compressed()) {
        in = decompressing(in);
      }
      // Decompression streams into the output array and stops at the declared size: a stream that
      // holds more is refused after one byte more, never inflated whole.
      float[] v =
          VoxelCodec.read(
              in, h.geometry().dims(), h.elementType().sample(), h.byteOrder(), 1.0, 0.0);
      if (h.compressed() && in.read() >= 0) {
        throw new VolumeFormatException(
            dataPath,
            "compressed voxel data hold more than the "
                + h.dataBytes()
                + " bytes the header declares ("
                + h.geometry().dims()
                + " "
                + h.elementType()
                + ")");
      }
      LOG.debug(
          "read {} {} {} in {} ms",
          dataPath,
          h.geometry().dims(),
          h.elementType(),
          (System.nanoTime() - t0) / 1_000_000);
      return v;
    } catch (EOFException e) {
      throw new VolumeFormatException(dataPath, e.getMessage(), e);
    } catch (ZipException e) {
      throw new VolumeFormatException(
          dataPath, "compressed voxel data are corrupt: " + e.getMessage(), e);
    }
  }

  /**
   * Resolves {@code ElementDataFile} beside the header, refusing a name that leads out of the
   * header's folder (absolute, {@code ..}, or a link to a file elsewhere). A link to the header
   * itself is followed: its data file may lie beside the header's real location.
   */
  private static Path dataFile(Path header, String name) throws IOException {
    Path abs = header.toAbsolutePath();
    Path realFolder = abs.toRealPath().getParent();
    return ContainedPaths.resolve(
        abs.getParent(),
        "ElementDataFile",
        name,
        m -> new VolumeFormatException(header, m + " (the data file must lie beside the header)"),
        realFolder);
  }

  private static InputStream decompressing(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return new InflaterInputStream(in);
  }
}
