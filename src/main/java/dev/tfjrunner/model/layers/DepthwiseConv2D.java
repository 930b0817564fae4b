package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/**
 * Keras's DepthwiseConv2D (channels_last): each input channel convolved with its own
 * {@code depthMultiplier} kernels, output channels C_in*depthMultiplier (channel c's kernels are
 * outputs c*m .. c*m + m - 1). Defaults as Conv2D's, depth_multiplier 1. Weights kernel (Keras 3's name)
 * [kh, kw, C_in, m] and bias [C_in*m].
 */
public record DepthwiseConv2D(
    String name,
    Size2 kernelSize,
    Size2 strides,
    Padding padding,
    int depthMultiplier,
    Size2 dilationRate,
    Activation activation,
    boolean useBias,
    Initializer depthwiseInitializer,
    Initializer biasInitializer,
    Regularizer depthwiseRegularizer,
    Regularizer biasRegularizer) implements Activated {

  public DepthwiseConv2D {
    if (depthMultiplier < 1) {
      throw new IllegalArgumentException("depth_multiplier must be >= 1, got " + depthMultiplier);
    }
    requireStridesOrDilation(strides, dilationRate);
  }

  public static DepthwiseConv2D of(int kernel) {
    return new DepthwiseConv2D(null, Size2.square(kernel), Size2.square(1), Padding.VALID, 1, Size2.square(1),
        Activation.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS, null, null);
  }

  /** TF's window ops take strides or dilation above 1, not both; Keras refuses it too. */
  static void requireStridesOrDilation(Size2 strides, Size2 dilationRate) {
    if (!strides.isOne() && !dilationRate.isOne()) {
      throw new IllegalArgumentException("strides " + strides + " and dilation_rate " + dilationRate
          + " cannot both be above 1 (Keras rejects it too)");
    }
  }

  @Override
  public DepthwiseConv2D withName(String n) {
    return new DepthwiseConv2D(n, kernelSize, strides, padding, depthMultiplier, dilationRate, activation, useBias,
        depthwiseInitializer, biasInitializer, depthwiseRegularizer, biasRegularizer);
  }

  @Override
  public DepthwiseConv2D withActivation(Activation a) {
    return new DepthwiseConv2D(name, kernelSize, strides, padding, depthMultiplier, dilationRate, a, useBias,
        depthwiseInitializer, biasInitializer, depthwiseRegularizer, biasRegularizer);
  }

  @Override
  public String className() {
    return "DepthwiseConv2D";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    long[] hw = padding.outputShape(in, kernelSize, strides, dilationRate);
    return new long[] {hw[0], hw[1], in[2] * depthMultiplier};
  }

  @Override
  public List<WeightSpec> weights(long[] in) {
    WeightSpec kernel = WeightSpec.trainable("kernel",
        new long[] {kernelSize.rows(), kernelSize.cols(), in[2], depthMultiplier}, depthwiseInitializer,
        depthwiseRegularizer);
    return useBias ? List.of(kernel, WeightSpec.trainable("bias", new long[] {in[2] * depthMultiplier}, biasInitializer,
        biasRegularizer)) : List.of(kernel);
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return call.biasAndActivation(depthwise(call.tf(), x, call.weight(0), kernelSize, strides, padding, dilationRate,
        call.outputShape()), useBias, activation);
  }

  /** TF's DepthwiseConv2dNative, which has a gradient in TF Java; {@code out} the layer's [h, w, ...]. */
  static Operand<TFloat32> depthwise(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, Size2 kernelSize,
      Size2 strides, Padding padding, Size2 dilationRate, long[] out) {
    Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(x, kernel,
        List.of(1L, (long) strides.rows(), (long) strides.cols(), 1L), padding.opPadding(dilationRate),
        DepthwiseConv2dNative.dilations(List.of(1L, (long) dilationRate.rows(), (long) dilationRate.cols(), 1L)));
    return padding.cropToValid(tf, y, kernelSize, dilationRate, out);
  }
}
