package org.lungnodule.models.maskrcnn;

/**
 * Encodes a target box relative to a reference box (an anchor or a proposal) as six deltas and
 * decodes them back, the Faster R-CNN parameterisation in 3D:
 *
 * <pre>
 *   dz = wc * (tz - az) / ad     dd = ws * ln(td / ad)
 *   dy = wc * (ty - ay) / ah     dh = ws * ln(th / ah)
 *   dx = wc * (tx - ax) / aw     dw = ws * ln(tw / aw)
 * </pre>
 *
 * where {@code (az, ay, ax)} is the reference centre and {@code (ad, ah, aw)} its size, {@code
 * wc}/{@code ws} the centre and size weights. Decoded size deltas are clamped at {@code
 * ln(1000/16)} as in Detectron so that an untrained network cannot overflow. Immutable and
 * thread-safe.
 */
public final class BoxCoder {

  /** Largest size delta accepted when decoding. */
  public static final double MAX_SIZE_DELTA = Math.log(1000.0 / 16);

  private final double centerWeight;
  private final double sizeWeight;

  /**
   * Creates a coder.
   *
   * @param centerWeight weight of the centre deltas (1 for the RPN, 10 for the box head)
   * @param sizeWeight weight of the size deltas (1 for the RPN, 5 for the box head)
   * @throws IllegalArgumentException if a weight is not positive
   */
  public BoxCoder(double centerWeight, double sizeWeight) {
    if (!(centerWeight > 0) || !(sizeWeight > 0)) {
      throw new IllegalArgumentException(
          "box coder weights must be positive, got " + centerWeight + " and " + sizeWeight);
    }
    this.centerWeight = centerWeight;
    this.sizeWeight = sizeWeight;
  }

  /**
   * Returns the deltas {@code [dz, dy, dx, dd, dh, dw]} that move {@code ref} onto {@code target}.
   *
   * @throws IllegalArgumentException if a box has a zero size
   */
  public double[] encode(Box3d ref, Box3d target) {
    if (ref.volume() <= 0 || target.volume() <= 0) {
      throw new IllegalArgumentException(
          "boxes must have a positive size to encode, got " + ref + " and " + target);
    }
    return new double[] {
      centerWeight * (target.cz() - ref.cz()) / ref.depth(),
      centerWeight * (target.cy() - ref.cy()) / ref.height(),
      centerWeight * (target.cx() - ref.cx()) / ref.width(),
      sizeWeight * Math.log(target.depth() / ref.depth()),
      sizeWeight * Math.log(target.height() / ref.height()),
      sizeWeight * Math.log(target.width() / ref.width())
    };
  }

  /** Applies deltas (six values from {@code offset}) to {@code ref}. */
  public Box3d decode(Box3d ref, float[] deltas, int offset) {
    double dz = deltas[offset] / centerWeight;
    double dy = deltas[offset + 1] / centerWeight;
    double dx = deltas[offset + 2] / centerWeight;
    double dd = Math.min(deltas[offset + 3] / sizeWeight, MAX_SIZE_DELTA);
    double dh = Math.min(deltas[offset + 4] / sizeWeight, MAX_SIZE_DELTA);
    double dw = Math.min(deltas[offset + 5] / sizeWeight, MAX_SIZE_DELTA);
    return Box3d.ofCenter(
        ref.cz() + dz * ref.depth(),
        ref.cy() + dy * ref.height(),
        ref.cx() + dx * ref.width(),
        ref.depth() * Math.exp(dd),
        ref.height() * Math.exp(dh),
        ref.width() * Math.exp(dw));
  }

  /** Applies deltas {@code [dz, dy, dx, dd, dh, dw]} to {@code ref}. */
  public Box3d decode(Box3d ref, double[] deltas) {
    float[] f = new float[6];
    for (int i = 0; i < 6; i++) {
      f[i] = (float) deltas[i];
    }
    return decode(ref, f, 0);
  }

  @Override
  public String toString() {
    return "BoxCoder[centre weight " + centerWeight + ", size weight " + sizeWeight + "]";
  }
}
