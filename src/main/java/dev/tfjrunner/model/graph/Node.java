package dev.tfjrunner.model.graph;

import dev.tfjrunner.model.layers.Layer;
import java.util.List;

/**
 * One call of a layer in a model graph (Keras's node).
 *
 * @param inbound the names of the layers (or the model's input) whose outputs the call takes, in order
 * @param trainable false for a layer frozen in its Keras config ({@code trainable: false}): its
 *     weights are not trained and a BatchNormalization (or a nested model's) runs in inference mode
 */
public record Node(Layer layer, List<String> inbound, boolean trainable) {

  public Node(Layer layer, List<String> inbound) {
    this(layer, inbound, true);
  }

  public Node {
    inbound = List.copyOf(inbound);
    if (inbound.isEmpty()) {
      throw new IllegalArgumentException("a layer call needs at least one input");
    }
  }

  public String name() {
    return layer.name();
  }
}
