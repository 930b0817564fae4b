package dev.tfjrunner.train;

/**
 * Hyper-parameters of Keras's SGD (Keras 2.x OptimizerV2 and Keras 3 agree).
 *
 * @param momentum 0 is plain gradient descent; Keras accepts [0, 1]
 * @param nesterov Nesterov momentum (no effect when momentum is 0, as in Keras)
 */
public record SgdConfig(double learningRate, double momentum, boolean nesterov) implements OptimizerConfig {

  public static final String NAME = "sgd";

  public static final SgdConfig KERAS_DEFAULTS = new SgdConfig(0.01, 0, false);

  public SgdConfig {
    OptimizerChecks.learningRate(learningRate);
    OptimizerChecks.unitInterval("momentum", momentum, true);
  }

  @Override
  public String kerasName() {
    return "SGD";
  }
}
