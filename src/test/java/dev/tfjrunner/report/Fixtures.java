package dev.tfjrunner.report;

import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.data.LabeledImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test data shared by the report tests. */
final class Fixtures {

  /**
   * 3 classes, 8 images. Predicted (argmax) vs true:
   * <pre>
   * image  true  pred  probabilities        p(true)
   *   0     0     0    0.80 0.10 0.10       0.80
   *   1     0     0    0.50 0.30 0.20       0.50
   *   2     0     0    0.90 0.05 0.05       0.90
   *   3     0     1    0.30 0.60 0.10       0.30
   *   4     1     1    0.20 0.70 0.10       0.70
   *   5     1     1    0.10 0.80 0.10       0.80
   *   6     1     0    0.95 0.04 0.01       0.04
   *   7     2     1    0.20 0.75 0.05       0.05
   * </pre>
   */
  static final int[] TINY_LABELS = {0, 0, 0, 0, 1, 1, 1, 2};
  static final float[][] TINY_PROBABILITIES = {
      {0.80f, 0.10f, 0.10f},
      {0.50f, 0.30f, 0.20f},
      {0.90f, 0.05f, 0.05f},
      {0.30f, 0.60f, 0.10f},
      {0.20f, 0.70f, 0.10f},
      {0.10f, 0.80f, 0.10f},
      {0.95f, 0.04f, 0.01f},
      {0.20f, 0.75f, 0.05f},
  };
  static final List<String> TINY_CLASS_NAMES = List.of("cat", "dog", "bird");

  static final List<String> FASHION_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private Fixtures() {}

  /** Java2D and XChart must draw without a display; call before the first drawing. */
  static void useHeadlessAwt() {
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * Rows of 10 probabilities that make the true class the most probable about 70% of the time:
   * uniform [0, 1) values with 0.6 added to the true class, normalised. (P(U + 0.6 beats 9 U's)
   * = 0.6 + (1 - 0.6^10) / 10 = 0.70.)
   */
  static float[][] randomProbabilities(int[] labels, Random random) {
    float[][] rows = new float[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      float[] row = new float[10];
      float sum = 0;
      for (int c = 0; c < 10; c++) {
        row[c] = random.nextFloat() + (c == labels[i] ? 0.6f : 0);
        sum += row[c];
      }
      for (int c = 0; c < 10; c++) {
        row[c] /= sum;
      }
      rows[i] = row;
    }
    return rows;
  }

  static int[] randomLabels(int count, Random random) {
    return random.ints(count, 0, 10).toArray();
  }

  /** {@code count} random 28x28 images with the given labels. */
  static LabeledImages randomImages(int[] labels, Random random) {
    float[] pixels = new float[labels.length * 28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    return LabeledImages.grayscale(pixels, labels, 28, 28);
  }

  /** A history whose logged learning rates are {@code lrs}, epoch after epoch from {@code firstEpoch} (0-based). */
  static History.Record history(int firstEpoch, double... lrs) {
    List<History.Epoch> epochs = new ArrayList<>();
    for (int i = 0; i < lrs.length; i++) {
      double progress = (i + 1.0) / lrs.length;
      epochs.add(new History.Epoch(firstEpoch + i, 1.0, Map.of(
          "loss", 1.0 - 0.8 * progress, "accuracy", 0.5 + 0.4 * progress,
          "val_loss", 1.1 - 0.7 * progress, "val_accuracy", 0.45 + 0.4 * progress, "lr", lrs[i])));
    }
    return new History.Record(epochs, "completed all epochs");
  }
}
