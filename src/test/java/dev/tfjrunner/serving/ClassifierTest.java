package dev.tfjrunner.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestImages;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.data.LabeledImages;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving API on a model trained on real MNIST. */
class ClassifierTest {

  private static Classifier classifier;

  @BeforeAll
  static void load() throws IOException {
    classifier = Classifier.load(TestModels.digits());
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @Test
  void knowsItsClasses() {
    assertEquals(10, classifier.numClasses());
    assertEquals(TestData.mnist().classNames(), classifier.classNames());
  }

  /**
   * Same classes, probabilities equal up to float32 rounding, not bit for bit: oneDNN and Eigen
   * tile convolutions and matrix products by batch size, so sums are added in another order (seen:
   * up to 1.8e-6 apart on probabilities near 1, about 30 ulps). A fixed batch size is bit-exact.
   */
  @Test
  void batchOfOneAndBatchOf500GiveTheSameResults() {
    LabeledImages images = TestData.testImages(500);
    float[][] batched = classifier.predict(images.pixels());
    double largest = 0;
    for (int i = 0; i < images.count(); i++) {
      float[] single = classifier.predict(images.image(i))[0];
      assertEquals(classifier.topK(batched[i], 1).best().id(), classifier.topK(single, 1).best().id(), "image " + i);
      for (int c = 0; c < single.length; c++) {
        largest = Math.max(largest, Math.abs(single[c] - batched[i][c]));
      }
    }
    assertTrue(largest <= 1e-5, "probabilities differ by up to " + largest);
  }

  @Test
  void eightThreadsGetWhatOneThreadGets() throws Exception {
    LabeledImages images = TestData.mnist().test();
    int chunk = 100;
    int chunks = images.count() / chunk;
    float[][][] sequential = new float[chunks][][];
    for (int c = 0; c < chunks; c++) {
      sequential[c] = classifier.predict(slice(images, c * chunk, chunk));
    }
    float[][][] concurrent = new float[chunks][][];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        workers.add(pool.submit(() -> {
          for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            concurrent[c] = classifier.predict(slice(images, c * chunk, chunk));
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int correct = 0;
    for (int c = 0; c < chunks; c++) {
      for (int i = 0; i < chunk; i++) {
        assertArrayEquals(sequential[c][i], concurrent[c][i], "image " + (c * chunk + i));
        correct += classifier.topK(concurrent[c][i], 1).best().id() == images.labels()[c * chunk + i] ? 1 : 0;
      }
    }
    assertTrue(correct > 9000, "test accuracy " + correct / 10000.0);
  }

  @Test
  void classifiesDigitsDrawnOnPaper(@TempDir Path dir) throws Exception {
    LabeledImages test = TestData.testImages(200);
    float[][] original = classifier.predict(test.pixels());
    int tried = 0;
    for (int i = 0; i < test.count() && tried < 10; i++) {
      int label = test.labels()[i];
      if (original[i][label] < 0.9) {
        continue; // a digit the model is unsure of even as MNIST gives it
      }
      tried++;
      Path blackOnWhite = dir.resolve("digit-" + i + ".png");
      ImageIO.write(TestImages.drawn(test.image(i), Color.BLACK, Color.WHITE, 100, 100, 0, 0, 100), "png", blackOnWhite.toFile());
      Prediction p = classifier.classify(blackOnWhite);
      assertEquals(label, p.best().id(), blackOnWhite + ": " + p);
      assertEquals(String.valueOf(label), p.best().name());
      assertEquals(10, p.top().size());

      Path penOnPage = dir.resolve("page-" + i + ".png");
      ImageIO.write(TestImages.drawn(test.image(i), new Color(20, 20, 120), new Color(245, 240, 225), 240, 180, 30, 60, 90),
          "png", penOnPage.toFile());
      assertEquals(label, classifier.classify(penOnPage, Inversion.AUTO, 3).best().id(), penOnPage.toString());
    }
    assertEquals(10, tried);
  }

  @Test
  void topKRanksTheClasses() {
    float[] p = {0.05f, 0.3f, 0.05f, 0.4f, 0.05f, 0.05f, 0.02f, 0.03f, 0.03f, 0.02f};
    Prediction top3 = classifier.topK(p, 3);
    assertEquals(List.of(3, 1, 0), top3.top().stream().map(Prediction.ClassProbability::id).toList());
    assertEquals(new Prediction.ClassProbability(3, "3", 0.4f), top3.best());
    assertEquals(10, classifier.topK(p, 50).top().size());
    assertThrows(IllegalArgumentException.class, () -> classifier.topK(p, 0));
    assertThrows(IllegalArgumentException.class, () -> classifier.topK(new float[3], 1));
  }

  @Test
  void rejectsImagesOfTheWrongSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier.predict(new float[100]));
    assertEquals("100 values are not a whole number of 28x28x1 images", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> classifier.predict(new float[][] {new float[784], new float[783]}));
  }

  @Test
  void unreadableImageFileIsNamed(@TempDir Path dir) throws Exception {
    Path garbage = Files.write(dir.resolve("digit.png"), new byte[] {1, 2, 3});
    IOException e = assertThrows(IOException.class, () -> classifier.classify(garbage));
    assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  private static float[] slice(LabeledImages images, int from, int count) {
    float[] out = new float[count * 784];
    System.arraycopy(images.pixels(), from * 784, out, 0, out.length);
    return out;
  }
}
