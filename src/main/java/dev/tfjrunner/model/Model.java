package dev.tfjrunner.model;

import dev.tfjrunner.model.graph.Node;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.LayerCall;
import dev.tfjrunner.model.layers.Shapes;
import dev.tfjrunner.model.layers.WeightSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A Keras model as a graph of layer calls, as Keras's Functional: one input (an InputLayer named
 * {@code inputName}), layer calls in topological order, each taking the outputs of earlier calls
 * or the input, and one output, the last call. {@link Sequential} is the chain case. A model is
 * also a layer: a Sequential or Functional used inside another model (its weights are its own
 * layers' weights, under its name).
 *
 * <p>Every layer has a name, unique in the model (calls refer to layers by name); two calls of one
 * layer (shared weights) are refused by name where a model is read.
 */
public class Model implements Layer {

  private final String name;
  private final Input input;
  private final String inputName;
  private final List<Node> nodes;
  private final boolean sequential;
  private volatile ModelSummary summary; // shape inference runs once per model

  /** A Functional model; {@code nodes} in topological order, the last one the output. */
  public Model(String name, Input input, String inputName, List<Node> nodes) {
    this(name, input, inputName, nodes, false);
  }

  Model(String name, Input input, String inputName, List<Node> nodes, boolean sequential) {
    this.name = name;
    this.input = Objects.requireNonNull(input);
    this.inputName = inputName;
    this.nodes = List.copyOf(named(nodes, inputName));
    this.sequential = sequential;
    if (this.nodes.isEmpty()) {
      throw new ModelConfigException("model '" + name + "' has no layers");
    }
    checkGraph();
  }

  /** Rejects unnamed layers and duplicate names (two calls of one layer would share its variables). */
  private static List<Node> named(List<Node> nodes, String inputName) {
    Set<String> taken = new HashSet<>(Set.of(inputName));
    for (int i = 0; i < nodes.size(); i++) {
      String layerName = nodes.get(i).name();
      if (layerName == null) {
        throw new ModelConfigException("layer " + (i + 1) + " (" + nodes.get(i).layer().className() + ") has no name");
      }
      if (!taken.add(layerName)) {
        throw new ModelConfigException(layerName.equals(inputName) ? "a layer is named like the input '" + inputName
            + "'" : "two layers are named '" + layerName + "'");
      }
    }
    return nodes;
  }

  /** {@code layers} with Keras's automatic names given to those without one ({@code conv2d}, {@code conv2d_1}, ...). */
  static List<Layer> autoNamed(List<Layer> layers, String inputName) {
    Set<String> taken = new HashSet<>(Set.of(inputName));
    for (Layer layer : layers) {
      if (layer.name() != null && !taken.add(layer.name())) {
        throw new ModelConfigException("two layers are named '" + layer.name() + "'");
      }
    }
    Map<String, Integer> counters = new HashMap<>();
    List<Layer> out = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer.name() != null) {
        out.add(layer);
        continue;
      }
      String base = Layer.baseName(layer.className());
      String layerName;
      do {
        int n = counters.merge(base, 1, Integer::sum);
        layerName = n == 1 ? base : base + "_" + (n - 1);
      } while (!taken.add(layerName));
      out.add(layer.withName(layerName));
    }
    return out;
  }

  /** Every call takes the input or earlier calls; every call leads to the output. */
  private void checkGraph() {
    Set<String> produced = new HashSet<>(Set.of(inputName));
    for (Node node : nodes) {
      for (String in : node.inbound()) {
        if (!produced.contains(in)) {
          throw new ModelConfigException("model '" + name + "': layer '" + node.name() + "' takes '" + in
              + "', which is not the input or an earlier layer");
        }
      }
      produced.add(node.name());
    }
    Set<String> used = new HashSet<>(Set.of(output().name()));
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      if (!used.contains(node.name())) {
        throw new ModelConfigException("model '" + name + "': layer '" + node.name() + "' does not lead to the output '"
            + output().name() + "' (a model has one output)");
      }
      used.addAll(node.inbound());
    }
  }

  @Override
  public String name() {
    return name;
  }

  public Input input() {
    return input;
  }

  /** The name of the model's InputLayer, which the first calls take. */
  public String inputName() {
    return inputName;
  }

  /** The layer calls in topological order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The model's layers in call order (the InputLayer not counted). */
  public List<Layer> layers() {
    return nodes.stream().map(Node::layer).toList();
  }

  /** The call whose output is the model's output. */
  public Node output() {
    return nodes.get(nodes.size() - 1);
  }

  /** True for a Keras Sequential: a chain, written and summarised as Keras does a Sequential. */
  public boolean isSequential() {
    return sequential;
  }

  /** True when each call takes the one before it (or the input): a model Keras could write as a Sequential. */
  public boolean isChain() {
    String previous = inputName;
    for (Node node : nodes) {
      if (!node.inbound().equals(List.of(previous))) {
        return false;
      }
      previous = node.name();
    }
    return true;
  }

  /** Layer names, shapes and parameter counts, computed once; throws {@link ModelConfigException} where shapes do not fit. */
  public ModelSummary summary() {
    ModelSummary s = summary;
    if (s == null) {
      s = ModelSummary.of(this);
      summary = s;
    }
    return s;
  }

  /** The model as Keras's {@code model.to_json()} writes it (Keras 3 form); {@code KerasModelReader} reads it back. */
  public String toKerasJson() {
    return dev.tfjrunner.model.keras.KerasModelWriter.toJson(this);
  }

  /** Units of the output: the model's class scores (1 for a sigmoid two-class output). */
  public long outputUnits() {
    long[] out = summary().outputShape();
    return out[out.length - 1];
  }

  // A model used as a layer of another model.

  @Override
  public Model withName(String newName) {
    return new Model(newName, input, inputName, nodes, sequential);
  }

  /** The names of the layers frozen in the model's config (Keras's {@code trainable: false}). */
  public Set<String> notTrainable() {
    return nodes.stream().filter(n -> !n.trainable()).map(Node::name).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String className() {
    return sequential ? "Sequential" : "Functional";
  }

  @Override
  public long[] outputShape(long[] in) {
    if (!Arrays.equals(in, input.dims())) {
      throw new IllegalArgumentException("the model takes input " + Shapes.text(input.dims()) + ", got " + Shapes.text(in));
    }
    return summary().outputShape();
  }

  /** The weights of every layer inside, named by their path below this model ({@code conv2d/kernel}). */
  @Override
  public List<WeightSpec> weights(long[] in) {
    List<WeightSpec> all = new ArrayList<>();
    for (ModelSummary.Row row : summary().rows()) {
      for (WeightSpec w : row.weights()) {
        all.add(new WeightSpec(row.name() + "/" + w.name(), w.shape(), w.initializer(), w.regularizer(), w.trainable()));
      }
    }
    return all;
  }

  /** {@link Network} builds a nested model call by call under the model's name scope; a model has no single op. */
  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    throw new UnsupportedOperationException("a nested model is built by Network, layer by layer");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Model m && m.getClass() == getClass() && m.sequential == sequential
        && Objects.equals(m.name, name) && m.input.equals(input) && m.inputName.equals(inputName)
        && m.nodes.equals(nodes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, input, inputName, nodes, sequential);
  }

  @Override
  public String toString() {
    return className() + "[name=" + name + ", input=" + input + ", inputName=" + inputName + ", nodes=" + nodes + "]";
  }
}
