package dev.tfjrunner.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.model.layers.Activated;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.Shapes;
import java.util.Locale;

/**
 * How a classifier's last layer turns into class probabilities: a softmax over K units (categorical
 * cross-entropy), or a sigmoid on one unit for two classes (binary cross-entropy).
 */
public enum OutputHead {
  SOFTMAX,
  SIGMOID;

  /** The head of {@code model}; anything else is a {@link ModelConfigException} naming the last layer. */
  public static OutputHead of(Model model) {
    ModelSummary summary = model.summary();
    ModelSummary.Row last = summary.rows().get(summary.rows().size() - 1);
    Layer layer = last.layer();
    long[] out = last.outputShape();
    String where = "layer " + last.index() + " '" + layer.name() + "' (" + layer.className() + ")";
    if (out.length != 1) {
      throw new ModelConfigException(where + ": a classifier must end in class scores of shape (None, K), got "
          + Shapes.text(out));
    }
    Activation activation = layer instanceof Activated a ? a.activation() : null;
    if (activation == Activation.SOFTMAX) {
      return SOFTMAX;
    }
    if (activation == Activation.SIGMOID && out[0] == 1) {
      return SIGMOID;
    }
    throw new ModelConfigException(where + ": the output layer must end in a softmax (K classes) or a sigmoid on 1 unit"
        + " (two classes), got " + (activation == null ? "no activation" : activation.kerasName()) + " on " + out[0]
        + " unit" + (out[0] == 1 ? "" : "s"));
  }

  /** How many classes a model with this head and {@code units} output units tells apart. */
  public long classes(long units) {
    return this == SIGMOID ? 2 : units;
  }

  /** The class count of {@code model}. */
  public static long classesOf(Model model) {
    return of(model).classes(model.outputUnits());
  }

  /** Keras's loss for this head. */
  public String kerasLoss() {
    return this == SIGMOID ? "binary_crossentropy" : "categorical_crossentropy";
  }

  /**
   * Checks a Keras {@code compile_config}'s {@code loss} (a name, a Keras 3 function object or a
   * loss class with its config) against this head: cross-entropy on probabilities, categorical
   * (or sparse) for a softmax, binary for a sigmoid unit; this runner trains exactly those.
   */
  public void requireLoss(JsonNode loss, String source) {
    if (loss == null || loss.isNull() || (loss.isObject() && loss.isEmpty())) {
      return;
    }
    String name = loss.isTextual() ? loss.asText()
        : loss.path("config").isTextual() ? loss.path("config").asText() : loss.path("class_name").asText("");
    String key = name.replace("_", "").toLowerCase(Locale.ROOT);
    boolean fromLogits = loss.path("config").path("from_logits").asBoolean(false);
    boolean fits = this == SIGMOID ? key.equals("binarycrossentropy")
        : key.equals("categoricalcrossentropy") || key.equals("sparsecategoricalcrossentropy");
    if (!fits || fromLogits) {
      throw new ModelConfigException(source + ": compile_config.loss " + name + (fromLogits ? " with from_logits" : "")
          + " does not fit the output layer's " + name().toLowerCase(Locale.ROOT) + " (expected " + kerasLoss()
          + (this == SOFTMAX ? " or sparse_categorical_crossentropy" : "") + " on probabilities)");
    }
  }
}
