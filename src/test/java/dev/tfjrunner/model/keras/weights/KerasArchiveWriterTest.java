package dev.tfjrunner.model.keras.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.keras.KerasModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A .keras archive written here has Keras's own layout and reads back to the same model and
 * weights. Whether real Keras loads it and predicts the same is checked by
 * scripts/keras-fixtures/check_archive.sh, which runs this test with {@code -Dtfj.keras.out=DIR}
 * to keep the archive.
 */
class KerasArchiveWriterTest {

  @TempDir
  Path temp;

  @Test
  void writtenArchiveHasKerasLayoutAndReadsBack() throws IOException {
    Model model = KerasWeightsReaderTest.seqModel();
    KerasWeightFile original = KerasWeightsReader.read(KerasWeightsReaderTest.DIR.resolve("seq_cnn.keras"));
    float[][] weights = WeightMapping.forModel(original, model);

    String out = System.getProperty("tfj.keras.out");
    Path target = (out == null ? temp : Files.createDirectories(Path.of(out))).resolve("seq_cnn-tfj.keras");
    KerasArchiveWriter.write(target, model, weights);

    KerasWeightFile written = KerasWeightsReader.read(target);
    assertEquals(KerasArchiveWriter.KERAS_VERSION, written.kerasVersion());
    Set<String> kerasGroups = new HashSet<>();
    original.groups().forEach((path, arrays) -> {
      if (!arrays.isEmpty() && !path.equals("optimizer")) {
        kerasGroups.add(path);
      }
    });
    assertEquals(kerasGroups, written.groups().keySet(), "Keras's object paths for the layers with variables");
    assertEquals(model, KerasModelReader.read(target).model());
    float[][] back = WeightMapping.forModel(written, model);
    assertEquals(weights.length, back.length);
    for (int i = 0; i < weights.length; i++) {
      assertArrayEquals(weights[i], back[i], "weight " + i);
    }
  }
}
