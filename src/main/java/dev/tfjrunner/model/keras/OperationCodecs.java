package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.model.layers.ScalarOperation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keras 3's operation nodes in a Functional config: what Keras writes for arithmetic on symbolic
 * tensors ({@code layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)}, MobileNetV3's hard sigmoid) in place
 * of a layer, as {@code functional.py}'s {@code serialize_node} does: an entry with
 * {@code "module": "keras.src.ops.numpy"}, a class name that may also be a layer's ({@code Add}),
 * a config holding only the name, and one call whose {@code args} are the tensor and the constant
 * in the order written ({@code [tensor, 3.0]}, {@code [1.0, tensor]} for {@code 1.0 - x}). Read
 * here: those of one tensor and one number ({@link ScalarOperation}).
 */
final class OperationCodecs {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String MODULE = "keras.src.ops.numpy";

  private static final Map<String, ScalarOperation.Kind> KINDS = Arrays.stream(ScalarOperation.Kind.values())
      .collect(Collectors.toMap(ScalarOperation.Kind::className, Function.identity()));

  private OperationCodecs() {}

  /** The call of an operation: the operation and the {@code keras_history} of the tensor it takes. */
  record Call(ScalarOperation operation, JsonNode tensorHistory) {}

  /** True for an entry of a Keras 3 operation ({@code keras.src.ops.*}) rather than a layer. */
  static boolean isOperation(JsonNode entry) {
    return entry.path("module").asText("").startsWith("keras.src.ops");
  }

  static boolean supports(String className) {
    return KINDS.containsKey(className);
  }

  static String supportedNames() {
    return String.join(", ", KINDS.keySet().stream().sorted().toList()) + " of a tensor and a number";
  }

  /**
   * The operation {@code name} of class {@code className} called with {@code args}; throws
   * {@link IllegalArgumentException} saying what the call takes when it is not one tensor and one number.
   */
  static Call read(String name, String className, JsonNode call) {
    JsonNode args = call.path("args");
    if (!call.path("kwargs").isEmpty()) {
      throw new IllegalArgumentException("keyword arguments " + call.path("kwargs") + " are not supported");
    }
    if (args.isArray() && args.size() == 2) {
      int tensorAt = isTensor(args.get(0)) ? 0 : 1;
      JsonNode tensor = args.get(tensorAt);
      JsonNode constant = args.get(1 - tensorAt);
      if (isTensor(tensor) && constant.isNumber()) {
        ScalarOperation op = new ScalarOperation(name, KINDS.get(className), constant.asDouble(), tensorAt == 1);
        return new Call(op, tensor.path("config").path("keras_history"));
      }
    }
    throw new IllegalArgumentException("is called on " + describe(args) + "; only an operation of one tensor and one"
        + " number is supported");
  }

  /** The operation's entry as Keras writes it, without its name and call. */
  static ObjectNode write(ScalarOperation op) {
    ObjectNode entry = KerasObjects.object(MODULE, op.className(), JSON.objectNode().put("name", op.name()));
    return entry.put("registered_name", op.className());
  }

  /** The call's arguments, {@code tensor} and the constant in the order written. */
  static ArrayNode arguments(ScalarOperation op, JsonNode tensor) {
    ArrayNode args = JSON.arrayNode();
    if (op.constantFirst()) {
      args.add(op.constant()).add(tensor);
    } else {
      args.add(tensor).add(op.constant());
    }
    return args;
  }

  private static boolean isTensor(JsonNode arg) {
    return arg.path("class_name").asText().equals("__keras_tensor__");
  }

  private static String describe(JsonNode args) {
    if (!args.isArray()) {
      return args.toString();
    }
    List<String> kinds = new ArrayList<>();
    args.forEach(a -> kinds.add(isTensor(a) ? "a tensor" : a.isNumber() ? "the number " + a : a.toString()));
    return args.size() + " arguments (" + String.join(", ", kinds) + ")";
  }
}
