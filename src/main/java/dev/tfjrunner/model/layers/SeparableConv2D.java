package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's SeparableConv2D (channels_last): a depthwise convolution ({@code depthMultiplier} kernels
 * per input channel, with the layer's strides, padding and dilation) then a 1x1 convolution to
 * {@code filters}, then the bias. Weights depthwise_kernel [kh, kw, C_in, m], pointwise_kernel
 * [1, 1, C_in*m, filters], bias [filters].
 */
public record SeparableConv2D(
    String name,
    int filters,
    Size2 kernelSize,
    Size2 strides,
    Padding padding,
    int depthMultiplier,
    Size2 dilationRate,
    Activation activation,
    boolean useBias,
    Initializer depthwiseInitializer,
    Initializer pointwiseInitializer,
    Initializer biasInitializer,
    Regularizer depthwiseRegularizer,
    Regularizer pointwiseRegularizer,
    Regularizer biasRegularizer) implements Activated {

  public SeparableConv2D {
    if (filters < 1 || depthMultiplier < 1) {
      throw new IllegalArgumentException("filters and depth_multiplier must be >= 1, got " + filters + " and "
          + depthMultiplier);
    }
    DepthwiseConv2D.requireStridesOrDilation(strides, dilationRate);
  }

  public static SeparableConv2D of(int filters, int kernel) {
    return new SeparableConv2D(null, filters, Size2.square(kernel), Size2.square(1), Padding.VALID, 1, Size2.square(1),
        Activation.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.GLOROT_UNIFORM, Initializer.ZEROS, null, null,
        null);
  }

  @Override
  public SeparableConv2D withName(String n) {
    return new SeparableConv2D(n, filters, kernelSize, strides, padding, depthMultiplier, dilationRate, activation,
        useBias, depthwiseInitializer, pointwiseInitializer, biasInitializer, depthwiseRegularizer, pointwiseRegularizer,
        biasRegularizer);
  }

  @Override
  public SeparableConv2D withActivation(Activation a) {
    return new SeparableConv2D(name, filters, kernelSize, strides, padding, depthMultiplier, dilationRate, a, useBias,
        depthwiseInitializer, pointwiseInitializer, biasInitializer, depthwiseRegularizer, pointwiseRegularizer,
        biasRegularizer);
  }

  @Override
  public String className() {
    return "SeparableConv2D";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    long[] hw = padding.outputShape(in, kernelSize, strides, dilationRate);
    return new long[] {hw[0], hw[1], filters};
  }

  @Override
  public List<WeightSpec> weights(long[] in) {
    WeightSpec depthwise = WeightSpec.trainable("depthwise_kernel",
        new long[] {kernelSize.rows(), kernelSize.cols(), in[2], depthMultiplier}, depthwiseInitializer,
        depthwiseRegularizer);
    WeightSpec pointwise = WeightSpec.trainable("pointwise_kernel", new long[] {1, 1, in[2] * depthMultiplier, filters},
        pointwiseInitializer, pointwiseRegularizer);
    return useBias ? List.of(depthwise, pointwise,
        WeightSpec.trainable("bias", new long[] {filters}, biasInitializer, biasRegularizer))
        : List.of(depthwise, pointwise);
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<TFloat32> d = DepthwiseConv2D.depthwise(tf, x, call.weight(0), kernelSize, strides, padding, dilationRate,
        call.outputShape());
    Operand<TFloat32> y = tf.nn.conv2d(d, call.weight(1), List.of(1L, 1L, 1L, 1L), "VALID");
    return activation.apply(tf, useBias ? tf.nn.biasAdd(y, call.weight(2)) : y);
  }
}
