package org.lungnodule.models.maskrcnn;

import static org.lungnodule.models.maskrcnn.ConfigChecks.notNegative;
import static org.lungnodule.models.maskrcnn.ConfigChecks.positive;
import static org.lungnodule.models.maskrcnn.ConfigChecks.stride;

import java.util.List;

/**
 * The backbone: a ResNet with 3×3×3 kernels after a stem convolution, and a 1×1×1 lateral
 * convolution to the feature channels.
 *
 * <p>One of the five parts of a {@link MaskRcnnConfig}, its {@link MaskRcnnConfig#backbone()}.
 *
 * @param cropSize edge of a training crop and of an inference window in voxels; positive and a
 *     multiple of {@link #featureStride()}
 * @param stemChannels output channels of the stem convolution (positive)
 * @param stemStride stride of the stem convolution (1 or 2)
 * @param stageBlocks residual blocks per stage (each positive; at least one stage)
 * @param stageWidths base width per stage (each positive; as many as stages)
 * @param stageStrides stride of each stage's first block (each 1 or 2; as many as stages)
 * @param bottleneck whether blocks are bottlenecks (1-3-1 kernels, 4× expansion) or basic (3-3)
 * @param featureChannels channels of the feature map fed to the RPN and the heads (positive)
 * @param normGroups groups of the group normalisation after each convolution (0: none); the stem,
 *     the last stage and the feature channels must be multiples of it
 */
public record BackboneSettings(
    int cropSize,
    int stemChannels,
    int stemStride,
    List<Integer> stageBlocks,
    List<Integer> stageWidths,
    List<Integer> stageStrides,
    boolean bottleneck,
    int featureChannels,
    int normGroups) {

  /**
   * Validates and copies the lists.
   *
   * @throws IllegalArgumentException for a value out of range, named in the message
   * @throws NullPointerException for a null list or element
   */
  public BackboneSettings {
    positive("crop size", cropSize);
    checkStem(stemChannels, stemStride);
    stageBlocks = List.copyOf(stageBlocks);
    stageWidths = List.copyOf(stageWidths);
    stageStrides = List.copyOf(stageStrides);
    checkStages(stageBlocks, stageWidths, stageStrides);
    positive("feature channels", featureChannels);
    notNegative("norm groups", normGroups);
    int stride = stemStride;
    for (int s : stageStrides) {
      stride *= s;
    }
    if (cropSize % stride != 0) {
      throw new IllegalArgumentException(
          "crop size must be a multiple of the feature stride " + stride + ", got " + cropSize);
    }
    int lastWidth = stageWidths.get(stageWidths.size() - 1) * (bottleneck ? 4 : 1);
    for (int c : new int[] {stemChannels, featureChannels, lastWidth}) {
      checkNormGroups(normGroups, c);
    }
  }

  /** Total stride of the feature map (input voxels per feature cell). */
  public int featureStride() {
    int s = stemStride;
    for (int v : stageStrides) {
      s *= v;
    }
    return s;
  }

  static void checkStem(int channels, int stride) {
    positive("stem channels", channels);
    stride("stem stride", stride);
  }

  static void checkStages(List<Integer> blocks, List<Integer> widths, List<Integer> strides) {
    if (blocks.isEmpty() || blocks.size() != widths.size() || blocks.size() != strides.size()) {
      throw new IllegalArgumentException(
          "stages need equally many blocks, widths and strides (at least one), got "
              + blocks
              + ", "
              + widths
              + ", "
              + strides);
    }
    for (int i = 0; i < blocks.size(); i++) {
      positive("blocks per stage", blocks.get(i));
      positive("stage width", widths.get(i));
      stride("stage stride", strides.get(i));
    }
  }

  /** Whether {@code channels} splits into {@code groups} (always, for 0 groups). */
  static void checkNormGroups(int groups, int channels) {
    if (groups > 0 && channels % groups != 0) {
      throw new IllegalArgumentException(
          "channel counts must be multiples of norm groups " + groups + ", got " + channels);
    }
  }
}
