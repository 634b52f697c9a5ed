package org.lungnodule.io.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lungnodule.core.Dims;

/**
 * Converts between raw sample bytes and {@code float} voxels, one slice at a time so that memory
 * stays at the output array plus one slice.
 */
public final class VoxelCodec {

  private VoxelCodec() {}

  /**
   * Reads {@code dims.voxelCount()} samples from {@code in} and returns {@code slope * v + inter}
   * for each, x fastest.
   *
   * @throws EOFException if the stream ends early (the message says how many voxels were read)
   */
  public static float[] read(
      InputStream in, Dims dims, SampleType type, ByteOrder order, double slope, double inter)
      throws IOException {
    int slice = dims.sliceSize();
    float[] out = new float[dims.voxelCount()];
    byte[] buf = new byte[slice * type.bytes()];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
    boolean identity = slope == 1.0 && inter == 0.0;
    for (int k = 0; k < dims.nz(); k++) {
      int got = in.readNBytes(buf, 0, buf.length);
      if (got < buf.length) {
        throw new EOFException(
            "voxel data ends early: slice "
                + k
                + " of "
                + dims.nz()
                + " has "
                + got
                + " of "
                + buf.length
                + " bytes (expected "
                + (long) dims.voxelCount() * type.bytes()
                + " bytes of "
                + type
                + " in all)");
      }
      decodeSlice(bb, type, out, k * slice, slice);
      if (!identity) {
        int base = k * slice;
        for (int i = 0; i < slice; i++) {
          out[base + i] = (float) (slope * out[base + i] + inter);
        }
      }
    }
    return out;
  }

  private static void decodeSlice(ByteBuffer bb, SampleType type, float[] out, int off, int n) {
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
   * Writes voxels as samples of {@code type}, slice by slice. Integer types round to nearest; the
   * caller has checked the range ({@link #fitsInt16}).
   */
  public static void write(
      OutputStream out, float[] v, Dims dims, SampleType type, ByteOrder order) throws IOException {
    int slice = dims.sliceSize();
    byte[] buf = new byte[slice * type.bytes()];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
    for (int k = 0; k < dims.nz(); k++) {
      bb.clear();
      int base = k * slice;
      switch (type) {
        case UINT8, INT8 -> {
          for (int i = 0; i < slice; i++) {
            buf[i] = (byte) Math.round(v[base + i]);
          }
        }
        case INT16, UINT16 -> {
          for (int i = 0; i < slice; i++) {
            bb.putShort(2 * i, (short) Math.round(v[base + i]));
          }
        }
        case INT32, UINT32 -> {
          for (int i = 0; i < slice; i++) {
            bb.putInt(4 * i, (int) Math.round((double) v[base + i]));
          }
        }
        case FLOAT32 -> bb.asFloatBuffer().put(v, base, slice);
        case FLOAT64 -> {
          for (int i = 0; i < slice; i++) {
            bb.putDouble(8 * i, v[base + i]);
          }
        }
        default -> throw new IllegalStateException("unhandled sample type " + type);
      }
      out.write(buf);
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
