package dev.tfjrunner.model.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's activation functions by the names configs use. The model's final softmax (or sigmoid on
 * one unit) is not applied by the layer but by the loss and the prediction head, which work on
 * logits (see {@code Network}).
 */
public enum Activation {
  LINEAR("linear"),
  RELU("relu"),
  SIGMOID("sigmoid"),
  SOFTMAX("softmax"),
  TANH("tanh"),
  ELU("elu"),
  SELU("selu"),
  SOFTPLUS("softplus"),
  SOFTSIGN("softsign"),
  SWISH("swish", "silu"),
  GELU("gelu"),
  /** Keras 2.x: clip(0.2 x + 0.5, 0, 1). */
  HARD_SIGMOID("hard_sigmoid"),
  /** Keras 3's hard_sigmoid: relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1). */
  HARD_SIGMOID_KERAS3("hard_sigmoid"),
  /** min(max(x, 0), 6). */
  RELU6("relu6"),
  /** Keras 3's hard_silu (alias hard_swish): x * relu6(x + 3) / 6. */
  HARD_SILU("hard_silu", "hard_swish"),
  /** x * tanh(softplus(x)). */
  MISH("mish"),
  /** x - logsumexp(x) over the last axis. */
  LOG_SOFTMAX("log_softmax");

  private final String kerasName;
  private final List<String> aliases;

  Activation(String kerasName, String... aliases) {
    this.kerasName = kerasName;
    this.aliases = List.of(aliases);
  }

  public String kerasName() {
    return kerasName;
  }

  /**
   * The activation a config names; {@code keras3} picks Keras 3's hard_sigmoid, the one function
   * whose definition changed between 2.x and 3.x.
   */
  public static Activation fromKeras(String name, boolean keras3) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("hard_sigmoid")) {
      return keras3 ? HARD_SIGMOID_KERAS3 : HARD_SIGMOID;
    }
    for (Activation a : values()) {
      if (a.kerasName.equals(n) || a.aliases.contains(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException("activation '" + name + "' is not supported (supported: " + supportedNames() + ")");
  }

  public static String supportedNames() {
    return String.join(", ", Arrays.stream(values()).map(a -> a.kerasName).distinct().toList()) + ", silu, hard_swish";
  }

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return switch (this) {
      case LINEAR -> x;
      case RELU -> tf.nn.relu(x);
      case SIGMOID -> tf.math.sigmoid(x);
      case SOFTMAX -> tf.nn.softmax(x);
      case TANH -> tf.math.tanh(x);
      case ELU -> tf.nn.elu(x);
      case SELU -> tf.nn.selu(x);
      case SOFTPLUS -> tf.math.softplus(x);
      case SOFTSIGN -> tf.nn.softsign(x);
      case SWISH -> tf.math.mul(x, tf.math.sigmoid(x));
      // The exact form, Keras's default (approximate=False): 0.5 x (1 + erf(x / sqrt 2)).
      case GELU -> tf.math.mul(tf.math.mul(tf.constant(0.5f), x),
          tf.math.add(tf.constant(1f), tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))))));
      case HARD_SIGMOID -> clip01(tf, tf.math.add(tf.math.mul(x, tf.constant(0.2f)), tf.constant(0.5f)));
      case HARD_SIGMOID_KERAS3 -> tf.math.div(tf.nn.relu6(tf.math.add(x, tf.constant(3f))), tf.constant(6f));
      case RELU6 -> tf.nn.relu6(x);
      case HARD_SILU -> tf.math.mul(x, HARD_SIGMOID_KERAS3.apply(tf, x));
      case MISH -> tf.math.mul(x, tf.math.tanh(tf.math.softplus(x)));
      case LOG_SOFTMAX -> tf.nn.logSoftmax(x);
    };
  }

  private static Operand<TFloat32> clip01(Ops tf, Operand<TFloat32> x) {
    return tf.math.minimum(tf.math.maximum(x, tf.constant(0f)), tf.constant(1f));
  }
}
