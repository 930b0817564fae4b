package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's GaussianDropout: while training, {@code x * n} with n normal, mean 1 and sd
 * sqrt(rate / (1 - rate)); the identity otherwise.
 */
public record GaussianDropout(String name, double rate) implements TrainingOnly {

  public GaussianDropout {
    Stochastic.requireRate(rate);
  }

  @Override
  public GaussianDropout withName(String n) {
    return new GaussianDropout(n, rate);
  }

  @Override
  public String className() {
    return "GaussianDropout";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<TFloat32> factor = tf.math.add(tf.math.mul(GaussianNoise.normal(call, x),
        tf.constant((float) Math.sqrt(rate / (1 - rate)))), tf.constant(1f));
    return tf.math.mul(x, factor);
  }
}
