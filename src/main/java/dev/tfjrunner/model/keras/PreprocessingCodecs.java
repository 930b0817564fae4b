package dev.tfjrunner.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.data.folders.Interpolation;
import dev.tfjrunner.model.layers.CenterCrop;
import dev.tfjrunner.model.layers.ImageTransform;
import dev.tfjrunner.model.layers.Normalization;
import dev.tfjrunner.model.layers.RandomBrightness;
import dev.tfjrunner.model.layers.RandomContrast;
import dev.tfjrunner.model.layers.RandomFlip;
import dev.tfjrunner.model.layers.RandomRotation;
import dev.tfjrunner.model.layers.RandomTranslation;
import dev.tfjrunner.model.layers.RandomZoom;
import dev.tfjrunner.model.layers.Rescaling;
import dev.tfjrunner.model.layers.Resizing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Keras configs of the preprocessing layers: Rescaling, Normalization, Resizing, CenterCrop and
 * the random image layers. Keras 2.x and 3.x keys are read; Keras 3's are written (a factor as the
 * pair [lower, upper] Keras 3 writes after reading a single number). A {@code seed} is not kept:
 * the random layers draw from the run's seed, as Dropout does.
 */
final class PreprocessingCodecs {

  private PreprocessingCodecs() {}

  /** scale and offset: a number or a list, or Keras 3's {@code __numpy__} object holding one. */
  static Rescaling readRescaling(LayerConfig c) {
    List<Double> scale = numbers(c, "scale");
    if (scale == null) {
      throw c.bad("scale", "is missing");
    }
    List<Double> offset = numbers(c, "offset");
    return new Rescaling(c.name(), scale, offset == null ? List.of(0.0) : offset);
  }

  static ObjectNode writeRescaling(Rescaling l) {
    ObjectNode c = KerasLayers.base(l);
    putNumberOrList(c, "scale", l.scale());
    putNumberOrList(c, "offset", l.offset());
    return c;
  }

  private static void putNumberOrList(ObjectNode c, String key, List<Double> values) {
    if (values.size() == 1) {
      c.put(key, values.get(0));
    } else {
      putNumbers(c, key, values);
    }
  }

  /** axis: n, a list, or null (one mean for everything); mean and variance: null, a number or a flat list. */
  static Normalization readNormalization(LayerConfig c) {
    JsonNode axis = c.node("axis");
    List<Integer> axes = axis == null ? List.of(-1) : axis.isNull() ? List.of() : integers(c, "axis");
    return new Normalization(c.name(), axes, numbers(c, "mean"), numbers(c, "variance"), c.bool("invert", false));
  }

  static ObjectNode writeNormalization(Normalization l) {
    ObjectNode c = KerasLayers.base(l);
    ArrayNode axis = c.putArray("axis");
    l.axis().forEach(axis::add);
    c.put("invert", l.invert());
    putNumbers(c, "mean", l.mean());
    putNumbers(c, "variance", l.variance());
    return c;
  }

  static Resizing readResizing(LayerConfig c) {
    c.requireChannelsLast();
    c.requireValue("pad_to_aspect_ratio", false);
    c.requireValue("antialias", false);
    return new Resizing(c.name(), c.integer("height", null), c.integer("width", null), interpolation(c),
        c.bool("crop_to_aspect_ratio", false));
  }

  static ObjectNode writeResizing(Resizing l) {
    ObjectNode c = KerasLayers.base(l);
    c.put("data_format", "channels_last").put("height", l.height()).put("width", l.width())
        .put("interpolation", l.interpolation().id()).put("crop_to_aspect_ratio", l.cropToAspectRatio())
        .put("pad_to_aspect_ratio", false).put("fill_mode", "constant").put("fill_value", 0.0);
    return c.put("antialias", false);
  }

  private static Interpolation interpolation(LayerConfig c) {
    String id = c.string("interpolation", "bilinear");
    try {
      return Interpolation.fromId(id);
    } catch (IllegalArgumentException e) {
      throw c.bad("interpolation", "'" + id + "' is not supported (supported: bilinear, nearest, bicubic, area)");
    }
  }

  static CenterCrop readCenterCrop(LayerConfig c) {
    c.requireChannelsLast();
    return new CenterCrop(c.name(), c.integer("height", null), c.integer("width", null));
  }

  static ObjectNode writeCenterCrop(CenterCrop l) {
    return KerasLayers.base(l).put("data_format", "channels_last").put("height", l.height()).put("width", l.width());
  }

  static RandomFlip readFlip(LayerConfig c) {
    c.requireChannelsLast();
    return new RandomFlip(c.name(), c.string("mode", "horizontal_and_vertical"));
  }

  static ObjectNode writeFlip(RandomFlip l) {
    ObjectNode c = KerasLayers.base(l).put("data_format", "channels_last");
    c.putNull("seed");
    return c.put("mode", l.mode());
  }

  private static final DoubleFunction<double[]> SYMMETRIC = f -> new double[] {-Math.abs(f), Math.abs(f)};

  static RandomRotation readRotation(LayerConfig c) {
    c.requireChannelsLast();
    double[] f = factor(c, "factor", SYMMETRIC);
    return new RandomRotation(c.name(), f[0], f[1], transform(c));
  }

  static ObjectNode writeRotation(RandomRotation l) {
    ObjectNode c = KerasLayers.base(l).put("data_format", "channels_last");
    c.putArray("factor").add(l.lower()).add(l.upper());
    return putTransform(c, l.transform());
  }

  static RandomZoom readZoom(LayerConfig c) {
    c.requireChannelsLast();
    double[] h = factor(c, "height_factor", SYMMETRIC);
    double[] w = c.has("width_factor") ? factor(c, "width_factor", SYMMETRIC) : null;
    return new RandomZoom(c.name(), h[0], h[1], w == null ? null : w[0], w == null ? null : w[1], transform(c));
  }

  static ObjectNode writeZoom(RandomZoom l) {
    ObjectNode c = KerasLayers.base(l);
    c.putArray("height_factor").add(l.heightLower()).add(l.heightUpper());
    if (l.widthLower() == null) {
      c.putNull("width_factor");
    } else {
      c.putArray("width_factor").add(l.widthLower()).add(l.widthUpper());
    }
    return putTransform(c, l.transform()).put("data_format", "channels_last");
  }

  static RandomTranslation readTranslation(LayerConfig c) {
    c.requireChannelsLast();
    double[] h = factor(c, "height_factor", SYMMETRIC);
    double[] w = factor(c, "width_factor", SYMMETRIC);
    return new RandomTranslation(c.name(), h[0], h[1], w[0], w[1], transform(c));
  }

  static ObjectNode writeTranslation(RandomTranslation l) {
    ObjectNode c = KerasLayers.base(l);
    c.putArray("height_factor").add(l.heightLower()).add(l.heightUpper());
    c.putArray("width_factor").add(l.widthLower()).add(l.widthUpper());
    return putTransform(c, l.transform()).put("data_format", "channels_last");
  }

  /** Keras 3 reads a single f as [0, f] (the contrast only rises); Keras 2 as [f, f], i.e. [1 - f, 1 + f]. */
  static RandomContrast readContrast(LayerConfig c) {
    c.requireChannelsLast();
    double[] f = factor(c, "factor", c.isKeras3() ? x -> new double[] {0, Math.abs(x)} : x -> new double[] {x, x});
    double[] range = valueRange(c);
    return new RandomContrast(c.name(), f[0], f[1], range[0], range[1]);
  }

  static ObjectNode writeContrast(RandomContrast l) {
    ObjectNode c = KerasLayers.base(l).put("data_format", "channels_last");
    c.putArray("factor").add(l.lower()).add(l.upper());
    c.putArray("value_range").add(l.valueLow()).add(l.valueHigh());
    return c.putNull("seed");
  }

  static RandomBrightness readBrightness(LayerConfig c) {
    c.requireChannelsLast();
    double[] f = factor(c, "factor", SYMMETRIC);
    double[] range = valueRange(c);
    return new RandomBrightness(c.name(), f[0], f[1], range[0], range[1]);
  }

  static ObjectNode writeBrightness(RandomBrightness l) {
    ObjectNode c = KerasLayers.base(l).put("data_format", "channels_last");
    c.putArray("factor").add(l.lower()).add(l.upper());
    c.putArray("value_range").add(l.valueLow()).add(l.valueHigh());
    return c.putNull("seed");
  }

  /** A number (read by {@code fromNumber}) or a pair [lower, upper], sorted as Keras sorts it. */
  private static double[] factor(LayerConfig c, String key, DoubleFunction<double[]> fromNumber) {
    JsonNode v = c.node(key);
    if (v != null && v.isNumber()) {
      return fromNumber.apply(v.asDouble());
    }
    if (v != null && v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber()) {
      return new double[] {Math.min(v.get(0).asDouble(), v.get(1).asDouble()),
          Math.max(v.get(0).asDouble(), v.get(1).asDouble())};
    }
    throw c.bad(key, v == null || v.isNull() ? "is missing" : "must be a number or a pair [lower, upper], got " + v);
  }

  private static double[] valueRange(LayerConfig c) {
    return c.has("value_range") ? factor(c, "value_range", null) : new double[] {0, 255};
  }

  private static ImageTransform transform(LayerConfig c) {
    return new ImageTransform(c.string("fill_mode", "reflect").toLowerCase(Locale.ROOT), c.number("fill_value", 0.0),
        c.string("interpolation", "bilinear").toLowerCase(Locale.ROOT));
  }

  private static ObjectNode putTransform(ObjectNode c, ImageTransform t) {
    c.put("fill_mode", t.fillMode()).put("fill_value", t.fillValue()).put("interpolation", t.interpolation());
    return c.putNull("seed");
  }

  static List<Integer> integers(LayerConfig c, String key) {
    JsonNode v = c.node(key);
    List<Integer> out = new ArrayList<>();
    if (v.isInt()) {
      out.add(v.asInt());
    } else if (v.isArray()) {
      for (JsonNode n : v) {
        if (!n.isInt()) {
          throw c.bad(key, "must be a whole number or a list of them, got " + v);
        }
        out.add(n.asInt());
      }
    } else {
      throw c.bad(key, "must be a whole number or a list of them, got " + v);
    }
    return out;
  }

  /** null when unset; a number, a flat list, or Keras 3's {@code {"class_name": "__numpy__", "config": {"value": ...}}}. */
  private static List<Double> numbers(LayerConfig c, String key) {
    JsonNode v = c.node(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isObject() && v.path("class_name").asText().equals("__numpy__")) {
      v = v.path("config").path("value");
    }
    List<Double> out = new ArrayList<>();
    if (v.isNumber()) {
      out.add(v.asDouble());
    } else if (v.isArray()) {
      for (JsonNode n : v) {
        if (!n.isNumber()) {
          throw c.bad(key, "must be a number or a flat list of numbers, got " + v);
        }
        out.add(n.asDouble());
      }
    } else {
      throw c.bad(key, "must be a number or a flat list of numbers, got " + v);
    }
    return out;
  }

  private static void putNumbers(ObjectNode c, String key, List<Double> values) {
    if (values == null) {
      c.putNull(key);
    } else {
      ArrayNode a = c.putArray(key);
      values.forEach(a::add);
    }
  }
}
