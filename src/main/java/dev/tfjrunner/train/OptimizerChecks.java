package dev.tfjrunner.train;

/** The validation the optimizer configs share; messages name the run.json key and the value. */
final class OptimizerChecks {

  private OptimizerChecks() {}

  static void learningRate(double learningRate) {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("optimizer.learning_rate must be > 0, got " + learningRate);
    }
  }

  static void epsilon(double epsilon) {
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("optimizer.epsilon must be >= 0, got " + epsilon);
    }
  }

  /** {@code value} in [0, 1), or in [0, 1] when {@code closed}. */
  static void unitInterval(String key, double value, boolean closed) {
    if (!(value >= 0 && (closed ? value <= 1 : value < 1))) {
      throw new IllegalArgumentException(
          "optimizer." + key + " must be in [0, 1" + (closed ? "]" : ")") + ", got " + value);
    }
  }
}
