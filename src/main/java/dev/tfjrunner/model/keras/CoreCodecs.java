package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.model.layers.AlphaDropout;
import dev.tfjrunner.model.layers.GaussianDropout;
import dev.tfjrunner.model.layers.GaussianNoise;
import dev.tfjrunner.model.layers.Identity;
import dev.tfjrunner.model.layers.Initializer;
import dev.tfjrunner.model.layers.LayerNormalization;
import dev.tfjrunner.model.layers.Permute;
import java.util.List;

/**
 * Keras configs of LayerNormalization, the noise layers (GaussianNoise, GaussianDropout,
 * AlphaDropout), Identity and Permute; Keras 2.x and 3.x keys read, Keras 3's written.
 */
final class CoreCodecs {

  private CoreCodecs() {}

  static LayerNormalization readLayerNormalization(LayerConfig c) {
    c.requireUnset("beta_constraint", "gamma_constraint");
    JsonNode axis = c.node("axis");
    List<Integer> axes = axis == null || axis.isNull() ? List.of(-1) : PreprocessingCodecs.integers(c, "axis");
    return new LayerNormalization(c.name(), axes, c.number("epsilon", 1e-3), c.bool("center", true),
        c.bool("scale", true), c.bool("rms_scaling", false), c.initializer("beta_initializer", Initializer.ZEROS),
        c.initializer("gamma_initializer", Initializer.ONES), c.regularizer("beta_regularizer"),
        c.regularizer("gamma_regularizer"));
  }

  static ObjectNode writeLayerNormalization(LayerNormalization l) {
    ObjectNode c = KerasLayers.base(l);
    ArrayNode axis = c.putArray("axis");
    l.axis().forEach(axis::add);
    c.put("epsilon", l.epsilon()).put("center", l.center()).put("scale", l.scale()).put("rms_scaling", l.rmsScaling());
    c.set("beta_initializer", KerasObjects.write(l.betaInitializer()));
    c.set("gamma_initializer", KerasObjects.write(l.gammaInitializer()));
    c.set("beta_regularizer", KerasObjects.write(l.betaRegularizer()));
    c.set("gamma_regularizer", KerasObjects.write(l.gammaRegularizer()));
    c.putNull("beta_constraint");
    return c.putNull("gamma_constraint");
  }

  static GaussianNoise readGaussianNoise(LayerConfig c) {
    return new GaussianNoise(c.name(), c.number("stddev", null));
  }

  static ObjectNode writeGaussianNoise(GaussianNoise l) {
    return KerasLayers.base(l).put("stddev", l.stddev()).putNull("seed");
  }

  static GaussianDropout readGaussianDropout(LayerConfig c) {
    return new GaussianDropout(c.name(), c.number("rate", null));
  }

  static ObjectNode writeGaussianDropout(GaussianDropout l) {
    return KerasLayers.base(l).put("rate", l.rate()).putNull("seed");
  }

  static AlphaDropout readAlphaDropout(LayerConfig c) {
    c.requireUnset("noise_shape");
    return new AlphaDropout(c.name(), c.number("rate", null));
  }

  static ObjectNode writeAlphaDropout(AlphaDropout l) {
    return KerasLayers.base(l).put("rate", l.rate()).putNull("seed").putNull("noise_shape");
  }

  static Identity readIdentity(LayerConfig c) {
    return new Identity(c.name());
  }

  static Permute readPermute(LayerConfig c) {
    if (!c.has("dims")) {
      throw c.bad("dims", "is missing");
    }
    return new Permute(c.name(), PreprocessingCodecs.integers(c, "dims"));
  }

  static ObjectNode writePermute(Permute l) {
    ObjectNode c = KerasLayers.base(l);
    ArrayNode dims = c.putArray("dims");
    l.dims().forEach(dims::add);
    return c;
  }
}
