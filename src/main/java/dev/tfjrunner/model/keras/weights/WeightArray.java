package dev.tfjrunner.model.keras.weights;

import java.util.Arrays;

/**
 * One variable's values as a Keras file holds them: row-major float32 in Keras's layout (a Conv2D
 * kernel {@code [kh, kw, in, out]}, a Dense kernel {@code [in, out]}).
 *
 * @param name where the file keeps it, e.g. {@code layers/conv2d/vars/0} or
 *     {@code model_weights/conv2d/conv2d/kernel}; messages name it
 */
public record WeightArray(String name, long[] shape, float[] values) {

  public WeightArray {
    long size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    if (size != values.length) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + size
          + " values, got " + values.length);
    }
  }

  public boolean hasShape(long[] expected) {
    return Arrays.equals(shape, expected);
  }

  @Override
  public String toString() {
    return name + " " + Arrays.toString(shape);
  }
}
