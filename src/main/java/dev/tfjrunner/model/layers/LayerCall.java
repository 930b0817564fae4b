package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * What a layer's {@link Layer#call} gets.
 *
 * @param tf scoped to the layer's name
 * @param inputShapes the shapes of the call's inputs (one for a single-input layer), without the batch dimension
 * @param weights the values of the layer's {@link Layer#weights}, in that order
 * @param variables the variables behind {@code weights}, for layers that update their own state
 * @param training null in a forward-only (serving) graph
 * @param randomStream the ordinal of this layer among the model's random layers (1 for the first), so
 *     each draws its own stream from the step seed
 * @param updates where a layer puts the state updates a training step runs (BatchNormalization)
 */
public record LayerCall(
    Ops tf,
    List<long[]> inputShapes,
    long[] outputShape,
    List<Operand<TFloat32>> weights,
    List<Variable<TFloat32>> variables,
    TrainingSwitch training,
    int randomStream,
    List<StateUpdate> updates) {

  /** {@code variable = value}, run by each training step after the gradients. */
  public record StateUpdate(Variable<TFloat32> variable, Operand<TFloat32> value) {}

  /** A single-input layer's call. */
  public LayerCall(Ops tf, long[] inputShape, long[] outputShape, List<Operand<TFloat32>> weights,
      List<Variable<TFloat32>> variables, TrainingSwitch training, int randomStream, List<StateUpdate> updates) {
    this(tf, List.of(inputShape), outputShape, weights, variables, training, randomStream, updates);
  }

  /** The input shape of a single-input layer (the first input's of a merging layer). */
  public long[] inputShape() {
    return inputShapes.get(0);
  }

  public Operand<TFloat32> weight(int index) {
    return weights.get(index);
  }

  /** {@code y} plus the bias (weight 1) when the layer has one, through {@code activation}: Conv2D's and Dense's ending. */
  public Operand<TFloat32> biasAndActivation(Operand<TFloat32> y, boolean useBias, Activation activation) {
    return activation.apply(tf, useBias ? tf.nn.biasAdd(y, weight(1)) : y);
  }

  public boolean inTrainingGraph() {
    return training != null;
  }
}
