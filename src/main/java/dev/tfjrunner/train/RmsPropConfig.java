package dev.tfjrunner.train;

/**
 * Hyper-parameters of RMSprop as Keras 2.x defines it (the reference study's optimizer), without
 * momentum and not centered.
 *
 * @param learningRate initial step size (Keras {@code lr}), changeable between steps
 * @param rho decay of the moving average of squared gradients
 * @param epsilon added to the root mean square, outside the square root
 */
public record RmsPropConfig(double learningRate, double rho, double epsilon) implements OptimizerConfig {

  public static final String NAME = "rmsprop";

  /** Keras's lr and rho with the study's epsilon 1e-8 (Keras's own default is 1e-7). */
  public static final RmsPropConfig KERAS_DEFAULTS = new RmsPropConfig(0.001, 0.9, 1e-8);

  public RmsPropConfig {
    OptimizerChecks.learningRate(learningRate);
    OptimizerChecks.unitInterval("rho", rho, false);
    OptimizerChecks.epsilon(epsilon);
  }

  @Override
  public String kerasName() {
    return "RMSprop";
  }
}
