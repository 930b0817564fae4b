package dev.tfjrunner.model;

import dev.tfjrunner.model.graph.Node;
import dev.tfjrunner.model.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Keras Sequential model: a {@link Model} whose layers form a chain from the input. Layers given
 * without a name get Keras's automatic names ({@code conv2d}, {@code conv2d_1}, ...).
 *
 * <pre>{@code
 * Sequential model = Sequential.of("cnn", Input.of(28, 28, 1),
 *     Conv2D.of(32, 5).padding(SAME).activation(RELU),
 *     Pooling2D.max(2),
 *     Flatten.of(),
 *     Dense.of(10).activation(SOFTMAX));
 * }</pre>
 */
public final class Sequential extends Model {

  /** Keras 3's name for a Sequential's InputLayer. */
  static final String INPUT_NAME = "input_layer";

  public Sequential(String name, Input input, List<Layer> layers) {
    this(name, input, layers, Set.of());
  }

  /** With the layers named in {@code notTrainable} frozen (Keras's {@code trainable: false}). */
  public Sequential(String name, Input input, List<Layer> layers, Set<String> notTrainable) {
    super(name, input, INPUT_NAME, chain(layers, notTrainable), true);
  }

  public static Sequential of(String name, Input input, Layer... layers) {
    return new Sequential(name, input, List.of(layers));
  }

  private static List<Node> chain(List<Layer> layers, Set<String> notTrainable) {
    List<Node> nodes = new ArrayList<>();
    String previous = INPUT_NAME;
    for (Layer layer : autoNamed(layers, INPUT_NAME)) {
      nodes.add(new Node(layer, List.of(previous), !notTrainable.contains(layer.name())));
      previous = layer.name();
    }
    return nodes;
  }

  @Override
  public Sequential withName(String newName) {
    return new Sequential(newName, input(), layers(), notTrainable());
  }
}
