package dev.tfjrunner.report;

import static dev.tfjrunner.report.Fixtures.TINY_CLASS_NAMES;
import static dev.tfjrunner.report.Fixtures.TINY_LABELS;
import static dev.tfjrunner.report.Fixtures.TINY_PROBABILITIES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

  /** The tiny fixture as 1x1 images. */
  private static final LabeledImages TINY_IMAGES = LabeledImages.grayscale(new float[8], TINY_LABELS, 1, 1);

  @Test
  void mostConfidentErrorsAreTheWrongPredictionsByDecreasingProbability() {
    EvaluationResults results = EvaluationReport.create(TINY_IMAGES, TINY_PROBABILITIES, TINY_CLASS_NAMES,
        Fixtures.history(0, 1e-3), 1).results();

    // Wrong: image 3 (true 0, predicted 1 at 0.60), 6 (true 1, predicted 0 at 0.95), 7 (true 2, predicted 1 at 0.75).
    assertEquals(List.of(new Prediction(6, 1, 0, 0.95f), new Prediction(7, 2, 1, 0.75f), new Prediction(3, 0, 1, 0.60f)),
        results.mostConfidentErrors());
  }

  @Test
  void mostConfidentErrorsKeepTheTopKAndBreakTiesByIndex() {
    List<Prediction> predictions = List.of(
        new Prediction(0, 0, 1, 0.7), new Prediction(1, 1, 1, 0.99), new Prediction(2, 2, 0, 0.9),
        new Prediction(3, 0, 2, 0.7), new Prediction(4, 1, 0, 0.8));

    assertEquals(List.of(new Prediction(2, 2, 0, 0.9), new Prediction(4, 1, 0, 0.8), new Prediction(0, 0, 1, 0.7)),
        EvaluationReport.mostConfidentErrors(predictions, 3));
  }

  @Test
  void mostConfusedPairsOfTheTinyFixture() {
    EvaluationResults results = EvaluationReport.create(TINY_IMAGES, TINY_PROBABILITIES, TINY_CLASS_NAMES,
        Fixtures.history(0, 1e-3), 1).results();

    // Off-diagonal cells: (0 -> 1) image 3, (1 -> 0) image 6, (2 -> 1) image 7; one each, in row order.
    assertEquals(List.of(new ConfusedPair(0, 1, 1), new ConfusedPair(1, 0, 1), new ConfusedPair(2, 1, 1)),
        results.mostConfusedPairs());
  }

  @Test
  void sampledPredictionsAreDistinctAndFollowTheSeed() {
    Random random = new Random(11);
    int[] labels = Fixtures.randomLabels(200, random);
    float[][] probabilities = Fixtures.randomProbabilities(labels, random);
    LabeledImages images = LabeledImages.grayscale(new float[200], labels, 1, 1);

    List<Prediction> first = EvaluationReport.create(images, probabilities, Fixtures.FASHION_NAMES,
        Fixtures.history(0, 1e-3), 42).results().sampledPredictions();
    List<Prediction> again = EvaluationReport.create(images, probabilities, Fixtures.FASHION_NAMES,
        Fixtures.history(0, 1e-3), 42).results().sampledPredictions();
    List<Prediction> otherSeed = EvaluationReport.create(images, probabilities, Fixtures.FASHION_NAMES,
        Fixtures.history(0, 1e-3), 43).results().sampledPredictions();

    assertEquals(EvaluationReport.DEFAULT_SAMPLE_COUNT, first.size());
    assertEquals(first.size(), new HashSet<>(first.stream().map(Prediction::index).toList()).size());
    assertEquals(first, again);
    assertNotEquals(first, otherSeed);
    for (Prediction p : first) {
      assertEquals(labels[p.index()], p.trueClass());
      assertEquals(Prediction.argmax(probabilities[p.index()]), p.predictedClass());
    }
  }

  @Test
  void fewerImagesThanTheGridAreAllShown() {
    EvaluationResults results = EvaluationReport.create(TINY_IMAGES, TINY_PROBABILITIES, TINY_CLASS_NAMES,
        Fixtures.history(0, 1e-3), 1).results();

    assertEquals(8, results.sampledPredictions().size());
    assertTrue(results.lrReductions().isEmpty());
  }
}
