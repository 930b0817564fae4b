package dev.tfjrunner.model.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Keras's LayerNormalization: each sample normalised by its own mean and biased variance over
 * {@code axis} (default the last), {@code x * inv + (beta - mean * inv)} with
 * {@code inv = gamma / sqrt(variance + epsilon)}, Keras 3's formula; defaults epsilon 1e-3, center
 * and scale. With {@code rmsScaling}, Keras 3's form: {@code x / sqrt(variance + epsilon) * gamma}
 * (the variance, not the mean square, as Keras computes it) and no beta. Weights gamma and beta of
 * the input's sizes along {@code axis}, the same in training and inference.
 *
 * @param axis axes of the batched input ({@code -1} or {@code 3} for the channels of an image)
 */
public record LayerNormalization(
    String name,
    List<Integer> axis,
    double epsilon,
    boolean center,
    boolean scale,
    boolean rmsScaling,
    Initializer betaInitializer,
    Initializer gammaInitializer,
    Regularizer betaRegularizer,
    Regularizer gammaRegularizer) implements Layer {

  public LayerNormalization {
    axis = List.copyOf(axis);
    if (axis.isEmpty()) {
      throw new IllegalArgumentException("axis must name at least one axis");
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
    }
  }

  public static LayerNormalization of() {
    return new LayerNormalization(null, List.of(-1), 1e-3, true, true, false, Initializer.ZEROS, Initializer.ONES, null,
        null);
  }

  @Override
  public LayerNormalization withName(String n) {
    return new LayerNormalization(n, axis, epsilon, center, scale, rmsScaling, betaInitializer, gammaInitializer,
        betaRegularizer, gammaRegularizer);
  }

  @Override
  public String className() {
    return "LayerNormalization";
  }

  @Override
  public long[] outputShape(long[] in) {
    axes(in);
    return in.clone();
  }

  /** The axes in [batch, ...] indexing, sorted; the batch axis is refused. */
  static int[] axes(List<Integer> axis, long[] in, String what) {
    int rank = in.length + 1;
    int[] out = new int[axis.size()];
    for (int i = 0; i < out.length; i++) {
      int a = axis.get(i) < 0 ? axis.get(i) + rank : axis.get(i);
      if (a < 1 || a >= rank) {
        throw new IllegalArgumentException(what + " axis " + axis + " does not fit an input (None, ...) of rank " + rank
            + " (the batch axis 0 cannot be one)");
      }
      out[i] = a;
    }
    Arrays.sort(out);
    return out;
  }

  private int[] axes(long[] in) {
    return axes(axis, in, "LayerNormalization");
  }

  private long[] parameterShape(long[] in) {
    return Arrays.stream(axes(in)).mapToLong(a -> in[a - 1]).toArray();
  }

  @Override
  public List<WeightSpec> weights(long[] in) {
    long[] shape = parameterShape(in);
    List<WeightSpec> specs = new ArrayList<>();
    if (scale || rmsScaling) {
      specs.add(WeightSpec.trainable("gamma", shape, gammaInitializer, gammaRegularizer));
    }
    if (center && !rmsScaling) {
      specs.add(WeightSpec.trainable("beta", shape, betaInitializer, betaRegularizer));
    }
    return specs;
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    long[] in = call.inputShape();
    int[] axes = axes(in);
    long[] broadcast = new long[in.length + 1];
    Arrays.fill(broadcast, 1);
    for (int a : axes) {
      broadcast[a] = in[a - 1];
    }
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(axes), Mean.keepDims(true));
    Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(x, mean), tf.constant(axes), Mean.keepDims(true));
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, tf.constant((float) epsilon)));
    int w = 0;
    Operand<TFloat32> gamma = scale || rmsScaling ? tf.reshape(call.weight(w++), tf.constant(broadcast)) : null;
    Operand<TFloat32> beta = center && !rmsScaling ? tf.reshape(call.weight(w), tf.constant(broadcast)) : null;
    if (rmsScaling) {
      Operand<TFloat32> y = tf.math.mul(x, inv);
      return gamma == null ? y : tf.math.mul(y, gamma);
    }
    if (gamma != null) {
      inv = tf.math.mul(inv, gamma);
    }
    Operand<TFloat32> shift = tf.math.neg(tf.math.mul(mean, inv));
    if (beta != null) {
      shift = tf.math.add(shift, beta);
    }
    return tf.math.add(tf.math.mul(x, inv), shift);
  }
}
