package dev.tfjrunner.model.keras.weights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.layers.ScalarOperation;
import dev.tfjrunner.model.layers.WeightSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A layer of a model as the weight files see it: its name, Keras class name and the variables it
 * declares, or, for a nested model, its own layers in config order.
 *
 * @param variables the declared variables in the layer's order; null when not known (then a file's
 *     variables are taken as they come, unchecked)
 * @param layers a nested model's layers; empty for a plain layer
 */
public record LayerNode(String name, String className, List<Variable> variables, List<LayerNode> layers) {

  /** Class names of models used as layers. */
  private static final Set<String> MODELS = Set.of("Sequential", "Functional", "Model");

  /** A declared variable: {@code kernel}, {@code moving_mean}, ... and its shape. */
  public record Variable(String name, long[] shape) {}

  public boolean isModel() {
    return !layers.isEmpty() || MODELS.contains(className);
  }

  /**
   * The layers of a model in call order (its InputLayer left out: it has no variables and its own
   * class-name counter) with the variables its summary declares, nested models with their own layers.
   * Keras 3 operations ({@code x + 3.0}) are left out too: they are not layers, which is all Keras's
   * saving_lib stores and counts.
   */
  public static List<LayerNode> of(Model model) {
    List<LayerNode> out = new ArrayList<>();
    for (ModelSummary.Row row : model.summary().rows()) {
      if (row.layer() instanceof ScalarOperation) {
        continue;
      }
      if (row.layer() instanceof Model nested) {
        out.add(new LayerNode(row.name(), nested.className(), List.of(), of(nested)));
        continue;
      }
      List<Variable> variables = new ArrayList<>();
      for (WeightSpec spec : row.weights()) {
        variables.add(new Variable(spec.name(), spec.shape()));
      }
      out.add(new LayerNode(row.name(), row.layer().className(), List.copyOf(variables), List.of()));
    }
    return List.copyOf(out);
  }

  /**
   * The layer list of a model's JSON config ({@code config.layers}, or Keras 2.0's bare
   * {@code config} list), nested models recursing, variables unknown: for files whose model is not
   * built here yet.
   */
  public static List<LayerNode> fromConfig(JsonNode model) {
    JsonNode config = model.path("config");
    JsonNode list = config.isArray() ? config : config.path("layers");
    List<LayerNode> out = new ArrayList<>();
    for (JsonNode layer : list) {
      if (layer.path("module").asText("").startsWith("keras.src.ops")) {
        continue; // a Keras 3 operation, not a layer
      }
      String className = layer.path("class_name").asText("");
      List<LayerNode> nested = MODELS.contains(className) ? fromConfig(layer) : List.of();
      out.add(new LayerNode(layer.path("config").path("name").asText(""), className, null, nested));
    }
    return List.copyOf(out);
  }
}
