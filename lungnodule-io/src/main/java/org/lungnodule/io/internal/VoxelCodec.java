package org.lungnodule.io.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lungnodule.core.Dims;

/**
 * Converts between raw sample bytes and {@code float} voxels, a bounded chunk at a time so that
 * memory stays at the output array plus a small buffer.
 */
public final class VoxelCodec {

  /** Samples decoded or encoded at a time: bounds the buffer whatever the slice size. */
  private static final int CHUNK_VOXELS = 1 << 16;

  private VoxelCodec() {}

  /**
   * Reads {@code dims.voxelCount()} samples from {@code in} and returns {@code slope * v + inter}
   * for each, x fastest. Memory is the output array plus a buffer of {@value #CHUNK_VOXELS}
   * samples, so a stream (an inflating one included) is never held whole.
   *
   * @throws EOFException if the stream ends early (the message says where)
   */
  public static float[] read(
      InputStream in, Dims dims, SampleType type, ByteOrder order, double slope, double inter)
      throws IOException {
    int total = dims.voxelCount();
    float[] out = new float[total];
    int chunk = Math.min(total, CHUNK_VOXELS);
    byte[] buf = new byte[chunk * type.bytes()];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
    boolean identity = slope == 1.0 && inter == 0.0;
    int off = 0;
    while (off < total) {
      int n = Math.min(chunk, total - off);
      int want = n * type.bytes();
      int got = in.readNBytes(buf, 0, want);
      if (got < want) {
        long expected = (long) total * type.bytes();
        throw new EOFException(
            "voxel data ends early in slice "
                + ((off + got / type.bytes()) / dims.sliceSize())
                + " of "
                + dims.nz()
                + ": "
                + ((long) off * type.bytes() + got)
                + " of the "
                + expected
                + " bytes of "
                + type
                + " expected");
      }
      decodeChunk(bb, type, out, off, n);
      if (!identity) {
        for (int i = off; i < off + n; i++) {
          out[i] = (float) (slope * out[i] + inter);
        }
      }
      off += n;
    }
    return out;
  }

  private static void decodeChunk(ByteBuffer bb, SampleType type, float[] out, int off, int n) {
    bb.clear();
    switch (type) {
      case INT8 -> {
        for (int i = 0; i < n; i++) {
          out[off + i] = bb.get(i);
        }
      }
      case UINT8 -> {
        for (int i = 0; i < n; i++) {
          out[off + i] = bb.get(i) & 0xFF;
        }
      }
      case INT16 -> {
        short[] s = new short[n];
        bb.asShortBuffer().get(s);
        for (int i = 0; i < n; i++) {
          out[off + i] = s[i];
        }
      }
      case UINT16 -> {
        short[] s = new short[n];
        bb.asShortBuffer().get(s);
        for (int i = 0; i < n; i++) {
          out[off + i] = s[i] & 0xFFFF;
        }
      }
      case INT32 -> {
        int[] s = new int[n];
        bb.asIntBuffer().get(s);
        for (int i = 0; i < n; i++) {
          out[off + i] = s[i];
        }
      }
      case UINT32 -> {
        int[] s = new int[n];
        bb.asIntBuffer().get(s);
        for (int i = 0; i < n; i++) {
          out[off + i] = s[i] & 0xFFFFFFFFL;
        }
      }
      case FLOAT32 -> bb.asFloatBuffer().get(out, off, n);
      case FLOAT64 -> {
        double[] s = new double[n];
        bb.asDoubleBuffer().get(s);
        for (int i = 0; i < n; i++) {
          out[off + i] = (float) s[i];
        }
      }
      default -> throw new IllegalStateException("unhandled sample type " + type);
    }
  }

  /**
   * Writes voxels as samples of {@code type}, a chunk at a time. Integer types round to nearest;
   * the caller has checked the range ({@link #fitsInt16}).
   */
  public static void write(OutputStream out, float[] v, Dims dims, SampleType type, ByteOrder order)
      throws IOException {
    int total = dims.voxelCount();
    int chunk = Math.min(total, CHUNK_VOXELS);
    byte[] buf = new byte[chunk * type.bytes()];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
    for (int base = 0; base < total; base += chunk) {
      int n = Math.min(chunk, total - base);
      bb.clear();
      switch (type) {
        case UINT8, INT8 -> {
          for (int i = 0; i < n; i++) {
            buf[i] = (byte) Math.round(v[base + i]);
          }
        }
        case INT16, UINT16 -> {
          for (int i = 0; i < n; i++) {
            bb.putShort(2 * i, (short) Math.round(v[base + i]));
          }
        }
        case INT32, UINT32 -> {
          for (int i = 0; i < n; i++) {
            bb.putInt(4 * i, (int) Math.round((double) v[base + i]));
          }
        }
        case FLOAT32 -> bb.asFloatBuffer().put(v, base, n);
        case FLOAT64 -> {
          for (int i = 0; i < n; i++) {
            bb.putDouble(8 * i, v[base + i]);
          }
        }
        default -> throw new IllegalStateException("unhandled sample type " + type);
      }
      out.write(buf, 0, n * type.bytes());
    }
  }

  /** Returns whether every value is an integer in the int16 range (so int16 storage is exact). */
  public static boolean fitsInt16(float[] v) {
    for (float f : v) {
      if (f != Math.rint(f) || f < Short.MIN_VALUE || f > Short.MAX_VALUE) {
        return false;
      }
    }
    return true;
  }

  /**
   * Converts decoded mask values to labels.
   *
   * @return the labels, one byte per voxel
   * @throws IllegalArgumentException naming the first value that is not an integer in 0..255
   */
  public static byte[] toLabels(float[] v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      float f = v[i];
      if (f != Math.rint(f) || f < 0 || f > 255) {
        throw new IllegalArgumentException(
            "mask values must be integers in 0..255, got " + f + " at voxel " + i);
      }
      b[i] = (byte) (int) f;
    }
    return b;
  }

  /** Returns labels as floats (0..255). */
  public static float[] fromLabels(byte[] labels) {
    float[] f = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      f[i] = labels[i] & 0xFF;
    }
    return f;
  }
}
