package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.run.Recipes;
import dev.tfjrunner.run.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Recipes are run configurations that a config file and flags override, shown by --print-config. */
class RecipesTest {

  private static JsonNode printed(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CommandLine line = new CommandLine(new TfjCommand());
    line.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
    assertEquals(0, line.execute(args));
    return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void studyRecipeIsTheDefaults() throws Exception {
    assertEquals(RunConfig.defaults("mnist"),
        Json.MAPPER.treeToValue(printed("train", "--recipe", "study", "--print-config"), RunConfig.class));
  }

  @Test
  void configFileThenFlagsOverrideTheRecipe(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"epochs\": 12, \"callbacks\": {\"early_stopping\": {\"patience\": 2}}}");
    JsonNode config = printed("train", "--recipe", "bn-augment", "--config", file.toString(), "--learning-rate", "0.01",
        "--dataset", "fashion", "--print-config");
    assertEquals("bn-vgg", config.path("model").asText());
    assertEquals(12, config.path("epochs").asInt());
    assertEquals(2, config.at("/callbacks/early_stopping/patience").asInt());
    assertTrue(config.at("/callbacks/early_stopping/restore_best_weights").asBoolean(), "kept from the recipe");
    assertEquals("adam", config.at("/optimizer/name").asText());
    assertEquals(0.01, config.at("/optimizer/learning_rate").asDouble(), 0);
    assertEquals("cosine", config.at("/callbacks/learning_rate_scheduler/schedule").asText());
    assertTrue(config.at("/callbacks/reduce_lr_on_plateau").isNull());
    assertTrue(config.at("/augmentation/horizontal_flip").asBoolean(), "fashion's augmentation preset");
  }

  @Test
  void everyRecipeResolves() throws Exception {
    for (String name : Recipes.NAMES) {
      Recipes.Recipe recipe = Recipes.load(name);
      assertTrue(recipe.about().length() > 20, name + " says what it is");
      RunConfig.resolve(recipe.config(), Json.MAPPER.createObjectNode());
    }
  }
}
