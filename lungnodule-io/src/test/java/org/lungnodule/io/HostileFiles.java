package org.lungnodule.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the small hostile files of issue 30 (declared sizes far beyond the file, decompression
 * bombs), for the tests and for {@link HostileFilesMain}, which measures a read's RSS in a JVM of
 * its own. Every file is generated: nothing hostile is committed.
 */
public final class HostileFiles {

  /** RLE Lossless transfer syntax UID. */
  static final String RLE = "1.2.840.10008.1.2.5";

  private HostileFiles() {}

  /**
   * A 16.6 MB RLE Lossless DICOM file declaring one 46340×46340 8-bit image: small enough to pass
   * the RLE expansion check (128:1), 8.0 GiB as float HU.
   */
  public static Path rleHuge(Path dir, String name) throws IOException {
    return rle(dir.resolve(name), 46340, 46340, 16_600_000, 0);
  }

  /**
   * An RLE DICOM file of {@code fileBytes} bytes declaring one {@code rows × cols} 8-bit axial
   * image at height {@code zMm}.
   */
  public static Path rle(Path file, int rows, int cols, int fileBytes, int zMm) throws IOException {
    Dicom b = new Dicom();
    b.raw(new byte[128]).raw("DICM".getBytes(StandardCharsets.US_ASCII));
    Dicom meta = new Dicom();
    meta.str(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.2");
    meta.str(0x00020010, "UI", RLE);
    byte[] m = meta.bytes();
    b.header(0x00020000, "UL", 4).le32(m.length).raw(m);
    b.str(0x00080060, "CS", "CT");
    b.str(0x0020000E, "UI", "1.2.3.4");
    b.str(0x00200032, "DS", "0\\0\\" + zMm);
    b.str(0x00200037, "DS", "1\\0\\0\\0\\1\\0");
    b.us(0x00280002, 1);
    b.str(0x00280004, "CS", "MONOCHROME2");
    b.us(0x00280010, rows);
    b.us(0x00280011, cols);
    b.us(0x00280100, 8);
    b.us(0x00280101, 8);
    b.us(0x00280102, 7);
    b.us(0x00280103, 0);
    b.header(0x7FE00010, "OB", 0xFFFFFFFFL);
    b.item(0xFFFEE000, 0);
    int fragment = fileBytes - b.out.size() - 8 - 8;
    fragment -= fragment & 1;
    b.item(0xFFFEE000, fragment);
    byte[] rleHeader = new byte[64];
    rleHeader[0] = 1;
    rleHeader[4] = 64;
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(b.bytes());
      out.write(rleHeader);
      // PackBits runs of 128 zero bytes: "-127, 0"
      byte[] runs = new byte[1 << 16];
      for (int i = 0; i < runs.length; i += 2) {
        runs[i] = (byte) -127;
      }
      long left = fragment - 64L;
      while (left > 0) {
        int n = (int) Math.min(runs.length, left);
        out.write(runs, 0, n);
        left -= n;
      }
      Dicom end = new Dicom();
      end.item(0xFFFEE0DD, 0);
      out.write(end.bytes());
    }
    return file;
  }

  /**
   * A 2 MB {@code .mha} with {@code CompressedData = True} declaring 1290³ {@code MET_UCHAR} voxels
   * (2.0 GiB of data, 8.0 GiB as floats); the "compressed" data are random bytes.
   */
  public static Path mhaCompressedHuge(Path dir, String name) throws IOException {
    Path f = dir.resolve(name);
    String header =
        "ObjectType = Image\nNDims = 3\nDimSize = 1290 1290 1290\nElementType = MET_UCHAR\n"
            + "CompressedData = True\nElementDataFile = LOCAL\n";
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      out.write(random(2_000_000, 30));
    }
    return f;
  }

  /**
   * A {@code .mha} declaring {@code n³} MET_UCHAR voxels whose zlib data inflate to {@code
   * inflated} zero bytes.
   */
  public static Path mhaZlib(Path file, int n, long inflated) throws IOException {
    String header =
        "ObjectType = Image\nNDims = 3\nDimSize = "
            + n
            + " "
            + n
            + " "
            + n
            + "\nElementType = MET_UCHAR\nCompressedData = True\nElementDataFile = LOCAL\n";
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
      try (DeflaterOutputStream z = new DeflaterOutputStream(out, d, 1 << 16)) {
        zeros(z, inflated);
      } finally {
        d.end();
      }
    }
    return file;
  }

  /**
   * A 2 MB {@code .nii.gz} declaring 1290³ uint8 voxels: a valid header then 2 MB of random
   * (incompressible) bytes in the gzip stream.
   */
  public static Path niftiGzHuge(Path dir, String name) throws IOException {
    Path f = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16)) {
      out.write(niftiHeader(1290, 1290, 1290));
      out.write(random(2_000_000, 31));
    }
    return f;
  }

  /**
   * A gzip bomb: a {@code .nii.gz} declaring {@code n³} uint8 voxels whose gzip stream inflates to
   * the header and {@code dataBytes} zero bytes ({@code n = 1000} and 10^9 bytes make a 1 MB file
   * that inflates to 1 GB, 3.7 GiB as floats).
   */
  public static Path niftiGzBomb(Path file, int n, long dataBytes) throws IOException {
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      out.write(niftiHeader(n, n, n));
      zeros(out, dataBytes);
    }
    return file;
  }

  /**
   * A 352-byte NIfTI-1 header (uint8, spacing 1 mm, no transform) declaring {@code nx × ny × nz}.
   */
  public static byte[] niftiHeader(int nx, int ny, int nz) {
    ByteBuffer b = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 348);
    short[] dim = {3, (short) nx, (short) ny, (short) nz, 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, (short) 2);
    b.putShort(72, (short) 8);
    for (int i = 0; i < 4; i++) {
      b.putFloat(76 + 4 * i, 1f);
    }
    b.putFloat(108, 352f);
    b.put(344, new byte[] {'n', '+', '1', 0});
    return b.array();
  }

  private static void zeros(OutputStream out, long n) throws IOException {
    byte[] z = new byte[1 << 20];
    long left = n;
    while (left > 0) {
      int k = (int) Math.min(z.length, left);
      out.write(z, 0, k);
      left -= k;
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  /** Little-endian explicit-VR DICOM elements, enough for the files above. */
  private static final class Dicom {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Dicom raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Dicom le16(int v) {
      out.write(v & 0xFF);
      out.write((v >>> 8) & 0xFF);
      return this;
    }

    Dicom le32(long v) {
      le16((int) (v & 0xFFFF));
      return le16((int) ((v >>> 16) & 0xFFFF));
    }

    Dicom header(int tag, String vr, long len) {
      le16(tag >>> 16);
      le16(tag & 0xFFFF);
      out.write(vr.charAt(0));
      out.write(vr.charAt(1));
      if (vr.equals("OB")) {
        le16(0);
        return le32(len);
      }
      return le16((int) len);
    }

    Dicom item(int tag, long len) {
      le16(tag >>> 16);
      le16(tag & 0xFFFF);
      return le32(len);
    }

    Dicom str(int tag, String vr, String v) {
      byte[] b = v.getBytes(StandardCharsets.US_ASCII);
      int len = b.length + (b.length & 1);
      header(tag, vr, len);
      out.writeBytes(b);
      if ((b.length & 1) != 0) {
        out.write(vr.equals("UI") ? 0 : ' ');
      }
      return this;
    }

    Dicom us(int tag, int v) {
      header(tag, "US", 2);
      return le16(v);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
