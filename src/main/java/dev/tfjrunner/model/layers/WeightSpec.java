package dev.tfjrunner.model.layers;

import java.util.Arrays;
import java.util.List;

/**
 * A variable a layer creates.
 *
 * @param name within the layer, e.g. {@code kernel}, {@code moving_mean}
 * @param regularizer null for none
 * @param trainable false for statistics such as BatchNormalization's moving mean
 */
public record WeightSpec(String name, long[] shape, Initializer initializer, Regularizer regularizer, boolean trainable) {

  public static WeightSpec trainable(String name, long[] shape, Initializer initializer, Regularizer regularizer) {
    return new WeightSpec(name, shape, initializer, regularizer, true);
  }

  /** A kernel of {@code kernelShape} and, if {@code useBias}, a bias of its last size: Conv2D's and Dense's weights. */
  public static List<WeightSpec> kernelAndBias(long[] kernelShape, boolean useBias, Initializer kernel, Initializer bias,
      Regularizer kernelRegularizer, Regularizer biasRegularizer) {
    WeightSpec k = trainable("kernel", kernelShape, kernel, kernelRegularizer);
    return useBias ? List.of(k, trainable("bias", new long[] {kernelShape[kernelShape.length - 1]}, bias, biasRegularizer))
        : List.of(k);
  }

  public long size() {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }
}
