package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A layer that merges two or more tensors (Keras's {@code keras.layers.merging}): it implements the
 * list forms of {@link Layer}; the single-input forms say it needs a list.
 */
public interface Merge extends Layer {

  @Override
  long[] outputShape(List<long[]> inputs);

  @Override
  Operand<TFloat32> call(LayerCall call, List<Operand<TFloat32>> inputs);

  @Override
  default List<WeightSpec> weights(List<long[]> inputs) {
    return List.of();
  }

  @Override
  default long[] outputShape(long[] input) {
    throw new IllegalArgumentException(className() + " merges a list of at least 2 inputs, got one");
  }

  @Override
  default Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    throw new IllegalArgumentException(className() + " merges a list of at least 2 inputs, got one");
  }
}
