package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's AlphaDropout, for SELU networks: while training, each value is kept with probability
 * 1 - rate and otherwise set to alpha' = -alpha * scale (SELU's negative saturation), then
 * {@code a * x + b} with a = ((1 - rate)(1 + rate alpha'^2))^-1/2 and b = -a alpha' rate, which keep
 * the mean and variance; the identity otherwise.
 */
public record AlphaDropout(String name, double rate) implements TrainingOnly {

  private static final double ALPHA = 1.6732632423543772848170429916717;
  private static final double SCALE = 1.0507009873554804934193349852946;

  public AlphaDropout {
    Stochastic.requireRate(rate);
  }

  @Override
  public AlphaDropout withName(String n) {
    return new AlphaDropout(n, rate);
  }

  @Override
  public String className() {
    return "AlphaDropout";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    double alphaP = -ALPHA * SCALE;
    double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
    double b = -a * alphaP * rate;
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x, TInt64.class), Stochastic.seed(call),
        TFloat32.class);
    // kept = 1 where u >= rate: floor(u + 1 - rate), as Dropout's mask, off the gradient path.
    Operand<TFloat32> kept = tf.math.floor(tf.math.add(u, tf.constant((float) (1 - rate))));
    Operand<TFloat32> dropped = tf.math.sub(tf.constant(1f), kept);
    Operand<TFloat32> y = tf.math.add(tf.math.mul(x, kept), tf.math.mul(tf.constant((float) alphaP), dropped));
    y = tf.math.add(tf.math.mul(y, tf.constant((float) a)), tf.constant((float) b));
    return y;
  }
}
