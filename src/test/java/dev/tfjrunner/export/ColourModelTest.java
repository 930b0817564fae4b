package dev.tfjrunner.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.train.Batch;
import dev.tfjrunner.train.Metrics;
import dev.tfjrunner.train.OptimizerConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 32x32x3 Keras 3 config (BatchNormalization, LeakyReLU, average pooling, spatial dropout, zero
 * padding, global max pooling, 5 classes) builds, summarises, trains a step and serves.
 */
class ColourModelTest {

  @Test
  void colourModelTrainsAStepAndServes(@TempDir Path dir) throws Exception {
    Model model = KerasModelReader.read(Path.of(getClass().getResource("/keras-configs/keras3.json").toURI())).model();
    ModelSpec spec = ModelSpec.of(model);
    assertArrayEquals(new long[] {32, 32, 3}, spec.image().dims());
    assertEquals(5, spec.classes());
    assertTrue(model.summary().format().contains("Non-trainable params: "), model.summary().format());

    Random random = new Random(3);
    int n = 16;
    float[] pixels = new float[n * 32 * 32 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextInt(256) / 255f; // 8-bit values, as LabeledImages stores them
    }
    LabeledImages images = new LabeledImages(pixels, random.ints(n, 0, 5).toArray(), 32, 32, 3);
    List<String> classes = List.of("a", "b", "c", "d", "e");
    float[][] trained;
    try (TrainingGraph graph = TrainingGraph.create(spec, OptimizerConfig.defaults("adam"), 1, SessionSettings.of(2, 1, false))) {
      float[][] before = graph.readWeights();
      Metrics step;
      try (Batch batch = Batch.of(images, 0, n)) {
        step = graph.trainStep(batch, 0);
      }
      assertTrue(Double.isFinite(step.loss()) && step.loss() > 0, "loss " + step.loss());
      assertNotEquals(before[0][0], graph.readWeights()[0][0], "the first kernel moved");
      trained = graph.predict(images, n);
      TestModels.export(graph, dir.resolve("model"), classes);
    }

    try (Classifier classifier = Classifier.load(dir.resolve("model"))) {
      assertArrayEquals(new int[] {32, 32, 3}, classifier.imageShape());
      assertEquals(classes, classifier.classNames());
      float[][] served = classifier.predict(pixels);
      for (int i = 0; i < n; i++) {
        assertArrayEquals(trained[i], served[i], 1e-5f, "image " + i);
      }
      BufferedImage picture = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
      assertEquals(5, classifier.classify(picture).top().size());
    }
  }
}
