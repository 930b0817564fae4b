package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** Keras's LeakyReLU: x for x >= 0, else {@code negativeSlope * x} (Keras 2's {@code alpha}, default 0.3). */
public record LeakyReLU(String name, double negativeSlope) implements Layer {

  public static LeakyReLU of(double negativeSlope) {
    return new LeakyReLU(null, negativeSlope);
  }

  @Override
  public LeakyReLU withName(String n) {
    return new LeakyReLU(n, negativeSlope);
  }

  @Override
  public String className() {
    return "LeakyReLU";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return call.tf().nn.leakyRelu(x, LeakyRelu.alpha((float) negativeSlope));
  }
}
