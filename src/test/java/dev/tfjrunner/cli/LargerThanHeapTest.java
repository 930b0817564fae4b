package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.Pooling2D;
import dev.tfjrunner.testing.ImageFolders;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder whose decoded cache is larger than the JVM's heap trains: 3,000 MNIST digits decoded
 * at 256x256 RGB make a 590 MB cache, trained by a child JVM with {@code -Xmx256m}; a second run
 * reads the cache instead of decoding.
 */
class LargerThanHeapTest {

  private static final String HEAP = "-Xmx256m";

  @Test
  void aCacheLargerThanTheHeapTrainsAndIsReadBackWithoutDecoding(@TempDir Path home) throws Exception {
    Path pictures = home.resolve("pictures");
    ImageFolders.write(TestData.testImages(3000), TestData.mnist().classNames(), pictures, 0, 0);
    // Pooling first keeps the network cheap: the point is the data path, not the model.
    Path model = Files.writeString(home.resolve("pooled.json"), Sequential.of("pooled", Input.of(256, 256, 3),
        Pooling2D.average(8), Flatten.of(), Dense.of(10).activation(Activation.SOFTMAX)).toKerasJson());

    String first = train(home, pictures, model);
    assertTrue(first.contains("Decoding " + pictures + ": 3000/3000 images"), first);
    List<Path> caches;
    try (Stream<Path> files = Files.list(home.resolve("data/cache"))) {
      caches = files.toList();
    }
    assertEquals(1, caches.size(), caches.toString());
    long cacheBytes = Files.size(caches.get(0));
    assertTrue(cacheBytes > 2 * 256L << 20, "cache " + cacheBytes + " bytes, more than twice the heap");
    assertTrue(first.contains("val_accuracy"), first);

    String second = train(home, pictures, model);
    assertTrue(second.contains("from the cache " + caches.get(0) + " ("), second);
    assertTrue(!second.contains("Decoding "), second);
  }

  private static String train(Path home, Path pictures, Path model) throws IOException, InterruptedException {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "-Dtfj.home=" + home, "-cp", System.getProperty("java.class.path"), TfjCommand.class.getName(),
        "train", "--train-dir", pictures.toString(), "--model", model.toString(), "--image-size", "256,256",
        "--color-mode", "rgb", "--epochs", "1", "--batch-size", "32", "--no-tensorboard")
        .redirectErrorStream(true)
        .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, child.exitValue(), out);
    return out;
  }
}
