package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Initializer;
import dev.tfjrunner.model.layers.Padding;
import dev.tfjrunner.model.layers.Regularizer;
import dev.tfjrunner.model.layers.Size2;
import java.util.Locale;

/**
 * One layer's {@code config} object with typed getters that apply Keras's defaults and say which
 * key holds a value they cannot use. Unknown keys are ignored, as Keras versions add their own.
 */
final class LayerConfig {

  private final JsonNode config;
  private final boolean keras3;

  LayerConfig(JsonNode config, boolean keras3) {
    this.config = config;
    this.keras3 = keras3;
  }

  /** Whether the config came from Keras 3, for the few keys whose meaning changed from 2.x. */
  boolean isKeras3() {
    return keras3;
  }

  boolean has(String key) {
    JsonNode v = config.get(key);
    return v != null && !v.isNull();
  }

  String name() {
    return has("name") ? config.get("name").asText() : null;
  }

  int integer(String key, Integer defaultValue) {
    if (!has(key)) {
      return required(key, defaultValue);
    }
    JsonNode v = config.get(key);
    if (!v.canConvertToInt() || v.asDouble() != v.asInt()) {
      throw bad(key, "must be a whole number, got " + v);
    }
    return v.asInt();
  }

  double number(String key, Double defaultValue) {
    if (!has(key)) {
      return required(key, defaultValue);
    }
    JsonNode v = config.get(key);
    if (!v.isNumber()) {
      throw bad(key, "must be a number, got " + v);
    }
    return v.asDouble();
  }

  Double optionalNumber(String key) {
    return has(key) ? number(key, null) : null;
  }

  boolean bool(String key, boolean defaultValue) {
    if (!has(key)) {
      return defaultValue;
    }
    JsonNode v = config.get(key);
    if (!v.isBoolean()) {
      throw bad(key, "must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  String string(String key, String defaultValue) {
    return has(key) ? config.get(key).asText() : required(key, defaultValue);
  }

  JsonNode node(String key) {
    return config.get(key);
  }

  /** An int or a pair [rows, cols], as kernel_size, strides, pool_size and dilation_rate are written. */
  Size2 size2(String key, Size2 defaultValue) {
    if (!has(key)) {
      return required(key, defaultValue);
    }
    JsonNode v = config.get(key);
    try {
      if (v.isInt()) {
        return Size2.square(v.asInt());
      }
      if (v.isArray() && v.size() == 2 && v.get(0).isInt() && v.get(1).isInt()) {
        return new Size2(v.get(0).asInt(), v.get(1).asInt());
      }
    } catch (IllegalArgumentException e) {
      throw bad(key, e.getMessage());
    }
    throw bad(key, "must be a number or a pair of numbers, got " + v);
  }

  Padding padding() {
    String p = string("padding", "valid").toLowerCase(Locale.ROOT);
    return switch (p) {
      case "valid" -> Padding.VALID;
      case "same" -> Padding.SAME;
      default -> throw bad("padding", "'" + p + "' is not supported (supported: valid, same)");
    };
  }

  Activation activation(String key) {
    if (!has(key)) {
      return Activation.LINEAR;
    }
    JsonNode v = config.get(key);
    // Keras 3 may write a built-in activation as {"class_name": "function", "config": "relu"}.
    String name = v.isTextual() ? v.asText() : v.path("config").isTextual() ? v.path("config").asText() : null;
    if (name == null) {
      throw bad(key, "must name a built-in activation, got " + v);
    }
    try {
      return Activation.fromKeras(name, keras3);
    } catch (IllegalArgumentException e) {
      throw bad(key, e.getMessage());
    }
  }

  Initializer initializer(String key, Initializer defaultValue) {
    return has(key) ? parsed(key, KerasObjects::initializer) : defaultValue;
  }

  Regularizer regularizer(String key) {
    return has(key) ? parsed(key, KerasObjects::regularizer) : null;
  }

  /** A serialized Keras object at {@code key}; its problems are reported under the key. */
  private <T> T parsed(String key, java.util.function.Function<JsonNode, T> parser) {
    try {
      return parser.apply(config.get(key));
    } catch (IllegalArgumentException e) {
      throw bad(key, e.getMessage());
    }
  }

  /** channels_last only: a channels_first model would read its images in another layout. */
  void requireChannelsLast() {
    String format = string("data_format", "channels_last");
    if (!format.equals("channels_last")) {
      throw bad("data_format", "'" + format + "' is not supported: only channels_last ([height, width, channels]) is");
    }
  }

  /** Keys Keras has that change what a layer computes, which this runner does not do: each must be unset. */
  void requireUnset(String... keys) {
    for (String key : keys) {
      if (has(key)) {
        throw bad(key, "is not supported (got " + config.get(key) + ")");
      }
    }
  }

  void requireValue(String key, Object expected) {
    if (has(key) && !config.get(key).asText().equals(String.valueOf(expected))) {
      throw bad(key, "is not supported except " + expected + " (got " + config.get(key) + ")");
    }
  }

  private <T> T required(String key, T defaultValue) {
    if (defaultValue == null) {
      throw bad(key, "is missing");
    }
    return defaultValue;
  }

  IllegalArgumentException bad(String key, String problem) {
    return new IllegalArgumentException(key + " " + problem);
  }
}
