package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's Conv2DTranspose (channels_last), the gradient of a convolution: defaults as Conv2D's.
 * Output length per axis (Keras's deconv_output_length): without output_padding, valid
 * n*s + max(k - s, 0) and same n*s; with it, (n - 1)*s + k - 2*pad + output_padding where pad is
 * k // 2 for same and 0 for valid. Weights kernel [kh, kw, filters, C_in] and bias [filters].
 *
 * @param outputPadding [rows, cols], or null for Keras's default (none)
 */
public record Conv2DTranspose(
    String name,
    int filters,
    Size2 kernelSize,
    Size2 strides,
    Padding padding,
    List<Integer> outputPadding,
    Activation activation,
    boolean useBias,
    Initializer kernelInitializer,
    Initializer biasInitializer,
    Regularizer kernelRegularizer,
    Regularizer biasRegularizer) implements Activated {

  public Conv2DTranspose {
    if (filters < 1) {
      throw new IllegalArgumentException("filters must be >= 1, got " + filters);
    }
    if (outputPadding != null) {
      outputPadding = List.copyOf(outputPadding);
      if (outputPadding.size() != 2 || outputPadding.get(0) < 0 || outputPadding.get(1) < 0
          || outputPadding.get(0) >= strides.rows() || outputPadding.get(1) >= strides.cols()) {
        throw new IllegalArgumentException("output_padding must be two sizes >= 0 and below the strides " + strides);
      }
    }
  }

  public static Conv2DTranspose of(int filters, int kernel) {
    return new Conv2DTranspose(null, filters, Size2.square(kernel), Size2.square(1), Padding.VALID, null,
        Activation.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS, null, null);
  }

  public Conv2DTranspose strides(int s) {
    return new Conv2DTranspose(name, filters, kernelSize, Size2.square(s), padding, outputPadding, activation, useBias,
        kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer);
  }

  @Override
  public Conv2DTranspose withName(String n) {
    return new Conv2DTranspose(n, filters, kernelSize, strides, padding, outputPadding, activation, useBias,
        kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer);
  }

  @Override
  public Conv2DTranspose withActivation(Activation a) {
    return new Conv2DTranspose(name, filters, kernelSize, strides, padding, outputPadding, a, useBias,
        kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer);
  }

  @Override
  public String className() {
    return "Conv2DTranspose";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    return new long[] {
        length(in[0], kernelSize.rows(), strides.rows(), outputPadding == null ? null : outputPadding.get(0)),
        length(in[1], kernelSize.cols(), strides.cols(), outputPadding == null ? null : outputPadding.get(1)), filters};
  }

  private long length(long n, int k, int s, Integer extra) {
    if (extra == null) {
      return padding == Padding.VALID ? n * s + Math.max(k - s, 0) : n * s;
    }
    int pad = padding == Padding.SAME ? k / 2 : 0;
    return (n - 1) * s + k - 2L * pad + extra;
  }

  @Override
  public List<WeightSpec> weights(long[] in) {
    WeightSpec kernel = WeightSpec.trainable("kernel", new long[] {kernelSize.rows(), kernelSize.cols(), filters, in[2]},
        kernelInitializer, kernelRegularizer);
    return useBias ? List.of(kernel, WeightSpec.trainable("bias", new long[] {filters}, biasInitializer, biasRegularizer))
        : List.of(kernel);
  }

  /** TF's Conv2DBackpropInput, which has a gradient in TF Java, with the batch size read at run time. */
  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    long[] out = call.outputShape();
    Operand<TInt32> batch = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> sizes = tf.concat(List.of(batch, tf.constant(new int[] {(int) out[0], (int) out[1], filters})),
        tf.constant(0));
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(sizes, call.weight(0), x,
        List.of(1L, (long) strides.rows(), (long) strides.cols(), 1L), padding.name());
    return call.biasAndActivation(y, useBias, activation);
  }
}
