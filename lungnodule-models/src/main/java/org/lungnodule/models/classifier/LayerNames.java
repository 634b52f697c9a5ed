package org.lungnodule.models.classifier;

/**
 * The one place that names the layers and vertices of a {@link ResNet3d} graph, so that code
 * freezing, inspecting or transferring layers (fine-tuning) never types a name by hand.
 *
 * <p>Scheme: {@code input}; the stem {@code stem_crop} (only with a center crop), {@code
 * stem_to_ndhwc} (only channels-last), {@code stem_conv}, {@code stem_bn}, {@code stem_relu},
 * {@code stem_pool}; residual blocks {@code s<stage>b<block>_<part>} with stage 1..4 and block
 * 0..n-1 (parts {@code conv1}, {@code bn1}, {@code relu1}, {@code conv2}, {@code bn2}, …, {@code
 * down_conv}, {@code down_bn}, {@code add}, {@code relu}); then {@code pool} (global average) and
 * {@code output} (softmax). A batch norm named {@code x} is three vertices: {@code x_flat} (5D →
 * 4D), {@code x} and {@code x_unflat} (4D → 5D).
 */
public final class LayerNames {

  /** The network input. */
  public static final String INPUT = "input";

  /** The global average pooling layer. */
  public static final String POOL = "pool";

  /** The softmax output layer. */
  public static final String OUTPUT = "output";

  private LayerNames() {}

  /** A layer of the stem, for example {@code stem("conv")} → {@code stem_conv}. */
  public static String stem(String part) {
    return "stem_" + part;
  }

  /**
   * A layer of a residual block.
   *
   * @param stage 1..4
   * @param block 0-based index within the stage
   * @param part for example {@code conv1}
   * @return for example {@code s2b0_conv1}
   */
  public static String block(int stage, int block, String part) {
    return "s" + stage + "b" + block + "_" + part;
  }

  /** The vertex that flattens a 5D activation to 4D before the batch norm {@code bn}. */
  public static String flat(String bn) {
    return bn + "_flat";
  }

  /** The vertex that restores the 5D shape after the batch norm {@code bn}. */
  public static String unflat(String bn) {
    return bn + "_unflat";
  }
}
