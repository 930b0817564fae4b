package dev.tfjrunner.model;

/**
 * A model definition that cannot be built: the message says where (file, layer index and name)
 * and what, on one line.
 */
public final class ModelConfigException extends IllegalArgumentException {

  public ModelConfigException(String message) {
    super(message);
  }

  public ModelConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
