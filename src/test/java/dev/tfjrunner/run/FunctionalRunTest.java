package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.report.ClassificationMetrics;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Functional residual CNN written by real Keras goes through a whole run: train, report, export. */
class FunctionalRunTest {

  @Test
  void residualCnnRunsAndSavesItsFunctionalConfig(@TempDir Path home) throws Exception {
    Path file = Path.of(getClass().getResource("/keras/configs/residual_cnn.json").toURI());
    TrainingRun.Result result = TrainingRun.create(TinyRuns.config(home.resolve("tiny-data"), file.toString()), home,
        TestModels.quietConsole()).execute();
    double[] accuracy = result.history().values("accuracy");
    assertTrue(accuracy[accuracy.length - 1] > accuracy[0], "the residual CNN learns: " + java.util.Arrays.toString(accuracy));
    Model model = KerasModelReader.read(file).model();
    String saved = Files.readString(result.paths().modelConfig(), StandardCharsets.UTF_8);
    assertTrue(saved.contains("\"class_name\" : \"Functional\""), "a Functional config");
    assertEquals(model, KerasModelReader.read(result.paths().modelConfig()).model(), "model-config.json reads back");
    String page = Files.readString(result.paths().reportPage(), StandardCharsets.UTF_8);
    assertTrue(page.contains("Connected to") && page.contains("batch_normalization_2[0][0]"), "the report's summary");
    assertTrue(Files.isDirectory(result.paths().finalModel()), "exported");
  }

  @Test
  void aModelThatRescalesItsInputIsTrainedAndServedOnPixelValues(@TempDir Path home) throws Exception {
    // The tutorial model (real Keras): Sequential([augmentation, Rescaling(1/255), Conv2D, ...]).
    Path file = Path.of(getClass().getResource("/keras/configs/tutorial.json").toURI());
    TrainingRun.Result result = TrainingRun.create(TinyRuns.config(home.resolve("tiny-data"), file.toString()), home,
        TestModels.quietConsole()).execute();
    assertEquals(InputRange.BYTE, ServingExporter.inputRange(result.paths().finalModel()));
    // The training graph evaluated the test set with pixels x 255 inside; the Classifier feeds the
    // SavedModel 0-255 as its model.json says: the same accuracy, so both fed what the model takes.
    LabeledImages test = TestData.testImages(500);
    try (Classifier classifier = Classifier.load(result.paths().finalModel())) {
      float[][] probabilities = classifier.predict(test);
      assertEquals(result.test().accuracy(), ClassificationMetrics.compute(test.labels(), probabilities,
          classifier.numClasses()).accuracy(), 1e-9);
    }
  }

  @Test
  void inputRangeSaysWhatAModelWithoutItsOwnRescalingTakes(@TempDir Path home) throws Exception {
    // The residual CNN does not rescale its input: --input-range 0-255 makes training feed it 0-255 and
    // its SavedModels say so; against the tutorial model's own Rescaling(1/255), 0-1 is refused.
    Path residual = Path.of(getClass().getResource("/keras/configs/residual_cnn.json").toURI());
    TrainingRun.Result result = TrainingRun.create(TinyRuns.config(home.resolve("tiny-data"), residual.toString(),
        "0-255"), home, TestModels.quietConsole()).execute();
    assertEquals(InputRange.BYTE, ServingExporter.inputRange(result.paths().finalModel()));
    LabeledImages test = TestData.testImages(500);
    try (Classifier classifier = Classifier.load(result.paths().finalModel())) {
      assertEquals(result.test().accuracy(), ClassificationMetrics.compute(test.labels(), classifier.predict(test),
          classifier.numClasses()).accuracy(), 1e-9);
    }
    Path tutorial = Path.of(getClass().getResource("/keras/configs/tutorial.json").toURI());
    ModelConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(ModelConfigException.class,
        () -> TrainingRun.create(TinyRuns.config(home.resolve("tiny-data"), tutorial.toString(), "0-1"),
            home.resolve("other"), TestModels.quietConsole()).execute());
    assertEquals("model 'tutorial' rescales its input from 0-255 itself (its leading Rescaling layer); input range"
        + " 0-1 contradicts it", refused.getMessage());
  }
}
