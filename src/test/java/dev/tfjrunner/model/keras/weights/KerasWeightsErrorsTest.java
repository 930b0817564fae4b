package dev.tfjrunner.model.keras.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not (whole) Keras weights, and weights that do not fit the model: one line each, naming file, layer and problem. */
class KerasWeightsErrorsTest {

  private static final Path DIR = KerasWeightsReaderTest.DIR;

  @TempDir
  Path temp;

  private static String readError(Path file) {
    ModelConfigException e = assertThrows(ModelConfigException.class, () -> KerasWeightsReader.read(file));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void truncatedArchive() {
    String message = readError(DIR.resolve("seq_cnn-truncated.keras"));
    assertStarts("seq_cnn-truncated.keras: a truncated or corrupt .keras archive (", message);
  }

  @Test
  void archiveWithACorruptEntry() throws IOException {
    byte[] bytes = Files.readAllBytes(DIR.resolve("seq_cnn.keras"));
    byte[] h5 = "model.weights.h5".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = indexOf(bytes, h5) + h5.length + 4000; // inside the stored (uncompressed) HDF5 bytes
    bytes[at] ^= 0x55;
    Path file = temp.resolve("corrupt.keras");
    Files.write(file, bytes);
    assertStarts("corrupt.keras: a truncated or corrupt .keras archive (invalid entry CRC", readError(file));
  }

  @Test
  void truncatedHdf5() throws IOException {
    byte[] bytes = Files.readAllBytes(DIR.resolve("seq_cnn.weights.h5"));
    Path file = temp.resolve("half.weights.h5");
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertStarts("half.weights.h5: a truncated or corrupt HDF5 file (", readError(file));
  }

  @Test
  void hdf5FileThatIsNoKerasModel() {
    assertEquals("not-keras.h5: an HDF5 file that is not a Keras model or weights file (it has no model_weights,"
        + " layers or layer_names)", readError(DIR.resolve("not-keras.h5")));
  }

  @Test
  void npzWeightsThatKerasItselfCannotLoad() {
    assertStarts("seq_cnn-npz.keras: model.weights.npz (weights_format=\"npz\") holds each layer's variables as a"
        + " pickled Python dict", readError(DIR.resolve("seq_cnn-npz.keras")));
  }

  @Test
  void tensorFlowJsFiles() throws IOException {
    assertStarts("tfjs-model.json: this is a TensorFlow.js model.json, not a Keras weights file",
        readError(Path.of("src/test/resources/keras-configs/tfjs-model.json")));
    Path shard = temp.resolve("group1-shard1of1.bin");
    Files.write(shard, new byte[64]);
    assertStarts("group1-shard1of1.bin: this is a TensorFlow.js weights shard, not a Keras file", readError(shard));
  }

  @Test
  void weightOfTheWrongShape() throws IOException {
    // conv2d_1 with 9 filters where the file's has 8.
    String json = Files.readString(DIR.resolve("seq_cnn.json")).replace("\"filters\": 8", "\"filters\": 9");
    Model model = KerasModelReader.parse(json, "seq_cnn.json").model();
    KerasWeightFile file = KerasWeightsReader.read(DIR.resolve("seq_cnn.keras"));
    ModelConfigException e = assertThrows(ModelConfigException.class, () -> WeightMapping.forModel(file, model));
    assertEquals("seq_cnn.keras: layer 'conv2d_1' (Conv2D): weight 'kernel' is [3, 3, 6, 8] in the file"
        + " (layers/conv2d_1/vars/0), the layer declares [3, 3, 6, 9]", e.getMessage());
  }

  @Test
  void weightOfTheWrongShapeInANestedModelNamesItsPath() throws IOException {
    // The nested Sequential 'block' of func_cnn with a conv2d_5 of 7 filters where the file's has 8.
    ObjectNode config = (ObjectNode) new ObjectMapper().readTree(DIR.resolve("func_cnn.json").toFile());
    for (JsonNode layer : config.at("/config/layers")) {
      for (JsonNode inner : layer.at("/config/layers")) {
        if (inner.at("/config/name").asText().equals("conv2d_5")) {
          ((ObjectNode) inner.get("config")).put("filters", 7);
        }
      }
    }
    Model model = KerasModelReader.parse(config.toString(), "func_cnn.json").model();
    ModelConfigException archive = assertThrows(ModelConfigException.class,
        () -> WeightMapping.forModel(KerasWeightsReader.read(DIR.resolve("func_cnn.keras")), model));
    assertEquals("func_cnn.keras: layer 'block/conv2d_5' (Conv2D): weight 'kernel' is [3, 3, 12, 8] in the file"
        + " (layers/sequential/layers/conv2d/vars/0), the layer declares [3, 3, 12, 7]", archive.getMessage());
    ModelConfigException legacy = assertThrows(ModelConfigException.class,
        () -> WeightMapping.forModel(KerasWeightsReader.read(DIR.resolve("func_cnn.h5")), model));
    assertStarts("func_cnn.h5: layer 'block/conv2d_5' (Conv2D): weight 'kernel' is [3, 3, 12, 8] in the file",
        legacy.getMessage());
  }

  @Test
  void missingWeight() throws IOException {
    Model keras = KerasWeightsReaderTest.seqModel();
    List<Layer> layers = new ArrayList<>(keras.layers());
    layers.add(Dense.of(10));
    Model model = new Sequential(keras.name(), keras.input(), layers);
    ModelConfigException archive = assertThrows(ModelConfigException.class,
        () -> WeightMapping.forModel(KerasWeightsReader.read(DIR.resolve("seq_cnn.keras")), model));
    assertEquals("seq_cnn.keras: layer 'dense_1' (Dense): weight 'kernel' [10, 10] is missing from the file (no"
        + " layers/dense_1)", archive.getMessage());
    ModelConfigException legacy = assertThrows(ModelConfigException.class,
        () -> WeightMapping.forModel(KerasWeightsReader.read(DIR.resolve("seq_cnn.h5")), model));
    assertEquals("seq_cnn.h5: layer 'dense_1' (Dense): weight 'kernel' [10, 10] is missing from the file (no layer"
        + " group 'dense_1')", legacy.getMessage());
  }

  private static void assertStarts(String prefix, String message) {
    if (!message.startsWith(prefix)) {
      assertEquals(prefix + "...", message);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
