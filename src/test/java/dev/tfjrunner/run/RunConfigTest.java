package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.callbacks.Monitor;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.train.AdamConfig;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SgdConfig;
import org.junit.jupiter.api.Test;

class RunConfigTest {

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void defaultsAreTheStudysRecipe() throws Exception {
    RunConfig config = RunConfig.resolve(null, json("{}"));
    assertEquals("advanced", config.model());
    assertEquals(40, config.epochs());
    assertEquals(128, config.batchSize());
    assertEquals(new RmsPropConfig(0.001, 0.9, 1e-8), config.optimizer());
    assertEquals("val_accuracy", config.callbacks().reduceLrOnPlateau().monitor());
    assertEquals(3, config.callbacks().reduceLrOnPlateau().patience());
    assertEquals(1e-4, config.callbacks().reduceLrOnPlateau().minLr());
    assertEquals(0.1, config.callbacks().reduceLrOnPlateau().factor(), "Keras's default factor");
    assertEquals(3, config.callbacks().earlyStopping().patience());
    assertEquals("val_accuracy", config.callbacks().modelCheckpoint().monitor());
    assertEquals(true, config.callbacks().modelCheckpoint().saveBestOnly());
    assertNull(config.augmentation(), "no augmentation unless asked for");
  }

  @Test
  void fileThenFlagsOverrideKeyByKey() throws Exception {
    JsonNode file = json("{\"epochs\": 20, \"callbacks\": {\"early_stopping\": {\"patience\": 5, \"mode\": \"max\"}}}");
    RunConfig config = RunConfig.resolve(file, json("{\"epochs\": 7}"));
    assertEquals(7, config.epochs(), "flags win over the file");
    assertEquals(5, config.callbacks().earlyStopping().patience());
    assertEquals(Monitor.Mode.MAX, config.callbacks().earlyStopping().mode(), "enums in any case");
    assertEquals("val_accuracy", config.callbacks().earlyStopping().monitor(), "untouched keys keep their defaults");
  }

  @Test
  void nullSwitchesACallbackOffAndAnyFieldSwitchesItBackOn() throws Exception {
    JsonNode file = json("{\"callbacks\": {\"reduce_lr_on_plateau\": null, \"tensorboard\": null}}");
    RunConfig off = RunConfig.resolve(file, json("{}"));
    assertNull(off.callbacks().reduceLrOnPlateau());
    assertNull(off.callbacks().tensorboard());
    RunConfig on = RunConfig.resolve(file, json("{\"callbacks\": {\"reduce_lr_on_plateau\": {\"patience\": 9}}}"));
    assertEquals(9, on.callbacks().reduceLrOnPlateau().patience());
    assertEquals(1e-4, on.callbacks().reduceLrOnPlateau().minLr(), "the rest from the study's defaults");
  }

  @Test
  void augmentationPresetsDependOnTheDataset() throws Exception {
    RunConfig digits = RunConfig.resolve(null, json("{\"augmentation\": {}}"));
    assertEquals(Augmentation.DIGITS, digits.augmentation());
    RunConfig fashion = RunConfig.resolve(null, json("{\"data\": {\"dataset\": \"fashion\"}, \"augmentation\": {}}"));
    assertEquals(Augmentation.FASHION, fashion.augmentation());
    RunConfig rotated = RunConfig.resolve(null, json("{\"augmentation\": {\"rotation\": 15}}"));
    assertEquals(15, rotated.augmentation().rotation());
    assertEquals(0.2, rotated.augmentation().zoom());
  }

  @Test
  void runJsonRoundTrips() throws Exception {
    RunConfig config = RunConfig.resolve(null, json("{\"epochs\": 2, \"augmentation\": {}}"));
    assertEquals(config, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(config), RunConfig.class));
  }

  @Test
  void switchingOptimizerStartsFromItsKerasDefaults() throws Exception {
    assertEquals(AdamConfig.KERAS_DEFAULTS, RunConfig.resolve(null, json("{\"optimizer\": {\"name\": \"adam\"}}")).optimizer());
    assertEquals(new AdamConfig(0.01, 0.9, 0.999, 1e-7, true),
        RunConfig.resolve(null, json("{\"optimizer\": {\"name\": \"Adam\", \"learning_rate\": 0.01, \"amsgrad\": true}}"))
            .optimizer());
    JsonNode file = json("{\"optimizer\": {\"name\": \"sgd\", \"momentum\": 0.9}}");
    assertEquals(new SgdConfig(0.01, 0.9, true),
        RunConfig.resolve(file, json("{\"optimizer\": {\"nesterov\": true}}")).optimizer(), "same optimizer: key by key");
    assertEquals(AdamConfig.KERAS_DEFAULTS, RunConfig.resolve(file, json("{\"optimizer\": {\"name\": \"adam\"}}")).optimizer());
    assertEquals(RmsPropConfig.KERAS_DEFAULTS, RunConfig.resolve(file, json("{\"optimizer\": {\"name\": \"rmsprop\"}}")).optimizer(),
        "back to the study's RMSprop");
    assertEquals(new RmsPropConfig(0.001, 0.95, 1e-8), RunConfig.resolve(json("{\"optimizer\": {\"rho\": 0.95}}"), json("{}")).optimizer(),
        "a config without a name patches the RMSprop default");
  }

  @Test
  void optionsOfAnotherOptimizerAreNamedErrors() throws Exception {
    assertEquals("--momentum is an SGD option; the optimizer is adam", resolveError(null,
        "{\"optimizer\": {\"name\": \"adam\", \"momentum\": 0.9}}"));
    assertEquals("--epsilon is an RMSprop and Adam option; the optimizer is sgd", resolveError(
        "{\"optimizer\": {\"name\": \"sgd\"}}", "{\"optimizer\": {\"epsilon\": 0.001}}"));
    assertEquals("--beta-1 is an Adam option; the optimizer is rmsprop", resolveError(null, "{\"optimizer\": {\"beta_1\": 0.8}}"));
    assertEquals("optimizer.rho is an RMSprop option; the optimizer is adam", resolveError(
        "{\"optimizer\": {\"name\": \"adam\", \"rho\": 0.9}}", "{}"));
    assertEquals("--optimizer must be one of rmsprop, adam, sgd, got adagrad", resolveError(null,
        "{\"optimizer\": {\"name\": \"adagrad\"}}"));
    assertEquals("optimizer.foo is not an optimizer option (sgd has learning_rate, momentum, nesterov)", resolveError(
        "{\"optimizer\": {\"name\": \"sgd\", \"foo\": 1}}", "{}"));
  }

  @Test
  void badOptimizerValuesNameTheKey() {
    Exception e = assertThrows(Exception.class,
        () -> RunConfig.resolve(null, json("{\"optimizer\": {\"name\": \"adam\", \"beta_1\": 1.5}}")));
    assertEquals("optimizer.beta_1 must be in [0, 1), got 1.5", e.getCause().getMessage());
  }

  @Test
  void runJsonRoundTripsEveryOptimizer() throws Exception {
    for (String optimizer : new String[] {"rmsprop", "adam", "sgd"}) {
      RunConfig config = RunConfig.resolve(null, json("{\"optimizer\": {\"name\": \"" + optimizer + "\"}}"));
      assertEquals(config, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(config), RunConfig.class));
      assertEquals(optimizer, Json.MAPPER.valueToTree(config).path("optimizer").path("name").asText());
    }
  }

  private static String resolveError(String file, String flags) throws Exception {
    JsonNode fileNode = file == null ? null : json(file);
    JsonNode flagsNode = json(flags);
    return assertThrows(IllegalArgumentException.class, () -> RunConfig.resolve(fileNode, flagsNode)).getMessage();
  }
}
