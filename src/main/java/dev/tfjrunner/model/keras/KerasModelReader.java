package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.BatchNormalization;
import dev.tfjrunner.model.layers.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a Keras Sequential model as Keras 2.0 to 3.x write it: the JSON of {@code model.to_json()}
 * (the layer list as {@code config} itself or as {@code config.layers}; the input shape from an
 * InputLayer's {@code batch_input_shape}/{@code batch_shape} or the first layer's
 * {@code batch_input_shape}/{@code input_shape}, later copies ignored; string or DTypePolicy dtypes;
 * Keras 3's module/registered_name/build_config), or a Keras 3 {@code .keras} archive (its
 * config.json; its weights are read by {@code keras.weights.KerasWeightsReader}). Everything is checked before TensorFlow is touched:
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
    if (!className.equals("Sequential")) {
      String what = className.isEmpty() ? "has no class_name" : "is a " + className + " model";
      throw new ModelConfigException(source + ": " + what + "; only Keras Sequential models (class_name \"Sequential\")"
          + " are supported");
    }
    String kerasVersion = root.path("keras_version").asText("");
    boolean keras3 = keras3Hint != null ? keras3Hint
        : kerasVersion.startsWith("3") || (kerasVersion.isEmpty() && root.path("module").asText("").equals("keras"));
    JsonNode config = root.path("config");
    JsonNode layerList = config.isArray() ? config : config.path("layers");
    if (!layerList.isArray() || layerList.isEmpty()) {
      throw new ModelConfigException(source + ": the Sequential config has no layer list (config or config.layers)");
    }
    String name = config.isObject() ? config.path("name").asText("sequential") : "sequential";

    long[] inputShape = null;
    List<Layer> layers = new ArrayList<>();
    List<List<Integer>> bnAxes = new ArrayList<>();
    for (JsonNode entry : layerList) {
      String layerClass = entry.path("class_name").asText("");
      JsonNode layerConfig = entry.path("config");
      String layerName = layerConfig.path("name").asText("?");
      String where = source + ": layer " + (layers.size() + 1) + " '" + layerName + "'";
      if (KERAS1_CLASSES.contains(layerClass) || KERAS1_KEYS.stream().anyMatch(layerConfig::has)) {
        throw new ModelConfigException(source + ": this is a Keras 1.x config (" + layerClass + " with Keras 1 keys such as"
            + " nb_filter/border_mode/output_dim); load it in Keras 2 or later and save it again");
      }
      if (layerClass.equals("InputLayer")) {
        if (inputShape == null && layers.isEmpty()) {
          inputShape = shapeOf(layerConfig, where);
        }
        continue;
      }
      if (!KerasLayers.supports(layerClass)) {
        throw new ModelConfigException(where + ": " + (layerClass.isEmpty() ? "no class_name" : layerClass)
            + " is not supported (supported: " + KerasLayers.supportedNames() + ")");
      }
      if (inputShape == null && layers.isEmpty()) {
        inputShape = shapeOf(layerConfig, where);
      }
      LayerConfig c = new LayerConfig(layerConfig, keras3);
      try {
        checkCommonKeys(c);
        layers.add(KerasLayers.read(layerClass, c));
        bnAxes.add(layerClass.equals("BatchNormalization") ? KerasLayers.batchNormalizationAxes(c) : null);
      } catch (IllegalArgumentException e) {
        throw new ModelConfigException(where + " (" + layerClass + "): " + e.getMessage(), e);
      }
    }
    if (inputShape == null) {
      throw new ModelConfigException(source + ": no input shape: give an InputLayer or a batch_input_shape/input_shape"
          + " on the first layer");
    }
    Sequential model;
    try {
      model = new Sequential(name, new Input(java.util.Arrays.stream(inputShape).boxed().toList()), layers);
      checkBatchNormalizationAxes(model.summary(), bnAxes);
    } catch (IllegalArgumentException e) {
      throw new ModelConfigException(source + ": " + e.getMessage(), e);
    }
    JsonNode compile = root.get("compile_config");
    String format = keras3 ? "Keras 3" : kerasVersion.isEmpty() ? "Keras 2" : "Keras " + kerasVersion;
    return new KerasModel(model, compile == null || compile.isNull() ? null : compile, format, List.of());
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

  /** Keys every layer may carry: frozen layers and other dtypes would change what trains. */
  private static void checkCommonKeys(LayerConfig c) {
    if (!c.bool("trainable", true)) {
      throw c.bad("trainable", "false (a frozen layer) is not supported");
    }
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
