package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.graph.Node;
import dev.tfjrunner.model.layers.BatchNormalization;
import dev.tfjrunner.model.layers.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a Keras Sequential or Functional model as Keras 2.0 to 3.x write it: the JSON of {@code model.to_json()}
 * (the layer list as {@code config} itself or as {@code config.layers}; the input shape from an
 * InputLayer's {@code batch_input_shape}/{@code batch_shape} or the first layer's
 * {@code batch_input_shape}/{@code input_shape}, later copies ignored; string or DTypePolicy dtypes;
 * Keras 3's module/registered_name/build_config), or a Keras 3 {@code .keras} archive (its
 * config.json; its weights are read by {@code keras.weights.KerasWeightsReader}). A Functional's calls come from {@code inbound_nodes} in
 * Keras 2's nested lists or Keras 3's {@code __keras_tensor__} form; a Sequential or Functional used
 * as a layer is read as a nested model. Everything is checked before TensorFlow is touched:
 * errors name the file, the layer (1-based among the model's layers, an InputLayer not counted) and
 * the problem, on one line.
 */
public final class KerasModelReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keras 1.x names and keys, which Keras 2 renamed. */
  private static final Set<String> KERAS1_CLASSES = Set.of("Convolution2D", "Convolution1D", "MaxoutDense", "Merge",
      "AtrousConvolution2D");
  private static final Set<String> KERAS1_KEYS = Set.of("nb_filter", "border_mode", "output_dim", "nb_row", "init");

  private KerasModelReader() {}

  public static KerasModel read(Path file) throws IOException {
    String source = file.getFileName().toString();
    if (source.toLowerCase(Locale.ROOT).endsWith(".keras")) {
      return readArchive(file, source);
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), source);
  }

  /** A .keras file: a zip with config.json (the model) and metadata.json (the Keras version). */
  private static KerasModel readArchive(Path file, String source) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry config = zip.getEntry("config.json");
      if (config == null) {
        throw new ModelConfigException(source + ": a .keras archive must hold config.json; this one does not");
      }
      String version = "";
      ZipEntry metadata = zip.getEntry("metadata.json");
      if (metadata != null) {
        try (InputStream in = zip.getInputStream(metadata)) {
          version = JSON.readTree(in).path("keras_version").asText("");
        }
      }
      String text;
      try (InputStream in = zip.getInputStream(config)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      KerasModel model = parse(text, source, version.isEmpty() || version.startsWith("3"));
      return new KerasModel(model.model(), model.compileConfig(),
          version.isEmpty() ? model.format() : "Keras " + version, model.notes());
    } catch (java.util.zip.ZipException e) {
      throw new ModelConfigException(source + ": not a .keras archive (" + e.getMessage() + ")", e);
    }
  }

  public static KerasModel parse(String json, String source) {
    return parse(json, source, null);
  }

  private static KerasModel parse(String json, String source, Boolean keras3Hint) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ModelConfigException(source + ": not JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelConfigException(source + ": not a Keras model config (expected a JSON object)");
    }
    if (root.has("modelTopology") || root.has("weightsManifest")) {
      throw new ModelConfigException(source + ": this is a TensorFlow.js model.json, not a Keras model config (its Keras"
          + " config sits under modelTopology.model_config; save that object, or use model.to_json() in Keras)");
    }
    String className = root.path("class_name").asText("");
    if (!MODEL_CLASSES.contains(className)) {
      String what = className.isEmpty() ? "has no class_name" : "is a " + className + " model";
      throw new ModelConfigException(source + ": " + what + "; only Keras Sequential and Functional models (class_name"
          + " \"Sequential\", \"Functional\" or \"Model\") are supported");
    }
    String kerasVersion = root.path("keras_version").asText("");
    boolean keras3 = keras3Hint != null ? keras3Hint
        : kerasVersion.startsWith("3") || (kerasVersion.isEmpty() && root.path("module").asText("").startsWith("keras"));
    List<String> unsupported = new ArrayList<>();
    findUnsupported(root, "", source, unsupported);
    String supported = "supported: " + KerasLayers.supportedNames() + (unsupported.stream().anyMatch(
        u -> u.endsWith(OPERATION)) ? "; operations: " + OperationCodecs.supportedNames() : "");
    if (unsupported.size() == 1) {
      throw new ModelConfigException(source + ": " + unsupported.get(0) + " is not supported (" + supported + ")");
    }
    if (!unsupported.isEmpty()) {
      throw new ModelConfigException(source + ": " + unsupported.size() + " layers are not supported: "
          + String.join("; ", unsupported) + " (" + supported + ")");
    }
    Model model = new Reader(source, keras3).model(root, "");
    JsonNode compile = root.get("compile_config");
    String format = keras3 ? "Keras 3" : kerasVersion.isEmpty() ? "Keras 2" : "Keras " + kerasVersion;
    return new KerasModel(model, compile == null || compile.isNull() ? null : compile, format, List.of());
  }

  private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");

  /** How an unsupported Keras 3 operation node is named after its class. */
  private static final String OPERATION = " (a Keras 3 operation)";

  /** The layer list of a model object: Keras 2.0-2.1 wrote a Sequential's as {@code config} itself. */
  private static JsonNode layerList(JsonNode model) {
    JsonNode config = model.path("config");
    return config.isArray() ? config : config.path("layers");
  }

  /** Every layer of the model and of the models nested in it whose class this runner lacks, as "layer N 'path': Class". */
  private static void findUnsupported(JsonNode model, String path, String source, List<String> out) {
    int index = 0;
    for (JsonNode entry : layerList(model)) {
      String layerClass = entry.path("class_name").asText("");
      JsonNode layerConfig = entry.path("config");
      if (KERAS1_CLASSES.contains(layerClass) || KERAS1_KEYS.stream().anyMatch(layerConfig::has)) {
        throw new ModelConfigException(source + ": this is a Keras 1.x config (" + layerClass + " with Keras 1 keys such as"
            + " nb_filter/border_mode/output_dim); load it in Keras 2 or later and save it again");
      }
      if (layerClass.equals("InputLayer")) {
        continue;
      }
      index++;
      String layerPath = path + layerName(entry);
      if (OperationCodecs.isOperation(entry)) {
        if (!OperationCodecs.supports(layerClass)) {
          out.add("layer " + index + " '" + layerPath + "': " + layerClass + OPERATION);
        }
      } else if (MODEL_CLASSES.contains(layerClass)) {
        findUnsupported(entry, layerPath + "/", source, out);
      } else if (!KerasLayers.supports(layerClass)) {
        out.add("layer " + index + " '" + layerPath + "': " + (layerClass.isEmpty() ? "no class_name" : layerClass));
      }
    }
  }

  private static String layerName(JsonNode entry) {
    return entry.path("config").path("name").asText(entry.path("name").asText("?"));
  }

  /** Builds the model objects of one file, nested ones included. */
  private record Reader(String source, boolean keras3) {

    Model model(JsonNode object, String path) {
      JsonNode layers = layerList(object);
      if (!layers.isArray() || layers.isEmpty()) {
        throw new ModelConfigException(source + ": the model" + (path.isEmpty() ? "" : " '" + path + "'")
            + " config has no layer list (config or config.layers)");
      }
      JsonNode config = object.path("config");
      String name = config.isObject() ? config.path("name").asText("model") : "sequential";
      boolean sequential = object.path("class_name").asText().equals("Sequential");
      return sequential ? sequential(layers, name, path) : functional(config, name, path);
    }

    private Model sequential(JsonNode layerList, String name, String path) {
      long[] inputShape = null;
      List<Layer> layers = new ArrayList<>();
      Set<String> notTrainable = new HashSet<>();
      List<List<Integer>> bnAxes = new ArrayList<>();
      for (JsonNode entry : layerList) {
        String layerClass = entry.path("class_name").asText("");
        JsonNode layerConfig = entry.path("config");
        String where = where(layers.size() + 1, path + layerName(entry));
        if (layerClass.equals("InputLayer")) {
          if (inputShape == null && layers.isEmpty()) {
            inputShape = shapeOf(layerConfig, where);
          }
          continue;
        }
        Layer layer = layer(entry, path, where);
        if (inputShape == null && layers.isEmpty()) {
          inputShape = layer instanceof Model nested ? nested.input().dims() : shapeOf(layerConfig, where);
        }
        layers.add(layer);
        if (!trainable(entry)) {
          notTrainable.add(layer.name());
        }
        bnAxes.add(layerClass.equals("BatchNormalization")
            ? KerasLayers.batchNormalizationAxes(new LayerConfig(layerConfig, keras3)) : null);
      }
      if (inputShape == null) {
        throw new ModelConfigException(source + ": no input shape: give an InputLayer or a batch_input_shape/input_shape"
            + " on the first layer");
      }
      long[] shape = inputShape;
      return checked(() -> new Sequential(name, input(shape), layers, notTrainable), bnAxes);
    }

    private Model functional(JsonNode config, String name, String path) {
      String inputName = single(config.path("input_layers"), "input", path);
      String outputName = single(config.path("output_layers"), "output", path);
      long[] inputShape = null;
      List<Node> pending = new ArrayList<>();
      java.util.Map<String, List<Integer>> bnAxes = new java.util.HashMap<>();
      int index = 0;
      for (JsonNode entry : config.path("layers")) {
        String layerClass = entry.path("class_name").asText("");
        String layerName = entry.has("name") ? entry.get("name").asText() : layerName(entry);
        if (layerClass.equals("InputLayer")) {
          if (layerName.equals(inputName)) {
            inputShape = shapeOf(entry.path("config"), source + ": input '" + path + layerName + "'");
          }
          continue;
        }
        index++;
        String where = where(index, path + layerName);
        JsonNode calls = entry.path("inbound_nodes");
        if (calls.size() != 1) {
          throw new ModelConfigException(where + " (" + layerClass + "): " + (calls.isEmpty() ? "is never called"
              : "is called " + calls.size() + " times (shared weights), which is not supported"));
        }
        if (OperationCodecs.isOperation(entry)) {
          pending.add(operation(layerName, layerClass, calls.get(0), where));
          continue;
        }
        Layer layer = layer(entry, path, where);
        pending.add(new Node(layer, inbound(calls.get(0), where), trainable(entry)));
        if (layerClass.equals("BatchNormalization")) {
          bnAxes.put(layer.name(), KerasLayers.batchNormalizationAxes(new LayerConfig(entry.path("config"), keras3)));
        }
      }
      if (inputShape == null) {
        throw new ModelConfigException(source + ": the input '" + path + inputName + "' is not an InputLayer with a shape");
      }
      List<Node> nodes = topological(pending, inputName, outputName, path);
      long[] shape = inputShape;
      List<List<Integer>> axes = nodes.stream().map(n -> bnAxes.get(n.name())).toList();
      return checked(() -> new Model(name, input(shape), inputName, nodes), axes);
    }

    /** A Keras 3 operation node: the operation of a tensor and a number, taking that tensor. */
    private Node operation(String name, String className, JsonNode call, String where) {
      try {
        OperationCodecs.Call read = OperationCodecs.read(name, className, call);
        return new Node(read.operation(), List.of(tensorRef(read.tensorHistory(), where)));
      } catch (IllegalArgumentException e) {
        throw new ModelConfigException(where + " (" + className + " operation): " + e.getMessage(), e);
      }
    }

    /** The one {@code [name, node, tensor]} of input_layers/output_layers (Keras 3 may write it bare). */
    private String single(JsonNode refs, String what, String path) {
      JsonNode ref = refs.isArray() && !refs.isEmpty() && refs.get(0).isArray() ? refs : JSON.createArrayNode().add(refs);
      if (ref.size() != 1 || !ref.get(0).isArray() || !ref.get(0).get(0).isTextual()) {
        throw new ModelConfigException(source + ": the model" + (path.isEmpty() ? "" : " '" + path + "'") + " has "
            + ref.size() + " " + what + "s; only models with one input and one output are supported");
      }
      return ref.get(0).get(0).asText();
    }

    /**
     * The layers a call takes: Keras 2's {@code [[name, node, tensor, kwargs], ...]} or Keras 3's
     * {@code {"args": [...], "kwargs": {...}}} with {@code __keras_tensor__} objects (a merge's as
     * a list). Keyword arguments ({@code training}, {@code mask}) are not read: Keras 3 overrides a
     * call's {@code training} with the model's own.
     */
    private List<String> inbound(JsonNode call, String where) {
      List<String> names = new ArrayList<>();
      if (call.isArray()) {
        call.forEach(ref -> names.add(tensorRef(ref, where)));
      } else {
        collectTensors(call.path("args"), names, where);
      }
      if (names.isEmpty()) {
        throw new ModelConfigException(where + ": its call takes no tensor");
      }
      return names;
    }

    private void collectTensors(JsonNode args, List<String> names, String where) {
      if (args.isArray()) {
        args.forEach(a -> collectTensors(a, names, where));
      } else if (args.path("class_name").asText().equals("__keras_tensor__")) {
        names.add(tensorRef(args.path("config").path("keras_history"), where));
      } else if (args.isNumber()) {
        // Keras 3 writes x + 3.0 as an operation node (read by operation()), not as a layer's call.
        throw new ModelConfigException(where + ": takes the constant " + args + " as an argument; a layer called on a"
            + " constant is not supported");
      }
    }

    /** {@code [layer, node_index, tensor_index, ...]}: a layer's one output. */
    private String tensorRef(JsonNode ref, String where) {
      if (!ref.isArray() || ref.size() < 3 || !ref.get(0).isTextual()) {
        throw new ModelConfigException(where + ": a call input must be [layer, node, tensor], got " + ref);
      }
      if (ref.get(2).asInt() != 0) {
        throw new ModelConfigException(where + ": takes output " + ref.get(2).asInt() + " of '" + ref.get(0).asText()
            + "'; layers with several outputs are not supported");
      }
      return ref.get(0).asText();
    }

    /** The calls in config order, each moved after the calls it takes (as Keras defers a node), the output last. */
    private List<Node> topological(List<Node> pending, String inputName, String outputName, String path) {
      List<Node> ordered = new ArrayList<>();
      Set<String> done = new java.util.HashSet<>(Set.of(inputName));
      List<Node> left = new ArrayList<>(pending);
      while (!left.isEmpty()) {
        Node next = left.stream().filter(n -> done.containsAll(n.inbound())).findFirst().orElseThrow(
            () -> new ModelConfigException(source + ": layer '" + path + left.get(0).name() + "' takes "
                + left.get(0).inbound() + ", which no earlier layer or input gives"));
        left.remove(next);
        ordered.add(next);
        done.add(next.name());
      }
      if (!ordered.get(ordered.size() - 1).name().equals(outputName)) {
        throw new ModelConfigException(source + ": the output '" + path + outputName + "' must be the last layer called;"
            + " layers after it lead to no output (a model has one output)");
      }
      return ordered;
    }

    /** A layer's or nested model's {@code trainable} (Keras's default true). */
    private boolean trainable(JsonNode entry) {
      return new LayerConfig(entry.path("config"), keras3).bool("trainable", true);
    }

    /** A layer, or a Sequential or Functional model used as one. */
    private Layer layer(JsonNode entry, String path, String where) {
      String layerClass = entry.path("class_name").asText("");
      if (MODEL_CLASSES.contains(layerClass)) {
        return model(entry, path + layerName(entry) + "/");
      }
      LayerConfig c = new LayerConfig(entry.path("config"), keras3);
      try {
        checkCommonKeys(c);
        return KerasLayers.read(layerClass, c);
      } catch (IllegalArgumentException e) {
        throw new ModelConfigException(where + " (" + layerClass + "): " + e.getMessage(), e);
      }
    }

    private Model checked(java.util.function.Supplier<Model> make, List<List<Integer>> bnAxes) {
      try {
        Model model = make.get();
        checkBatchNormalizationAxes(model.summary(), bnAxes);
        return model;
      } catch (IllegalArgumentException e) {
        throw new ModelConfigException(source + ": " + e.getMessage(), e);
      }
    }

    private String where(int index, String layerPath) {
      return source + ": layer " + index + " '" + layerPath + "'";
    }
  }

  private static Input input(long[] shape) {
    return new Input(java.util.Arrays.stream(shape).boxed().toList());
  }

  /** batch_input_shape / batch_shape ([null, ...]) or input_shape (no batch dimension). */
  private static long[] shapeOf(JsonNode config, String where) {
    JsonNode batch = config.has("batch_shape") ? config.get("batch_shape") : config.get("batch_input_shape");
    JsonNode shape;
    if (batch != null && batch.isArray() && !batch.isEmpty()) {
      shape = JSON.createArrayNode();
      for (int i = 1; i < batch.size(); i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) shape).add(batch.get(i));
      }
    } else {
      shape = config.get("input_shape");
    }
    if (shape == null || !shape.isArray()) {
      return null;
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 1) {
        throw new ModelConfigException(where + ": the input shape " + shape + " must give every size (only the batch"
            + " size may be null)");
      }
      dims[i] = shape.get(i).asLong();
    }
    return dims;
  }

  /** Keys every layer may carry: other dtypes would change what trains ({@code trainable} is read with the call). */
  private static void checkCommonKeys(LayerConfig c) {
    JsonNode dtype = c.node("dtype");
    if (dtype != null && !dtype.isNull()) {
      String name = dtype.isTextual() ? dtype.asText() : dtype.path("config").path("name").asText("float32");
      if (!name.equals("float32")) {
        throw c.bad("dtype", "'" + name + "' is not supported (float32 only; use --bf16 for mixed precision)");
      }
    }
  }

  /** BatchNormalization normalises the channel (last) axis only, however Keras wrote it (-1, [3], [1] after Dense). */
  private static void checkBatchNormalizationAxes(ModelSummary summary, List<List<Integer>> bnAxes) {
    for (int i = 0; i < bnAxes.size(); i++) {
      List<Integer> axes = bnAxes.get(i);
      if (axes == null) {
        continue;
      }
      ModelSummary.Row row = summary.rows().get(i);
      int last = row.inputShape().length; // in [batch, ...] indexing
      if (axes.size() != 1 || !(axes.get(0) == -1 || axes.get(0) == last)) {
        throw new ModelConfigException("layer " + row.index() + " '" + row.name() + "' (" + BatchNormalization.class
            .getSimpleName() + "): axis " + axes + " is not supported: only the last axis (-1 or " + last
            + " for input (None, ...) of rank " + (last + 1) + ") is");
      }
    }
  }
}
