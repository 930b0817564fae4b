package dev.tfjrunner.bench;

import dev.tfjrunner.testing.TestModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.train.SessionSettings;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Only that the measurement runs; the figures come from a quiet machine, not from tests. */
class AugmentationOverheadTest {

  @Test
  void runsTwoStepsOfEachModel() {
    Random random = new Random(1);
    float[] pixels = new float[12 * 784];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    LabeledImages data = LabeledImages.grayscale(pixels, random.ints(12, 0, 10).toArray(), 28, 28);
    AugmentationOverhead.Result result = AugmentationOverhead.measure(
        data, TestModels.spec("advanced"), Augmentation.DIGITS, 4, 1, 2, new SessionSettings(1, 1, false));
    assertEquals(2, result.steps());
    assertTrue(result.plainMillis() > 0 && result.augmentedMillis() > 0, result.describe());
  }
}
