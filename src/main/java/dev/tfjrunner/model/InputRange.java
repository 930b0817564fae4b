package dev.tfjrunner.model;

import dev.tfjrunner.model.graph.Node;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.RandomFlip;
import dev.tfjrunner.model.layers.RandomRotation;
import dev.tfjrunner.model.layers.RandomTranslation;
import dev.tfjrunner.model.layers.RandomZoom;
import dev.tfjrunner.model.layers.Rescaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pixel values a model takes: tfj's own models take [0, 1]; a Keras model that rescales its
 * input itself ({@code Rescaling(1/255)}, or {@code Rescaling(1/127.5, offset=-1)}) takes 0-255.
 * Training feeds such a model 0-255; a SavedModel's {@code model.json} records it under {@link #KEY},
 * and callers that hold pictures in [0, 1] (the Classifier, Spark) multiply by {@link #scale()}; the
 * SavedModel itself never rescales, so it answers as Keras's model does.
 */
public enum InputRange {
  UNIT("0-1", 1f),
  BYTE("0-255", 255f);

  public static final String KEY = "input_range";

  private final String text;
  private final float scale;

  InputRange(String text, float scale) {
    this.text = text;
    this.scale = scale;
  }

  public static InputRange parse(String text) {
    for (InputRange r : values()) {
      if (r.text.equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("--input-range must be 0-1 or 0-255, got '" + text + "'");
  }

  /**
   * 0-255 when the model's first layer that changes pixel values is a Rescaling from 0-255 (to [0, 1]
   * or [-1, 1]); empty when the model does not say. Random flips, rotations, zooms and translations
   * move pixels whatever their range, so they are looked past, in nested models too (the tutorial's
   * augmentation block comes before its Rescaling).
   */
  public static Optional<InputRange> declaredBy(Model model) {
    return leadingChain(model).stream().filter(layer -> !isGeometric(layer)).findFirst()
        .filter(layer -> layer instanceof Rescaling r && fromBytes(r)).map(layer -> BYTE);
  }

  /** The layers the input passes through one after another, nested models' layers in their place. */
  private static List<Layer> leadingChain(Model model) {
    List<Layer> chain = new ArrayList<>();
    String previous = model.inputName();
    for (Node node : model.nodes()) {
      if (!node.inbound().equals(List.of(previous))) {
        break;
      }
      if (node.layer() instanceof Model nested) {
        chain.addAll(leadingChain(nested));
        if (!nested.isChain()) {
          break;
        }
      } else {
        chain.add(node.layer());
      }
      previous = node.name();
    }
    return chain;
  }

  private static boolean isGeometric(Layer layer) {
    return layer instanceof RandomFlip || layer instanceof RandomRotation || layer instanceof RandomZoom
        || layer instanceof RandomTranslation;
  }

  /** Rescaling(1/255) or Rescaling(1/127.5, offset=-1), as Keras's tutorials and applications write them. */
  private static boolean fromBytes(Rescaling r) {
    if (r.scale().size() != 1 || r.offset().size() != 1) {
      return false;
    }
    double scale = r.scale().get(0);
    double offset = r.offset().get(0);
    return Math.abs(scale * 255 - 1) < 1e-6 && offset == 0 || Math.abs(scale * 127.5 - 1) < 1e-6 && offset == -1;
  }

  /** {@code 0-1} or {@code 0-255}, as written in model.json and given to {@code --input-range}. */
  public String text() {
    return text;
  }

  /** What a value in [0, 1] is multiplied by to be in this range. */
  public float scale() {
    return scale;
  }
}
