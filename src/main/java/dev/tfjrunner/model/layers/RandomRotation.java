package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's RandomRotation: while training, each image turned about its centre by an angle uniform in
 * [lower, upper] times a full turn (Keras's {@code factor}: f means [-f, f]), sampled as
 * {@code transform} says; the identity otherwise.
 */
public record RandomRotation(String name, double lower, double upper, ImageTransform transform) implements TrainingOnly {

  public RandomRotation {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("factor must be [lower, upper] with lower <= upper, got [" + lower + ", "
          + upper + "]");
    }
  }

  public static RandomRotation of(double factor) {
    return new RandomRotation(null, -Math.abs(factor), Math.abs(factor), ImageTransform.DEFAULT);
  }

  @Override
  public RandomRotation withName(String n) {
    return new RandomRotation(n, lower, upper, transform);
  }

  @Override
  public String className() {
    return "RandomRotation";
  }

  @Override
  public long[] outputShape(long[] in) {
    return Shapes.sameImage(className(), in);
  }

  /** The map from output to input pixels, about the centre ((w - 1) / 2, (h - 1) / 2). */
  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    long[] in = call.inputShape();
    float turn = (float) (2 * Math.PI);
    Operand<TFloat32> angle = Stochastic.uniformPerSample(call, x, new float[] {(float) lower * turn},
        new float[] {(float) upper * turn}).get(0);
    Operand<TFloat32> cos = tf.math.cos(angle);
    Operand<TFloat32> sin = tf.math.sin(angle);
    Operand<TFloat32> w = tf.constant(in[1] - 1f);
    Operand<TFloat32> h = tf.constant(in[0] - 1f);
    Operand<TFloat32> two = tf.constant(2f);
    Operand<TFloat32> xOffset = tf.math.div(tf.math.sub(w, tf.math.sub(tf.math.mul(cos, w), tf.math.mul(sin, h))), two);
    Operand<TFloat32> yOffset = tf.math.div(tf.math.sub(h, tf.math.add(tf.math.mul(sin, w), tf.math.mul(cos, h))), two);
    Operand<TFloat32> zero = tf.zerosLike(angle);
    Operand<TFloat32> y = transform.apply(call, this, x, cos, tf.math.neg(sin), xOffset, sin, cos, yOffset, zero, zero);
    return y;
  }
}
