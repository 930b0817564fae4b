package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras's Reshape to {@code targetShape} (batch excluded; at most one -1, inferred). */
public record Reshape(String name, List<Long> targetShape) implements Layer {

  public Reshape {
    targetShape = List.copyOf(targetShape);
    if (targetShape.isEmpty() || targetShape.stream().filter(d -> d == -1).count() > 1
        || targetShape.stream().anyMatch(d -> d == 0 || d < -1)) {
      throw new IllegalArgumentException("target_shape must hold sizes >= 1 and at most one -1, got " + targetShape);
    }
  }

  public static Reshape of(long... shape) {
    return new Reshape(null, java.util.Arrays.stream(shape).boxed().toList());
  }

  @Override
  public Reshape withName(String n) {
    return new Reshape(n, targetShape);
  }

  @Override
  public String className() {
    return "Reshape";
  }

  @Override
  public long[] outputShape(long[] in) {
    long size = Shapes.size(in);
    long known = targetShape.stream().filter(d -> d != -1).reduce(1L, (a, b) -> a * b);
    long[] out = targetShape.stream().mapToLong(Long::longValue).toArray();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        out[i] = size / known;
      }
    }
    if (Shapes.size(out) != size) {
      throw new IllegalArgumentException("cannot reshape " + Shapes.text(in) + " (" + size + " values) to "
          + Shapes.text(out));
    }
    return out;
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return call.tf().reshape(x, call.tf().constant(Shapes.withBatch(call.outputShape())));
  }
}
