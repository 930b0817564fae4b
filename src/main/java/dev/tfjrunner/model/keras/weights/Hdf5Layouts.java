package dev.tfjrunner.model.keras.weights;

import dev.tfjrunner.model.ModelConfigException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two ways Keras lays variables out in HDF5, read into {@link KerasWeightFile}s:
 * <ul>
 *   <li>object paths (Keras 3's saving_lib, in a .keras archive or a Keras 3 {@code .weights.h5}):
 *       {@code layers/conv2d/vars/0}, nested models under {@code layers/sequential/layers/...},
 *       the optimizer under {@code optimizer/vars}; Keras 2.13-2.15 archives name the layer list
 *       {@code _layer_checkpoint_dependencies} instead of {@code layers};</li>
 *   <li>by layer name (legacy {@code model.save("m.h5")} and Keras 2's {@code save_weights}):
 *       {@code /model_weights} (or the root) with attribute {@code layer_names}, each layer's group
 *       with {@code weight_names} (either split into {@code name0..N} when over 64 KB), the
 *       datasets at those paths; the model's JSON in the root attribute {@code model_config}
 *       (or, split the same way, {@code model_config0..N}).</li>
 * </ul>
 */
final class Hdf5Layouts {

  private static final String KERAS2_LAYER_LIST = "_layer_checkpoint_dependencies";

  private Hdf5Layouts() {}

  /** @param where the file (and part) for messages; {@code source} the file name the result carries */
  static KerasWeightFile read(HdfFile hdf, String where, String source) {
    String version = string(hdf.getAttribute("keras_version"));
    if (version != null && version.startsWith("1.")) {
      throw new ModelConfigException(where + ": written by Keras " + version + "; Keras 1 files are not supported (load"
          + " it in Keras 2 and save it again)");
    }
    Node modelWeights = hdf.getChild("model_weights");
    if (modelWeights instanceof Group group) {
      return new KerasWeightFile(source, KerasWeightFile.Layout.LAYER_NAMES, byLayerName(group, where),
          modelConfig(hdf), version == null ? "" : version);
    }
    if (hdf.getAttribute("layer_names") != null || hdf.getAttribute("layer_names0") != null) {
      return new KerasWeightFile(source, KerasWeightFile.Layout.LAYER_NAMES, byLayerName(hdf, where), null,
          version == null ? "" : version);
    }
    if (hdf.getChild("layers") instanceof Group || hdf.getChild(KERAS2_LAYER_LIST) instanceof Group
        || hdf.getChild("vars") instanceof Group) {
      Map<String, List<WeightArray>> groups = new LinkedHashMap<>();
      byObjectPath(hdf, "", groups, where);
      return new KerasWeightFile(source, KerasWeightFile.Layout.OBJECT_PATHS, groups, null, version == null ? ""
          : version);
    }
    throw new ModelConfigException(where + ": an HDF5 file that is not a Keras model or weights file (it has no"
        + " model_weights, layers or layer_names)");
  }

  /** Every group with a {@code vars} subgroup, keyed by its path ({@code ""} for the root). */
  private static void byObjectPath(Group group, String path, Map<String, List<WeightArray>> out, String where) {
    if (group.getChild("vars") instanceof Group vars) {
      List<WeightArray> arrays = new ArrayList<>();
      String varsPath = path.isEmpty() ? "vars" : path + "/vars";
      for (int i = 0; i < vars.getChildren().size(); i++) {
        if (!(vars.getChild(Integer.toString(i)) instanceof Dataset dataset)) {
          throw new ModelConfigException(where + ": " + varsPath + " lacks variable " + i + " (it holds "
              + vars.getChildren().keySet() + ")");
        }
        arrays.add(array(dataset, varsPath + "/" + i, where));
      }
      out.put(path, List.copyOf(arrays));
    }
    for (Node child : group.getChildren().values()) {
      if (child instanceof Group g && !child.getName().equals("vars")) {
        // Keras 2.13-2.15 archives: the same layer list under another attribute name.
        String name = child.getName().equals(KERAS2_LAYER_LIST) ? "layers" : child.getName();
        byObjectPath(g, path.isEmpty() ? name : path + "/" + name, out, where);
      }
    }
  }

  /** Layer name -> its variables in {@code weight_names} order, layers in {@code layer_names} order. */
  private static Map<String, List<WeightArray>> byLayerName(Group root, String where) {
    Map<String, List<WeightArray>> out = new LinkedHashMap<>();
    for (String layer : strings(root, "layer_names")) {
      if (!(root.getChild(layer) instanceof Group group)) {
        throw new ModelConfigException(where + ": layer_names lists '" + layer + "' but the file has no group for it");
      }
      List<WeightArray> arrays = new ArrayList<>();
      for (String weight : strings(group, "weight_names")) {
        Node node = group.getByPath(weight);
        if (!(node instanceof Dataset dataset)) {
          throw new ModelConfigException(where + ": layer '" + layer + "' lists weight '" + weight
              + "' but the file has no dataset for it");
        }
        arrays.add(array(dataset, weight, where));
      }
      out.put(layer, List.copyOf(arrays));
    }
    return out;
  }

  /** {@code model_config}, or its parts {@code model_config0, 1, ...} joined; null when absent. */
  private static String modelConfig(HdfFile hdf) {
    String whole = string(hdf.getAttribute("model_config"));
    if (whole != null) {
      return whole;
    }
    StringBuilder parts = new StringBuilder();
    for (int i = 0; hdf.getAttribute("model_config" + i) != null; i++) {
      parts.append(string(hdf.getAttribute("model_config" + i)));
    }
    return parts.isEmpty() ? null : parts.toString();
  }

  /** A dataset as float32 (float64 and integer counters converted; bfloat16, tagged by a dtype attribute, widened). */
  private static WeightArray array(Dataset dataset, String name, String where) {
    long[] shape = dataset.getDimensionsAsLong();
    Object data = shape.length == 0 ? dataset.getData() : dataset.getDataFlat();
    boolean bfloat16 = "bfloat16".equals(string(dataset.getAttribute("dtype")));
    float[] values;
    if (data instanceof float[] f) {
      values = f;
    } else if (data.getClass().isArray()) {
      values = new float[Array.getLength(data)];
      for (int i = 0; i < values.length; i++) {
        values[i] = number(Array.get(data, i), bfloat16, name, where);
      }
    } else {
      values = new float[] {number(data, bfloat16, name, where)};
    }
    return new WeightArray(name, shape, values);
  }

  private static float number(Object value, boolean bfloat16, String name, String where) {
    if (!(value instanceof Number n)) {
      throw new ModelConfigException(where + ": " + name + " holds " + value.getClass().getSimpleName()
          + " values, not numbers");
    }
    return bfloat16 ? Float.intBitsToFloat((n.intValue() & 0xffff) << 16) : n.floatValue();
  }

  /** An attribute's text (strings are stored fixed-length, variable-length or as bytes), null when absent. */
  private static String string(Attribute attribute) {
    if (attribute == null) {
      return null;
    }
    Object data = attribute.getData();
    if (data instanceof String s) {
      return s;
    }
    if (data instanceof String[] a && a.length == 1) {
      return a[0];
    }
    return String.valueOf(data);
  }

  /**
   * A string-array attribute, or its chunks {@code name0, name1, ...} joined: Keras's
   * {@code save_attributes_to_hdf5_group} splits one over HDF5's 64 KB object-header limit.
   */
  private static List<String> strings(Node node, String name) {
    if (node.getAttribute(name) != null) {
      return strings(node.getAttribute(name));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; node.getAttribute(name + i) != null; i++) {
      out.addAll(strings(node.getAttribute(name + i)));
    }
    return out;
  }

  /** A string-array attribute; an empty list where Keras wrote an empty (numeric) array. */
  private static List<String> strings(Attribute attribute) {
    Object data = attribute.getData();
    if (data instanceof String s) {
      return List.of(s);
    }
    List<String> out = new ArrayList<>();
    if (data != null && data.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(data); i++) {
        Object item = Array.get(data, i);
        if (item instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
