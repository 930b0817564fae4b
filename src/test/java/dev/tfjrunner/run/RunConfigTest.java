package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.callbacks.Monitor;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.train.RmsPropConfig;
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
}
