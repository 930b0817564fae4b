package dev.tfjrunner.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pixel values a SavedModel's {@code image} input takes, as its {@code model.json} records under
 * {@link #KEY}: tfj's own models take [0, 1]; a Keras model with a leading {@code Rescaling(1/255)}
 * takes 0-255. Callers that hold pictures in [0, 1] (the Classifier, Spark) multiply by
 * {@link #scale()}; the SavedModel itself never rescales, so it answers as Keras's model does.
 */
public enum InputRange {
  UNIT("0-1", 1f),
  BYTE("0-255", 255f);

  public static final String KEY = "input_range";

  private final String text;
  private final float scale;

  InputRange(String text, float scale) {
    this.text = text;
    this.scale = scale;
  }

  public static InputRange parse(String text) {
    for (InputRange r : values()) {
      if (r.text.equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("--input-range must be 0-1 or 0-255, got '" + text + "'");
  }

  /** What the SavedModel in {@code directory} records; [0, 1] when its model.json does not say (every tfj run). */
  public static InputRange of(Path directory) throws IOException {
    Path metadata = directory.resolve(ServingExporter.ASSETS_EXTRA).resolve(ServingExporter.METADATA_FILE);
    if (!Files.isRegularFile(metadata)) {
      return UNIT;
    }
    JsonNode range = Json.MAPPER.readTree(metadata.toFile()).path(KEY);
    try {
      return range.isTextual() ? parse(range.asText()) : UNIT;
    } catch (IllegalArgumentException e) {
      throw new IOException(metadata + ": " + KEY + " must be 0-1 or 0-255, got '" + range.asText() + "'");
    }
  }

  /** {@code 0-1} or {@code 0-255}, as written in model.json and given to {@code --input-range}. */
  public String text() {
    return text;
  }

  /** What a value in [0, 1] is multiplied by to be in this range. */
  public float scale() {
    return scale;
  }
}
