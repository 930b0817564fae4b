package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Keras 3's RandomContrast: while training, each image's distance from its per-channel mean is
 * multiplied by a factor uniform in [1 - lower, 1 + upper], then clipped to [valueLow, valueHigh]
 * (Keras's {@code value_range}, default [0, 255]); the identity otherwise. Keras 3 reads
 * {@code factor} f as [0, f] (bounds [0, 1]), so a single f only raises the contrast, as it does
 * there.
 */
public record RandomContrast(String name, double lower, double upper, double valueLow, double valueHigh)
    implements TrainingOnly {

  public RandomContrast {
    if (!(lower >= 0 && lower <= upper && upper <= 1)) {
      throw new IllegalArgumentException("factor must be [lower, upper] within [0, 1], got [" + lower + ", " + upper
          + "]");
    }
    Stochastic.requireValueRange(valueLow, valueHigh);
  }

  @Override
  public RandomContrast withName(String n) {
    return new RandomContrast(n, lower, upper, valueLow, valueHigh);
  }

  @Override
  public String className() {
    return "RandomContrast";
  }

  @Override
  public long[] outputShape(long[] in) {
    return Shapes.sameImage(className(), in);
  }

  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<TFloat32> factor = tf.reshape(Stochastic.uniformPerSample(call, x, new float[] {1 - (float) lower},
        new float[] {1 + (float) upper}).get(0), tf.constant(new long[] {-1, 1, 1, 1}));
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(new int[] {1, 2}), Mean.keepDims(true));
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(x, mean), factor), mean);
    y = tf.clipByValue(y, tf.constant((float) valueLow), tf.constant((float) valueHigh));
    return y;
  }
}
