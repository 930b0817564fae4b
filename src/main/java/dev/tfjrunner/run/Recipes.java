package dev.tfjrunner.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Named training recipes: run configurations shipped as resources ({@code /recipes/<name>.json},
 * the same keys as run.json), which a config file and then flags override. A recipe's
 * {@code _about} says what it is.
 */
public final class Recipes {

  public static final List<String> NAMES = List.of("study", "bn-augment", "bn-flip", "bn-strided", "bn-lenet", "bn-gap");
  private static final String ABOUT = "_about";

  /** A recipe's configuration and what it is. */
  public record Recipe(String name, String about, ObjectNode config) {}

  private Recipes() {}

  public static Recipe load(String name) {
    try (InputStream in = Recipes.class.getResourceAsStream("/recipes/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("--recipe " + name + ": no such recipe (recipes: " + String.join(", ", NAMES) + ")");
      }
      ObjectNode config = (ObjectNode) Json.MAPPER.readTree(in);
      String about = config.path(ABOUT).asText("");
      config.remove(ABOUT);
      return new Recipe(name, about, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
