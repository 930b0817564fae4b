package dev.tfjrunner.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.callbacks.EarlyStopping;
import dev.tfjrunner.callbacks.LearningRateScheduler;
import dev.tfjrunner.callbacks.ModelCheckpoint;
import dev.tfjrunner.callbacks.Monitor;
import dev.tfjrunner.callbacks.ReduceLROnPlateau;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.keras.KerasModel;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import dev.tfjrunner.tensorboard.TensorBoard;
import dev.tfjrunner.train.FitConfig;
import dev.tfjrunner.train.OptimizerConfig;
import dev.tfjrunner.train.OptimizerJson;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything a training run is made of, saved as its {@code run.json}. The defaults reproduce the
 * reference study; a JSON file (same shape, snake_case keys, any subset) and then command-line
 * flags override them.
 *
 * @param model a built-in network's name ({@code advanced}, {@code simple}, {@code mlp}, ...; fitted to the data's
 *     image shape and class count) or the path of a Keras model config (.json) or archive (.keras), of fixed shape
 * @param augmentation null when training without augmentation
 * @param newHead with a Keras model file: the class count of a fresh last Dense layer that replaces the file's; null keeps it
 * @param freeze the name of a layer: it and every layer before it are not trained (Keras's {@code trainable = False}); null
 *     trains all
 * @param inputRange {@code 0-1} or {@code 0-255}: the pixel values the model was trained on (a Keras model
 *     trained on raw pixels without a Rescaling layer of its own); null decides it from the model (see InputRange)
 * @param threads intra-op threads; 0 uses every core
 * @param interOpThreads TF inter-op threads; 0 (also when an older run.json lacks it) means 2
 * @param bf16 bfloat16 mixed precision on CPU (see {@link SessionSettings#bf16()}); off reproduces the study's float32
 */
public record RunConfig(
    DataConfig data,
    String model,
    int epochs,
    int batchSize,
    int evalBatchSize,
    long seed,
    int threads,
    int interOpThreads,
    boolean bf16,
    double validationSplit,
    OptimizerConfig optimizer,
    Preprocessing preprocessing,
    Augmentation augmentation,
    Callbacks callbacks,
    Integer newHead,
    String freeze,
    String inputRange) {

  /**
   * The callbacks of a run; a null entry is switched off.
   *
   * @param modelCheckpoint its filepath null means {@code savedmodels/<run-id>/best}
   * @param learningRateScheduler off by default (the study uses ReduceLROnPlateau)
   */
  public record Callbacks(
      LearningRateScheduler.Config learningRateScheduler,
      ReduceLROnPlateau.Config reduceLrOnPlateau,
      EarlyStopping.Config earlyStopping,
      ModelCheckpoint.Config modelCheckpoint,
      TensorBoard.Config tensorboard,
      boolean csvLogger,
      boolean terminateOnNan) {}

  /** The reference study's recipe for {@code dataset}. */
  public static RunConfig defaults(String dataset) {
    return new RunConfig(
        DataConfig.builtin(dataset),
        "advanced",
        40,
        128,
        1000,
        42,
        0,
        SessionSettings.DEFAULT_INTER_OP_THREADS,
        false,
        0.1,
        RmsPropConfig.KERAS_DEFAULTS,
        Preprocessing.NONE,
        null,
        new Callbacks(
            null,
            new ReduceLROnPlateau.Config("val_accuracy", 0.1, 3, Monitor.Mode.AUTO, 1e-4, 0, 1e-4, true),
            new EarlyStopping.Config("val_accuracy", 0, 3, Monitor.Mode.AUTO, null, false, 0, true),
            new ModelCheckpoint.Config(null, "val_accuracy", Monitor.Mode.AUTO, true, false, null, true),
            TensorBoard.Config.defaults(),
            true,
            true),
        null,
        null,
        null);
  }

  /**
   * Resolves a run's configuration: the defaults, then {@code file} (a parsed JSON config, may be
   * null), then {@code flags} (what the user typed), each merged key by key. Setting any field of
   * a switched-off part (a callback, augmentation) switches it on with its defaults.
   */
  public static RunConfig resolve(JsonNode file, JsonNode flags) throws IOException {
    String dataset = flags.path("data").path("dataset").asText(
        file == null ? "mnist" : file.path("data").path("dataset").asText("mnist"));
    RunConfig defaults = defaults(dataset);
    ObjectNode tree = Json.MAPPER.valueToTree(defaults);
    ObjectNode templates = Json.MAPPER.valueToTree(defaults.withAugmentation(augmentationFor(dataset)));
    ((ObjectNode) templates.get("callbacks")).set("learning_rate_scheduler",
        Json.MAPPER.valueToTree(LearningRateScheduler.Config.defaults(LearningRateScheduler.Schedule.COSINE)));
    String model = flags.path("model").asText(file == null ? defaults.model() : file.path("model").asText(defaults.model()));
    OptimizerConfig compiled = compiledOptimizer(model);
    if (compiled != null) {
      tree.set("optimizer", Json.MAPPER.valueToTree(compiled));
    }
    if (file != null) {
      merge(tree, file, templates, key -> "optimizer." + key);
    }
    merge(tree, flags, templates, key -> key.equals("name") ? "--optimizer" : "--" + key.replace('_', '-'));
    return Json.MAPPER.treeToValue(tree, RunConfig.class);
  }

  /**
   * The optimizer of a Keras model file's {@code compile_config}, which a run uses unless its
   * configuration or flags say otherwise; null for the built-in models and files without one.
   */
  private static OptimizerConfig compiledOptimizer(String model) throws IOException {
    if (BuiltinModels.isBuiltin(model)) {
      return null;
    }
    KerasModel keras = BuiltinModels.load(model);
    JsonNode optimizer = keras.compileConfig() == null ? null : keras.compileConfig().get("optimizer");
    if (optimizer == null || optimizer.isNull()) {
      return null;
    }
    try {
      return OptimizerJson.fromKeras(optimizer, keras.keras3());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Path.of(model).getFileName() + ": compile_config.optimizer: " + e.getMessage(), e);
    }
  }

  /** Merges {@code patch} into {@code tree}; its optimizer options are named by {@code optimizerOption} in errors. */
  private static void merge(ObjectNode tree, JsonNode patch, JsonNode templates, UnaryOperator<String> optimizerOption) {
    if (!patch.isObject()) {
      throw new IllegalArgumentException("a run configuration must be a JSON object, got " + patch.getNodeType());
    }
    ObjectNode rest = patch.deepCopy();
    JsonNode optimizer = rest.remove("optimizer");
    if (optimizer != null) {
      // Switching optimizer starts from the new one's defaults, so it is not a key-by-key merge.
      tree.set("optimizer", OptimizerJson.merge(tree.get("optimizer"), optimizer, optimizerOption));
    }
    merge(tree, rest, templates);
  }

  /** Keras-like augmentation presets: no flips for digits (a flipped 6 is a 9), mirrored garments are fine. */
  public static Augmentation augmentationFor(String dataset) {
    return "fashion".equals(dataset) ? Augmentation.FASHION : Augmentation.DIGITS;
  }

  private static void merge(ObjectNode base, JsonNode patch, JsonNode templates) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      JsonNode current = base.get(key);
      JsonNode template = templates.path(key);
      if (value.isObject() && current != null && current.isObject()) {
        merge((ObjectNode) current, value, template);
      } else if (value.isObject() && (current == null || current.isNull()) && template.isObject()) {
        ObjectNode enabled = template.deepCopy();
        merge(enabled, value, template);
        base.set(key, enabled);
      } else {
        base.set(key, value);
      }
    }
  }

  public RunConfig withSeed(long newSeed) {
    return new RunConfig(data, model, epochs, batchSize, evalBatchSize, newSeed, threads, interOpThreads, bf16, validationSplit,
        optimizer, preprocessing, augmentation, callbacks, newHead, freeze, inputRange);
  }

  public RunConfig withAugmentation(Augmentation newAugmentation) {
    return new RunConfig(data, model, epochs, batchSize, evalBatchSize, seed, threads, interOpThreads, bf16, validationSplit,
        optimizer, preprocessing, newAugmentation, callbacks, newHead, freeze, inputRange);
  }

  /** The graph of {@code network} fed {@code image}-shaped pictures, with this run's preprocessing and augmentation. */
  public ModelSpec modelSpec(Model network, Input image) {
    InputRange range;
    try {
      range = inputRange == null ? null : InputRange.parse(inputRange);
    } catch (IllegalArgumentException e) {
      throw new ModelConfigException(e.getMessage());
    }
    return new ModelSpec(network, image, preprocessing, augmentation == null ? Augmentation.NONE : augmentation, range);
  }

  /**
   * What "best epoch" means for this run: the checkpoint's monitor (and mode), so model.json and
   * the report name the epoch the best SavedModel came from; val_accuracy without a checkpoint.
   */
  public Monitor bestMonitor() {
    ModelCheckpoint.Config checkpoint = callbacks.modelCheckpoint();
    return checkpoint == null ? Monitor.of("val_accuracy", Monitor.Mode.AUTO, 0)
        : Monitor.of(checkpoint.monitor(), checkpoint.mode(), 0);
  }

  public SessionSettings sessionSettings() {
    return SessionSettings.of(threads, interOpThreads, bf16);
  }

  public FitConfig fitConfig() {
    return new FitConfig(epochs, batchSize, evalBatchSize, seed, 0, true);
  }
}
