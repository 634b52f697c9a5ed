package org.lungnodule.core.preprocess;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A multi-channel cube of voxels around a nodule, the classifier's input: a flat {@code float}
 * array in <b>channel-major order {@code [c][z][y][x]}</b> (x fastest) with its shape {@code
 * {channels, depth, height, width}} — by default {@code {3, 32, 64, 64}}. It feeds ND4J without
 * reshuffling: {@code Nd4j.create(cube.data(), cube.shape())} (this library's core does not depend
 * on ND4J).
 *
 * <p>Immutable: {@link #data()} returns a copy, {@link #dataView()} a read-only view. Two cubes are
 * equal when their shapes and all values are equal.
 */
public final class NoduleCube {

  private final float[] data;
  private final int channels;
  private final int depth;
  private final int height;
  private final int width;

  private NoduleCube(float[] data, int channels, int depth, int height, int width) {
    this.data = data;
    this.channels = channels;
    this.depth = depth;
    this.height = height;
    this.width = width;
  }

  /**
   * Wraps a channel-major array without copying; the array must not be modified afterwards.
   *
   * @param channels number of channels, at least 1
   * @param depth size along z, at least 1
   * @param height size along y, at least 1
   * @param width size along x, at least 1
   * @param data values in {@code [c][z][y][x]} order
   * @return the cube
   * @throws IllegalArgumentException if a size is below 1, the length does not match the shape, or
   *     a value is NaN or infinite (the message names it)
   */
  public static NoduleCube wrap(int channels, int depth, int height, int width, float[] data) {
    Objects.requireNonNull(data, "data");
    if (channels < 1 || depth < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "cube shape must be at least 1 in each axis, got "
              + Arrays.toString(new int[] {channels, depth, height, width}));
    }
    long n = (long) channels * depth * height * width;
    if (n != data.length) {
      throw new IllegalArgumentException(
          "cube data length must be "
              + n
              + " for shape "
              + Arrays.toString(new int[] {channels, depth, height, width})
              + ", got "
              + data.length);
    }
    for (int p = 0; p < data.length; p++) {
      if (!Float.isFinite(data[p])) {
        throw new IllegalArgumentException(
            "cube values must be finite, got " + data[p] + " at flat index " + p);
      }
    }
    return new NoduleCube(data, channels, depth, height, width);
  }

  /**
   * Concatenates cubes of one shape into a batch array {@code [b][c][z][y][x]}, shape {@code {b, c,
   * z, y, x}} (for {@code Nd4j.create(batch, new int[] {b, c, z, y, x})}).
   *
   * @throws IllegalArgumentException if the list is empty or the shapes differ (both named)
   */
  public static float[] stack(List<NoduleCube> cubes) {
    if (cubes.isEmpty()) {
      throw new IllegalArgumentException("cannot stack an empty list of cubes");
    }
    int[] shape = cubes.get(0).shape();
    int per = cubes.get(0).data.length;
    float[] out = new float[Math.multiplyExact(per, cubes.size())];
    for (int b = 0; b < cubes.size(); b++) {
      NoduleCube c = cubes.get(b);
      if (!Arrays.equals(shape, c.shape())) {
        throw new IllegalArgumentException(
            "cube "
                + b
                + " has shape "
                + Arrays.toString(c.shape())
                + ", expected "
                + Arrays.toString(shape));
      }
      System.arraycopy(c.data, 0, out, b * per, per);
    }
    return out;
  }

  /** Returns a copy of the values, {@code [c][z][y][x]}. */
  public float[] data() {
    return data.clone();
  }

  /** Returns a read-only view of the values (no copy), {@code [c][z][y][x]}. */
  public FloatBuffer dataView() {
    return FloatBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** Returns {@code {channels, depth, height, width}}. */
  public int[] shape() {
    return new int[] {channels, depth, height, width};
  }

  /** Returns {@code {channels, depth, height, width}} as longs (ND4J's shape type). */
  public long[] longShape() {
    return new long[] {channels, depth, height, width};
  }

  /** Number of channels. */
  public int channels() {
    return channels;
  }

  /** Size along z. */
  public int depth() {
    return depth;
  }

  /** Size along y. */
  public int height() {
    return height;
  }

  /** Size along x. */
  public int width() {
    return width;
  }

  /** Returns the value of channel {@code c} at (z, y, x). */
  public float get(int c, int z, int y, int x) {
    return data[((c * depth + z) * height + y) * width + x];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoduleCube n
        && n.channels == channels
        && n.depth == depth
        && n.height == height
        && n.width == width
        && Arrays.equals(n.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape()) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NoduleCube" + Arrays.toString(shape());
  }
}
