package dev.tfjrunner.model;

import dev.tfjrunner.model.keras.KerasModelWriter;
import dev.tfjrunner.model.layers.Layer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras Sequential model: an input shape and a stack of layers, each named (Keras's automatic
 * names {@code conv2d}, {@code conv2d_1}, ... for layers given without one).
 *
 * <pre>{@code
 * Sequential model = Sequential.of("cnn", Input.of(28, 28, 1),
 *     Conv2D.of(32, 5).padding(SAME).activation(RELU),
 *     Pooling2D.max(2),
 *     Flatten.of(),
 *     Dense.of(10).activation(SOFTMAX));
 * }</pre>
 */
public record Sequential(String name, Input input, List<Layer> layers) {

  public Sequential {
    layers = List.copyOf(named(layers));
    if (layers.isEmpty()) {
      throw new ModelConfigException("model '" + name + "' has no layers");
    }
  }

  public static Sequential of(String name, Input input, Layer... layers) {
    return new Sequential(name, input, List.of(layers));
  }

  /** Names the unnamed layers as Keras does, and rejects duplicate names (they would share variables). */
  private static List<Layer> named(List<Layer> layers) {
    Set<String> taken = new HashSet<>();
    for (Layer layer : layers) {
      if (layer.name() != null && !taken.add(layer.name())) {
        throw new ModelConfigException("two layers are named '" + layer.name() + "'");
      }
    }
    Map<String, Integer> counters = new HashMap<>();
    List<Layer> out = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer.name() != null) {
        out.add(layer);
        continue;
      }
      String base = Layer.baseName(layer.className());
      String name;
      do {
        int n = counters.merge(base, 1, Integer::sum);
        name = n == 1 ? base : base + "_" + (n - 1);
      } while (!taken.add(name));
      out.add(layer.withName(name));
    }
    return out;
  }

  /** Layer names, shapes and parameter counts; throws {@link ModelConfigException} where shapes do not fit. */
  public ModelSummary summary() {
    return ModelSummary.of(this);
  }

  /** The model as Keras's {@code model.to_json()} writes it (Keras 3 form); {@code KerasModelReader} reads it back. */
  public String toKerasJson() {
    return KerasModelWriter.toJson(this);
  }

  /** Units of the last layer: the model's class scores (1 for a sigmoid two-class output). */
  public long outputUnits() {
    long[] out = summary().outputShape();
    return out[out.length - 1];
  }
}
