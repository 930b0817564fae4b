package dev.tfjrunner.preprocess;

import dev.tfjrunner.testing.GraphRun;
import dev.tfjrunner.testing.TestModels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import org.junit.jupiter.api.Test;

/** What the network sees through {@link TrainingGraph}: augmented in training steps only. */
class TrainingGraphAugmentationTest {

  @Test
  void evaluationSeesThePreprocessedImagesAndTrainingFreshAugmentations() {
    int n = 3;
    float[] pixels = new float[n * 28 * 28];
    for (int i = 0; i < n; i++) {
      for (int r = 6 + i; r < 20; r++) {
        for (int c = 9; c < 15 + 2 * i; c++) {
          pixels[i * 784 + r * 28 + c] = (r + c) % 3 == 0 ? 1f : 0.6f;
        }
      }
    }
    LabeledImages data = LabeledImages.grayscale(pixels, new int[] {1, 2, 3}, 28, 28);
    Preprocessing blur = new Preprocessing(1, false);
    float[] preprocessed = GraphRun.eval(tf -> blur.apply(tf, GraphRun.images(tf, pixels, n, 28, 28)));
    try (TrainingGraph model = TrainingGraph.create(TestModels.spec("mlp", blur, Augmentation.DIGITS),
        RmsPropConfig.KERAS_DEFAULTS, 42, new SessionSettings(1, 1, false))) {
      float[] eval = model.networkInputs(data, false, 1);
      assertArrayEquals(preprocessed, eval, 1e-6f);
      assertArrayEquals(eval, model.networkInputs(data, false, 2), 0f);

      float[] step1 = model.networkInputs(data, true, 1);
      assertArrayEquals(step1, model.networkInputs(data, true, 1), 0f);
      assertTrue(AugmentationTest.maxAbsDiff(step1, eval) > 1e-2, "training augments");
      assertTrue(AugmentationTest.maxAbsDiff(step1, model.networkInputs(data, true, 2)) > 1e-2, "each step draws anew");
    }
  }
}
