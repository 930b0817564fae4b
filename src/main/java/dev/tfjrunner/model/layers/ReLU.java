package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's ReLU layer: {@code max_value} for x >= max_value, x for threshold <= x < max_value,
 * {@code negative_slope * (x - threshold)} below the threshold.
 *
 * @param maxValue null for no cap
 */
public record ReLU(String name, Double maxValue, double negativeSlope, double threshold) implements Layer {

  public ReLU {
    if (maxValue != null && !(maxValue >= 0)) {
      throw new IllegalArgumentException("max_value must be >= 0, got " + maxValue);
    }
    if (!(negativeSlope >= 0)) {
      throw new IllegalArgumentException("negative_slope must be >= 0, got " + negativeSlope);
    }
  }

  public static ReLU of() {
    return new ReLU(null, null, 0, 0);
  }

  @Override
  public ReLU withName(String n) {
    return new ReLU(n, maxValue, negativeSlope, threshold);
  }

  @Override
  public String className() {
    return "ReLU";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<TFloat32> y;
    if (negativeSlope == 0 && threshold == 0) {
      y = tf.nn.relu(x);
    } else {
      Operand<TFloat32> t = tf.constant((float) threshold);
      y = tf.select(tf.math.greaterEqual(x, t), x, tf.math.mul(tf.constant((float) negativeSlope), tf.math.sub(x, t)));
    }
    return maxValue == null ? y : tf.math.minimum(y, tf.constant(maxValue.floatValue()));
  }
}
