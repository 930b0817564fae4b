package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's RandomTranslation: while training, each image shifted by a fraction of its height
 * uniform in [heightLower, heightUpper] and of its width in [widthLower, widthUpper] (Keras's
 * factors: f means [-f, f]); the identity otherwise.
 */
public record RandomTranslation(String name, double heightLower, double heightUpper, double widthLower,
    double widthUpper, ImageTransform transform) implements TrainingOnly {

  public RandomTranslation {
    if (!(heightLower <= heightUpper && widthLower <= widthUpper)) {
      throw new IllegalArgumentException("height_factor and width_factor must be [lower, upper] with lower <= upper");
    }
  }

  public static RandomTranslation of(double height, double width) {
    return new RandomTranslation(null, -Math.abs(height), Math.abs(height), -Math.abs(width), Math.abs(width),
        ImageTransform.DEFAULT);
  }

  @Override
  public RandomTranslation withName(String n) {
    return new RandomTranslation(n, heightLower, heightUpper, widthLower, widthUpper, transform);
  }

  @Override
  public String className() {
    return "RandomTranslation";
  }

  @Override
  public long[] outputShape(long[] in) {
    return Shapes.sameImage(className(), in);
  }

  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    long[] in = call.inputShape();
    var shifts = Stochastic.uniformPerSample(call, x,
        new float[] {(float) (heightLower * in[0]), (float) (widthLower * in[1])},
        new float[] {(float) (heightUpper * in[0]), (float) (widthUpper * in[1])});
    Operand<TFloat32> one = tf.onesLike(shifts.get(0));
    Operand<TFloat32> zero = tf.zerosLike(shifts.get(0));
    Operand<TFloat32> y = transform.apply(call, this, x, one, zero, tf.math.neg(shifts.get(1)), zero, one,
        tf.math.neg(shifts.get(0)), zero, zero);
    return y;
  }
}
