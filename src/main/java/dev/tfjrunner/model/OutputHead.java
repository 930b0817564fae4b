package dev.tfjrunner.model;

import dev.tfjrunner.model.layers.Activated;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.Shapes;

/**
 * How a classifier's last layer turns into class probabilities: a softmax over K units (categorical
 * cross-entropy), or a sigmoid on one unit for two classes (binary cross-entropy).
 */
public enum OutputHead {
  SOFTMAX,
  SIGMOID;

  /** The head of {@code model}; anything else is a {@link ModelConfigException} naming the last layer. */
  public static OutputHead of(Sequential model) {
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
  public static long classesOf(Sequential model) {
    return of(model).classes(model.outputUnits());
  }

  /** Keras's loss for this head. */
  public String kerasLoss() {
    return this == SIGMOID ? "binary_crossentropy" : "categorical_crossentropy";
  }
}
