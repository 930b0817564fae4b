package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's elementwise merging layers, {@code Add}, {@code Subtract}, {@code Multiply},
 * {@code Average}, {@code Maximum} and {@code Minimum}: two or more inputs (exactly two for
 * Subtract) whose shapes broadcast as Keras's {@code Merge.compute_output_shape} allows (equal
 * sizes, or 1 against any size).
 */
public record ElementwiseMerge(String name, Kind kind) implements Merge {

  public enum Kind {
    ADD("Add"),
    SUBTRACT("Subtract"),
    MULTIPLY("Multiply"),
    AVERAGE("Average"),
    MAXIMUM("Maximum"),
    MINIMUM("Minimum");

    private final String className;

    Kind(String className) {
      this.className = className;
    }

    public String className() {
      return className;
    }
  }

  public static ElementwiseMerge of(Kind kind) {
    return new ElementwiseMerge(null, kind);
  }

  @Override
  public ElementwiseMerge withName(String n) {
    return new ElementwiseMerge(n, kind);
  }

  @Override
  public String className() {
    return kind.className();
  }

  @Override
  public long[] outputShape(List<long[]> inputs) {
    if (inputs.size() < 2 || (kind == Kind.SUBTRACT && inputs.size() != 2)) {
      throw new IllegalArgumentException(className() + " needs " + (kind == Kind.SUBTRACT ? "exactly 2" : "at least 2")
          + " inputs, got " + inputs.size());
    }
    long[] out = inputs.get(0).clone();
    for (long[] in : inputs.subList(1, inputs.size())) {
      if (in.length != out.length) {
        throw new IllegalArgumentException(className() + " needs inputs of one rank, got "
            + String.join(" and ", inputs.stream().map(Shapes::text).toList()));
      }
      for (int i = 0; i < out.length; i++) {
        if (out[i] != in[i] && out[i] != 1 && in[i] != 1) {
          throw new IllegalArgumentException(className() + " needs shapes that broadcast, got "
              + String.join(" and ", inputs.stream().map(Shapes::text).toList()));
        }
        out[i] = Math.max(out[i], in[i]);
      }
    }
    return out;
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, List<Operand<TFloat32>> inputs) {
    Ops tf = call.tf();
    Operand<TFloat32> y = inputs.get(0);
    for (Operand<TFloat32> x : inputs.subList(1, inputs.size())) {
      y = switch (kind) {
        case ADD, AVERAGE -> tf.math.add(y, x);
        case SUBTRACT -> tf.math.sub(y, x);
        case MULTIPLY -> tf.math.mul(y, x);
        case MAXIMUM -> tf.math.maximum(y, x);
        case MINIMUM -> tf.math.minimum(y, x);
      };
    }
    return kind == Kind.AVERAGE ? tf.math.div(y, tf.constant((float) inputs.size())) : y;
  }
}
