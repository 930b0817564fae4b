package dev.tfjrunner.export;

import java.util.List;
import java.util.Map;

/**
 * What {@code assets.extra/model.json} tells a user of a SavedModel about it.
 *
 * @param architecture the model's name ({@code advanced}, or a Keras config's {@code name})
 * @param imageShape [height, width, channels] of the images the model takes
 * @param inputRange the pixel values its {@code image} input takes ({@code 0-1} or {@code 0-255}, see InputRange)
 * @param training the run's configuration as written in its run.json
 * @param finalMetrics last epoch's logs plus test metrics when known
 * @param bestMetrics logs of the epoch the best checkpoint came from, when known
 */
public record ModelMetadata(
    String runId,
    String dataset,
    List<String> classNames,
    String architecture,
    long parameterCount,
    List<Long> imageShape,
    String inputRange,
    String preprocessing,
    Object training,
    Map<String, Double> finalMetrics,
    Map<String, Double> bestMetrics,
    String tensorflowJavaVersion,
    String tensorflowVersion,
    String createdAt,
    String signature) {}
