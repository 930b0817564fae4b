package dev.tfjrunner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.io.Json;
import org.junit.jupiter.api.Test;

/** Reading the optimizer of a Keras compile_config, in the forms real files have. */
class OptimizerJsonTest {

  private static OptimizerConfig fromKeras(String json) throws Exception {
    return OptimizerJson.fromKeras(Json.MAPPER.readTree(json), false);
  }

  private static String rejected(String json) throws Exception {
    JsonNode node = Json.MAPPER.readTree(json);
    return assertThrows(IllegalArgumentException.class, () -> OptimizerJson.fromKeras(node, false)).getMessage();
  }

  @Test
  void namesTakeKerasDefaults() throws Exception {
    assertEquals(AdamConfig.KERAS_DEFAULTS, fromKeras("\"adam\""));
    assertEquals(AdamConfig.KERAS_DEFAULTS, fromKeras("\"Adam\""));
    assertEquals(SgdConfig.KERAS_DEFAULTS, fromKeras("\"SGD\""));
    assertEquals(new RmsPropConfig(0.001, 0.9, 1e-7), fromKeras("\"rmsprop\""), "Keras's epsilon, not the study's");
  }

  @Test
  void keras3Adam() throws Exception {
    String json = """
        {"module": "keras.optimizers", "class_name": "Adam", "config": {"name": "adam",
          "learning_rate": 0.0010000000474974513, "weight_decay": null, "clipnorm": null,
          "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
          "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null,
          "beta_1": 0.9, "beta_2": 0.998, "epsilon": 1e-07, "amsgrad": true}, "registered_name": null}""";
    assertEquals(new AdamConfig(0.0010000000474974513, 0.9, 0.998, 1e-7, true), fromKeras(json));
  }

  @Test
  void keras2Optimizers() throws Exception {
    assertEquals(new RmsPropConfig(0.0010000000474974513, 0.8999999761581421, 1e-7), fromKeras("""
        {"class_name": "RMSprop", "config": {"lr": 0.0010000000474974513, "rho": 0.8999999761581421,
          "decay": 0.0, "epsilon": 1e-07}}"""));
    assertEquals(new RmsPropConfig(0.002, 0.95, 1e-8), fromKeras("""
        {"class_name": "RMSprop", "config": {"name": "RMSprop", "learning_rate": 0.002, "decay": 0.0,
          "rho": 0.95, "momentum": 0.0, "epsilon": 1e-08, "centered": false}}"""));
    assertEquals(new SgdConfig(0.009999999776482582, 0.9, true), fromKeras("""
        {"class_name": "SGD", "config": {"name": "SGD", "weight_decay": null, "clipnorm": null,
          "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
          "ema_overwrite_frequency": null, "jit_compile": false, "is_legacy_optimizer": false,
          "learning_rate": 0.009999999776482582, "momentum": 0.9, "nesterov": true}}"""));
  }

  @Test
  void optionsThatChangeTheRuleAreNamed() throws Exception {
    assertEquals("Keras optimizer Adam: learning_rate is a schedule (ExponentialDecay); only a constant learning rate is supported",
        rejected("""
            {"class_name": "Adam", "config": {"learning_rate": {"module": "keras.optimizers.schedules",
              "class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.01, "decay_steps": 1000,
              "decay_rate": 0.9}}}}"""));
    assertEquals("Keras optimizer Adam: weight_decay=0.004 (weight decay) is not supported",
        rejected("{\"class_name\": \"Adam\", \"config\": {\"weight_decay\": 0.004}}"));
    assertEquals("Keras optimizer SGD: clipnorm=1.0 (gradient clipping) is not supported",
        rejected("{\"class_name\": \"SGD\", \"config\": {\"clipnorm\": 1.0}}"));
    assertEquals("Keras optimizer RMSprop: centered=true (centered RMSprop) is not supported",
        rejected("{\"class_name\": \"RMSprop\", \"config\": {\"centered\": true}}"));
    assertEquals("Keras optimizer RMSprop: momentum=0.9 (RMSprop with momentum) is not supported",
        rejected("{\"class_name\": \"RMSprop\", \"config\": {\"momentum\": 0.9}}"));
    assertEquals("Keras optimizer Adam: use_ema=true (an exponential moving average of the weights) is not supported",
        rejected("{\"class_name\": \"Adam\", \"config\": {\"use_ema\": true}}"));
    assertEquals("Keras optimizer SGD: decay=1.0E-6 (time-based learning-rate decay) is not supported",
        rejected("{\"class_name\": \"SGD\", \"config\": {\"lr\": 0.01, \"decay\": 1e-6}}"));
    assertEquals("Keras optimizer Adam: unknown option foo=1", rejected("{\"class_name\": \"Adam\", \"config\": {\"foo\": 1}}"));
  }

  @Test
  void unknownOptimizersListTheSupportedOnes() throws Exception {
    assertEquals("Keras optimizer adagrad is not supported; supported: Adam, RMSprop, SGD", rejected("\"adagrad\""));
    assertEquals("Keras optimizer Nadam is not supported; supported: Adam, RMSprop, SGD",
        rejected("{\"class_name\": \"Nadam\", \"config\": {}}"));
  }

  @Test
  void badValuesAreNamed() throws Exception {
    assertEquals("optimizer.beta_1 must be in [0, 1), got 1.5",
        rejected("{\"class_name\": \"Adam\", \"config\": {\"beta_1\": 1.5}}"));
    assertEquals("Keras optimizer SGD: nesterov must be true or false, got \"yes\"",
        rejected("{\"class_name\": \"SGD\", \"config\": {\"nesterov\": \"yes\"}}"));
  }

  @Test
  void rmsPropFromAKeras3FileFollowsKeras3sRule() throws Exception {
    JsonNode json = Json.MAPPER.readTree("""
        {"module": "keras.optimizers", "class_name": "RMSprop", "config": {"name": "rmsprop",
          "learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07, "centered": false},
          "registered_name": null}""");
    assertEquals(new RmsPropConfig(0.001, 0.9, 1e-7, RmsPropConfig.Rule.KERAS_3), OptimizerJson.fromKeras(json, true));
    assertEquals(new RmsPropConfig(0.001, 0.9, 1e-7, RmsPropConfig.Rule.KERAS_2), OptimizerJson.fromKeras(json, false));
    assertEquals(RmsPropConfig.Rule.KERAS_2, RmsPropConfig.KERAS_DEFAULTS.rule(), "recipes and flags keep the study's rule");
    RmsPropConfig keras3 = new RmsPropConfig(0.001, 0.9, 1e-7, RmsPropConfig.Rule.KERAS_3);
    assertEquals(keras3, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(keras3), OptimizerConfig.class));
  }

  @Test
  void runJsonUsesKerasKeysAndOldFilesAreRmsProp() throws Exception {
    assertEquals("{\"name\":\"adam\",\"learning_rate\":0.001,\"beta_1\":0.9,\"beta_2\":0.999,\"epsilon\":1.0E-7,\"amsgrad\":false}",
        Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(AdamConfig.KERAS_DEFAULTS));
    assertEquals(new RmsPropConfig(0.001, 0.9, 1e-8),
        Json.MAPPER.readValue("{\"learning_rate\": 0.001, \"rho\": 0.9, \"epsilon\": 1e-8}", OptimizerConfig.class));
    SgdConfig sgd = new SgdConfig(0.1, 0.9, true);
    assertEquals(sgd, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(sgd), OptimizerConfig.class));
  }
}
