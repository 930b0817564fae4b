package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras's Dense on a rank-1 input (a Flatten before it on images): defaults linear activation, a
 * bias, glorot_uniform kernel, zero bias. Parameters in*units (+ units).
 */
public record Dense(
    String name,
    int units,
    Activation activation,
    boolean useBias,
    Initializer kernelInitializer,
    Initializer biasInitializer,
    Regularizer kernelRegularizer,
    Regularizer biasRegularizer) implements Activated {

  public Dense {
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + units);
    }
  }

  public static Dense of(int units) {
    return new Dense(null, units, Activation.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS, null, null);
  }

  public Dense activation(Activation a) {
    return new Dense(name, units, a, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer);
  }

  public Dense kernelInitializer(Initializer init) {
    return new Dense(name, units, activation, useBias, init, biasInitializer, kernelRegularizer, biasRegularizer);
  }

  public Dense kernelRegularizer(Regularizer r) {
    return new Dense(name, units, activation, useBias, kernelInitializer, biasInitializer, r, biasRegularizer);
  }

  @Override
  public Dense withName(String n) {
    return new Dense(n, units, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer);
  }

  @Override
  public Dense withActivation(Activation a) {
    return activation(a);
  }

  @Override
  public String className() {
    return "Dense";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 1, "features");
    return new long[] {units};
  }

  @Override
  public List<WeightSpec> weights(long[] in) {
    return WeightSpec.kernelAndBias(new long[] {in[0], units}, useBias, kernelInitializer, biasInitializer,
        kernelRegularizer, biasRegularizer);
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return call.biasAndActivation(call.tf().linalg.matMul(x, call.weight(0)), useBias, activation);
  }
}
