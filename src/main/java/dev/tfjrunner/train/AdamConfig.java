package dev.tfjrunner.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Hyper-parameters of Keras's Adam (Keras 2.x OptimizerV2 and Keras 3 agree).
 *
 * @param beta1 decay of the first-moment average (Keras {@code beta_1})
 * @param beta2 decay of the second-moment average (Keras {@code beta_2})
 * @param epsilon Keras's "epsilon hat": added to sqrt(v) after the bias correction went into the step size
 * @param amsgrad divide by the running maximum of v instead of v
 */
public record AdamConfig(
    double learningRate,
    @JsonProperty("beta_1") double beta1,
    @JsonProperty("beta_2") double beta2,
    double epsilon,
    boolean amsgrad) implements OptimizerConfig {

  public static final String NAME = "adam";

  public static final AdamConfig KERAS_DEFAULTS = new AdamConfig(0.001, 0.9, 0.999, 1e-7, false);

  public AdamConfig {
    OptimizerChecks.learningRate(learningRate);
    OptimizerChecks.unitInterval("beta_1", beta1, false);
    OptimizerChecks.unitInterval("beta_2", beta2, false);
    OptimizerChecks.epsilon(epsilon);
  }

  @Override
  public String kerasName() {
    return "Adam";
  }
}
