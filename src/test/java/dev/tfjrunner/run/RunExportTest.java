package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tfjrunner.model.Model;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.cli.TfjCommand;
import dev.tfjrunner.export.ModelMetadata;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.model.keras.weights.KerasWeightsReader;
import dev.tfjrunner.model.keras.weights.WeightMapping;
import dev.tfjrunner.testing.CapturedConsole;
import dev.tfjrunner.testing.ForwardPass;
import dev.tfjrunner.serving.Classifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tfj export --run} rebuilds a run's serving models from what its training saved. */
class RunExportTest {

  @Test
  void fromTheCheckpointItReproducesTheFinalModel(@TempDir Path dir) throws Exception {
    RunPaths run = TinyRuns.straight().paths();
    Path target = dir.resolve("final-again");
    assertEquals(0, TfjCommand.execute("export", "--run", run.runDir().toString(), "--to", target.toString()));

    assertSamePredictions(run.finalModel(), target);
    ModelMetadata original = metadata(run.finalModel());
    ModelMetadata again = metadata(target);
    assertEquals(original.runId(), again.runId());
    assertEquals(original.classNames(), again.classNames());
    assertEquals(original.finalMetrics().get("val_accuracy"), again.finalMetrics().get("val_accuracy"));
    assertEquals(original.bestMetrics(), again.bestMetrics());
  }

  @Test
  void fromBestItReproducesTheBestModel(@TempDir Path dir) throws Exception {
    RunPaths run = TinyRuns.straight().paths();
    RunExport.Result result = RunExport.export(run, RunExport.Source.BEST, dir.resolve("best-again"));
    assertEquals(TinyRuns.EPOCHS, result.epochs());
    assertSamePredictions(run.bestModel(), result.directory());
  }

  /**
   * {@code --format keras}: the archive's model and weights, read back, predict what the run's final
   * SavedModel predicts. With {@code -Dtfj.keras.out=DIR} the archive and those predictions stay
   * in DIR for scripts/keras-fixtures/check_archive.sh, which checks real Keras predicts them too.
   */
  @Test
  void asAKerasArchiveItPredictsAsTheFinalModel(@TempDir Path dir) throws Exception {
    RunPaths run = TinyRuns.straight().paths();
    String out = System.getProperty("tfj.keras.out");
    Path folder = out == null ? dir : Files.createDirectories(Path.of(out));
    Path target = folder.resolve("tiny-run.keras");
    assertEquals(0, TfjCommand.execute("export", "--run", run.runDir().toString(), "--format", "keras", "--to",
        target.toString()));

    Model model = KerasModelReader.read(target).model();
    float[][] weights = WeightMapping.forModel(KerasWeightsReader.read(target), model);
    int images = 100;
    float[] pixels = TestData.testImages(images).pixels();
    float[] got = ForwardPass.probabilities(model, weights, pixels, images);
    float[][] want;
    try (Classifier classifier = Classifier.load(run.finalModel())) {
      want = classifier.predict(pixels);
    }
    for (int i = 0; i < images; i++) {
      assertArrayEquals(want[i], Arrays.copyOfRange(got, i * 10, i * 10 + 10), 1e-6f, "image " + i);
    }
    if (out != null) {
      Json.MAPPER.writeValue(folder.resolve("tiny-run.predictions.json").toFile(),
          Map.of("input_range", "0-1", "probabilities", want));
    }
  }

  @Test
  void kerasFormatNeedsATargetFile(@TempDir Path home) throws IOException {
    RunPaths run = TinyRuns.straight().paths();
    try (CapturedConsole console = new CapturedConsole(home)) {
      assertEquals(2, TfjCommand.execute("export", "--run", run.runDir().toString(), "--format", "keras"));
      assertEquals("error: --format keras needs --to FILE.keras", console.err().strip());
    }
  }

  @Test
  void aRunWithoutCheckpointIsNamed(@TempDir Path home) throws Exception {
    RunPaths paths = new RunPaths(home, "empty-run");
    Json.write(paths.runConfig(), TinyRuns.config(home.resolve("data")));
    IOException e = assertThrows(IOException.class, () -> RunExport.export(paths, RunExport.Source.CHECKPOINT, null));
    assertEquals(paths.checkpoint() + ": no checkpoint variables to export from (variables.index missing)", e.getMessage());
    Files.createDirectories(paths.bestModel());
    e = assertThrows(IOException.class, () -> RunExport.export(paths, RunExport.Source.BEST, null));
    assertEquals(paths.bestModel() + ": no best variables to export from (variables.index missing)", e.getMessage());
  }

  private static void assertSamePredictions(Path expectedModel, Path actualModel) throws IOException {
    float[] pixels = TestData.testImages(500).pixels();
    try (Classifier expected = Classifier.load(expectedModel); Classifier actual = Classifier.load(actualModel)) {
      float[][] want = expected.predict(pixels);
      float[][] got = actual.predict(pixels);
      for (int i = 0; i < want.length; i++) {
        assertArrayEquals(want[i], got[i], "image " + i);
      }
    }
  }

  private static ModelMetadata metadata(Path model) throws IOException {
    return Json.read(model.resolve("assets.extra").resolve("model.json"), ModelMetadata.class);
  }
}
