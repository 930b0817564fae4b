package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras's Flatten: any shape -> [size]. */
public record Flatten(String name) implements Layer {

  public static Flatten of() {
    return new Flatten(null);
  }

  @Override
  public Flatten withName(String n) {
    return new Flatten(n);
  }

  @Override
  public String className() {
    return "Flatten";
  }

  @Override
  public long[] outputShape(long[] in) {
    return new long[] {Shapes.size(in)};
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return call.tf().reshape(x, call.tf().constant(new long[] {-1, call.outputShape()[0]}));
  }
}
