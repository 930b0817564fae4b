package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.model.Model;
import java.util.List;

/**
 * A model read from a Keras file.
 *
 * @param compileConfig Keras's {@code compile_config} (optimizer, loss), null when the file has none
 * @param format what wrote the file, e.g. {@code Keras 3}, {@code Keras 2.13-2.15}
 * @param notes what the user should know about what was not read (a .keras archive's weights)
 */
public record KerasModel(Model model, JsonNode compileConfig, String format, List<String> notes) {

  /** Whether Keras 3 wrote the file (its optimizers' rules are Keras 3's). */
  public boolean keras3() {
    return format.startsWith("Keras 3");
  }
}
