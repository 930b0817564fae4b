package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras 3's arithmetic of a tensor and a number, {@code x + 3.0} or {@code 1.0 - x}, which Keras
 * records in a Functional model as an operation ({@code keras.src.ops.numpy} {@code Add},
 * {@code Subtract}, {@code Multiply}, {@code Divide}, {@code TrueDivide}) called on the tensor and
 * the constant, in the order written. The constant is float32 as Keras casts it to the tensor's
 * dtype; no weights; the output has the input's shape.
 *
 * @param constantFirst true for {@code c - x}, {@code c / x} (Python's reflected operators)
 */
public record ScalarOperation(String name, Kind kind, double constant, boolean constantFirst) implements Layer {

  /** Keras's operation classes, as their configs name them. */
  public enum Kind {
    ADD("Add"),
    SUBTRACT("Subtract"),
    MULTIPLY("Multiply"),
    DIVIDE("Divide"),
    TRUE_DIVIDE("TrueDivide");

    private final String className;

    Kind(String className) {
      this.className = className;
    }

    public String className() {
      return className;
    }
  }

  @Override
  public ScalarOperation withName(String n) {
    return new ScalarOperation(n, kind, constant, constantFirst);
  }

  @Override
  public String className() {
    return kind.className();
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<TFloat32> c = tf.constant((float) constant);
    Operand<TFloat32> a = constantFirst ? c : x;
    Operand<TFloat32> b = constantFirst ? x : c;
    return switch (kind) {
      case ADD -> tf.math.add(a, b);
      case SUBTRACT -> tf.math.sub(a, b);
      case MULTIPLY -> tf.math.mul(a, b);
      case DIVIDE, TRUE_DIVIDE -> tf.math.div(a, b);
    };
  }
}
