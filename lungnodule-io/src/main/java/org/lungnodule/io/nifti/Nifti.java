package org.lungnodule.io.nifti;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFormatException;
import org.lungnodule.io.internal.Budget;
import org.lungnodule.io.internal.SampleType;
import org.lungnodule.io.internal.VoxelCodec;

/**
 * Reads and writes NIfTI-1 single files, {@code .nii} and gzip-compressed {@code .nii.gz}.
 *
 * <h2>Coordinates: RAS in the file, LPS in memory</h2>
 *
 * NIfTI's world frame is RAS (+x towards the patient's Right, +y Anterior, +z Superior); this
 * library and DICOM use LPS (+x Left, +y Posterior, +z Superior). The two differ by the sign of x
 * and y: {@code (x, y, z)_LPS = (-x, -y, z)_RAS}. On reading, the file's voxel-to-RAS affine {@code
 * A} becomes {@code diag(-1, -1, 1) · A}; on writing, the reverse. Voxel order is not changed:
 * voxel (i, j, k) of the file is voxel (i, j, k) of the volume.
 *
 * <h2>Which transform is used on reading</h2>
 *
 * <ol>
 *   <li>{@code sform_code > 0}: the {@code srow_x/y/z} affine. Spacing = the length of each column,
 *       direction = the columns divided by their length, origin = the translation.
 *   <li>else {@code qform_code > 0}: the quaternion ({@code quatern_b/c/d}, {@code a = sqrt(1 - b²
 *       - c² - d²)}), {@code qfac = pixdim[0]} (-1 flips the third axis, 0 is taken as 1), spacing
 *       {@code |pixdim[1..3]|}, origin {@code qoffset_x/y/z}.
 *   <li>else ("method 1", ANALYZE compatibility): spacing {@code |pixdim[1..3]|}, origin 0, axes
 *       along RAS, i.e. direction {@code diag(-1, -1, 1)} in LPS. This follows the NIfTI-1
 *       standard's method 1; nibabel instead centres such a grid and flips x, so the two disagree
 *       on origin.
 * </ol>
 *
 * <h2>Values</h2>
 *
 * Datatypes int8, uint8, int16, uint16, int32, uint32, float32 and float64 (codes 256, 2, 4, 512,
 * 8, 768, 16, 64); stored values become {@code scl_slope * v + scl_inter} when {@code scl_slope} is
 * neither 0 nor NaN. Both byte orders are read (detected from {@code sizeof_hdr = 348}). {@code
 * dim[0]} may be 2 to 7 with every dimension beyond the third equal to 1. NIfTI-2, the two-file
 * {@code .hdr/.img} form ({@code magic = "ni1"}) and ANALYZE files are refused with a clear
 * message.
 *
 * <h2>Untrusted files</h2>
 *
 * Before allocating, the declared size ({@code dim[1..3]} voxels as 4-byte floats) is checked
 * against {@link org.lungnodule.core.MemoryBudget}; gzip data are inflated straight into that array
 * and refused if they hold more or fewer bytes than declared.
 *
 * <p>Writing: little-endian, {@code vox_offset = 352}, int16 when every voxel is an integer in the
 * int16 range else float32 (masks: uint8), {@code scl_slope = 1}, {@code sform_code = qform_code =
 * 1} (scanner anatomical) with both transforms set; if the direction is not orthonormal (a sheared
 * grid) only the sform is set ({@code qform_code = 0}).
 */
public final class Nifti {

  private static final int HEADER_SIZE = 348;
  private static final int VOX_OFFSET = 352;
  private static final double ORTHO_TOL = 1e-4;

  private Nifti() {}

  /**
   * Reads a CT volume from {@code .nii} or {@code .nii.gz} (gzip is detected by content, not name).
   *
   * @throws NoSuchFileException if the file is missing
   * @throws VolumeFormatException if the header is malformed or unsupported, declares more voxels
   *     than the {@link org.lungnodule.core.MemoryBudget} allows, or the data are short, corrupt or
   *     (gzip) longer than declared
   * @throws IOException on other read failures
   */
  public static CtVolume read(Path file) throws IOException {
    try (InputStream in = open(file)) {
      NiftiHeader h = NiftiHeader.read(file, in);
      float[] v = readData(file, in, h, Budget.VOLUME);
      try {
        return CtVolume.wrap(h.geometry(), v);
      } catch (IllegalArgumentException e) {
        throw new VolumeFormatException(file, e.getMessage(), e);
      }
    }
  }

  /**
   * Reads a label mask; every value (after scaling) must be an integer in 0..255.
   *
   * @throws VolumeFormatException if a value is not a label, or as {@link #read}
   * @throws IOException on other read failures
   */
  public static Mask readMask(Path file) throws IOException {
    try (InputStream in = open(file)) {
      NiftiHeader h = NiftiHeader.read(file, in);
      float[] v = readData(file, in, h, Budget.MASK);
      try {
        return Mask.wrap(h.geometry(), VoxelCodec.toLabels(v));
      } catch (IllegalArgumentException e) {
        throw new VolumeFormatException(file, e.getMessage(), e);
      }
    }
  }

  /**
   * Reads only the geometry from the header (no voxel data).
   *
   * @throws VolumeFormatException if the header is malformed or unsupported
   * @throws IOException on other read failures
   */
  public static VolumeGeometry readGeometry(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return NiftiHeader.read(file, in).geometry();
    }
  }

  /**
   * Writes a CT volume as int16 (when exact) or float32. A name ending in {@code .gz} is
   * gzip-compressed.
   *
   * @throws IllegalArgumentException if the name ends neither in .nii nor in .nii.gz
   * @throws IOException if writing fails (no partial file is left under the target name)
   */
  public static void write(CtVolume volume, Path file) throws IOException {
    Objects.requireNonNull(volume, "volume");
    float[] v = volume.copyVoxels();
    SampleType t = VoxelCodec.fitsInt16(v) ? SampleType.INT16 : SampleType.FLOAT32;
    writeData(volume.geometry(), v, t, file);
  }

  /**
   * Writes a mask as uint8.
   *
   * @throws IllegalArgumentException if the name ends neither in .nii nor in .nii.gz
   * @throws IOException if writing fails
   */
  public static void writeMask(Mask mask, Path file) throws IOException {
    Objects.requireNonNull(mask, "mask");
    writeData(mask.geometry(), VoxelCodec.fromLabels(mask.copyLabels()), SampleType.UINT8, file);
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static InputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "NIfTI file not found");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
      } catch (ZipException | EOFException e) {
        raw.close();
        throw new VolumeFormatException(file, "gzip data are corrupt: " + e.getMessage(), e);
      }
    }
    return raw;
  }

  private static float[] readData(Path file, InputStream in, NiftiHeader h, int bytesPerVoxel)
      throws IOException {
    long skip = h.voxOffset() - HEADER_SIZE;
    long dataBytes = (long) h.geometry().dims().voxelCount() * h.type().bytes();
    long need = h.voxOffset() + dataBytes;
    long size = Files.size(file);
    boolean gzip = isGzip(file);
    // check before allocating: a plain file must hold all bytes; gzip expands at most ~1032:1
    if (size < need && (size * 1100 < need || !gzip)) {
      throw new VolumeFormatException(
          file,
          "voxel data ends early: the header needs "
              + need
              + " bytes ("
              + h.geometry().dims()
              + " "
              + h.type()
              + " from offset "
              + h.voxOffset()
              + "), the file has "
              + size);
    }
    Budget.requireVoxels(
        h.geometry().dims(), bytesPerVoxel, m -> new VolumeFormatException(file, m));
    try {
      in.skipNBytes(skip);
      // gzip is inflated straight into the output array, slice by slice, and a stream holding
      // more than declared is refused after one byte more: a bomb is never inflated whole.
      float[] v =
          VoxelCodec.read(in, h.geometry().dims(), h.type(), h.order(), h.slope(), h.inter());
      if (gzip && in.read() >= 0) {
        throw new VolumeFormatException(
            file,
            "gzip data hold more than the "
                + need
                + " bytes the header declares ("
                + h.geometry().dims()
                + " "
                + h.type()
                + " from offset "
                + h.voxOffset()
                + ")");
      }
      return v;
    } catch (EOFException e) {
      throw new VolumeFormatException(file, e.getMessage(), e);
    } catch (ZipException e) {
      throw new VolumeFormatException(file, "gzip data are corrupt: " + e.getMessage(), e);
    }
  }

  private static void writeData(VolumeGeometry g, float[] v, SampleType type, Path file)
      throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean gz = name.endsWith(".nii.gz");
    if (!gz && !name.endsWith(".nii")) {
      throw new IllegalArgumentException(
          "NIfTI file name must end in .nii or .nii.gz, got " + file.getFileName());
    }
    Path temp = AtomicFiles.tempBeside(file);
    try {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        OutputStream out = gz ? fastGzip(os) : os;
        out.write(header(g, type));
        VoxelCodec.write(out, v, g.dims(), type, ByteOrder.LITTLE_ENDIAN);
        out.close();
      }
      AtomicFiles.moveInto(temp, file);
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  /** gzip at level 1 (as nibabel's default): several times faster, files a little larger. */
  private static OutputStream fastGzip(OutputStream os) throws IOException {
    return new GZIPOutputStream(os, 1 << 16) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_SPEED);
      }
    };
  }

  /** Builds the 352-byte header (348 + 4 zero extension bytes). */
  static byte[] header(VolumeGeometry g, SampleType type) {
    ByteBuffer b = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, HEADER_SIZE);
    b.put(38, (byte) 'r'); // regular
    Dims d = g.dims();
    short[] dim = {3, (short) 1, (short) 1, (short) 1, 1, 1, 1, 1};
    if (d.nx() > Short.MAX_VALUE || d.ny() > Short.MAX_VALUE || d.nz() > Short.MAX_VALUE) {
      throw new IllegalArgumentException("NIfTI-1 dims must be at most 32767 per axis, got " + d);
    }
    dim[1] = (short) d.nx();
    dim[2] = (short) d.ny();
    dim[3] = (short) d.nz();
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, code(type));
    b.putShort(72, (short) (type.bytes() * 8));
    // Affine in RAS: rows x and y of the LPS affine change sign.
    double[][] a = new double[3][4];
    Direction dir = g.direction();
    for (int r = 0; r < 3; r++) {
      double sign = r < 2 ? -1 : 1;
      for (int c = 0; c < 3; c++) {
        a[r][c] = sign * dir.get(r, c) * g.spacing().get(c);
      }
      a[r][3] = sign * g.origin().get(r);
    }
    double[] quat = quaternion(g.direction());
    float qfac = quat == null ? 1f : (float) quat[3];
    b.putFloat(76, qfac);
    for (int i = 0; i < 3; i++) {
      b.putFloat(80 + 4 * i, (float) g.spacing().get(i));
    }
    b.putFloat(108, VOX_OFFSET);
    b.putFloat(112, 1f); // scl_slope
    b.putFloat(116, 0f); // scl_inter
    b.put(123, (byte) 2); // xyzt_units: mm
    byte[] descrip = "lungnodule".getBytes(StandardCharsets.US_ASCII);
    b.put(148, descrip);
    b.putShort(252, (short) (quat == null ? 0 : 1)); // qform_code: scanner anatomical
    b.putShort(254, (short) 1); // sform_code: scanner anatomical
    if (quat != null) {
      b.putFloat(256, (float) quat[0]);
      b.putFloat(260, (float) quat[1]);
      b.putFloat(264, (float) quat[2]);
    }
    b.putFloat(268, (float) a[0][3]);
    b.putFloat(272, (float) a[1][3]);
    b.putFloat(276, (float) a[2][3]);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        b.putFloat(280 + 16 * r + 4 * c, (float) a[r][c]);
      }
    }
    b.put(344, new byte[] {'n', '+', '1', 0});
    return b.array();
  }

  /**
   * Returns {b, c, d, qfac} of the RAS rotation for an LPS direction, or null if the direction is
   * not orthonormal within {@value #ORTHO_TOL}.
   */
  static double[] quaternion(Direction lps) {
    double[] m = new double[9];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        m[3 * r + c] = (r < 2 ? -1 : 1) * lps.get(r, c);
      }
    }
    for (int c1 = 0; c1 < 3; c1++) {
      for (int c2 = 0; c2 < 3; c2++) {
        double dot = m[c1] * m[c2] + m[3 + c1] * m[3 + c2] + m[6 + c1] * m[6 + c2];
        if (Math.abs(dot - (c1 == c2 ? 1 : 0)) > ORTHO_TOL) {
          return null;
        }
      }
    }
    double det =
        m[0] * (m[4] * m[8] - m[5] * m[7])
            - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6]);
    double qfac = 1;
    if (det < 0) {
      qfac = -1;
      m[2] = -m[2];
      m[5] = -m[5];
      m[8] = -m[8];
    }
    double r11 = m[0];
    double r12 = m[1];
    double r13 = m[2];
    double r21 = m[3];
    double r22 = m[4];
    double r23 = m[5];
    double r31 = m[6];
    double r32 = m[7];
    double r33 = m[8];
    double a = r11 + r22 + r33 + 1;
    double b;
    double c;
    double d;
    if (a > 0.5) {
      a = 0.5 * Math.sqrt(a);
      b = 0.25 * (r32 - r23) / a;
      c = 0.25 * (r13 - r31) / a;
      d = 0.25 * (r21 - r12) / a;
    } else {
      double xd = 1 + r11 - (r22 + r33);
      double yd = 1 + r22 - (r11 + r33);
      double zd = 1 + r33 - (r11 + r22);
      if (xd > 1) {
        b = 0.5 * Math.sqrt(xd);
        c = 0.25 * (r12 + r21) / b;
        d = 0.25 * (r13 + r31) / b;
        a = 0.25 * (r32 - r23) / b;
      } else if (yd > 1) {
        c = 0.5 * Math.sqrt(yd);
        b = 0.25 * (r12 + r21) / c;
        d = 0.25 * (r23 + r32) / c;
        a = 0.25 * (r13 - r31) / c;
      } else {
        d = 0.5 * Math.sqrt(zd);
        b = 0.25 * (r13 + r31) / d;
        c = 0.25 * (r23 + r32) / d;
        a = 0.25 * (r21 - r12) / d;
      }
      if (a < 0) {
        b = -b;
        c = -c;
        d = -d;
      }
    }
    return new double[] {b, c, d, qfac};
  }

  static short code(SampleType t) {
    return switch (t) {
      case UINT8 -> 2;
      case INT16 -> 4;
      case INT32 -> 8;
      case FLOAT32 -> 16;
      case FLOAT64 -> 64;
      case INT8 -> 256;
      case UINT16 -> 512;
      case UINT32 -> 768;
    };
  }

  /** The parsed parts of a NIfTI-1 header. */
  record NiftiHeader(
      VolumeGeometry geometry,
      SampleType type,
      ByteOrder order,
      long voxOffset,
      double slope,
      double inter) {

    static NiftiHeader read(Path file, InputStream in) throws IOException {
      byte[] raw;
      try {
        raw = in.readNBytes(HEADER_SIZE);
      } catch (EOFException | ZipException e) {
        throw new VolumeFormatException(
            file, "gzip data are corrupt or truncated in the header: " + e.getMessage(), e);
      }
      if (raw.length < HEADER_SIZE) {
        throw new VolumeFormatException(
            file, "not a NIfTI-1 file: " + raw.length + " bytes, a header needs " + HEADER_SIZE);
      }
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      if (b.getInt(0) != HEADER_SIZE) {
        b.order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != HEADER_SIZE) {
          int le = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
          int be = b.getInt(0);
          if (le == 540 || be == 540) {
            throw new VolumeFormatException(file, "NIfTI-2 files are not supported, only NIfTI-1");
          }
          throw new VolumeFormatException(
              file, "not a NIfTI-1 file: sizeof_hdr is " + le + " (little-endian), expected 348");
        }
      }
      String magic = new String(raw, 344, 3, StandardCharsets.US_ASCII);
      if (magic.equals("ni1")) {
        throw new VolumeFormatException(
            file, "two-file NIfTI (.hdr/.img, magic 'ni1') is not supported; use a single .nii");
      }
      if (!magic.equals("n+1")) {
        throw new VolumeFormatException(
            file, "not a NIfTI-1 single file: magic is not 'n+1' (an ANALYZE 7.5 file?)");
      }
      short ndim = b.getShort(40);
      if (ndim < 2 || ndim > 7) {
        throw new VolumeFormatException(file, "dim[0] must be 2..7, got " + ndim);
      }
      int[] dim = new int[8];
      for (int i = 1; i <= 7; i++) {
        dim[i] = i <= ndim ? b.getShort(40 + 2 * i) : 1;
        if (dim[i] < 1) {
          throw new VolumeFormatException(file, "dim[" + i + "] must be at least 1, got " + dim[i]);
        }
      }
      for (int i = 4; i <= 7; i++) {
        if (dim[i] != 1) {
          throw new VolumeFormatException(
              file, "only 3D volumes are supported, got dim[" + i + "] = " + dim[i]);
        }
      }
      short dt = b.getShort(70);
      SampleType type =
          switch (dt) {
            case 2 -> SampleType.UINT8;
            case 4 -> SampleType.INT16;
            case 8 -> SampleType.INT32;
            case 16 -> SampleType.FLOAT32;
            case 64 -> SampleType.FLOAT64;
            case 256 -> SampleType.INT8;
            case 512 -> SampleType.UINT16;
            case 768 -> SampleType.UINT32;
            default ->
                throw new VolumeFormatException(
                    file,
                    "datatype "
                        + dt
                        + " is not supported (supported: 2 uint8, 4 int16, 8 int32, 16 float32,"
                        + " 64 float64, 256 int8, 512 uint16, 768 uint32)");
          };
      float voxOffset = b.getFloat(108);
      if (!(voxOffset >= HEADER_SIZE) || voxOffset != Math.rint(voxOffset) || voxOffset > 1e9) {
        throw new VolumeFormatException(
            file, "vox_offset must be an integer of at least 348, got " + voxOffset);
      }
      double slope = b.getFloat(112);
      double inter = b.getFloat(116);
      if (slope == 0 || !Double.isFinite(slope)) {
        slope = 1;
        inter = 0;
      } else if (!Double.isFinite(inter)) {
        inter = 0;
      }
      Geometry geo = geometry(file, b, dim);
      return new NiftiHeader(geo.g, type, b.order(), (long) voxOffset, slope, inter);
    }

    private record Geometry(VolumeGeometry g) {}

    private static Geometry geometry(Path file, ByteBuffer b, int[] dim)
        throws VolumeFormatException {
      Dims dims;
      try {
        dims = new Dims(dim[1], dim[2], dim[3]);
      } catch (IllegalArgumentException e) {
        throw new VolumeFormatException(file, e.getMessage(), e);
      }
      short qcode = b.getShort(252);
      short scode = b.getShort(254);
      double[] pix = new double[4];
      for (int i = 0; i < 4; i++) {
        pix[i] = b.getFloat(76 + 4 * i);
      }
      double[][] ras = new double[3][4]; // voxel -> RAS affine, columns scaled by spacing
      if (scode > 0) {
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 4; c++) {
            ras[r][c] = b.getFloat(280 + 16 * r + 4 * c);
          }
        }
      } else {
        double[] sp = {Math.abs(pix[1]), Math.abs(pix[2]), Math.abs(pix[3])};
        for (int i = 0; i < 3; i++) {
          if (!(sp[i] > 0) || !Double.isFinite(sp[i])) {
            throw new VolumeFormatException(
                file, "pixdim[" + (i + 1) + "] must be positive, got " + pix[i + 1]);
          }
        }
        if (qcode > 0) {
          double qb = b.getFloat(256);
          double qc = b.getFloat(260);
          double qd = b.getFloat(264);
          double aa = 1.0 - (qb * qb + qc * qc + qd * qd);
          double qa;
          if (aa < 1e-7) {
            double n = Math.sqrt(qb * qb + qc * qc + qd * qd);
            qb /= n;
            qc /= n;
            qd /= n;
            qa = 0;
          } else {
            qa = Math.sqrt(aa);
          }
          double qfac = pix[0] < 0 ? -1 : 1;
          double[][] rot = {
            {
              qa * qa + qb * qb - qc * qc - qd * qd,
              2 * (qb * qc - qa * qd),
              2 * (qb * qd + qa * qc)
            },
            {
              2 * (qb * qc + qa * qd),
              qa * qa + qc * qc - qb * qb - qd * qd,
              2 * (qc * qd - qa * qb)
            },
            {
              2 * (qb * qd - qa * qc),
              2 * (qc * qd + qa * qb),
              qa * qa + qd * qd - qc * qc - qb * qb
            }
          };
          for (int r = 0; r < 3; r++) {
            ras[r][0] = rot[r][0] * sp[0];
            ras[r][1] = rot[r][1] * sp[1];
            ras[r][2] = rot[r][2] * sp[2] * qfac;
          }
          ras[0][3] = b.getFloat(268);
          ras[1][3] = b.getFloat(272);
          ras[2][3] = b.getFloat(276);
        } else {
          for (int r = 0; r < 3; r++) {
            ras[r][r] = sp[r];
          }
        }
      }
      double[] spacing = new double[3];
      double[][] cols = new double[3][3];
      for (int c = 0; c < 3; c++) {
        double n = Math.sqrt(ras[0][c] * ras[0][c] + ras[1][c] * ras[1][c] + ras[2][c] * ras[2][c]);
        if (!(n > 0) || !Double.isFinite(n)) {
          throw new VolumeFormatException(
              file,
              (scode > 0 ? "sform" : "qform")
                  + " column "
                  + c
                  + " has length "
                  + n
                  + "; the transform is degenerate");
        }
        spacing[c] = n;
        for (int r = 0; r < 3; r++) {
          cols[c][r] = (r < 2 ? -1 : 1) * ras[r][c] / n; // RAS -> LPS
        }
      }
      try {
        return new Geometry(
            new VolumeGeometry(
                dims,
                new Spacing(spacing[0], spacing[1], spacing[2]),
                new WorldPoint(-ras[0][3], -ras[1][3], ras[2][3]),
                Direction.ofColumns(cols[0], cols[1], cols[2])));
      } catch (IllegalArgumentException e) {
        throw new VolumeFormatException(file, "invalid geometry: " + e.getMessage(), e);
      }
    }
  }
}
