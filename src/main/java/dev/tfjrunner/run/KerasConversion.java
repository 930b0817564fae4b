package dev.tfjrunner.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.export.BuildInfo;
import dev.tfjrunner.export.InferenceGraph;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.keras.KerasModel;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.model.keras.weights.KerasWeightFile;
import dev.tfjrunner.model.keras.weights.KerasWeightsReader;
import dev.tfjrunner.model.keras.weights.WeightMapping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A Keras model file ({@code .keras}, legacy {@code .h5}, or a config {@code .json} with a
 * {@code .weights.h5}) as a serving SavedModel with a trained run's signature, so that predict,
 * evaluate, export, the Classifier and Spark use it as they use a run's model. The conversion is
 * done once and cached under {@code <home>/.cache/keras/<sha-256 of the files and options>}; every
 * problem of the file is found before anything is written.
 */
public final class KerasConversion {

  /** Bump when what a conversion writes changes, so older cached conversions are not reused. */
  private static final String FORMAT = "tfj-keras-conversion-1";

  /**
   * What {@code assets.extra/model.json} says of a converted model.
   *
   * @param inputRange the pixel values the SavedModel's {@code image} takes ({@link InputRange#KEY})
   * @param inputRangeFrom where that was decided: the model's leading Rescaling, the option, or the default
   */
  public record Metadata(String source, String sha256, String format, String architecture, long parameterCount,
      List<Long> imageShape, List<String> classNames, String inputRange, String inputRangeFrom,
      String tensorflowJavaVersion, String tensorflowVersion, String createdAt, String signature) {}

  /** A converted model: its SavedModel folder and what was decided on the way. */
  public record Converted(Path savedModel, boolean fromCache, Metadata metadata) {

    /** One line for the user: which SavedModel {@code model} became, whether now, and its input range and why. */
    public String describe(Path model) {
      return (fromCache ? "Using " : "Converted ") + model + " -> " + savedModel + " (" + metadata.format() + ", input "
          + metadata.inputRange() + ": " + metadata.inputRangeFrom() + ")";
    }
  }

  private KerasConversion() {}

  /** Whether {@code --model} names a Keras file rather than a SavedModel folder. */
  public static boolean isModelFile(Path model) {
    return Files.isRegularFile(model);
  }

  /**
   * The SavedModel of {@code model} (with {@code weights} when the model file is a config without
   * them; else null), converted now or taken from the cache under {@code home}.
   *
   * @param range {@code --input-range}, null when not given
   */
  public static Converted convert(Path home, Path model, Path weights, InputRange range) throws IOException {
    String key = sha256(model, weights, range);
    Path directory = home.resolve(".cache").resolve("keras").resolve(key);
    AtomicOutput.recover(directory);
    if (Files.isRegularFile(directory.resolve("saved_model.pb"))) {
      Metadata metadata = Json.read(directory.resolve(ServingExporter.ASSETS_EXTRA)
          .resolve(ServingExporter.METADATA_FILE), Metadata.class);
      return new Converted(directory, true, metadata);
    }
    Loaded loaded = load(model, weights);
    Model network = loaded.keras().model();
    ModelSpec spec;
    try {
      spec = new ModelSpec(network, ModelSpec.imageInput(network), Preprocessing.NONE, Augmentation.NONE, range);
    } catch (ModelConfigException e) {
      throw new ModelConfigException(model.getFileName() + ": " + e.getMessage());
    }
    InputRange decided = spec.inputRange();
    String from = InputRange.declaredBy(network).isPresent() ? "the model's leading Rescaling layer"
        : range != null ? "--input-range"
        : "default (tfj's [0, 1]; give --input-range 0-255 for a model trained on raw pixel values)";
    List<String> classNames = IntStream.range(0, (int) spec.classes()).mapToObj(Integer::toString).toList();
    Metadata metadata = new Metadata(model.toAbsolutePath().toString(), key, loaded.keras().format(),
        spec.model().name(), spec.model().summary().totalParameters(), List.of(spec.image().dims()[0],
        spec.image().dims()[1], spec.image().dims()[2]), classNames, decided.text(), from,
        BuildInfo.tensorflowJavaVersion(), BuildInfo.tensorflowVersion(), Instant.now().toString(),
        InferenceGraph.describeSignature(spec, decided));
    Files.createDirectories(directory.getParent());
    try (ServingExporter exporter = new ServingExporter(spec)) {
      AtomicOutput.writeDirectory(directory,
          temporary -> exporter.exportWeights(spec, loaded.weights(), temporary, classNames, metadata));
    }
    return new Converted(directory, false, metadata);
  }

  /** Copies a converted SavedModel to a new folder {@code target}, written beside it and renamed into place. */
  public static void copy(Path savedModel, Path target) throws IOException {
    if (Files.exists(target)) {
      throw new IOException(target + ": already exists; give a new folder");
    }
    AtomicOutput.writeDirectory(target, temporary -> {
      try (Stream<Path> files = Files.walk(savedModel)) {
        for (Path file : files.toList()) {
          Path to = temporary.resolve(savedModel.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.copy(file, to);
          }
        }
      }
    });
  }

  /**
   * A Keras model file's architecture and its weights, checked against each other.
   *
   * @param weights row-major, in {@code Network.weights()} order
   */
  public record Loaded(KerasModel keras, float[][] weights) {}

  /** Whether {@code model} names a Keras file that holds weights (a .keras archive or an HDF5 model), not a config. */
  public static boolean holdsWeights(String model) {
    String name = model.toLowerCase(java.util.Locale.ROOT);
    return (name.endsWith(".keras") || name.endsWith(".h5")) && Files.isRegularFile(Path.of(model));
  }

  /**
   * Reads and checks {@code model} and its weights without writing anything: the model file's own
   * weights ({@code .keras}, {@code .h5}), or {@code weights} for a config {@code .json}.
   */
  public static KerasModel check(Path model, Path weights) throws IOException {
    return load(model, weights).keras();
  }

  /** As {@link #check}, with the weights. */
  public static Loaded load(Path model, Path weights) throws IOException {
    if (weights != null) {
      KerasModel keras = KerasModelReader.read(model);
      KerasWeightFile file = KerasWeightsReader.read(weights);
      return new Loaded(keras, WeightMapping.forModel(file, keras.model()));
    }
    KerasWeightFile file = KerasWeightsReader.read(model);
    if (file.modelConfig() == null) {
      throw new ModelConfigException(model.getFileName() + ": a weights-only file holds no model; give the model's"
          + " config: --model model.json --weights " + model.getFileName());
    }
    KerasModel keras = KerasModelReader.parse(file.modelConfig(), model.getFileName().toString());
    String format = file.kerasVersion().isEmpty() ? keras.format() : "Keras " + file.kerasVersion();
    return new Loaded(new KerasModel(keras.model(), keras.compileConfig(), format, keras.notes()),
        WeightMapping.forModel(file, keras.model()));
  }

  /** The cache key: the files' bytes, the option and the conversion format. */
  private static String sha256(Path model, Path weights, InputRange range) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    digest.update((FORMAT + "|" + (range == null ? "" : range.text()) + "|").getBytes());
    for (Path file : weights == null ? List.of(model) : List.of(model, weights)) {
      if (!Files.isRegularFile(file)) {
        throw new IOException(file + ": no such file");
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      digest.update((byte) '|');
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
