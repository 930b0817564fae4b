package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's Rescaling: {@code x * scale + offset} (e.g. scale 1/255 for 0..255 pixels); no weights. */
public record Rescaling(String name, double scale, double offset) implements Layer {

  public static Rescaling of(double scale, double offset) {
    return new Rescaling(null, scale, offset);
  }

  @Override
  public Rescaling withName(String n) {
    return new Rescaling(n, scale, offset);
  }

  @Override
  public String className() {
    return "Rescaling";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    return tf.math.add(tf.math.mul(x, tf.constant((float) scale)), tf.constant((float) offset));
  }
}
