package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras's Concatenate on {@code axis} (counted with the batch dimension as Keras does; negative from
 * the end; the batch axis 0 cannot be joined): the inputs agree on every other size.
 */
public record Concatenate(String name, int axis) implements Merge {

  public static Concatenate of(int axis) {
    return new Concatenate(null, axis);
  }

  @Override
  public Concatenate withName(String n) {
    return new Concatenate(n, axis);
  }

  @Override
  public String className() {
    return "Concatenate";
  }

  /** The axis among the dimensions without the batch, for inputs of {@code rank} (batch excluded). */
  private int innerAxis(int rank) {
    int a = axis < 0 ? rank + 1 + axis : axis;
    if (a < 1 || a > rank) {
      throw new IllegalArgumentException("axis " + axis + " is not an axis of inputs (None, ...) of rank " + (rank + 1)
          + " other than the batch axis");
    }
    return a - 1;
  }

  @Override
  public long[] outputShape(List<long[]> inputs) {
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("Concatenate needs at least 2 inputs, got " + inputs.size());
    }
    long[] out = inputs.get(0).clone();
    int a = innerAxis(out.length);
    for (long[] in : inputs.subList(1, inputs.size())) {
      boolean fits = in.length == out.length;
      for (int i = 0; fits && i < out.length; i++) {
        fits = i == a || in[i] == out[i];
      }
      if (!fits) {
        throw new IllegalArgumentException("Concatenate on axis " + axis + " needs inputs equal in every other size, got "
            + String.join(" and ", inputs.stream().map(Shapes::text).toList()));
      }
      out[a] += in[a];
    }
    return out;
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, List<Operand<TFloat32>> inputs) {
    return call.tf().concat(inputs, call.tf().constant(innerAxis(call.inputShape().length) + 1));
  }
}
