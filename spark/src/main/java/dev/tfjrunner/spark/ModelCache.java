package dev.tfjrunner.spark;

import dev.tfjrunner.serving.Classifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Classifier} per model directory per JVM: every task of an executor shares it (a
 * Classifier is thread-safe), so the SavedModel and TF's native library load once per executor,
 * not once per task or partition. The models are closed when the JVM shuts down.
 */
public final class ModelCache {

  private static final Map<String, Classifier> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "tfj-model-cache-close"));
  }

  private ModelCache() {}

  /** The model in {@code directory}, loaded on first use in this JVM. */
  public static Classifier get(String directory) {
    return MODELS.computeIfAbsent(directory, dir -> {
      try {
        return Classifier.load(Path.of(dir));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    });
  }

  private static void closeAll() {
    MODELS.values().forEach(Classifier::close);
    MODELS.clear();
  }
}
