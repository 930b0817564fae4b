package dev.tfjrunner.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/**
 * Keras's Conv2D (channels_last): defaults padding valid, strides 1, dilation 1, groups 1, linear
 * activation, a bias, glorot_uniform kernel and zero bias. Parameters kh*kw*(C_in/groups)*filters
 * (+ filters): with {@code groups} g, each of g slices of the channels has its own filters/g kernels.
 */
public record Conv2D(
    String name,
    int filters,
    Size2 kernelSize,
    Size2 strides,
    Padding padding,
    Size2 dilationRate,
    Activation activation,
    boolean useBias,
    Initializer kernelInitializer,
    Initializer biasInitializer,
    Regularizer kernelRegularizer,
    Regularizer biasRegularizer,
    int groups) implements Activated {

  public Conv2D {
    if (filters < 1) {
      throw new IllegalArgumentException("filters must be >= 1, got " + filters);
    }
    if (groups < 1 || filters % groups != 0) {
      throw new IllegalArgumentException("groups must be >= 1 and divide filters " + filters + ", got " + groups);
    }
    if (!strides.isOne() && !dilationRate.isOne()) {
      throw new IllegalArgumentException("strides " + strides + " and dilation_rate " + dilationRate
          + " cannot both be above 1 (Keras rejects it too)");
    }
  }

  /** One group. */
  public Conv2D(String name, int filters, Size2 kernelSize, Size2 strides, Padding padding, Size2 dilationRate,
      Activation activation, boolean useBias, Initializer kernelInitializer, Initializer biasInitializer,
      Regularizer kernelRegularizer, Regularizer biasRegularizer) {
    this(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias, kernelInitializer,
        biasInitializer, kernelRegularizer, biasRegularizer, 1);
  }

  /** {@code filters} kernels of {@code kernel x kernel}, Keras's defaults otherwise. */
  public static Conv2D of(int filters, int kernel) {
    return of(filters, Size2.square(kernel));
  }

  public static Conv2D of(int filters, Size2 kernel) {
    return new Conv2D(null, filters, kernel, Size2.square(1), Padding.VALID, Size2.square(1), Activation.LINEAR, true,
        Initializer.GLOROT_UNIFORM, Initializer.ZEROS, null, null);
  }

  public Conv2D padding(Padding p) {
    return new Conv2D(name, filters, kernelSize, strides, p, dilationRate, activation, useBias, kernelInitializer,
        biasInitializer, kernelRegularizer, biasRegularizer, groups);
  }

  public Conv2D strides(int s) {
    return new Conv2D(name, filters, kernelSize, Size2.square(s), padding, dilationRate, activation, useBias,
        kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, groups);
  }

  public Conv2D activation(Activation a) {
    return new Conv2D(name, filters, kernelSize, strides, padding, dilationRate, a, useBias, kernelInitializer,
        biasInitializer, kernelRegularizer, biasRegularizer, groups);
  }

  public Conv2D kernelInitializer(Initializer init) {
    return new Conv2D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias, init,
        biasInitializer, kernelRegularizer, biasRegularizer, groups);
  }

  public Conv2D kernelRegularizer(Regularizer r) {
    return new Conv2D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias, kernelInitializer,
        biasInitializer, r, biasRegularizer, groups);
  }

  @Override
  public Conv2D withName(String n) {
    return new Conv2D(n, filters, kernelSize, strides, padding, dilationRate, activation, useBias, kernelInitializer,
        biasInitializer, kernelRegularizer, biasRegularizer, groups);
  }

  @Override
  public Conv2D withActivation(Activation a) {
    return activation(a);
  }

  @Override
  public String className() {
    return "Conv2D";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    if (in[2] % groups != 0) {
      throw new IllegalArgumentException("groups " + groups + " must divide the input's " + in[2] + " channels");
    }
    long[] hw = padding.outputShape(in, kernelSize, strides, dilationRate);
    return new long[] {hw[0], hw[1], filters};
  }

  @Override
  public List<WeightSpec> weights(long[] in) {
    return WeightSpec.kernelAndBias(new long[] {kernelSize.rows(), kernelSize.cols(), in[2] / groups, filters}, useBias,
        kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer);
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    List<Long> stride = List.of(1L, (long) strides.rows(), (long) strides.cols(), 1L);
    Operand<TFloat32> y;
    if (groups == 1) {
      y = convolve(tf, x, call.weight(0), stride, call.outputShape());
    } else {
      // One convolution per group, concatenated: every op here has a gradient in TF Java (a grouped
      // Conv2D op's backward kernels are not certain on CPU).
      List<Operand<TFloat32>> parts = new ArrayList<>();
      List<? extends Operand<TFloat32>> inputs = tf.split(tf.constant(3), x, (long) groups).output();
      List<? extends Operand<TFloat32>> kernels = tf.split(tf.constant(3), call.weight(0), (long) groups).output();
      for (int g = 0; g < groups; g++) {
        parts.add(convolve(tf, inputs.get(g), kernels.get(g), stride, call.outputShape()));
      }
      y = tf.concat(parts, tf.constant(3));
    }
    return call.biasAndActivation(y, useBias, activation);
  }

  private Operand<TFloat32> convolve(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, List<Long> stride,
      long[] out) {
    return dilationRate.isOne()
        ? tf.nn.conv2d(x, kernel, stride, padding.name())
        : padding.cropToValid(tf, tf.nn.conv2d(x, kernel, stride, padding.opPadding(dilationRate),
            Conv2d.dilations(List.of(1L, (long) dilationRate.rows(), (long) dilationRate.cols(), 1L))), kernelSize,
            dilationRate, out);
  }
}
