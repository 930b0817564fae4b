package dev.tfjrunner.model.keras.weights;

import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.layers.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a file's variables to a model's layers as Keras loads them, and checks each against what
 * the layer declares.
 *
 * <p>Object-path files (Keras 3's saving_lib): within each layer list, a layer's path is its
 * snake_case class name with {@code _1}, {@code _2}, ... for repeats of the class, in config order
 * (saving_lib's {@code _save_container_state}); a nested model's layers sit under its path's
 * {@code layers/}. Layer-name files (legacy HDF5): a top-level layer's group by its name; a nested
 * model's group holds all its layers' variables, each named with the layer's name as a path
 * segment ({@code block/conv2d_5/kernel} in Keras 3, {@code conv2d_5/kernel:0} in Keras 2).
 */
public final class WeightMapping {

  private WeightMapping() {}

  /**
   * Layer path ({@code conv2d}, {@code block/conv2d_5} inside nested model {@code block}) -> its
   * variables in the layer's order, for every plain layer in config order (models flattened).
   */
  public static Map<String, List<WeightArray>> assign(KerasWeightFile file, List<LayerNode> layers) {
    Map<String, List<WeightArray>> out = new LinkedHashMap<>();
    if (file.layout() == KerasWeightFile.Layout.OBJECT_PATHS) {
      byObjectPath(file, layers, out);
    } else {
      byLayerName(file, layers, out);
    }
    return out;
  }

  /** Every variable of {@code assigned} in order: {@code Network.weights()} order. */
  public static List<WeightArray> flatten(Map<String, List<WeightArray>> assigned) {
    return assigned.values().stream().flatMap(List::stream).toList();
  }

  /**
   * A model's variables from {@code file} (Sequential or Functional, nested models included),
   * checked against the shapes its layers declare, as row-major arrays in {@code Network.weights()}
   * order (what {@code WeightBinding} assigns).
   */
  public static float[][] forModel(KerasWeightFile file, Model model) {
    return flatten(assign(file, LayerNode.of(model))).stream().map(WeightArray::values).toArray(float[][]::new);
  }

  /**
   * A plain layer with its path among the model's layers ({@code block/conv2d_5}) and its object
   * path in saving_lib's files ({@code layers/sequential/layers/conv2d}).
   */
  record Placed(String name, LayerNode layer, String objectPath) {}

  /** Every plain layer of {@code layers} (nested models flattened) in config order, with saving_lib's object paths. */
  static List<Placed> place(List<LayerNode> layers) {
    List<Placed> out = new ArrayList<>();
    place(layers, "layers/", "", out);
    return out;
  }

  private static void place(List<LayerNode> layers, String objectPrefix, String namePrefix, List<Placed> out) {
    Map<String, Integer> used = new HashMap<>();
    for (LayerNode layer : layers) {
      // saving_lib names an object by its Python class: tf.keras 2 configs call a Functional model "Model".
      String base = Layer.baseName(layer.className().equals("Model") ? "Functional" : layer.className());
      int n = used.merge(base, 1, Integer::sum) - 1;
      String path = objectPrefix + (n == 0 ? base : base + "_" + n);
      String name = namePrefix + layer.name();
      if (layer.isModel()) {
        place(layer.layers(), path + "/layers/", name + "/", out);
      } else {
        out.add(new Placed(name, layer, path));
      }
    }
  }

  private static void byObjectPath(KerasWeightFile file, List<LayerNode> layers, Map<String, List<WeightArray>> out) {
    for (Placed p : place(layers)) {
      out.put(p.name(), checked(file, p.layer(), p.name(), p.objectPath(), file.groups().get(p.objectPath())));
    }
  }

  private static void byLayerName(KerasWeightFile file, List<LayerNode> layers, Map<String, List<WeightArray>> out) {
    for (LayerNode layer : layers) {
      List<WeightArray> group = file.groups().get(layer.name());
      if (!layer.isModel()) {
        out.put(layer.name(), checked(file, layer, layer.name(), "layer group '" + layer.name() + "'", group));
        continue;
      }
      List<WeightArray> left = new ArrayList<>(group == null ? List.of() : group);
      nestedByName(file, layer.layers(), layer.name() + "/", left, out);
      if (!left.isEmpty()) {
        throw new ModelConfigException(file.source() + ": layer '" + layer.name() + "': the file's variables " + left
            + " belong to none of its layers");
      }
    }
  }

  /** Takes each nested layer's variables out of {@code left}: those whose name has the layer's name as a segment. */
  private static void nestedByName(KerasWeightFile file, List<LayerNode> layers, String namePrefix,
      List<WeightArray> left, Map<String, List<WeightArray>> out) {
    for (LayerNode layer : layers) {
      String name = namePrefix + layer.name();
      if (layer.isModel()) {
        nestedByName(file, layer.layers(), name + "/", left, out);
        continue;
      }
      List<WeightArray> mine = left.stream().filter(w -> {
        List<String> segments = Arrays.asList(w.name().split("/"));
        return segments.subList(0, segments.size() - 1).contains(layer.name());
      }).toList();
      left.removeAll(mine);
      out.put(name, checked(file, layer, name, "variables named '" + layer.name() + "/...'", mine));
    }
  }

  /** {@code found} (null when the file has no group) against what {@code layer} declares. */
  private static List<WeightArray> checked(KerasWeightFile file, LayerNode layer, String name, String where,
      List<WeightArray> found) {
    List<WeightArray> arrays = found == null ? List.of() : found;
    if (layer.variables() == null) {
      return arrays;
    }
    String at = file.source() + ": layer '" + name + "' (" + layer.className() + ")";
    List<LayerNode.Variable> declared = layer.variables();
    for (int i = 0; i < declared.size(); i++) {
      LayerNode.Variable v = declared.get(i);
      if (i >= arrays.size()) {
        throw new ModelConfigException(at + ": weight '" + v.name() + "' " + Arrays.toString(v.shape())
            + " is missing from the file (" + (found == null ? "no " + where : where + " holds " + arrays.size()
            + " of " + declared.size()) + ")");
      }
      if (!arrays.get(i).hasShape(v.shape())) {
        throw new ModelConfigException(at + ": weight '" + v.name() + "' is " + Arrays.toString(arrays.get(i).shape())
            + " in the file (" + arrays.get(i).name() + "), the layer declares " + Arrays.toString(v.shape()));
      }
    }
    if (arrays.size() > declared.size()) {
      throw new ModelConfigException(at + ": the file has " + arrays.size() + " variables for it, the layer declares "
          + declared.size() + " (extra: " + arrays.subList(declared.size(), arrays.size()) + ")");
    }
    return arrays;
  }
}
