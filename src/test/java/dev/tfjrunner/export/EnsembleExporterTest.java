package dev.tfjrunner.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.train.TrainingGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** An ensemble SavedModel serves the (weighted) mean of its members' probabilities. */
class EnsembleExporterTest {

  @TempDir
  static Path dir;

  private static final LabeledImages TEST = TestData.testImages(60);
  private static final List<String> DIGITS = TestData.mnist().classNames();
  /** Two small models of different kinds: the MLP, and the simple CNN with blur preprocessing. */
  private static final ModelSpec[] SPECS = {TestModels.spec("mlp"),
      TestModels.spec("simple", new Preprocessing(1, false), Augmentation.NONE)};
  private static float[][][] memberProbabilities;

  @BeforeAll
  static void trainMembers() throws Exception {
    LabeledImages train = TestData.mnist().train();
    Splits splits = new Splits(train.first(1000), train.select(IntStream.range(1000, 1200).toArray()));
    memberProbabilities = new float[2][][];
    for (int i = 0; i < 2; i++) {
      try (TrainingGraph model = TestModels.train(SPECS[i], splits, 1)) {
        TestModels.export(model, member(i), DIGITS);
      }
      try (Classifier classifier = Classifier.load(member(i))) {
        memberProbabilities[i] = classifier.predict(TEST.pixels());
      }
    }
  }

  private static Path member(int i) {
    return dir.resolve("member-" + i);
  }

  private static EnsembleExporter.Member member(int i, double weight) {
    return new EnsembleExporter.Member("run-" + i, SPECS[i], member(i), weight);
  }

  /** What the plain-TF-Java example app does: the serving_default signature through SavedModelBundle. */
  private static float[][] serve(Path model, long[] classIds) {
    try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
        TFloat32 images = TFloat32.tensorOf(Shape.of(TEST.count(), 28, 28, 1), DataBuffers.of(TEST.pixels(), true, false));
        Result result = bundle.function("serving_default").call(Map.of("image", images))) {
      TFloat32 p = (TFloat32) result.get("probabilities").orElseThrow();
      TInt64 ids = (TInt64) result.get("class_id").orElseThrow();
      float[][] out = new float[TEST.count()][10];
      for (int i = 0; i < TEST.count(); i++) {
        p.get(i).copyTo(DataBuffers.of(out[i], false, false));
        classIds[i] = ids.getLong(i);
      }
      return out;
    }
  }

  @Test
  void ensembleServesTheMeanOfItsMembers() throws Exception {
    Path ensemble = dir.resolve("ensemble");
    EnsembleExporter.export(List.of(member(0, 1), member(1, 1)), DIGITS, ensemble, Map.of("members", 2));
    assertEnsembleIs(ensemble, 0.5, 0.5);
    try (Classifier classifier = Classifier.load(ensemble)) {
      assertEquals(DIGITS, classifier.classNames());
    }
  }

  @Test
  void weightsGiveAWeightedMean() throws Exception {
    Path ensemble = dir.resolve("weighted");
    EnsembleExporter.export(List.of(member(0, 1), member(1, 3)), DIGITS, ensemble, Map.of("members", 2));
    assertEnsembleIs(ensemble, 0.25, 0.75);
    try (Classifier classifier = Classifier.load(ensemble); Classifier single = Classifier.load(member(0))) {
      assertEquals(2, classifier.members());
      assertEquals(0, single.members());
      Classifier.MemberPredictions predictions = classifier.predictWithMembers(TEST);
      for (int i = 0; i < TEST.count(); i++) {
        // Unweighted, as each member serves them on its own.
        assertArrayEquals(memberProbabilities[0][i], predictions.members().get(0)[i], 1e-6f, "member 1, image " + i);
        assertArrayEquals(memberProbabilities[1][i], predictions.members().get(1)[i], 1e-6f, "member 2, image " + i);
        for (int c = 0; c < 10; c++) {
          assertEquals(0.25 * memberProbabilities[0][i][c] + 0.75 * memberProbabilities[1][i][c],
              predictions.probabilities()[i][c], 1e-6, "mean, image " + i);
        }
      }
      assertTrue(single.predictWithMembers(TEST).members().isEmpty());
    }
  }

  private static void assertEnsembleIs(Path ensemble, double w0, double w1) {
    long[] ids = new long[TEST.count()];
    float[][] served = serve(ensemble, ids);
    int disagreements = 0;
    for (int i = 0; i < TEST.count(); i++) {
      float[] expected = new float[10];
      int best = 0;
      for (int c = 0; c < 10; c++) {
        expected[c] = (float) (w0 * memberProbabilities[0][i][c] + w1 * memberProbabilities[1][i][c]);
        best = expected[c] > expected[best] ? c : best;
      }
      assertArrayEquals(expected, served[i], 1e-6f, "image " + i);
      assertEquals(best, ids[i], "class_id of image " + i);
      disagreements += argmax(memberProbabilities[0][i]) != argmax(memberProbabilities[1][i]) ? 1 : 0;
    }
    assertTrue(disagreements > 0, "members that never disagree would not test the mean");
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      best = p[c] > p[best] ? c : best;
    }
    return best;
  }

  @Test
  void membersOfOtherShapesRangesOrClassesAreRefused() throws Exception {
    ModelSpec colour = ModelSpec.of(KerasModelReader.read(
        Path.of(EnsembleExporterTest.class.getResource("/keras-configs/keras3.json").toURI())).model());
    EnsembleExporter.Member other = new EnsembleExporter.Member("colour-run", colour, dir.resolve("none"), 1);
    IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
        () -> EnsembleExporter.export(List.of(member(0, 1), other), DIGITS, dir.resolve("bad"), Map.of()));
    assertEquals("ensemble members must take the same images: run-0 takes [28, 28, 1], colour-run takes [32, 32, 3]",
        shapes.getMessage());
    ModelSpec bytes = ModelSpec.of(KerasModelReader.read(
        Path.of(EnsembleExporterTest.class.getResource("/keras/configs/tutorial.json").toURI())).model());
    EnsembleExporter.Member tutorial = new EnsembleExporter.Member("tutorial-run", bytes, dir.resolve("none"), 1);
    IllegalArgumentException ranges = assertThrows(IllegalArgumentException.class,
        () -> EnsembleExporter.export(List.of(member(0, 1), tutorial), DIGITS, dir.resolve("bad"), Map.of()));
    assertEquals("ensemble members must take the same pixel values: run-0 takes 0-1, tutorial-run takes 0-255",
        ranges.getMessage());
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> EnsembleExporter.export(List.of(member(0, 1)), DIGITS, dir.resolve("bad"), Map.of()));
    assertTrue(one.getMessage().contains("at least two members"), one.getMessage());
    assertThrows(IllegalArgumentException.class, () -> member(0, 0));
  }
}
