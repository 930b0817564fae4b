package dev.tfjrunner.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The hyper-parameters of one of the update rules {@link Optimizer} builds. In run.json it is
 * {@code "optimizer": {"name": "adam", "learning_rate": ..., "beta_1": ...}} with Keras's own key
 * names; a run.json without {@code name} (written before there was a choice) is RMSprop.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "name", defaultImpl = RmsPropConfig.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = RmsPropConfig.class, name = RmsPropConfig.NAME),
    @JsonSubTypes.Type(value = AdamConfig.class, name = AdamConfig.NAME),
    @JsonSubTypes.Type(value = SgdConfig.class, name = SgdConfig.NAME)})
public sealed interface OptimizerConfig permits RmsPropConfig, AdamConfig, SgdConfig {

  /** The values of {@code optimizer.name} / {@code --optimizer}. */
  List<String> NAMES = List.of(RmsPropConfig.NAME, AdamConfig.NAME, SgdConfig.NAME);

  /** The initial step size; ReduceLROnPlateau changes it between steps. */
  double learningRate();

  /** Keras's class name, also the graph's name scope of the optimizer: RMSprop, Adam, SGD. */
  String kerasName();

  /**
   * What a run starts from when it picks optimizer {@code name}: Keras's defaults, except that
   * RMSprop keeps the reference study's epsilon 1e-8 ({@link RmsPropConfig#KERAS_DEFAULTS}).
   */
  static OptimizerConfig defaults(String name) {
    return switch (name) {
      case RmsPropConfig.NAME -> RmsPropConfig.KERAS_DEFAULTS;
      case AdamConfig.NAME -> AdamConfig.KERAS_DEFAULTS;
      case SgdConfig.NAME -> SgdConfig.KERAS_DEFAULTS;
      default -> throw new IllegalArgumentException(
          "optimizer.name must be one of " + String.join(", ", NAMES) + ", got " + name);
    };
  }
}
