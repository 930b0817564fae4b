package dev.tfjrunner.model.layers;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's Normalization: {@code (x - mean) / max(sqrt(variance), 1e-7)} per position along
 * {@code axis} (default the last; {@code invert} undoes it: {@code mean + x * max(sqrt(variance),
 * 1e-7)}). Two forms, as Keras has them: with {@code mean} and {@code variance} given in the config
 * (constants, no weights; a list lies along the last kept axis and a single value broadcasts), or
 * adapted, where they are the layer's non-trainable weights mean and variance (the sizes along the
 * kept axes) and count (a scalar, Keras's int counter, held as a float here), 2n + 1 parameters.
 *
 * @param axis axes of the batched input kept apart (Keras's {@code axis}); empty for one global mean
 * @param mean null for the adapted form
 */
public record Normalization(String name, List<Integer> axis, List<Double> mean, List<Double> variance, boolean invert)
    implements Layer {

  /** Keras's backend epsilon, the smallest standard deviation divided by. */
  private static final float EPSILON = 1e-7f;

  public Normalization {
    axis = List.copyOf(axis);
    if ((mean == null) != (variance == null)) {
      throw new IllegalArgumentException("mean and variance must be given together");
    }
    if (mean != null) {
      mean = List.copyOf(mean);
      variance = List.copyOf(variance);
      if (mean.size() != variance.size() || mean.isEmpty()) {
        throw new IllegalArgumentException("mean and variance must have the same size, got " + mean.size() + " and "
            + variance.size());
      }
    }
  }

  /** The adapted form over the last axis; its statistics arrive as weights. */
  public static Normalization adapted() {
    return new Normalization(null, List.of(-1), null, null, false);
  }

  @Override
  public Normalization withName(String n) {
    return new Normalization(n, axis, mean, variance, invert);
  }

  @Override
  public String className() {
    return "Normalization";
  }

  @Override
  public long[] outputShape(long[] in) {
    long[] shape = broadcastShape(in);
    if (mean != null && mean.size() > 1) {
      int last = lastKeptAxis(in);
      if (last < 0 || shape[last] != mean.size()) {
        throw new IllegalArgumentException("mean and variance of size " + mean.size() + " do not fit axis " + axis
            + " of the input");
      }
    }
    return in.clone();
  }

  private int lastKeptAxis(long[] in) {
    int[] kept = kept(in);
    return kept.length == 0 ? -1 : kept[kept.length - 1];
  }

  private int[] kept(long[] in) {
    return axis.isEmpty() ? new int[0] : LayerNormalization.axes(axis, in, "Normalization");
  }

  /** [1, ...] with the input's sizes on the kept axes. */
  private long[] broadcastShape(long[] in) {
    long[] shape = new long[in.length + 1];
    Arrays.fill(shape, 1);
    for (int a : kept(in)) {
      shape[a] = in[a - 1];
    }
    return shape;
  }

  @Override
  public List<WeightSpec> weights(long[] in) {
    if (mean != null) {
      return List.of();
    }
    long[] shape = Arrays.stream(kept(in)).mapToLong(a -> in[a - 1]).toArray();
    return List.of(new WeightSpec("mean", shape, Initializer.ZEROS, null, false),
        new WeightSpec("variance", shape, Initializer.ONES, null, false),
        new WeightSpec("count", new long[0], Initializer.ZEROS, null, false));
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    long[] in = call.inputShape();
    Operand<TFloat32> m;
    Operand<TFloat32> v;
    if (mean == null) {
      m = tf.reshape(call.weight(0), tf.constant(broadcastShape(in)));
      v = tf.reshape(call.weight(1), tf.constant(broadcastShape(in)));
    } else {
      long[] shape = new long[in.length + 1];
      Arrays.fill(shape, 1);
      if (mean.size() > 1) {
        shape[lastKeptAxis(in)] = mean.size();
      }
      m = tf.constant(org.tensorflow.ndarray.Shape.of(shape), floats(mean));
      v = tf.constant(org.tensorflow.ndarray.Shape.of(shape), floats(variance));
    }
    Operand<TFloat32> sd = tf.math.maximum(tf.math.sqrt(v), tf.constant(EPSILON));
    return invert ? tf.math.add(m, tf.math.mul(x, sd)) : tf.math.div(tf.math.sub(x, m), sd);
  }

  private static org.tensorflow.ndarray.buffer.FloatDataBuffer floats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return org.tensorflow.ndarray.buffer.DataBuffers.of(out, true, false);
  }
}
