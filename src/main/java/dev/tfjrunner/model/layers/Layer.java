package dev.tfjrunner.model.layers;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One layer of a sequential model, described by its Keras configuration alone. Shapes exclude the
 * batch dimension: {@code [height, width, channels]} for images, {@code [units]} after a Flatten.
 * A layer knows its shape rule and its weights; {@link #call} adds its ops to a graph.
 */
public interface Layer {

  /** Keras's layer name ({@code conv2d_1}); also the layer's name scope in the graph. */
  String name();

  /** This layer under another name. */
  Layer withName(String name);

  /** Keras's class name ({@code Conv2D}), as configs and the summary write it. */
  String className();

  /** The output shape for {@code input}; throws {@link IllegalArgumentException} naming the shapes when they do not fit. */
  long[] outputShape(long[] input);

  /** The weights this layer creates for {@code input}, in Keras's order. */
  default List<WeightSpec> weights(long[] input) {
    return List.of();
  }

  /** Adds the layer's ops: {@code x} has shape [batch] + {@code call.inputShape()}. */
  Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x);

  /** Keras's automatic name for the class: {@code Conv2D} -> {@code conv2d}, {@code LeakyReLU} -> {@code leaky_re_lu}. */
  static String baseName(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
