package org.lungnodule.models.classifier;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A parameter-free layer that permutes a 5D activation from [b, c, d, h, w] (NCDHW) to [b, d, h, w,
 * c] (NDHWC), so that a {@link ResNet3d} built with {@code channelsLast(true)} still takes the
 * usual channels-first cubes. Public with a no-argument constructor because DL4J's JSON
 * configuration names the class and recreates it when a saved network is loaded.
 */
public final class ChannelsLastLayer extends SameDiffLambdaLayer {

  /** The layer (it has no settings). */
  public ChannelsLastLayer() {}

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable x) {
    return x.permute(0, 2, 3, 4, 1);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType in) {
    if (in instanceof InputType.InputTypeConvolutional3D c) {
      return InputType.convolutional3D(
          Convolution3D.DataFormat.NDHWC,
          c.getDepth(),
          c.getHeight(),
          c.getWidth(),
          c.getChannels());
    }
    return in;
  }
}
