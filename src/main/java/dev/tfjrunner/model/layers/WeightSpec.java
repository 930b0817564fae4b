package dev.tfjrunner.model.layers;

import java.util.Arrays;

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

  public long size() {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }
}
