package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras's {@code Activation} layer: an activation function on its own. */
public record ActivationLayer(String name, Activation activation) implements Activated {

  public static ActivationLayer of(Activation activation) {
    return new ActivationLayer(null, activation);
  }

  @Override
  public ActivationLayer withName(String n) {
    return new ActivationLayer(n, activation);
  }

  @Override
  public ActivationLayer withActivation(Activation a) {
    return new ActivationLayer(name, a);
  }

  @Override
  public String className() {
    return "Activation";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return activation.apply(call.tf(), x);
  }
}
