package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's weight regularizers {@code L1}, {@code L2} and {@code L1L2}: {@code l1 * sum|w| +
 * l2 * sum w^2} added to the loss (Keras's logged loss includes it).
 */
public record Regularizer(double l1, double l2) {

  public Regularizer {
    if (!(l1 >= 0) || !(l2 >= 0)) {
      throw new IllegalArgumentException("regularization factors must be >= 0, got l1=" + l1 + ", l2=" + l2);
    }
  }

  public static Regularizer l1(double l1) {
    return new Regularizer(l1, 0);
  }

  public static Regularizer l2(double l2) {
    return new Regularizer(0, l2);
  }

  /** Keras's class name for this regularizer. */
  public String className() {
    return l1 == 0 ? "L2" : l2 == 0 ? "L1" : "L1L2";
  }

  public Operand<TFloat32> penalty(Ops tf, Operand<TFloat32> weight) {
    Operand<TFloat32> total = null;
    if (l1 != 0) {
      total = tf.math.mul(tf.constant((float) l1), tf.reduceSum(tf.math.abs(weight), allAxes(tf, weight)));
    }
    if (l2 != 0) {
      Operand<TFloat32> sq = tf.math.mul(tf.constant((float) l2), tf.reduceSum(tf.math.square(weight), allAxes(tf, weight)));
      total = total == null ? sq : tf.math.add(total, sq);
    }
    return total == null ? tf.constant(0f) : total;
  }

  private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }
}
