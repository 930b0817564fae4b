package dev.tfjrunner.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Hyper-parameters of RMSprop, without momentum and not centered, by default as Keras 2.x defines
 * it (the reference study's optimizer).
 *
 * @param learningRate initial step size (Keras {@code lr}), changeable between steps
 * @param rho decay of the moving average of squared gradients
 * @param epsilon added to the root mean square (Keras 2) or to the mean square (Keras 3)
 * @param rule where epsilon goes: Keras 2's rule unless the optimizer came from a Keras 3 file
 */
public record RmsPropConfig(double learningRate, double rho, double epsilon, Rule rule) implements OptimizerConfig {

  public static final String NAME = "rmsprop";

  /** Keras's lr and rho with the study's epsilon 1e-8 (Keras's own default is 1e-7). */
  public static final RmsPropConfig KERAS_DEFAULTS = new RmsPropConfig(0.001, 0.9, 1e-8);

  /** The two Keras versions' RMSprop updates, which differ only in where epsilon is added. */
  public enum Rule {
    /** {@code w -= lr * g / (sqrt(rms) + epsilon)} (tf.keras 2.x, the study's figures). */
    @JsonProperty("keras2") KERAS_2,
    /** {@code w -= lr * g / sqrt(rms + epsilon)} (Keras 3, keras/src/optimizers/rmsprop.py). */
    @JsonProperty("keras3") KERAS_3
  }

  public RmsPropConfig {
    OptimizerChecks.learningRate(learningRate);
    OptimizerChecks.unitInterval("rho", rho, false);
    OptimizerChecks.epsilon(epsilon);
    if (rule == null) {
      rule = Rule.KERAS_2;
    }
  }

  /** Keras 2's rule. */
  public RmsPropConfig(double learningRate, double rho, double epsilon) {
    this(learningRate, rho, epsilon, Rule.KERAS_2);
  }

  @Override
  public String kerasName() {
    return "RMSprop";
  }
}
