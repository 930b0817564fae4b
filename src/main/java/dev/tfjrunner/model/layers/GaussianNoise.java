package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's GaussianNoise: while training, {@code x + n} with n normal, mean 0 and sd {@code stddev};
 * the identity otherwise.
 */
public record GaussianNoise(String name, double stddev) implements TrainingOnly {

  public GaussianNoise {
    if (!(stddev >= 0)) {
      throw new IllegalArgumentException("stddev must be >= 0, got " + stddev);
    }
  }

  @Override
  public GaussianNoise withName(String n) {
    return new GaussianNoise(n, stddev);
  }

  @Override
  public String className() {
    return "GaussianNoise";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<TFloat32> noise = tf.math.mul(normal(call, x), tf.constant((float) stddev));
    return tf.math.add(x, noise);
  }

  /** Standard normal numbers of x's shape, from the layer's seed; off the gradient path. */
  static Operand<TFloat32> normal(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    return Stochastic.offGradientPath(call,
        tf.random.statelessRandomNormal(tf.shape(x, TInt64.class), Stochastic.seed(call), TFloat32.class));
  }
}
