package dev.tfjrunner.model;

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

  /** One of the study's networks. */
  public static KerasModel builtin(String name) {
    try (InputStream in = BuiltinModels.class.getResourceAsStream("/models/" + name + ".json")) {
      if (in == null) {
        throw new ModelConfigException("no built-in model '" + name + "' (built in: " + String.join(", ", NAMES) + ")");
      }
      return KerasModelReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name + ".json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Sequential advanced() {
    return (Sequential) builtin("advanced").model(); // the built-in configs are Sequential
  }
}
