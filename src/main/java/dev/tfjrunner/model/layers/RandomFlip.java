package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's RandomFlip: while training, each image is flipped with probability 0.5 along
 * {@code mode}'s axes ({@code horizontal} mirrors left-right, {@code vertical} upside down,
 * {@code horizontal_and_vertical}, the default, does both with the same draw, as Keras 3 does);
 * the identity otherwise.
 */
public record RandomFlip(String name, String mode) implements TrainingOnly {

  public static final List<String> MODES = List.of("horizontal", "vertical", "horizontal_and_vertical");

  public RandomFlip {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("mode '" + mode + "' is not one of " + String.join(", ", MODES));
    }
  }

  public static RandomFlip of(String mode) {
    return new RandomFlip(null, mode);
  }

  @Override
  public RandomFlip withName(String n) {
    return new RandomFlip(n, mode);
  }

  @Override
  public String className() {
    return "RandomFlip";
  }

  @Override
  public long[] outputShape(long[] in) {
    return Shapes.sameImage(className(), in);
  }

  /** ReverseV2 and Select, both with gradients, so the layer may sit anywhere in a model. */
  @Override
  public Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<TFloat32> u = Stochastic.uniformPerSample(call, x, new float[] {0}, new float[] {1}).get(0);
    Operand<TBool> flip = tf.reshape(tf.math.lessEqual(u, tf.constant(0.5f)), tf.constant(new long[] {-1, 1, 1, 1}));
    flip = tf.broadcastTo(flip, tf.shape(x));
    Operand<TFloat32> y = x;
    if (!mode.equals("vertical")) {
      y = tf.select(flip, tf.reverse(y, tf.constant(new int[] {2})), y);
    }
    if (!mode.equals("horizontal")) {
      y = tf.select(flip, tf.reverse(y, tf.constant(new int[] {1})), y);
    }
    return y;
  }
}
