package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's RandomZoom: while training, each image scaled about its centre; the height factor is
 * 1 + u with u uniform in [heightLower, heightUpper] (Keras's {@code height_factor}: f means
 * [-f, f]; above 1 zooms out), the width factor drawn likewise from [widthLower, widthUpper], or
 * equal to the height's when {@code width_factor} is null (Keras keeps the aspect then). The
 * identity otherwise.
 *
 * @param widthLower null with widthUpper for Keras's {@code width_factor=None}
 */
public record RandomZoom(String name, double heightLower, double heightUpper, Double widthLower, Double widthUpper,
    ImageTransform transform) implements TrainingOnly {

  public RandomZoom {
    if (!(heightLower <= heightUpper && heightLower >= -1)) {
      throw new IllegalArgumentException("height_factor must be [lower, upper] with -1 <= lower <= upper, got ["
          + heightLower + ", " + heightUpper + "]");
    }
    if ((widthLower == null) != (widthUpper == null)
        || (widthLower != null && !(widthLower <= widthUpper && widthLower >= -1))) {
      throw new IllegalArgumentException("width_factor must be null or [lower, upper] with -1 <= lower <= upper, got ["
          + widthLower + ", " + widthUpper + "]");
    }
  }

  public static RandomZoom of(double factor) {
    return new RandomZoom(null, -Math.abs(factor), Math.abs(factor), null, null, ImageTransform.DEFAULT);
  }

  @Override
  public RandomZoom withName(String n) {
    return new RandomZoom(n, heightLower, heightUpper, widthLower, widthUpper, transform);
  }

  @Override
  public String className() {
    return "RandomZoom";
  }

  @Override
  public long[] outputShape(long[] in) {
    return Shapes.sameImage(className(), in);
  }

  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    long[] in = call.inputShape();
    boolean ownWidth = widthLower != null;
    var draws = Stochastic.uniformPerSample(call, x,
        ownWidth ? new float[] {1 + (float) heightLower, 1 + widthLower.floatValue()} : new float[] {1 + (float) heightLower},
        ownWidth ? new float[] {1 + (float) heightUpper, 1 + widthUpper.floatValue()} : new float[] {1 + (float) heightUpper});
    Operand<TFloat32> zy = draws.get(0);
    Operand<TFloat32> zx = ownWidth ? draws.get(1) : zy;
    Operand<TFloat32> one = tf.onesLike(zy);
    Operand<TFloat32> xOffset = tf.math.mul(tf.constant((in[1] - 1f) / 2), tf.math.sub(one, zx));
    Operand<TFloat32> yOffset = tf.math.mul(tf.constant((in[0] - 1f) / 2), tf.math.sub(one, zy));
    Operand<TFloat32> zero = tf.zerosLike(zy);
    Operand<TFloat32> y = transform.apply(call, this, x, zx, zero, xOffset, zero, zy, yOffset, zero, zero);
    return y;
  }
}
