package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.train.Batch;
import dev.tfjrunner.train.OptimizerConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keras.applications networks as Keras 3.15.1 writes them (weights=None, the smallest input sizes
 * Keras allows, 10 classes; make_configs.py): each has Keras's parameter counts, trains two steps on
 * synthetic images of its input shape and serves probabilities that sum to 1. One JVM for all; the
 * time each takes is printed.
 */
class ApplicationsTrainTest {

  private static final List<String> APPLICATIONS = List.of("app_mobilenetv2", "app_mobilenetv3small",
      "app_mobilenetv3large", "app_resnet50", "app_efficientnetb0",
      "app_densenet121", "app_vgg16", "app_xception", "app_inceptionv3", "app_nasnetmobile");

  /**
   * The networks {@code mvn verify} trains; {@code -Dapps=REGEX} takes those matching. All of them
   * take about a minute on 2 cores (NASNetMobile, the largest graph: 3 s to build, 12 s to train two
   * steps and export).
   */
  private static final String DEFAULT_APPLICATIONS = ".*";

  private static Path fixture(String file) throws Exception {
    return Path.of(ApplicationsTrainTest.class.getResource("/keras/configs/" + file).toURI());
  }

  private static long[] kerasCounts(String name) throws Exception {
    return Files.readAllLines(fixture("counts.tsv")).stream().map(l -> l.split("\t")).filter(f -> f[0].equals(name))
        .map(f -> new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])}).findFirst()
        .orElseThrow();
  }

  @Test
  void applicationsSummariseTrainAndServe(@TempDir Path dir) throws Exception {
    List<String> failures = new ArrayList<>();
    for (String name : APPLICATIONS.stream().filter(a -> a.matches(System.getProperty("apps", DEFAULT_APPLICATIONS))).toList()) {
      try {
        trainAndServe(name, dir.resolve(name));
      } catch (Throwable e) {
        failures.add(name + ": " + e);
      }
    }
    assertEquals(List.of(), failures);
  }

  private static void trainAndServe(String name, Path dir) throws Exception {
    long start = System.nanoTime();
    Model model = KerasModelReader.read(fixture(name + ".json")).model();
    ModelSummary summary = model.summary();
    long[] keras = kerasCounts(name);
    assertArrayEquals(keras, new long[] {summary.totalParameters(), summary.trainableParameters(),
        summary.totalParameters() - summary.trainableParameters()}, name + ": total, trainable, non-trainable");
    ModelSpec spec = ModelSpec.of(model);
    int height = (int) spec.image().dims()[0];
    int width = (int) spec.image().dims()[1];
    int channels = (int) spec.image().dims()[2];
    int n = 4;
    Random random = new Random(22);
    float[] pixels = new float[n * height * width * channels];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextInt(256) / 255f;
    }
    LabeledImages images = new LabeledImages(pixels, random.ints(n, 0, (int) spec.classes()).toArray(), height, width,
        channels);
    List<String> classes = IntStream.range(0, (int) spec.classes()).mapToObj(c -> "class" + c).toList();
    long built;
    try (TrainingGraph graph = TrainingGraph.create(spec, OptimizerConfig.defaults("adam"), 1,
        SessionSettings.of(2, 1, false))) {
      built = System.nanoTime();
      for (int step = 0; step < 2; step++) {
        try (Batch batch = Batch.of(images, 2 * step, 2 * step + 2)) {
          double loss = graph.trainStep(batch, step).loss();
          assertTrue(Double.isFinite(loss), name + ": loss " + loss);
        }
      }
      TestModels.export(graph, dir, classes);
    }
    long trained = System.nanoTime();
    try (Classifier classifier = Classifier.load(dir)) {
      assertArrayEquals(new int[] {height, width, channels}, classifier.imageShape(), name);
      float[][] served = classifier.predict(images);
      for (float[] row : served) {
        double sum = 0;
        for (float p : row) {
          assertTrue(p >= 0 && Float.isFinite(p), name + ": probability " + p);
          sum += p;
        }
        assertEquals(1.0, sum, 1e-4, name + ": probabilities sum to 1");
      }
    }
    System.out.printf("%s: %,d params; graph %.1f s, two steps and export %.1f s, serving %.1f s%n", name,
        summary.totalParameters(), (built - start) / 1e9, (trained - built) / 1e9, (System.nanoTime() - trained) / 1e9);
  }
}
