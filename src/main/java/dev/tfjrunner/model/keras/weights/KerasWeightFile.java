package dev.tfjrunner.model.keras.weights;

import java.util.List;
import java.util.Map;

/**
 * The variables of a Keras file, as named, shaped float arrays grouped the way the file groups them.
 *
 * @param source the file's name, for messages
 * @param layout how {@code groups} is keyed
 * @param groups in file order: for {@link Layout#OBJECT_PATHS} the object path Keras's saving_lib
 *     writes ({@code layers/conv2d}, {@code layers/sequential/layers/dense}, {@code optimizer},
 *     {@code ""} for the model's own variables), each with its variables {@code 0, 1, ...}; for
 *     {@link Layout#LAYER_NAMES} the top-level layer's name, with its variables in
 *     {@code weight_names} order (a nested model's group holds all of its layers' variables)
 * @param modelConfig the model's JSON config the file carries (config.json, the {@code model_config}
 *     attribute), null for a weights-only file
 * @param kerasVersion as the file records it, "" when it does not
 */
public record KerasWeightFile(String source, Layout layout, Map<String, List<WeightArray>> groups, String modelConfig,
    String kerasVersion) {

  /** How a file names its variables. */
  public enum Layout {
    /** Keras 3's saving_lib ({@code .keras}, Keras 3 {@code .weights.h5}): by object path from class names. */
    OBJECT_PATHS,
    /** Legacy HDF5 ({@code model.save("m.h5")}, Keras 2 {@code save_weights}): by layer name. */
    LAYER_NAMES
  }

  public KerasWeightFile {
    groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
  }

  /**
   * The optimizer's variables (iteration count, learning rate, slots) of an object-path file, empty
   * when it has none; a legacy file's {@code optimizer_weights} are not read.
   */
  public List<WeightArray> optimizerVariables() {
    return layout == Layout.OBJECT_PATHS ? groups.getOrDefault("optimizer", List.of()) : List.of();
  }
}
