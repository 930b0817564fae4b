package dev.tfjrunner.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.keras.KerasModel;
import dev.tfjrunner.model.keras.KerasModelReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code --model} values lead: the names of the built-in networks (Keras model configs shipped as
 * resources under {@code /models/}), or the path of a Keras model config (.json) or archive (.keras).
 */
public final class BuiltinModels {

  /**
   * The study's three networks ({@code advanced}, {@code simple}, {@code mlp}); {@code batchnorm}, a small BN
   * CNN; and the networks of the digit recipes of the same names: {@code bn-vgg} (bn-augment's), two VGG blocks of
   * BN convolutions (32, 64 filters) and a BN dense layer; {@code bn-strided}, BN convolutions that downsample
   * with 5x5 strides instead of pooling; {@code bn-lenet}, LeNet's shape (5x5 convolutions and pooling) with BN;
   * {@code bn-gap}, bn-vgg's convolutions with a global-average-pooling head. A constant, so that option help
   * can name them.
   */
  public static final String NAMES_TEXT = "advanced, simple, mlp, batchnorm, bn-vgg, bn-strided, bn-lenet, bn-gap";

  public static final List<String> NAMES = List.of(NAMES_TEXT.split(", "));

  private BuiltinModels() {}

  public static boolean isBuiltin(String model) {
    return NAMES.contains(model);
  }

  public static KerasModel load(String model) throws IOException {
    if (isBuiltin(model)) {
      return builtin(model);
    }
    Path file = Path.of(model);
    if (!Files.isRegularFile(file)) {
      throw new ModelConfigException("--model " + model + ": no such model (give " + String.join(", ", NAMES)
          + ", or a Keras model .json or .keras file)");
    }
    return KerasModelReader.read(file);
  }

  /** One of the built-in networks as designed: 28x28x1 digits in 10 classes. */
  public static KerasModel builtin(String name) {
    return KerasModelReader.parse(resource(name), name + ".json");
  }

  /**
   * Built-in {@code name} for pictures of {@code image} ([height, width, channels]) in {@code classes} classes, as
   * {@code keras.applications} take {@code input_shape} and {@code classes}: the input layer and the last Dense
   * layer's units change, every other layer stays as designed (a convolution or pooling layer takes any size; a
   * Dense layer after a Flatten gets more weights). The design's own shape gives the design itself.
   */
  public static KerasModel builtin(String name, Input image, int classes) {
    long[] shape = image.imageShape();
    if (shape == null || image.dims().length != 3) {
      throw new IllegalArgumentException("a built-in network takes pictures of [height, width, channels], got "
          + image.shape());
    }
    ObjectNode root;
    try {
      root = (ObjectNode) Json.MAPPER.readTree(resource(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode config = root.path("config");
    ArrayNode batchShape = Json.MAPPER.createArrayNode().addNull().add(shape[0]).add(shape[1]).add(shape[2]);
    JsonNode layers = config.path("layers");
    ((ObjectNode) layers.get(0).path("config")).set("batch_shape", batchShape);
    ((ObjectNode) config).set("build_input_shape", batchShape);
    ((ObjectNode) root.path("build_config")).set("input_shape", batchShape);
    ((ObjectNode) layers.get(layers.size() - 1).path("config")).put("units", classes);
    KerasModel fitted;
    try {
      fitted = KerasModelReader.parse(root.toString(), name + ".json");
    } catch (ModelConfigException e) {
      throw new ModelConfigException(name + " cannot take pictures of " + shape[0] + "x" + shape[1] + "x" + shape[2]
          + " (" + e.getMessage() + "); it needs larger pictures", e);
    }
    return fitted;
  }

  private static String resource(String name) {
    try (InputStream in = BuiltinModels.class.getResourceAsStream("/models/" + name + ".json")) {
      if (in == null) {
        throw new ModelConfigException("no built-in model '" + name + "' (built in: " + String.join(", ", NAMES) + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Sequential advanced() {
    return (Sequential) builtin("advanced").model(); // the built-in configs are Sequential
  }
}
