package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.model.layers.Initializer;
import dev.tfjrunner.model.layers.Initializer.Constant;
import dev.tfjrunner.model.layers.Initializer.Distribution;
import dev.tfjrunner.model.layers.Initializer.Mode;
import dev.tfjrunner.model.layers.Initializer.RandomNormal;
import dev.tfjrunner.model.layers.Initializer.RandomUniform;
import dev.tfjrunner.model.layers.Initializer.VarianceScaling;
import dev.tfjrunner.model.layers.Regularizer;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's serialized initializers and regularizers: {@code {"class_name": ..., "config": {...}}},
 * with or without Keras 3's {@code module}/{@code registered_name}, or a bare name.
 */
final class KerasObjects {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final Map<String, Initializer> NAMED = Map.of(
      "glorotuniform", Initializer.GLOROT_UNIFORM,
      "glorotnormal", Initializer.GLOROT_NORMAL,
      "heuniform", Initializer.HE_UNIFORM,
      "henormal", Initializer.HE_NORMAL,
      "lecununiform", Initializer.LECUN_UNIFORM,
      "lecunnormal", Initializer.LECUN_NORMAL,
      "zeros", Initializer.ZEROS,
      "ones", Initializer.ONES);

  private static final String SUPPORTED_INITIALIZERS = "GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform,"
      + " LecunNormal, VarianceScaling, RandomNormal, RandomUniform, TruncatedNormal, Zeros, Ones, Constant";

  private KerasObjects() {}

  static Initializer initializer(JsonNode node) {
    String className = node.isTextual() ? node.asText() : node.path("class_name").asText();
    JsonNode c = node.path("config");
    // glorot_uniform, GlorotUniform and Keras 3's snake-case names all compare equal here.
    String key = className.replace("_", "").toLowerCase(Locale.ROOT);
    if (NAMED.containsKey(key)) {
      return NAMED.get(key);
    }
    return switch (key) {
      case "variancescaling" -> new VarianceScaling(c.path("scale").asDouble(1), mode(c.path("mode").asText("fan_in")),
          distribution(c.path("distribution").asText("truncated_normal")));
      case "randomnormal" -> new RandomNormal(c.path("mean").asDouble(0), c.path("stddev").asDouble(0.05), false);
      case "truncatednormal" -> new RandomNormal(c.path("mean").asDouble(0), c.path("stddev").asDouble(0.05), true);
      case "randomuniform" -> new RandomUniform(c.path("minval").asDouble(-0.05), c.path("maxval").asDouble(0.05));
      case "constant" -> new Constant(c.path("value").asDouble(0));
      default -> throw new IllegalArgumentException(
          "initializer " + className + " is not supported (supported: " + SUPPORTED_INITIALIZERS + ")");
    };
  }

  private static Mode mode(String mode) {
    try {
      return Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("VarianceScaling mode '" + mode + "' is not one of fan_in, fan_out, fan_avg");
    }
  }

  private static Distribution distribution(String distribution) {
    return switch (distribution.toLowerCase(Locale.ROOT)) {
      case "normal", "truncated_normal" -> Distribution.TRUNCATED_NORMAL; // Keras 2.0-2.2's "normal" is truncated
      case "untruncated_normal" -> Distribution.UNTRUNCATED_NORMAL;
      case "uniform" -> Distribution.UNIFORM;
      default -> throw new IllegalArgumentException("VarianceScaling distribution '" + distribution
          + "' is not one of truncated_normal, untruncated_normal, uniform");
    };
  }

  static Regularizer regularizer(JsonNode node) {
    String className = node.isTextual() ? node.asText() : node.path("class_name").asText();
    JsonNode c = node.path("config");
    return switch (className.replace("_", "").toLowerCase(Locale.ROOT)) {
      case "l1" -> Regularizer.l1(c.path("l1").asDouble(0.01));
      case "l2" -> Regularizer.l2(c.path("l2").asDouble(0.01));
      case "l1l2" -> new Regularizer(c.path("l1").asDouble(0), c.path("l2").asDouble(0));
      default -> throw new IllegalArgumentException("regularizer " + className + " is not supported (supported: L1, L2, L1L2)");
    };
  }

  /** As Keras 3 writes an initializer: the named classes by name, the rest with their config. */
  static ObjectNode write(Initializer initializer) {
    for (Map.Entry<String, Initializer> e : Map.of(
        "GlorotUniform", Initializer.GLOROT_UNIFORM, "GlorotNormal", Initializer.GLOROT_NORMAL,
        "HeUniform", Initializer.HE_UNIFORM, "HeNormal", Initializer.HE_NORMAL,
        "LecunUniform", Initializer.LECUN_UNIFORM, "LecunNormal", Initializer.LECUN_NORMAL,
        "Zeros", Initializer.ZEROS, "Ones", Initializer.ONES).entrySet()) {
      if (e.getValue().equals(initializer)) {
        ObjectNode config = JSON.objectNode();
        if (!(initializer instanceof Constant)) {
          config.putNull("seed");
        }
        return object("keras.initializers", e.getKey(), config);
      }
    }
    ObjectNode config = JSON.objectNode();
    String className;
    if (initializer instanceof VarianceScaling v) {
      className = "VarianceScaling";
      config.put("scale", v.scale()).put("mode", v.mode().kerasName()).put("distribution", v.distribution().kerasName());
      config.putNull("seed");
    } else if (initializer instanceof RandomNormal n) {
      className = n.truncated() ? "TruncatedNormal" : "RandomNormal";
      config.put("mean", n.mean()).put("stddev", n.stddev()).putNull("seed");
    } else if (initializer instanceof RandomUniform u) {
      className = "RandomUniform";
      config.put("minval", u.minval()).put("maxval", u.maxval()).putNull("seed");
    } else {
      className = "Constant";
      config.put("value", ((Constant) initializer).value());
    }
    return object("keras.initializers", className, config);
  }

  static JsonNode write(Regularizer regularizer) {
    if (regularizer == null) {
      return JSON.nullNode();
    }
    ObjectNode config = JSON.objectNode();
    if (regularizer.l1() != 0) {
      config.put("l1", regularizer.l1());
    }
    if (regularizer.l2() != 0 || regularizer.l1() == 0) {
      config.put("l2", regularizer.l2());
    }
    return object("keras.regularizers", regularizer.className(), config);
  }

  /** Keras 3's serialized object: module, class_name, config, registered_name. */
  static ObjectNode object(String module, String className, JsonNode config) {
    ObjectNode node = JSON.objectNode();
    node.put("module", module).put("class_name", className);
    node.set("config", config);
    node.putNull("registered_name");
    return node;
  }
}
