package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.data.folders.Interpolation;
import dev.tfjrunner.model.layers.Conv2DTranspose;
import dev.tfjrunner.model.layers.Cropping2D;
import dev.tfjrunner.model.layers.DepthwiseConv2D;
import dev.tfjrunner.model.layers.Initializer;
import dev.tfjrunner.model.layers.SeparableConv2D;
import dev.tfjrunner.model.layers.Size2;
import dev.tfjrunner.model.layers.UpSampling2D;
import java.util.List;
import java.util.Locale;

/**
 * Keras configs of the convolution variants and the image resamplers: DepthwiseConv2D,
 * SeparableConv2D, Conv2DTranspose, UpSampling2D, Cropping2D. Keras 2.x and 3.x keys are the same
 * for these; Keras 3's are written.
 */
final class ConvolutionCodecs {

  private static final String[] DEPTHWISE_CONSTRAINTS = {"activity_regularizer", "depthwise_constraint",
      "bias_constraint"};
  private static final String[] SEPARABLE_CONSTRAINTS = {"activity_regularizer", "depthwise_constraint",
      "pointwise_constraint", "bias_constraint"};

  private ConvolutionCodecs() {}

  static DepthwiseConv2D readDepthwise(LayerConfig c) {
    c.requireChannelsLast();
    c.requireUnset(DEPTHWISE_CONSTRAINTS);
    return new DepthwiseConv2D(c.name(), c.size2("kernel_size", null), c.size2("strides", Size2.square(1)), c.padding(),
        c.integer("depth_multiplier", 1), c.size2("dilation_rate", Size2.square(1)), c.activation("activation"),
        c.bool("use_bias", true), c.initializer("depthwise_initializer", Initializer.GLOROT_UNIFORM),
        c.initializer("bias_initializer", Initializer.ZEROS), c.regularizer("depthwise_regularizer"),
        c.regularizer("bias_regularizer"));
  }

  static ObjectNode writeDepthwise(DepthwiseConv2D l) {
    ObjectNode c = KerasLayers.base(l);
    c.put("depth_multiplier", l.depthMultiplier());
    putWindow(c, l.kernelSize(), l.strides(), l.padding(), l.dilationRate());
    c.put("activation", l.activation().kerasName());
    c.put("use_bias", l.useBias());
    c.set("depthwise_initializer", KerasObjects.write(l.depthwiseInitializer()));
    c.set("bias_initializer", KerasObjects.write(l.biasInitializer()));
    c.set("depthwise_regularizer", KerasObjects.write(l.depthwiseRegularizer()));
    c.set("bias_regularizer", KerasObjects.write(l.biasRegularizer()));
    for (String key : DEPTHWISE_CONSTRAINTS) {
      c.putNull(key);
    }
    return c;
  }

  /** kernel_size, strides, padding, data_format and dilation_rate, in Keras 3's order. */
  private static void putWindow(ObjectNode c, Size2 kernel, Size2 strides, dev.tfjrunner.model.layers.Padding padding,
      Size2 dilation) {
    c.set("kernel_size", KerasLayers.pair(kernel));
    c.set("strides", KerasLayers.pair(strides));
    c.put("padding", KerasLayers.padding(padding));
    c.put("data_format", "channels_last");
    c.set("dilation_rate", KerasLayers.pair(dilation));
  }

  static SeparableConv2D readSeparable(LayerConfig c) {
    c.requireChannelsLast();
    c.requireUnset(SEPARABLE_CONSTRAINTS);
    return new SeparableConv2D(c.name(), c.integer("filters", null), c.size2("kernel_size", null),
        c.size2("strides", Size2.square(1)), c.padding(), c.integer("depth_multiplier", 1),
        c.size2("dilation_rate", Size2.square(1)), c.activation("activation"), c.bool("use_bias", true),
        c.initializer("depthwise_initializer", Initializer.GLOROT_UNIFORM),
        c.initializer("pointwise_initializer", Initializer.GLOROT_UNIFORM),
        c.initializer("bias_initializer", Initializer.ZEROS), c.regularizer("depthwise_regularizer"),
        c.regularizer("pointwise_regularizer"), c.regularizer("bias_regularizer"));
  }

  static ObjectNode writeSeparable(SeparableConv2D l) {
    ObjectNode c = KerasLayers.base(l);
    c.put("depth_multiplier", l.depthMultiplier());
    c.put("filters", l.filters());
    putWindow(c, l.kernelSize(), l.strides(), l.padding(), l.dilationRate());
    c.put("activation", l.activation().kerasName());
    c.put("use_bias", l.useBias());
    c.set("depthwise_initializer", KerasObjects.write(l.depthwiseInitializer()));
    c.set("pointwise_initializer", KerasObjects.write(l.pointwiseInitializer()));
    c.set("bias_initializer", KerasObjects.write(l.biasInitializer()));
    c.set("depthwise_regularizer", KerasObjects.write(l.depthwiseRegularizer()));
    c.set("pointwise_regularizer", KerasObjects.write(l.pointwiseRegularizer()));
    c.set("bias_regularizer", KerasObjects.write(l.biasRegularizer()));
    for (String key : SEPARABLE_CONSTRAINTS) {
      c.putNull(key);
    }
    return c;
  }

  /** dilation_rate 1 only: TF's Conv2DBackpropInput has no dilated CPU kernel. */
  static Conv2DTranspose readTranspose(LayerConfig c) {
    c.requireChannelsLast();
    c.requireUnset(KerasLayers.CONSTRAINTS);
    if (!c.size2("dilation_rate", Size2.square(1)).isOne()) {
      throw c.bad("dilation_rate", "above 1 is not supported (got " + c.node("dilation_rate") + ")");
    }
    List<Integer> outputPadding = null;
    if (c.has("output_padding")) {
      JsonNode v = c.node("output_padding");
      if (v.isInt()) {
        outputPadding = List.of(v.asInt(), v.asInt());
      } else if (v.isArray() && v.size() == 2 && v.get(0).isInt() && v.get(1).isInt()) {
        outputPadding = List.of(v.get(0).asInt(), v.get(1).asInt());
      } else {
        throw c.bad("output_padding", "must be a number or a pair of numbers, got " + v);
      }
    }
    return new Conv2DTranspose(c.name(), c.integer("filters", null), c.size2("kernel_size", null),
        c.size2("strides", Size2.square(1)), c.padding(), outputPadding, c.activation("activation"),
        c.bool("use_bias", true), c.initializer("kernel_initializer", Initializer.GLOROT_UNIFORM),
        c.initializer("bias_initializer", Initializer.ZEROS), c.regularizer("kernel_regularizer"),
        c.regularizer("bias_regularizer"));
  }

  static ObjectNode writeTranspose(Conv2DTranspose l) {
    ObjectNode c = KerasLayers.base(l);
    c.put("filters", l.filters());
    c.set("kernel_size", KerasLayers.pair(l.kernelSize()));
    c.set("strides", KerasLayers.pair(l.strides()));
    c.put("padding", KerasLayers.padding(l.padding()));
    if (l.outputPadding() == null) {
      c.putNull("output_padding");
    } else {
      c.putArray("output_padding").add(l.outputPadding().get(0)).add(l.outputPadding().get(1));
    }
    c.put("data_format", "channels_last");
    c.set("dilation_rate", KerasLayers.pair(Size2.square(1)));
    return KerasLayers.withWeights(c, l.activation().kerasName(), l.useBias(), l.kernelInitializer(),
        l.biasInitializer(), l.kernelRegularizer(), l.biasRegularizer());
  }

  static UpSampling2D readUpSampling(LayerConfig c) {
    c.requireChannelsLast();
    String interpolation = c.string("interpolation", "nearest").toLowerCase(Locale.ROOT);
    if (!interpolation.equals("nearest") && !interpolation.equals("bilinear")) {
      throw c.bad("interpolation", "'" + interpolation + "' is not supported (supported: nearest, bilinear)");
    }
    return new UpSampling2D(c.name(), c.size2("size", Size2.square(2)), Interpolation.fromId(interpolation));
  }

  static ObjectNode writeUpSampling(UpSampling2D l) {
    ObjectNode c = KerasLayers.base(l);
    c.set("size", KerasLayers.pair(l.size()));
    c.put("data_format", "channels_last");
    return c.put("interpolation", l.interpolation().id());
  }

  static Cropping2D readCropping(LayerConfig c) {
    c.requireChannelsLast();
    int[] p = KerasLayers.fourSides(c, "cropping", 0);
    return new Cropping2D(c.name(), p[0], p[1], p[2], p[3]);
  }

  static ObjectNode writeCropping(Cropping2D l) {
    ObjectNode c = KerasLayers.base(l);
    ArrayNode p = c.putArray("cropping");
    p.addArray().add(l.top()).add(l.bottom());
    p.addArray().add(l.left()).add(l.right());
    return c.put("data_format", "channels_last");
  }
}
