package org.lungnodule.io.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Parallel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a volume as a CT Image Storage series, one Part 10 file per slice, in Explicit VR Little
 * Endian or RLE Lossless. HU are stored as signed 16-bit integers, rounded, with RescaleSlope 1 and
 * RescaleIntercept 0 when the volume's range fits in 16 bits, else with a slope and intercept
 * spanning the range.
 */
final class DicomWriter {

  private static final Logger LOG = LoggerFactory.getLogger(DicomWriter.class);

  static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
  static final String IMPLEMENTATION_CLASS_UID = "2.25.129906514462577227932431468390512386741";
  static final String IMPLEMENTATION_VERSION = "LUNGNODULE_01";

  private DicomWriter() {}

  static List<Path> write(CtVolume volume, Path dir, DicomWriteOptions opt) throws IOException {
    long t0 = System.nanoTime();
    VolumeGeometry g = volume.geometry();
    Dims dims = g.dims();
    if (dims.nx() > 0xFFFF || dims.ny() > 0xFFFF) {
      throw new IllegalArgumentException(
          "DICOM images have at most 65535 rows and columns, got " + dims);
    }
    Direction dir3 = g.direction();
    double[] row = dir3.axis(0);
    double[] col = dir3.axis(1);
    double[] ax = dir3.axis(2);
    double[] normal = {
      row[1] * col[2] - row[2] * col[1],
      row[2] * col[0] - row[0] * col[2],
      row[0] * col[1] - row[1] * col[0]
    };
    double along = Math.abs(normal[0] * ax[0] + normal[1] * ax[1] + normal[2] * ax[2]);
    double rowCol = Math.abs(row[0] * col[0] + row[1] * col[1] + row[2] * col[2]);
    if (rowCol > 1e-4 || Math.abs(along - 1) > 1e-4) {
      throw new IllegalArgumentException(
          "DICOM needs orthonormal direction cosines (slices perpendicular to their rows and"
              + " columns), got "
              + dir3);
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    int count = dims.voxelCount();
    for (int i = 0; i < count; i++) {
      float v = volume.get(i);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double slope = 1;
    double intercept = 0;
    if (Math.round(min) < Short.MIN_VALUE || Math.round(max) > Short.MAX_VALUE) {
      slope = Double.parseDouble(DicomText.ds(((double) max - min) / 65535.0 * (1 + 1e-9)));
      intercept = Double.parseDouble(DicomText.ds(min + 32768.0 * slope));
    }
    long seed = opt.seed().isPresent() ? opt.seed().getAsLong() : contentSeed(volume, opt);
    String study = opt.studyInstanceUid().orElse(uid(seed, "study", 0));
    String series = opt.seriesInstanceUid().orElse(uid(seed, "series", 0));
    String frame = uid(seed, "frame", 0);
    int nz = dims.nz();
    int width = Math.max(5, Integer.toString(nz).length());
    Path parent = dir.toAbsolutePath().getParent();
    if (parent == null) {
      throw new DicomException(dir, "cannot write a series into the root folder");
    }
    Files.createDirectories(parent);
    boolean exists = Files.exists(dir);
    if (exists && (!Files.isDirectory(dir) || !isEmpty(dir))) {
      throw new DicomException(
          dir, "output folder exists and is not empty; write a series into a new folder");
    }
    Path tmp = AtomicFiles.tempFolderBeside(dir);
    List<Path> names = new ArrayList<>(nz);
    for (int k = 0; k < nz; k++) {
      names.add(Path.of(String.format("IM%0" + width + "d.dcm", k + 1)));
    }
    Slice common = new Slice(opt, g, study, series, frame, seed, slope, intercept, row, col, ax);
    IOException[] errors = new IOException[nz];
    try {
      Parallel.forEach(
          nz,
          k -> {
            try {
              byte[] bytes = common.encode(volume, k);
              Path part = tmp.resolve("." + names.get(k) + ".part");
              try (OutputStream os = Files.newOutputStream(part)) {
                os.write(bytes);
              }
              Files.move(part, tmp.resolve(names.get(k)), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
              errors[k] = e;
            }
          });
      for (IOException e : errors) {
        if (e != null) {
          throw e;
        }
      }
      if (exists) {
        Files.delete(dir);
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir);
      }
    } catch (IOException | RuntimeException e) {
      AtomicFiles.deleteQuietly(tmp);
      throw e;
    }
    List<Path> out = new ArrayList<>(nz);
    for (Path p : names) {
      out.add(dir.resolve(p));
    }
    LOG.debug(
        "wrote {} slices ({}, series {}) to {} in {} ms",
        nz,
        opt.transferSyntax().title(),
        series,
        dir,
        (System.nanoTime() - t0) / 1_000_000);
    return out;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }

  /** A seed from the content: voxels, geometry and patient id. */
  private static long contentSeed(CtVolume v, DicomWriteOptions opt) {
    long h = 0x9E3779B97F4A7C15L;
    int n = v.dims().voxelCount();
    for (int i = 0; i < n; i++) {
      h = (h ^ Float.floatToIntBits(v.get(i))) * 0x100000001B3L;
    }
    h = h * 31 + v.geometry().hashCode();
    h = h * 31 + opt.patientId().hashCode();
    return h;
  }

  /** A UID under the 2.25 root (an integer from a name-based UUID of seed, role and index). */
  static String uid(long seed, String role, int index) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      byte[] d =
          md.digest(
              ("lungnodule|" + seed + "|" + role + "|" + index).getBytes(StandardCharsets.UTF_8));
      d[6] = (byte) ((d[6] & 0x0F) | 0x30); // UUID version 3
      d[8] = (byte) ((d[8] & 0x3F) | 0x80); // IETF variant
      return "2.25." + new BigInteger(1, d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java platform", e);
    }
  }

  /** What all slices share, and the encoding of one. */
  private static final class Slice {
    final DicomWriteOptions opt;
    final VolumeGeometry g;
    final String study;
    final String series;
    final String frame;
    final long seed;
    final double slope;
    final double intercept;
    final double[] row;
    final double[] col;
    final double[] ax;

    Slice(
        DicomWriteOptions opt,
        VolumeGeometry g,
        String study,
        String series,
        String frame,
        long seed,
        double slope,
        double intercept,
        double[] row,
        double[] col,
        double[] ax) {
      this.opt = opt;
      this.g = g;
      this.study = study;
      this.series = series;
      this.frame = frame;
      this.seed = seed;
      this.slope = slope;
      this.intercept = intercept;
      this.row = row;
      this.col = col;
      this.ax = ax;
    }

    byte[] encode(CtVolume hu, int k) {
      Dims d = g.dims();
      int nx = d.nx();
      int ny = d.ny();
      int pixels = nx * ny;
      boolean rle = opt.transferSyntax() == TransferSyntax.RLE_LOSSLESS;
      String sop = uid(seed, "instance", k);
      WorldPoint p = g.voxelToWorld(0, 0, k);
      double zs = g.spacing().zMm();

      Out meta = new Out();
      meta.bytes(0x00020001, "OB", new byte[] {0, 1});
      meta.text(0x00020002, "UI", CT_IMAGE_STORAGE);
      meta.text(0x00020003, "UI", sop);
      meta.text(0x00020010, "UI", opt.transferSyntax().uid());
      meta.text(0x00020012, "UI", IMPLEMENTATION_CLASS_UID);
      meta.text(0x00020013, "SH", IMPLEMENTATION_VERSION);

      Out ds = new Out();
      ds.text(0x00080008, "CS", "DERIVED\\SECONDARY\\AXIAL");
      ds.text(0x00080016, "UI", CT_IMAGE_STORAGE);
      ds.text(0x00080018, "UI", sop);
      ds.text(0x00080020, "DA", "");
      ds.text(0x00080030, "TM", "");
      ds.text(0x00080050, "SH", "");
      ds.text(0x00080060, "CS", "CT");
      ds.text(0x00080070, "LO", "");
      ds.text(0x00080090, "PN", "");
      ds.text(0x0008103E, "LO", opt.seriesDescription());
      ds.text(0x00100010, "PN", opt.patientName());
      ds.text(0x00100020, "LO", opt.patientId());
      ds.text(0x00100030, "DA", "");
      ds.text(0x00100040, "CS", "");
      ds.text(0x00180050, "DS", DicomText.ds(zs));
      ds.text(0x00180060, "DS", "");
      ds.text(0x0020000D, "UI", study);
      ds.text(0x0020000E, "UI", series);
      ds.text(0x00200010, "SH", "");
      ds.text(0x00200011, "IS", Integer.toString(opt.seriesNumber()));
      ds.text(0x00200013, "IS", Integer.toString(k + 1));
      ds.text(
          0x00200032,
          "DS",
          DicomText.ds(p.xMm()) + "\\" + DicomText.ds(p.yMm()) + "\\" + DicomText.ds(p.zMm()));
      ds.text(
          0x00200037,
          "DS",
          DicomText.ds(row[0])
              + "\\"
              + DicomText.ds(row[1])
              + "\\"
              + DicomText.ds(row[2])
              + "\\"
              + DicomText.ds(col[0])
              + "\\"
              + DicomText.ds(col[1])
              + "\\"
              + DicomText.ds(col[2]));
      ds.text(0x00200052, "UI", frame);
      ds.text(0x00201040, "LO", "");
      ds.us(0x00280002, 1);
      ds.text(0x00280004, "CS", "MONOCHROME2");
      ds.us(0x00280010, ny);
      ds.us(0x00280011, nx);
      ds.text(
          0x00280030,
          "DS",
          DicomText.ds(g.spacing().yMm()) + "\\" + DicomText.ds(g.spacing().xMm()));
      ds.us(0x00280100, 16);
      ds.us(0x00280101, 16);
      ds.us(0x00280102, 15);
      ds.us(0x00280103, 1);
      ds.text(0x00281052, "DS", DicomText.ds(intercept));
      ds.text(0x00281053, "DS", DicomText.ds(slope));
      ds.text(0x00281054, "LO", "HU");

      int off = k * pixels;
      if (rle) {
        byte[][] planes = new byte[2][pixels];
        for (int i = 0; i < pixels; i++) {
          int s = stored(hu.get(off + i));
          planes[0][i] = (byte) (s >> 8);
          planes[1][i] = (byte) s;
        }
        byte[] fragment = Rle.encode(planes, ny, nx);
        ds.header(0x7FE00010, "OB", 0xFFFFFFFFL);
        ds.item(0xFFFEE000, 0);
        ds.item(0xFFFEE000, fragment.length);
        ds.write(fragment, 0, fragment.length);
        ds.item(0xFFFEE0DD, 0);
      } else {
        byte[] px = new byte[pixels * 2];
        for (int i = 0; i < pixels; i++) {
          int s = stored(hu.get(off + i));
          px[2 * i] = (byte) s;
          px[2 * i + 1] = (byte) (s >> 8);
        }
        ds.bytes(0x7FE00010, "OW", px);
      }

      Out file = new Out();
      file.write(new byte[128], 0, 128);
      file.write(new byte[] {'D', 'I', 'C', 'M'}, 0, 4);
      file.ul(0x00020000, meta.size());
      file.append(meta);
      file.append(ds);
      return file.toByteArray();
    }

    int stored(float v) {
      double s = Math.rint((v - intercept) / slope);
      return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s));
    }
  }

  /** Explicit VR little-endian element writer. */
  private static final class Out extends ByteArrayOutputStream {
    Out() {
      super(1024);
    }

    void append(Out other) {
      write(other.buf, 0, other.count);
    }

    void le16(int v) {
      write(v & 0xFF);
      write((v >>> 8) & 0xFF);
    }

    void le32(long v) {
      le16((int) (v & 0xFFFF));
      le16((int) ((v >>> 16) & 0xFFFF));
    }

    void tag(int tag) {
      le16(tag >>> 16);
      le16(tag & 0xFFFF);
    }

    void header(int tag, String vr, long len) {
      tag(tag);
      write(vr.charAt(0));
      write(vr.charAt(1));
      switch (vr) {
        case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> {
          le16(0);
          le32(len);
        }
        default -> le16((int) len);
      }
    }

    void item(int tag, long len) {
      tag(tag);
      le32(len);
    }

    void text(int tag, String vr, String value) {
      byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
      int len = b.length + (b.length & 1);
      header(tag, vr, len);
      write(b, 0, b.length);
      if ((b.length & 1) != 0) {
        write(vr.equals("UI") ? 0 : ' ');
      }
    }

    void us(int tag, int v) {
      header(tag, "US", 2);
      le16(v);
    }

    void ul(int tag, long v) {
      header(tag, "UL", 4);
      le32(v);
    }

    void bytes(int tag, String vr, byte[] value) {
      int len = value.length + (value.length & 1);
      header(tag, vr, len);
      write(value, 0, value.length);
      if ((value.length & 1) != 0) {
        write(0);
      }
    }
  }
}
