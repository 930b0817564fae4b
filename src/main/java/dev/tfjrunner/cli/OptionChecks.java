package dev.tfjrunner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.preprocess.Augmentation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;

/**
 * Checks the values of a run's options (flags and a JSON config) before anything is created and
 * before TensorFlow loads, so a bad value costs one line naming the flag, or the file and key,
 * and the value. The records' own checks stay as the last line of defence.
 */
final class OptionChecks {

  /** A bad value of a flag: a usage error (exit code 2). */
  static final class BadOption extends IllegalArgumentException {
    BadOption(String message) {
      super(message);
    }
  }

  /** The value at {@code pointer} (run.json's shape) given as {@code flag} must pass {@code test}. */
  private record Rule(String flag, String pointer, Predicate<JsonNode> test, String requirement) {

    /** The key as a config file spells it, e.g. {@code callbacks.reduce_lr_on_plateau.factor}. */
    String key() {
      return pointer.substring(1).replace('/', '.');
    }
  }

  private static final List<Rule> RULES = List.of(
      atLeast("--epochs", "/epochs", 1),
      atLeast("--batch-size", "/batch_size", 1),
      atLeast("--eval-batch-size", "/eval_batch_size", 1),
      atLeast("--threads", "/threads", 0),
      atLeast("--inter-op-threads", "/inter_op_threads", 0),
      number("--validation-split", "/validation_split", v -> v > 0 && v < 1, "must be greater than 0 and less than 1"),
      number("--learning-rate", "/optimizer/learning_rate", v -> v > 0, "must be greater than 0"),
      number("--rho", "/optimizer/rho", v -> v >= 0 && v < 1, "must be at least 0 and less than 1"),
      atLeastNumber("--epsilon", "/optimizer/epsilon"),
      atLeast("--blur-passes", "/preprocessing/blur_passes", 0),
      atLeastNumber("--rotation", "/augmentation/rotation"),
      atLeastNumber("--width-shift", "/augmentation/width_shift"),
      atLeastNumber("--height-shift", "/augmentation/height_shift"),
      number("--zoom", "/augmentation/zoom", v -> v >= 0 && v < 1, "must be at least 0 and less than 1"),
      oneOf("--fill", "/augmentation/fill", Augmentation.FILL_MODES),
      atLeastNumber("--channel-shift-range", "/augmentation/channel_shift_range"),
      new Rule("--brightness-range", "/augmentation/brightness_range",
          v -> v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber() && v.get(0).asDouble() >= 0
              && v.get(0).asDouble() <= v.get(1).asDouble(),
          "must be LO,HI with 0 <= LO <= HI"),
      number("--num-classes", "/data/num_classes", v -> v >= 2 && v <= 256 && v == Math.floor(v), "must be 2..256"),
      new Rule("--image-shape", "/data/image_shape",
          v -> v.isArray() && (v.size() == 2 || v.size() == 3)
              && java.util.stream.StreamSupport.stream(v.spliterator(), false).allMatch(d -> d.canConvertToInt() && d.asInt() >= 1),
          "must be H,W or H,W,C with sizes at least 1"),
      oneOf("--color-mode", "/data/color_mode", List.of("grayscale", "rgb", "rgba")),
      oneOf("--interpolation", "/data/interpolation", List.of("bilinear", "nearest", "area", "bicubic")),
      new Rule("--image-size", "/data/image_size",
          v -> v.isArray() && v.size() == 2 && v.get(0).canConvertToInt() && v.get(0).asInt() >= 1
              && v.get(1).canConvertToInt() && v.get(1).asInt() >= 1,
          "must be H,W with both at least 1"),
      number("--reduce-lr-factor", "/callbacks/reduce_lr_on_plateau/factor", v -> v > 0 && v < 1,
          "must be greater than 0 and less than 1"),
      atLeast("--reduce-lr-patience", "/callbacks/reduce_lr_on_plateau/patience", 0),
      atLeastNumber("--reduce-lr-min-lr", "/callbacks/reduce_lr_on_plateau/min_lr"),
      atLeastNumber("--reduce-lr-min-delta", "/callbacks/reduce_lr_on_plateau/min_delta"),
      atLeast("--reduce-lr-cooldown", "/callbacks/reduce_lr_on_plateau/cooldown", 0),
      atLeast("--early-stopping-patience", "/callbacks/early_stopping/patience", 0),
      atLeast("--early-stopping-start-from-epoch", "/callbacks/early_stopping/start_from_epoch", 0),
      atLeast("--histogram-freq", "/callbacks/tensorboard/histogram_freq", 0),
      new Rule("--tensorboard-update-freq", "/callbacks/tensorboard/update_freq",
          v -> v.isTextual() && v.asText().matches("epoch|batch|0*[1-9][0-9]*"),
          "must be epoch, batch or a batch count of at least 1"));

  private OptionChecks() {}

  /** A value that breaks its rule. */
  private record Violation(Rule rule, JsonNode value) {
    String problem() {
      return rule.requirement() + " (got " + text(value) + ")";
    }
  }

  /**
   * Throws {@link BadOption} for the first bad flag in {@code flags} (what the user typed, as a
   * patch of run.json), else an IllegalArgumentException for the first bad key of {@code file}
   * (a parsed config read from {@code path}, may be null) that no flag overrides.
   */
  static void check(JsonNode flags, JsonNode file, Path path) {
    Optional<Violation> flag = violation(flags, null);
    if (flag.isPresent()) {
      throw new BadOption(flag.get().rule().flag() + " " + flag.get().problem());
    }
    Optional<Violation> key = file == null ? Optional.empty() : violation(file, flags);
    if (key.isPresent()) {
      throw new IllegalArgumentException(path + ": " + key.get().rule().key() + " " + key.get().problem());
    }
  }

  /** The first value of {@code tree} that breaks its rule, skipping those {@code overrides} (may be null) sets. */
  private static Optional<Violation> violation(JsonNode tree, JsonNode overrides) {
    for (Rule rule : RULES) {
      JsonNode value = tree.at(rule.pointer());
      boolean overridden = overrides != null && !overrides.at(rule.pointer()).isMissingNode();
      if (!overridden && !value.isMissingNode() && !value.isNull() && !rule.test().test(value)) {
        return Optional.of(new Violation(rule, value));
      }
    }
    return Optional.empty();
  }

  private static Rule atLeast(String flag, String pointer, int minimum) {
    return new Rule(flag, pointer, v -> v.isIntegralNumber() && v.asLong() >= minimum, "must be at least " + minimum);
  }

  private static Rule atLeastNumber(String flag, String pointer) {
    return number(flag, pointer, v -> v >= 0, "must be at least 0");
  }

  /** A numeric rule; NaN fails every test written as a comparison that must hold. */
  private static Rule number(String flag, String pointer, DoublePredicate test, String requirement) {
    return new Rule(flag, pointer, v -> v.isNumber() && test.test(v.asDouble()), requirement);
  }

  private static Rule oneOf(String flag, String pointer, List<String> choices) {
    return new Rule(flag, pointer, v -> choices.contains(v.asText().toLowerCase(Locale.ROOT)),
        "must be one of " + String.join(", ", choices));
  }

  /** The value as typed: {@code -1} rather than {@code -1.0}. */
  private static String text(JsonNode value) {
    if (value.isFloatingPointNumber() && Double.isFinite(value.asDouble())) {
      return new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
    }
    if (value.isArray()) { // H,W or LO,HI as typed
      java.util.List<String> items = new java.util.ArrayList<>();
      value.forEach(v -> items.add(text(v)));
      return String.join(",", items);
    }
    return value.asText();
  }
}
