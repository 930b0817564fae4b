package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's RandomBrightness: while training, each image gets a delta uniform in [lower, upper] times
 * the width of [valueLow, valueHigh] added to every pixel, then clipped to that range (Keras's
 * {@code factor}: f means [-f, f], bounds [-1, 1]; {@code value_range} default [0, 255]); the
 * identity otherwise.
 */
public record RandomBrightness(String name, double lower, double upper, double valueLow, double valueHigh)
    implements TrainingOnly {

  public RandomBrightness {
    if (!(lower >= -1 && lower <= upper && upper <= 1)) {
      throw new IllegalArgumentException("factor must be [lower, upper] within [-1, 1], got [" + lower + ", " + upper
          + "]");
    }
    Stochastic.requireValueRange(valueLow, valueHigh);
  }

  @Override
  public RandomBrightness withName(String n) {
    return new RandomBrightness(n, lower, upper, valueLow, valueHigh);
  }

  @Override
  public String className() {
    return "RandomBrightness";
  }

  @Override
  public long[] outputShape(long[] in) {
    return Shapes.sameImage(className(), in);
  }

  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    float width = (float) (valueHigh - valueLow);
    Operand<TFloat32> delta = tf.reshape(Stochastic.uniformPerSample(call, x, new float[] {(float) lower * width},
        new float[] {(float) upper * width}).get(0), tf.constant(new long[] {-1, 1, 1, 1}));
    Operand<TFloat32> y = tf.clipByValue(tf.math.add(x, delta), tf.constant((float) valueLow),
        tf.constant((float) valueHigh));
    return y;
  }
}
