package dev.tfjrunner.run;

import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.graph.Node;
import dev.tfjrunner.model.layers.Dense;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Training that starts from a Keras file's weights: the new head of {@code --new-head K} and the
 * initial values of every variable (the file's, except a new head's, which keeps its initializer's).
 */
final class FineTuning {

  private FineTuning() {}

  /**
   * {@code model} with its last Dense layer replaced by a fresh one of {@code units} units, same name
   * and activation; the new head is trainable even where the old one was frozen in the file.
   */
  static Model withNewHead(Model model, int units, String source) {
    int last = lastDense(model, source);
    List<Node> nodes = new ArrayList<>(model.nodes());
    Dense old = (Dense) nodes.get(last).layer();
    nodes.set(last, new Node(Dense.of(units).activation(old.activation()).withName(old.name()), nodes.get(last).inbound()));
    if (!(model instanceof Sequential)) {
      return new Model(model.name(), model.input(), model.inputName(), nodes);
    }
    Set<String> frozen = new HashSet<>(model.notTrainable());
    frozen.remove(old.name());
    return new Sequential(model.name(), model.input(), nodes.stream().map(Node::layer).toList(), frozen);
  }

  private static int lastDense(Model model, String source) {
    for (int i = model.nodes().size() - 1; i >= 0; i--) {
      if (model.nodes().get(i).layer() instanceof Dense) {
        return i;
      }
    }
    throw new ModelConfigException(source + ": --new-head replaces the last Dense layer; the model has none");
  }

  /**
   * The paths of the layers and nested models {@code trainable: false} in the model's config
   * ({@code base}, {@code block/batch_normalization}), in layer order; a frozen nested model's
   * layers are not listed again.
   */
  static List<String> frozenInConfig(Model model) {
    List<String> paths = new ArrayList<>();
    for (Node node : model.nodes()) {
      if (!node.trainable()) {
        paths.add(node.name());
      } else if (node.layer() instanceof Model nested) {
        frozenInConfig(nested).forEach(p -> paths.add(node.name() + "/" + p));
      }
    }
    return paths;
  }

  /** The names of layer {@code last} and every layer before it; empty when {@code last} is null. */
  static Set<String> frozenThrough(Model model, String last, String source) {
    if (last == null) {
      return Set.of();
    }
    List<String> names = model.summary().rows().stream().map(ModelSummary.Row::name).toList();
    int index = names.indexOf(last);
    if (index < 0) {
      throw new ModelConfigException(source + ": --freeze " + last + ": the model has no such layer (it has "
          + String.join(", ", names) + ")");
    }
    return new LinkedHashSet<>(names.subList(0, index + 1));
  }

  /**
   * The values to start training from: {@code file}'s arrays, except the new head's (when
   * {@code newHead}), which come from {@code initial} (the freshly initialised graph's), both in
   * {@code Network.weights()} order of {@code model}.
   */
  static float[][] startingWeights(Model model, float[][] file, float[][] initial, boolean newHead, String source) {
    float[][] out = file.clone();
    if (newHead) {
      int head = lastDense(model, source);
      List<ModelSummary.Row> rows = model.summary().rows();
      int from = rows.subList(0, head).stream().mapToInt(r -> r.weights().size()).sum();
      for (int i = from; i < from + rows.get(head).weights().size(); i++) {
        out[i] = initial[i];
      }
    }
    return out;
  }
}
