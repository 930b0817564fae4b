package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A layer that draws random numbers while training (dropout, noise, random augmentation) and is
 * the identity in evaluation, prediction and serving graphs (see {@link TrainingOnly}). The network
 * numbers these layers in model order ({@link LayerCall#randomStream()}), so each draws its own
 * stream from the step seed and a step's draws depend only on the run seed and the step number.
 */
public interface Stochastic extends Layer {

  /** Dropout's, AlphaDropout's and GaussianDropout's {@code rate}: in [0, 1). */
  static void requireRate(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1), got " + rate);
    }
  }

  /** RandomBrightness's and RandomContrast's {@code value_range}: the pixel values' [low, high]. */
  static void requireValueRange(double low, double high) {
    if (!(low < high)) {
      throw new IllegalArgumentException("value_range must be [low, high] with low < high");
    }
  }

  /** The stateless seed of this layer in this step: the step seed plus [stream, 0]. */
  static Operand<TInt64> seed(LayerCall call) {
    return call.tf().math.add(call.training().stepSeed(), call.tf().constant(new long[] {call.randomStream(), 0}));
  }

  /**
   * {@code draws} behind a StopGradient: TF Java has no gradient for the stateless random ops, and
   * a draw whose shape is computed from the layer's input sits on a path the gradients walk back
   * along (Dropout's draw is cut off by its Floor instead).
   */
  static Operand<TFloat32> offGradientPath(LayerCall call, Operand<TFloat32> draws) {
    return call.tf().stopGradient(draws);
  }

  /**
   * {@code draws} numbers per sample of {@code x}, each uniform in [low[i], high[i]), as a list of
   * [batch] operands; from this layer's seed.
   */
  static List<Operand<TFloat32>> uniformPerSample(LayerCall call, Operand<TFloat32> x, float[] low, float[] high) {
    Ops tf = call.tf();
    Operand<TInt32> shape = tf.concat(List.of(
        tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
        tf.constant(new int[] {low.length})), tf.constant(0));
    float[] span = new float[low.length];
    for (int i = 0; i < span.length; i++) {
      span[i] = high[i] - low[i];
    }
    Operand<TFloat32> u = offGradientPath(call, tf.random.statelessRandomUniform(shape, seed(call), TFloat32.class));
    return List.copyOf(tf.unstack(tf.math.add(tf.constant(low), tf.math.mul(u, tf.constant(span))), (long) low.length,
        Unstack.axis(1L)).output());
  }
}
