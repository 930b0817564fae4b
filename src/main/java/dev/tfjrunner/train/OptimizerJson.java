package dev.tfjrunner.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.io.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The JSON forms of an {@link OptimizerConfig}: merging a run configuration's {@code optimizer}
 * patches, and reading the optimizer of a Keras {@code compile_config}.
 */
public final class OptimizerJson {

  /**
   * Keras optimizer options we accept only with the value that leaves the rule unchanged (null,
   * false, 0 or 1 step), and what they do.
   */
  private static final Map<String, String> INACTIVE_ONLY = Map.of(
      "decay", "time-based learning-rate decay",
      "weight_decay", "weight decay",
      "clipnorm", "gradient clipping",
      "global_clipnorm", "gradient clipping",
      "clipvalue", "gradient clipping",
      "use_ema", "an exponential moving average of the weights",
      "loss_scale_factor", "loss scaling",
      "gradient_accumulation_steps", "gradient accumulation",
      "centered", "centered RMSprop");

  /** Keras optimizer keys that do not change the update (bookkeeping, or EMA settings when EMA is off). */
  private static final Set<String> IGNORED = Set.of(
      "name", "is_legacy_optimizer", "jit_compile", "ema_momentum", "ema_overwrite_frequency");

  /** Keras's own RMSprop default, which a Keras file was trained with (the study used 1e-8). */
  private static final double KERAS_RMSPROP_EPSILON = 1e-7;

  private OptimizerJson() {}

  /**
   * {@code current} (a resolved {@code optimizer} object) with {@code patch} applied: a patch
   * naming another optimizer starts from that one's {@link OptimizerConfig#defaults defaults},
   * then its fields override. {@code patch} may also be just a name. A field the (resulting)
   * optimizer does not have is an error, named by {@code option} (e.g. {@code beta_1} ->
   * {@code --beta-1} for flags, {@code optimizer.beta_1} for a file).
   */
  public static ObjectNode merge(JsonNode current, JsonNode patch, UnaryOperator<String> option) {
    String currentName = current.path("name").asText(RmsPropConfig.NAME);
    ObjectNode fields;
    if (patch.isTextual()) {
      fields = Json.MAPPER.createObjectNode().put("name", patch.asText());
    } else if (patch.isObject()) {
      fields = ((ObjectNode) patch).deepCopy();
    } else {
      throw new IllegalArgumentException(option.apply("name") + ": the optimizer must be a name ("
          + String.join(", ", OptimizerConfig.NAMES) + ") or an object with a name and options, got " + patch);
    }
    String name = currentName;
    JsonNode requested = fields.remove("name");
    if (requested != null) {
      name = requested.asText().toLowerCase(Locale.ROOT);
      if (!OptimizerConfig.NAMES.contains(name)) {
        throw new IllegalArgumentException(option.apply("name") + " must be one of "
            + String.join(", ", OptimizerConfig.NAMES) + ", got " + requested.asText());
      }
    }
    ObjectNode merged = name.equals(currentName)
        ? ((ObjectNode) current).deepCopy()
        : Json.MAPPER.valueToTree(OptimizerConfig.defaults(name));
    merged.put("name", name);
    Set<String> own = options(name);
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!own.contains(e.getKey())) {
        throw new IllegalArgumentException(notAnOption(option.apply(e.getKey()), e.getKey(), name));
      }
      merged.set(e.getKey(), e.getValue());
    }
    return merged;
  }

  /** The run.json keys of optimizer {@code name}, from the serialised form of its defaults. */
  private static Set<String> options(String name) {
    Set<String> keys = new TreeSet<>();
    Json.MAPPER.valueToTree(OptimizerConfig.defaults(name)).fieldNames().forEachRemaining(keys::add);
    keys.remove("name");
    return keys;
  }

  private static String notAnOption(String option, String key, String name) {
    List<String> owners = new ArrayList<>();
    for (String other : OptimizerConfig.NAMES) {
      if (options(other).contains(key)) {
        owners.add(OptimizerConfig.defaults(other).kerasName());
      }
    }
    if (owners.isEmpty()) {
      return option + " is not an optimizer option (" + name + " has " + String.join(", ", options(name)) + ")";
    }
    return option + " is an " + String.join(" and ", owners)
        + " option; the optimizer is " + name;
  }

  /**
   * The optimizer of a Keras {@code compile_config}: a name ({@code "adam"}, {@code "Adam"},
   * {@code "rmsprop"}, {@code "sgd"}) or a serialised optimizer
   * {@code {"class_name": "Adam", "config": {...}}} as Keras 2.x (with {@code lr}, {@code decay})
   * and Keras 3 (with {@code weight_decay}, {@code clipnorm}, {@code use_ema}, ...) write it.
   * Missing hyper-parameters take Keras's defaults (RMSprop's epsilon is then Keras's 1e-7, not
   * the study's 1e-8). Options that would change the rule (a learning-rate schedule, weight
   * decay, clipping, EMA, centered or momentum RMSprop, decay) are errors that name them.
   * RMSprop follows Keras 3's rule when {@code keras3} (the file was written by Keras 3), else
   * Keras 2's.
   */
  public static OptimizerConfig fromKeras(JsonNode optimizer, boolean keras3) {
    String className;
    JsonNode config;
    if (optimizer.isTextual()) {
      className = optimizer.asText();
      config = Json.MAPPER.createObjectNode();
    } else if (optimizer.isObject() && optimizer.path("class_name").isTextual()) {
      className = optimizer.get("class_name").asText();
      config = optimizer.path("config").isObject() ? optimizer.get("config") : Json.MAPPER.createObjectNode();
    } else {
      throw new IllegalArgumentException("Keras optimizer: expected a name or {\"class_name\": ..., \"config\": ...}, got " + optimizer);
    }
    String name = className.toLowerCase(Locale.ROOT);
    if (!OptimizerConfig.NAMES.contains(name)) {
      throw new IllegalArgumentException("Keras optimizer " + className + " is not supported; supported: Adam, RMSprop, SGD");
    }
    String where = "Keras optimizer " + OptimizerConfig.defaults(name).kerasName();
    JsonNode learningRate = config.has("learning_rate") ? config.get("learning_rate") : config.path("lr");
    if (learningRate.isObject()) {
      throw new IllegalArgumentException(where + ": learning_rate is a schedule ("
          + learningRate.path("class_name").asText("an object") + "); only a constant learning rate is supported");
    }
    Set<String> ruleKeys = switch (name) {
      case RmsPropConfig.NAME -> Set.of("rho", "epsilon", "momentum");
      case AdamConfig.NAME -> Set.of("beta_1", "beta_2", "epsilon", "amsgrad");
      default -> Set.of("momentum", "nesterov");
    };
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      boolean rmsPropMomentum = name.equals(RmsPropConfig.NAME) && key.equals("momentum");
      if (INACTIVE_ONLY.containsKey(key) || rmsPropMomentum) {
        if (!inactive(key, value)) {
          throw new IllegalArgumentException(where + ": " + key + "=" + value + " ("
              + (rmsPropMomentum ? "RMSprop with momentum" : INACTIVE_ONLY.get(key)) + ") is not supported");
        }
      } else if (!IGNORED.contains(key) && !ruleKeys.contains(key) && !key.equals("learning_rate") && !key.equals("lr")) {
        throw new IllegalArgumentException(where + ": unknown option " + key + "=" + value);
      }
    }
    double lr = learningRate.isMissingNode() ? OptimizerConfig.defaults(name).learningRate() : number(where, "learning_rate", learningRate);
    return switch (name) {
      case RmsPropConfig.NAME -> new RmsPropConfig(lr,
          number(where, config, "rho", RmsPropConfig.KERAS_DEFAULTS.rho()), number(where, config, "epsilon", KERAS_RMSPROP_EPSILON),
          keras3 ? RmsPropConfig.Rule.KERAS_3 : RmsPropConfig.Rule.KERAS_2);
      case AdamConfig.NAME -> new AdamConfig(lr,
          number(where, config, "beta_1", AdamConfig.KERAS_DEFAULTS.beta1()),
          number(where, config, "beta_2", AdamConfig.KERAS_DEFAULTS.beta2()),
          number(where, config, "epsilon", AdamConfig.KERAS_DEFAULTS.epsilon()),
          bool(where, config, "amsgrad"));
      default -> new SgdConfig(lr, number(where, config, "momentum", 0), bool(where, config, "nesterov"));
    };
  }

  /** Null, false, 0, or a single accumulation step. */
  private static boolean inactive(String key, JsonNode value) {
    return value.isNull() || (value.isBoolean() && !value.asBoolean())
        || (value.isNumber() && (value.asDouble() == 0 || (key.equals("gradient_accumulation_steps") && value.asDouble() == 1)));
  }

  private static double number(String where, JsonNode config, String key, double missing) {
    JsonNode value = config.path(key);
    return value.isMissingNode() || value.isNull() ? missing : number(where, key, value);
  }

  private static double number(String where, String key, JsonNode value) {
    if (!value.isNumber()) {
      throw new IllegalArgumentException(where + ": " + key + " must be a number, got " + value);
    }
    return value.asDouble();
  }

  private static boolean bool(String where, JsonNode config, String key) {
    JsonNode value = config.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(where + ": " + key + " must be true or false, got " + value);
    }
    return value.asBoolean();
  }
}
