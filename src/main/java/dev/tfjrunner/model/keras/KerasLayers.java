package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.model.layers.ActivationLayer;
import dev.tfjrunner.model.layers.AlphaDropout;
import dev.tfjrunner.model.layers.BatchNormalization;
import dev.tfjrunner.model.layers.Concatenate;
import dev.tfjrunner.model.layers.CenterCrop;
import dev.tfjrunner.model.layers.Conv2D;
import dev.tfjrunner.model.layers.Conv2DTranspose;
import dev.tfjrunner.model.layers.Cropping2D;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.DepthwiseConv2D;
import dev.tfjrunner.model.layers.Dropout;
import dev.tfjrunner.model.layers.ElementwiseMerge;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.GaussianDropout;
import dev.tfjrunner.model.layers.GaussianNoise;
import dev.tfjrunner.model.layers.GlobalPooling2D;
import dev.tfjrunner.model.layers.Initializer;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.LayerNormalization;
import dev.tfjrunner.model.layers.LeakyReLU;
import dev.tfjrunner.model.layers.Normalization;
import dev.tfjrunner.model.layers.Permute;
import dev.tfjrunner.model.layers.Pooling2D;
import dev.tfjrunner.model.layers.RandomBrightness;
import dev.tfjrunner.model.layers.RandomContrast;
import dev.tfjrunner.model.layers.RandomFlip;
import dev.tfjrunner.model.layers.RandomRotation;
import dev.tfjrunner.model.layers.RandomTranslation;
import dev.tfjrunner.model.layers.RandomZoom;
import dev.tfjrunner.model.layers.ReLU;
import dev.tfjrunner.model.layers.Rescaling;
import dev.tfjrunner.model.layers.Reshape;
import dev.tfjrunner.model.layers.Resizing;
import dev.tfjrunner.model.layers.SeparableConv2D;
import dev.tfjrunner.model.layers.Size2;
import dev.tfjrunner.model.layers.UpSampling2D;
import dev.tfjrunner.model.layers.ZeroPadding2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code from_config} and {@code get_config} for each supported layer class, exact
 * inverses: {@code read(write(layer))} equals {@code layer}. Keys follow Keras 2.x and 3.x (both
 * read; Keras 3's written).
 */
final class KerasLayers {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Keys whose non-null value changes training in ways this runner does not implement. */
  static final String[] CONSTRAINTS = {"activity_regularizer", "kernel_constraint", "bias_constraint"};

  record Codec(java.util.function.Function<LayerConfig, Layer> read,
      java.util.function.Function<Layer, ObjectNode> write) {}

  private static final Map<String, Codec> CODECS = new LinkedHashMap<>();

  static {
    CODECS.put("Conv2D", new Codec(KerasLayers::readConv2D, l -> writeConv2D((Conv2D) l)));
    CODECS.put("Dense", new Codec(KerasLayers::readDense, l -> writeDense((Dense) l)));
    CODECS.put("MaxPooling2D", new Codec(c -> readPooling(c, Pooling2D.Kind.MAX), l -> writePooling((Pooling2D) l)));
    CODECS.put("AveragePooling2D", new Codec(c -> readPooling(c, Pooling2D.Kind.AVERAGE), l -> writePooling((Pooling2D) l)));
    CODECS.put("GlobalAveragePooling2D",
        new Codec(c -> readGlobalPooling(c, Pooling2D.Kind.AVERAGE), l -> writeGlobalPooling((GlobalPooling2D) l)));
    CODECS.put("GlobalMaxPooling2D",
        new Codec(c -> readGlobalPooling(c, Pooling2D.Kind.MAX), l -> writeGlobalPooling((GlobalPooling2D) l)));
    CODECS.put("Flatten", new Codec(c -> new Flatten(c.name()), l -> base(l)));
    CODECS.put("Reshape", new Codec(KerasLayers::readReshape, l -> writeReshape((Reshape) l)));
    CODECS.put("ZeroPadding2D", new Codec(KerasLayers::readZeroPadding, l -> writeZeroPadding((ZeroPadding2D) l)));
    CODECS.put("Dropout", new Codec(c -> readDropout(c, false), l -> writeDropout((Dropout) l)));
    CODECS.put("SpatialDropout2D", new Codec(c -> readDropout(c, true), l -> writeDropout((Dropout) l)));
    CODECS.put("BatchNormalization", new Codec(KerasLayers::readBatchNormalization,
        l -> writeBatchNormalization((BatchNormalization) l)));
    CODECS.put("Activation", new Codec(c -> new ActivationLayer(c.name(), c.activation("activation")),
        l -> base(l).put("activation", ((ActivationLayer) l).activation().kerasName())));
    CODECS.put("ReLU", new Codec(KerasLayers::readReLU, l -> writeReLU((ReLU) l)));
    CODECS.put("LeakyReLU", new Codec(c -> new LeakyReLU(c.name(),
        c.number(c.has("negative_slope") ? "negative_slope" : "alpha", 0.3)),
        l -> base(l).put("negative_slope", ((LeakyReLU) l).negativeSlope())));
    for (ElementwiseMerge.Kind kind : ElementwiseMerge.Kind.values()) {
      CODECS.put(kind.className(), new Codec(c -> new ElementwiseMerge(c.name(), kind), l -> base(l)));
    }
    CODECS.put("Concatenate", new Codec(c -> new Concatenate(c.name(), c.integer("axis", -1)),
        l -> base(l).put("axis", ((Concatenate) l).axis())));
    CODECS.put("DepthwiseConv2D", new Codec(ConvolutionCodecs::readDepthwise,
        l -> ConvolutionCodecs.writeDepthwise((DepthwiseConv2D) l)));
    CODECS.put("SeparableConv2D", new Codec(ConvolutionCodecs::readSeparable,
        l -> ConvolutionCodecs.writeSeparable((SeparableConv2D) l)));
    CODECS.put("Conv2DTranspose", new Codec(ConvolutionCodecs::readTranspose,
        l -> ConvolutionCodecs.writeTranspose((Conv2DTranspose) l)));
    CODECS.put("UpSampling2D", new Codec(ConvolutionCodecs::readUpSampling,
        l -> ConvolutionCodecs.writeUpSampling((UpSampling2D) l)));
    CODECS.put("Cropping2D", new Codec(ConvolutionCodecs::readCropping,
        l -> ConvolutionCodecs.writeCropping((Cropping2D) l)));
    CODECS.put("LayerNormalization", new Codec(CoreCodecs::readLayerNormalization,
        l -> CoreCodecs.writeLayerNormalization((LayerNormalization) l)));
    CODECS.put("Rescaling", new Codec(PreprocessingCodecs::readRescaling,
        l -> PreprocessingCodecs.writeRescaling((Rescaling) l)));
    CODECS.put("Normalization", new Codec(PreprocessingCodecs::readNormalization,
        l -> PreprocessingCodecs.writeNormalization((Normalization) l)));
    CODECS.put("Resizing", new Codec(PreprocessingCodecs::readResizing,
        l -> PreprocessingCodecs.writeResizing((Resizing) l)));
    CODECS.put("CenterCrop", new Codec(PreprocessingCodecs::readCenterCrop,
        l -> PreprocessingCodecs.writeCenterCrop((CenterCrop) l)));
    CODECS.put("RandomFlip", new Codec(PreprocessingCodecs::readFlip, l -> PreprocessingCodecs.writeFlip((RandomFlip) l)));
    CODECS.put("RandomRotation", new Codec(PreprocessingCodecs::readRotation,
        l -> PreprocessingCodecs.writeRotation((RandomRotation) l)));
    CODECS.put("RandomZoom", new Codec(PreprocessingCodecs::readZoom, l -> PreprocessingCodecs.writeZoom((RandomZoom) l)));
    CODECS.put("RandomTranslation", new Codec(PreprocessingCodecs::readTranslation,
        l -> PreprocessingCodecs.writeTranslation((RandomTranslation) l)));
    CODECS.put("RandomContrast", new Codec(PreprocessingCodecs::readContrast,
        l -> PreprocessingCodecs.writeContrast((RandomContrast) l)));
    CODECS.put("RandomBrightness", new Codec(PreprocessingCodecs::readBrightness,
        l -> PreprocessingCodecs.writeBrightness((RandomBrightness) l)));
    CODECS.put("GaussianNoise", new Codec(CoreCodecs::readGaussianNoise,
        l -> CoreCodecs.writeGaussianNoise((GaussianNoise) l)));
    CODECS.put("GaussianDropout", new Codec(CoreCodecs::readGaussianDropout,
        l -> CoreCodecs.writeGaussianDropout((GaussianDropout) l)));
    CODECS.put("AlphaDropout", new Codec(CoreCodecs::readAlphaDropout,
        l -> CoreCodecs.writeAlphaDropout((AlphaDropout) l)));
    CODECS.put("Identity", new Codec(CoreCodecs::readIdentity, KerasLayers::base));
    CODECS.put("Permute", new Codec(CoreCodecs::readPermute, l -> CoreCodecs.writePermute((Permute) l)));
  }

  private KerasLayers() {}

  static boolean supports(String className) {
    return CODECS.containsKey(className);
  }

  static String supportedNames() {
    return String.join(", ", CODECS.keySet()) + ", InputLayer";
  }

  static Layer read(String className, LayerConfig config) {
    return CODECS.get(className).read().apply(config);
  }

  /** The layer's {@code {"module", "class_name", "config", "registered_name"}} object. */
  static ObjectNode write(Layer layer) {
    return KerasObjects.object("keras.layers", layer.className(), CODECS.get(layer.className()).write().apply(layer));
  }

  private static Conv2D readConv2D(LayerConfig c) {
    c.requireChannelsLast();
    c.requireUnset(CONSTRAINTS);
    return new Conv2D(c.name(), c.integer("filters", null), c.size2("kernel_size", null), c.size2("strides", Size2.square(1)),
        c.padding(), c.size2("dilation_rate", Size2.square(1)), c.activation("activation"), c.bool("use_bias", true),
        c.initializer("kernel_initializer", Initializer.GLOROT_UNIFORM), c.initializer("bias_initializer", Initializer.ZEROS),
        c.regularizer("kernel_regularizer"), c.regularizer("bias_regularizer"), c.integer("groups", 1));
  }

  private static ObjectNode writeConv2D(Conv2D l) {
    ObjectNode c = base(l);
    c.put("filters", l.filters());
    c.set("kernel_size", pair(l.kernelSize()));
    c.set("strides", pair(l.strides()));
    c.put("padding", padding(l.padding()));
    c.put("data_format", "channels_last");
    c.set("dilation_rate", pair(l.dilationRate()));
    c.put("groups", l.groups());
    return withWeights(c, l.activation().kerasName(), l.useBias(), l.kernelInitializer(), l.biasInitializer(),
        l.kernelRegularizer(), l.biasRegularizer());
  }

  private static Dense readDense(LayerConfig c) {
    c.requireUnset(CONSTRAINTS);
    return new Dense(c.name(), c.integer("units", null), c.activation("activation"), c.bool("use_bias", true),
        c.initializer("kernel_initializer", Initializer.GLOROT_UNIFORM), c.initializer("bias_initializer", Initializer.ZEROS),
        c.regularizer("kernel_regularizer"), c.regularizer("bias_regularizer"));
  }

  private static ObjectNode writeDense(Dense l) {
    ObjectNode c = base(l);
    c.put("units", l.units());
    return withWeights(c, l.activation().kerasName(), l.useBias(), l.kernelInitializer(), l.biasInitializer(),
        l.kernelRegularizer(), l.biasRegularizer());
  }

  static ObjectNode withWeights(ObjectNode c, String activation, boolean useBias, Initializer kernel,
      Initializer bias, dev.tfjrunner.model.layers.Regularizer kernelRegularizer,
      dev.tfjrunner.model.layers.Regularizer biasRegularizer) {
    c.put("activation", activation);
    c.put("use_bias", useBias);
    c.set("kernel_initializer", KerasObjects.write(kernel));
    c.set("bias_initializer", KerasObjects.write(bias));
    c.set("kernel_regularizer", KerasObjects.write(kernelRegularizer));
    c.set("bias_regularizer", KerasObjects.write(biasRegularizer));
    for (String key : CONSTRAINTS) {
      c.putNull(key);
    }
    return c;
  }

  private static Pooling2D readPooling(LayerConfig c, Pooling2D.Kind kind) {
    c.requireChannelsLast();
    Size2 pool = c.size2("pool_size", Size2.square(2));
    return new Pooling2D(c.name(), kind, pool, c.size2("strides", pool), c.padding());
  }

  private static ObjectNode writePooling(Pooling2D l) {
    ObjectNode c = base(l);
    c.set("pool_size", pair(l.poolSize()));
    c.set("strides", pair(l.strides()));
    c.put("padding", padding(l.padding()));
    c.put("data_format", "channels_last");
    return c;
  }

  private static GlobalPooling2D readGlobalPooling(LayerConfig c, Pooling2D.Kind kind) {
    c.requireChannelsLast();
    return new GlobalPooling2D(c.name(), kind, c.bool("keepdims", false));
  }

  private static ObjectNode writeGlobalPooling(GlobalPooling2D l) {
    return base(l).put("data_format", "channels_last").put("keepdims", l.keepdims());
  }

  private static Reshape readReshape(LayerConfig c) {
    JsonNode shape = c.node("target_shape");
    if (shape == null || !shape.isArray()) {
      throw c.bad("target_shape", "must be a list of sizes, got " + shape);
    }
    List<Long> dims = new ArrayList<>();
    shape.forEach(d -> dims.add(d.asLong()));
    return new Reshape(c.name(), dims);
  }

  private static ObjectNode writeReshape(Reshape l) {
    ObjectNode c = base(l);
    ArrayNode shape = c.putArray("target_shape");
    l.targetShape().forEach(shape::add);
    return c;
  }

  private static ZeroPadding2D readZeroPadding(LayerConfig c) {
    c.requireChannelsLast();
    int[] p = fourSides(c, "padding", 1);
    return new ZeroPadding2D(c.name(), p[0], p[1], p[2], p[3]);
  }

  /**
   * {top, bottom, left, right} from n, [rows, cols] or [[top, bottom], [left, right]], as
   * ZeroPadding2D's padding and Cropping2D's cropping are written; {@code absent} on all sides when missing.
   */
  static int[] fourSides(LayerConfig c, String key, int absent) {
    JsonNode p = c.node(key);
    if (p == null || p.isNull()) {
      return new int[] {absent, absent, absent, absent};
    }
    if (p.isInt()) {
      return new int[] {p.asInt(), p.asInt(), p.asInt(), p.asInt()};
    }
    if (p.isArray() && p.size() == 2 && p.get(0).isInt() && p.get(1).isInt()) {
      return new int[] {p.get(0).asInt(), p.get(0).asInt(), p.get(1).asInt(), p.get(1).asInt()};
    }
    if (p.isArray() && p.size() == 2 && p.get(0).isArray() && p.get(1).isArray() && p.get(0).size() == 2
        && p.get(1).size() == 2) {
      return new int[] {p.get(0).get(0).asInt(), p.get(0).get(1).asInt(), p.get(1).get(0).asInt(),
          p.get(1).get(1).asInt()};
    }
    throw c.bad(key, "must be n, [rows, cols] or [[top, bottom], [left, right]], got " + p);
  }

  private static ObjectNode writeZeroPadding(ZeroPadding2D l) {
    ObjectNode c = base(l);
    ArrayNode p = c.putArray("padding");
    p.addArray().add(l.top()).add(l.bottom());
    p.addArray().add(l.left()).add(l.right());
    return c.put("data_format", "channels_last");
  }

  /** noise_shape: null, or per axis null (the input's size) or 1 (one draw shared along it). */
  private static Dropout readDropout(LayerConfig c, boolean spatial) {
    List<Boolean> shared = new ArrayList<>();
    if (spatial) {
      c.requireChannelsLast();
    } else if (c.has("noise_shape")) {
      JsonNode shape = c.node("noise_shape");
      if (!shape.isArray()) {
        throw c.bad("noise_shape", "must be a list of sizes, got " + shape);
      }
      for (JsonNode d : shape) {
        if (!d.isNull() && !d.canConvertToInt()) {
          throw c.bad("noise_shape", "must hold null or whole numbers, got " + shape);
        }
        shared.add(!d.isNull() && d.asInt() == 1);
      }
    }
    return new Dropout(c.name(), c.number("rate", null), spatial, shared);
  }

  private static ObjectNode writeDropout(Dropout l) {
    ObjectNode c = base(l).put("rate", l.rate());
    c.putNull("seed");
    if (l.spatial()) {
      c.put("data_format", "channels_last");
    } else if (l.noiseShared().isEmpty()) {
      c.putNull("noise_shape");
    } else {
      ArrayNode shape = c.putArray("noise_shape");
      l.noiseShared().forEach(shared -> {
        if (shared) {
          shape.add(1);
        } else {
          shape.addNull();
        }
      });
    }
    return c;
  }

  private static BatchNormalization readBatchNormalization(LayerConfig c) {
    c.requireUnset("beta_constraint", "gamma_constraint", "virtual_batch_size", "adjustment");
    if (c.bool("renorm", false)) {
      throw c.bad("renorm", "is not supported (got true)");
    }
    return new BatchNormalization(c.name(), c.number("momentum", 0.99), c.number("epsilon", 1e-3), c.bool("center", true),
        c.bool("scale", true), c.initializer("beta_initializer", Initializer.ZEROS),
        c.initializer("gamma_initializer", Initializer.ONES), c.initializer("moving_mean_initializer", Initializer.ZEROS),
        c.initializer("moving_variance_initializer", Initializer.ONES), c.regularizer("beta_regularizer"),
        c.regularizer("gamma_regularizer"));
  }

  private static ObjectNode writeBatchNormalization(BatchNormalization l) {
    ObjectNode c = base(l);
    c.put("axis", -1).put("momentum", l.momentum()).put("epsilon", l.epsilon()).put("center", l.center())
        .put("scale", l.scale());
    c.set("beta_initializer", KerasObjects.write(l.betaInitializer()));
    c.set("gamma_initializer", KerasObjects.write(l.gammaInitializer()));
    c.set("moving_mean_initializer", KerasObjects.write(l.movingMeanInitializer()));
    c.set("moving_variance_initializer", KerasObjects.write(l.movingVarianceInitializer()));
    c.set("beta_regularizer", KerasObjects.write(l.betaRegularizer()));
    c.set("gamma_regularizer", KerasObjects.write(l.gammaRegularizer()));
    c.putNull("beta_constraint");
    c.putNull("gamma_constraint");
    return c;
  }

  /**
   * The axes a BatchNormalization config names, as given ({@code -1}, {@code 3}, {@code [3]}); the
   * reader checks them against the layer's input rank, which only the model knows.
   */
  static List<Integer> batchNormalizationAxes(LayerConfig c) {
    JsonNode axis = c.node("axis");
    List<Integer> axes = new ArrayList<>();
    if (axis == null || axis.isNull()) {
      axes.add(-1);
    } else if (axis.isArray()) {
      axis.forEach(a -> axes.add(a.asInt()));
    } else {
      axes.add(axis.asInt());
    }
    return axes;
  }

  private static ReLU readReLU(LayerConfig c) {
    return new ReLU(c.name(), c.optionalNumber("max_value"), c.number("negative_slope", 0.0), c.number("threshold", 0.0));
  }

  private static ObjectNode writeReLU(ReLU l) {
    ObjectNode c = base(l);
    if (l.maxValue() == null) {
      c.putNull("max_value");
    } else {
      c.put("max_value", l.maxValue());
    }
    return c.put("negative_slope", l.negativeSlope()).put("threshold", l.threshold());
  }

  /** name, trainable and dtype, which every Keras 3 layer config starts with. */
  static ObjectNode base(Layer l) {
    ObjectNode c = JSON.objectNode();
    c.put("name", l.name());
    c.put("trainable", true);
    c.set("dtype", KerasObjects.object("keras", "DTypePolicy", JSON.objectNode().put("name", "float32")));
    return c;
  }

  static ArrayNode pair(Size2 s) {
    return JSON.arrayNode().add(s.rows()).add(s.cols());
  }

  static String padding(dev.tfjrunner.model.layers.Padding p) {
    return p.name().toLowerCase(Locale.ROOT);
  }
}
