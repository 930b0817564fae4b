package dev.tfjrunner.model.layers;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One layer of a model, described by its Keras configuration alone. Shapes exclude the batch
 * dimension: {@code [height, width, channels]} for images, {@code [units]} after a Flatten. A layer
 * knows its shape rule and its weights; {@link #call} adds its ops to a graph.
 *
 * <p>The model graph calls the list-taking methods; a single-input layer implements only the
 * single-input ones (the list forms check that one tensor comes in and delegate), a merging layer
 * ({@link Merge}) the list forms.
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

  /** The output shape for the layer's inputs, in the order of the call; one for a single-input layer. */
  default long[] outputShape(List<long[]> inputs) {
    return outputShape(single(inputs));
  }

  /** The weights this layer creates for {@code inputs}. */
  default List<WeightSpec> weights(List<long[]> inputs) {
    return weights(single(inputs));
  }

  /** Adds the layer's ops on its inputs (shapes {@code call.inputShapes()}). */
  default Operand<TFloat32> call(LayerCall call, List<Operand<TFloat32>> inputs) {
    return call(call, single(inputs));
  }

  /** The one input of a single-input layer; a merging layer has its own list forms. */
  private <T> T single(List<T> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(className() + " takes one input, got " + inputs.size());
    }
    return inputs.get(0);
  }

  /** Keras's automatic name for the class: {@code Conv2D} -> {@code conv2d}, {@code LeakyReLU} -> {@code leaky_re_lu}. */
  static String baseName(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
