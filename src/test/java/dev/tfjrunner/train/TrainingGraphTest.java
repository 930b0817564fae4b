package dev.tfjrunner.train;

import dev.tfjrunner.testing.TestModels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import dev.tfjrunner.testing.TestData;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class TrainingGraphTest {

  private static TrainingGraph advanced(long seed) {
    return TrainingGraph.create(TestModels.spec("advanced"), RmsPropConfig.KERAS_DEFAULTS, seed,
        SessionSettings.defaults());
  }

  /** The network's probabilities for {@code batch}, with dropout on or off and the given step seed. */
  private static float[] forward(TrainingGraph model, Batch batch, boolean training, long step) {
    try (TBool mode = TBool.scalarOf(training);
        TInt64 seed = TInt64.vectorOf(model.seed(), step);
        Result result = model.session().runner()
            .feed(model.images(), batch.images())
            .feed(model.training(), mode)
            .feed(model.stepSeed(), seed)
            .fetch(model.network().logits())
            .run()) {
      TFloat32 logits = (TFloat32) result.get(0);
      int classes = (int) logits.shape().get(1);
      float[] out = new float[(int) logits.size()];
      logits.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
      for (int row = 0; row < out.length; row += classes) { // softmax, row by row
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          max = Math.max(max, out[row + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(out[row + c] - max);
        }
        for (int c = 0; c < classes; c++) {
          out[row + c] = (float) (Math.exp(out[row + c] - max) / sum);
        }
      }
      return out;
    }
  }

  @Test
  void dropoutIsOffAtEvaluationAndOnInTraining() {
    LabeledImages images = TestData.mnist().test().first(64);
    try (TrainingGraph model = advanced(1); Batch batch = Batch.of(images, 0, 64)) {
      float[] eval1 = forward(model, batch, false, 1);
      float[] eval2 = forward(model, batch, false, 2);
      assertArrayEquals(eval1, eval2, "evaluation must not depend on the step seed: no dropout");
      float[] train1 = forward(model, batch, true, 1);
      float[] train2 = forward(model, batch, true, 2);
      assertFalse(java.util.Arrays.equals(train1, eval1), "dropout changes the training forward pass");
      assertFalse(java.util.Arrays.equals(train1, train2), "each step draws new masks");
      assertArrayEquals(train1, forward(model, batch, true, 1), "a step's masks depend only on its seed");
    }
  }

  @Test
  void evaluationsOwnForwardPassEqualsTheTrainingGraphsWithTrainingOff() {
    // bn-vgg: BatchNormalization (moving statistics moved by a few steps) and dropout; with the digits'
    // augmentation too, which evaluation must not apply.
    LabeledImages images = TestData.mnist().test().first(64);
    try (TrainingGraph model = TrainingGraph.create(TestModels.spec("bn-vgg", Preprocessing.NONE, Augmentation.DIGITS),
        RmsPropConfig.KERAS_DEFAULTS, 7, SessionSettings.defaults()); Batch batch = Batch.of(images, 0, 64)) {
      for (int step = 0; step < 3; step++) {
        model.trainStep(batch, step);
      }
      float[] switchedOff = forward(model, batch, false, 1);
      float[][] evaluated = model.predict(images, 64);
      for (int i = 0; i < 64; i++) {
        for (int c = 0; c < 10; c++) {
          assertEquals(switchedOff[i * 10 + c], evaluated[i][c], 1e-6, "image " + i + " class " + c);
        }
      }
    }
  }

  @Test
  void shortRealTrainingLearnsMnist() {
    LabeledImages train = TestData.mnist().train().first(3000);
    LabeledImages test = TestData.mnist().test().first(1000);
    try (TrainingGraph model = advanced(42)) {
      Metrics before = model.evaluate(test, 500);
      double[] epochLoss = new double[3];
      for (int epoch = 0; epoch < 3; epoch++) {
        int[] order = Trainer.epochOrder(train.count(), 42, epoch);
        float[] staging = new float[128 * 784];
        double sum = 0;
        for (int from = 0; from < train.count(); from += 128) {
          int to = Math.min(from + 128, train.count());
          try (Batch batch = Batch.of(train, order, from, to, staging)) {
            sum += model.trainStep(batch, epoch * 100L + from / 128).loss() * batch.size();
          }
        }
        epochLoss[epoch] = sum / train.count();
      }
      Metrics after = model.evaluate(test, 500);
      assertTrue(epochLoss[1] < epochLoss[0] && epochLoss[2] < epochLoss[1],
          "loss falls epoch by epoch: " + java.util.Arrays.toString(epochLoss));
      assertTrue(before.accuracy() < 0.3, "untrained accuracy " + before.accuracy());
      assertTrue(after.accuracy() > 0.92, "accuracy after 3 epochs on 3,000 images: " + after.accuracy());
      assertTrue(after.loss() < before.loss() / 5, "test loss " + before.loss() + " -> " + after.loss());
    }
  }

  @Test
  void sameSeedGivesTheSameFirstEpochLoss() {
    LabeledImages train = TestData.mnist().train().first(1000);
    double[] losses = new double[3];
    long[] seeds = {7, 7, 8};
    for (int run = 0; run < 3; run++) {
      try (TrainingGraph model = advanced(seeds[run])) {
        int[] order = Trainer.epochOrder(train.count(), seeds[run], 0);
        float[] staging = new float[100 * 784];
        double sum = 0;
        for (int from = 0; from < train.count(); from += 100) {
          try (Batch batch = Batch.of(train, order, from, from + 100, staging)) {
            sum += model.trainStep(batch, from / 100).loss();
          }
        }
        losses[run] = sum / 10;
      }
    }
    assertEquals(losses[0], losses[1], 1e-6, "same seed, same first epoch");
    assertTrue(Math.abs(losses[0] - losses[2]) > 1e-4, "another seed trains differently: " + losses[0] + " vs " + losses[2]);
  }

  @Test
  void learningRateCanBeSetBetweenSteps() {
    try (TrainingGraph model = advanced(3)) {
      assertEquals(0.001, model.learningRate(), 1e-9);
      model.setLearningRate(1e-4);
      assertEquals(1e-4, model.learningRate(), 1e-9);
    }
  }

  @Test
  void weightsRoundTrip() {
    try (TrainingGraph model = advanced(5)) {
      float[][] original = model.readWeights();
      float[][] changed = new float[original.length][];
      for (int i = 0; i < original.length; i++) {
        changed[i] = original[i].clone();
        changed[i][0] += 1f;
      }
      model.writeWeights(changed);
      assertArrayEquals(changed[3], model.readWeights()[3]);
      model.writeWeights(original);
      assertArrayEquals(original[0], model.readWeights()[0]);
    }
  }
}
