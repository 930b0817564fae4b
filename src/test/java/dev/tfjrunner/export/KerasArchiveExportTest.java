package dev.tfjrunner.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import dev.tfjrunner.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasArchiveExportTest {

  @Test
  void aModelTrainedOnFilteredImagesIsRefusedAndNothingWritten(@TempDir Path dir) {
    ModelSpec blurred = TestModels.spec("simple", new Preprocessing(2, true), Augmentation.NONE);
    Path target = dir.resolve("m.keras");
    ModelConfigException e = assertThrows(ModelConfigException.class,
        () -> KerasArchiveExport.export(blurred, dir.resolve("no-checkpoint"), target));
    assertEquals(target + ": model 'simple' was trained on blurred or sharpened images (preprocessing"
        + " Preprocessing[blurPasses=2, sharpen=true]), which no Keras layer reproduces; export it as a SavedModel"
        + " instead", e.getMessage());
    assertFalse(Files.exists(target));
  }
}
