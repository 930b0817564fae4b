package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras's Identity layer: its input unchanged (applications use it as a placeholder for a removed head). */
public record Identity(String name) implements Layer {

  @Override
  public Identity withName(String n) {
    return new Identity(n);
  }

  @Override
  public String className() {
    return "Identity";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return x;
  }
}
