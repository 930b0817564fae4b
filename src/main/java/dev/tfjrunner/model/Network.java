package dev.tfjrunner.model;

import dev.tfjrunner.model.layers.Activated;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.BatchNormalization;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.LayerCall;
import dev.tfjrunner.model.layers.Shapes;
import dev.tfjrunner.model.layers.Stochastic;
import dev.tfjrunner.model.layers.TrainingSwitch;
import dev.tfjrunner.model.layers.WeightSpec;
import dev.tfjrunner.model.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A model graph built into a TensorFlow graph with the Ops API. Each layer call lives in a name
 * scope named after its layer path ({@code conv2d_1}, {@code base/batch_normalization} for a layer
 * of a nested model {@code base}), its variables are {@code <path>/kernel},
 * {@code <path>/moving_mean}, ..., so a training graph and a forward-only serving graph built from
 * the same model share variable names and checkpoints.
 *
 * <p>The model's final softmax (or sigmoid on one unit) becomes {@link #logits()}: the loss and the
 * prediction head apply it, in its numerically stable form. A sigmoid unit z becomes the two logits
 * [0, z], whose softmax is [1 - sigmoid(z), sigmoid(z)] and whose softmax cross-entropy is Keras's
 * binary cross-entropy, so a two-class model serves and evaluates like any other.
 */
public final class Network {

  /**
   * A variable of the model.
   *
   * @param name the variable's op name, e.g. {@code conv2d/kernel}
   * @param value the variable read through Identity; layers and gradients use this, never the
   *     ref itself (differentiating ops applied directly to a VariableV2 ref crashed TF 2.18)
   */
  public record Weight(String name, Variable<TFloat32> variable, Operand<TFloat32> value, Shape shape, boolean trainable) {
    public long size() {
      return shape.size();
    }
  }

  private final Model model;
  private final Operand<TFloat32> logits;
  private final List<Weight> weights;
  private final Operand<TFloat32> regularization;
  private final List<LayerCall.StateUpdate> updates;

  private Network(Model model, Operand<TFloat32> logits, List<Weight> weights, Operand<TFloat32> regularization,
      List<LayerCall.StateUpdate> updates) {
    this.model = model;
    this.logits = logits;
    this.weights = weights;
    this.regularization = regularization;
    this.updates = updates;
  }

  /**
   * Builds a trainable network on {@code inputs} ([batch] + the model's input shape); its variables
   * initialise from {@code seed} (each layer's initializers, weight i drawing stream i), and dropout
   * and batch statistics are used when {@code trainingSwitch.training()} is true.
   */
  public static Network forTraining(Ops tf, Model model, Operand<TFloat32> inputs, long seed,
      TrainingSwitch trainingSwitch) {
    return forTraining(tf, model, inputs, seed, trainingSwitch, Set.of());
  }

  /**
   * As {@link #forTraining(Ops, Model, Operand, long, TrainingSwitch)} with the layers named in
   * {@code frozen} not trainable (Keras's {@code layer.trainable = False}; a frozen nested model
   * freezes all its layers): their weights are not trained, and a frozen BatchNormalization runs in
   * inference mode (moving statistics, no updates).
   */
  public static Network forTraining(Ops tf, Model model, Operand<TFloat32> inputs, long seed,
      TrainingSwitch trainingSwitch, Set<String> frozen) {
    return build(tf, model, inputs, seed, trainingSwitch, frozen, null);
  }

  /**
   * Builds the forward pass only: no dropout ops, moving statistics for batch normalisation, and
   * variables without initialisers (no random ops in the graph); their values must be restored from
   * a checkpoint of a trained network.
   */
  public static Network forInference(Ops tf, Model model, Operand<TFloat32> inputs) {
    return build(tf, model, inputs, null, null, Set.of(), null);
  }

  /**
   * The forward pass of {@code trained} in inference mode on its own variables, in the same graph
   * (in {@code tf}'s scope): what Keras's evaluate and predict run, with no dropout, augmentation or
   * batch-statistics ops to compute and discard beside it.
   */
  public static Network sharing(Ops tf, Network trained, Operand<TFloat32> inputs) {
    return build(tf, trained.model, inputs, null, null, Set.of(), trained.weights);
  }

  /**
   * Images [n, h, w, c] reshaped to the model's input when that is not [h, w, c] (a [h, w] or
   * [features] input of the same size); preprocessing and augmentation work on images.
   */
  public static Operand<TFloat32> inputFromImages(Ops tf, Model model, Operand<TFloat32> images) {
    long[] in = model.input().dims();
    return in.length == 3 ? images : tf.reshape(images, tf.constant(Shapes.withBatch(in)));
  }

  private static Network build(Ops tf, Model model, Operand<TFloat32> inputs, Long seed, TrainingSwitch training,
      Set<String> frozen, List<Weight> shared) {
    OutputHead head = OutputHead.of(model);
    Parts parts = new Parts(shared);
    Map<Node, CallScope> scopes = new IdentityHashMap<>();
    addScopes(tf, model, scopes);
    Operand<TFloat32> x = calls(model, inputs, seed, training, true, parts, frozen, false, scopes);
    if (head == OutputHead.SIGMOID) {
      x = tf.concat(List.of(tf.zerosLike(x), x), tf.constant(1));
    }
    Operand<TFloat32> regularization = null;
    if (!parts.penalties.isEmpty()) {
      regularization = parts.penalties.get(0);
      for (Operand<TFloat32> p : parts.penalties.subList(1, parts.penalties.size())) {
        regularization = tf.math.add(regularization, p);
      }
      regularization = tf.withName("regularization_loss").identity(regularization);
    }
    return new Network(model, tf.withName("logits").identity(x), List.copyOf(parts.weights), regularization,
        List.copyOf(parts.updates));
  }

  /**
   * The name scope of a layer call, and the scope of each of its weights' regularizer penalty (null
   * for a weight without one), in the order of the call's weights.
   */
  private record CallScope(Ops ops, List<Ops> regularizers) {}

  /**
   * Makes the scope of every call of {@code model} (a nested model's calls inside its own), before
   * any op of the model exists. TF Java's {@code withSubScope} reads the name of every op in the
   * graph (to learn the names already used under the new scope), so making each scope when its layer
   * is built, with the layers before it already in the graph, took time quadratic in the layers.
   * No op is ever named under a layer's scope before the layer is built, so the scopes, and every
   * op name, are the same as when made one by one.
   */
  private static void addScopes(Ops tf, Model model, Map<Node, CallScope> scopes) {
    for (ModelSummary.Row row : model.summary().rows()) {
      Ops scope = tf.withSubScope(row.name());
      List<Ops> regularizers = new ArrayList<>();
      for (WeightSpec spec : row.weights()) {
        regularizers.add(spec.regularizer() == null ? null : scope.withSubScope(spec.name() + "_regularizer"));
      }
      scopes.put(row.node(), new CallScope(scope, regularizers));
      if (row.layer() instanceof Model nested) {
        addScopes(scope, nested, scopes);
      }
    }
  }

  /** What the calls of a model (and of the models nested in it) add besides their outputs. */
  private static final class Parts {
    final List<Weight> shared; // another network's variables to use, in weights() order; null: new ones
    final List<Weight> weights = new ArrayList<>();
    final List<Operand<TFloat32>> penalties = new ArrayList<>();
    final List<LayerCall.StateUpdate> updates = new ArrayList<>();
    int randomLayers;

    Parts(List<Weight> shared) {
      this.shared = shared;
    }
  }

  /**
   * Adds the calls of {@code model} on {@code input}, each in its scope from {@code scopes}, named
   * after its layer (a nested model's calls in the scopes of its own layers under the model's name);
   * returns the output. With {@code logitsOut} the output layer's activation is left out. The layers
   * named in {@code frozen}, and all of them when {@code allFrozen}, are not trainable.
   */
  private static Operand<TFloat32> calls(Model model, Operand<TFloat32> input, Long seed, TrainingSwitch training,
      boolean logitsOut, Parts parts, Set<String> frozen, boolean allFrozen, Map<Node, CallScope> scopes) {
    Map<String, Operand<TFloat32>> outputs = new HashMap<>();
    outputs.put(model.inputName(), input);
    List<ModelSummary.Row> rows = model.summary().rows();
    for (int i = 0; i < rows.size(); i++) {
      ModelSummary.Row row = rows.get(i);
      Node node = row.node();
      List<Operand<TFloat32>> in = node.inbound().stream().map(outputs::get).toList();
      CallScope callScope = scopes.get(node);
      Ops scope = callScope.ops();
      boolean trainable = !allFrozen && node.trainable() && !frozen.contains(node.name());
      if (node.layer() instanceof Model nested) {
        outputs.put(node.name(), calls(nested, in.get(0), seed, training, false, parts, Set.of(), !trainable, scopes));
        continue;
      }
      Layer layer = logitsOut && i == rows.size() - 1
          ? ((Activated) row.layer()).withActivation(Activation.LINEAR) : row.layer();
      List<Operand<TFloat32>> values = new ArrayList<>();
      List<Variable<TFloat32>> variables = new ArrayList<>();
      for (int k = 0; k < row.weights().size(); k++) {
        WeightSpec spec = row.weights().get(k);
        Weight w = parts.shared != null ? parts.shared.get(parts.weights.size())
            : addWeight(scope, spec, seed, parts.weights.size(), trainable);
        parts.weights.add(w);
        values.add(w.value());
        variables.add(w.variable());
        if (spec.regularizer() != null && training != null) {
          parts.penalties.add(spec.regularizer().penalty(callScope.regularizers().get(k), w.value()));
        }
      }
      int randomStream = layer instanceof Stochastic ? ++parts.randomLayers : 0;
      TrainingSwitch layerTraining = !trainable && layer instanceof BatchNormalization ? null : training;
      outputs.put(node.name(), layer.call(new LayerCall(scope, row.inputShapes(), row.outputShape(), values, variables,
          layerTraining, randomStream, parts.updates), in));
    }
    return outputs.get(model.output().name());
  }

  /**
   * A variable named {@code spec.name()} in the layer's scope, initialised unless {@code seed} is
   * null; trainable when the spec and its layer are.
   */
  private static Weight addWeight(Ops scope, WeightSpec spec, Long seed, int stream, boolean layerTrainable) {
    Shape shape = Shape.of(spec.shape());
    Variable<TFloat32> variable = seed == null
        ? scope.withName(spec.name()).variable(shape, TFloat32.class)
        : scope.withName(spec.name()).variable(spec.initializer().create(scope, spec.shape(), seed, stream));
    return new Weight(variable.op().name(), variable, scope.withName(spec.name() + "_read").identity(variable), shape,
        spec.trainable() && layerTrainable);
  }

  public Model model() {
    return model;
  }

  /** Pre-softmax class scores, [batch, classes]. */
  public Operand<TFloat32> logits() {
    return logits;
  }

  /** Every variable in layer order, in Keras's order within a layer (kernel, bias; gamma, beta, moving statistics). */
  public List<Weight> weights() {
    return weights;
  }

  public List<Weight> trainableWeights() {
    return weights.stream().filter(Weight::trainable).toList();
  }

  /** The sum of the weight regularizers' penalties; null when the model has none (or in a serving graph). */
  public Operand<TFloat32> regularizationLoss() {
    return regularization;
  }

  /** State updates a training step runs after its gradients (BatchNormalization's moving statistics). */
  public List<LayerCall.StateUpdate> stateUpdates() {
    return updates;
  }
}
