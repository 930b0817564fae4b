package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Activation;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.testing.CapturedConsole;
import dev.tfjrunner.testing.TestData;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files of other shapes and class counts train and export from the command line. */
class IdxShapesTest {

  @TempDir
  Path home;

  private CapturedConsole console;

  @BeforeEach
  void capture() {
    console = new CapturedConsole(home);
  }

  @AfterEach
  void restore() {
    console.close();
  }

  /** EMNIST letters' shape: 28x28 grayscale, 26 classes (real digits, labels spread over 26 classes). */
  @Test
  void twentySixClassesTrainAndExport() throws IOException {
    LabeledImages digits = TestData.testImages(600);
    int[] letters = IntStream.range(0, digits.count()).map(i -> (digits.labels()[i] + 10 * (i % 3)) % 26).toArray();
    LabeledImages emnist = new LabeledImages(digits.bytes(), letters, 28, 28, 1);
    Path model = Files.writeString(home.resolve("letters.json"), Sequential.of("letters", Input.of(28, 28, 1),
        Flatten.of(), Dense.of(26).activation(Activation.SOFTMAX)).toKerasJson());
    JsonNode exported = train(emnist, emnist.first(100), "--model", model.toString());
    assertEquals(IntStream.range(0, 26).mapToObj(String::valueOf).toList(),
        Json.MAPPER.convertValue(exported.get("class_names"), List.class));
  }

  @Test
  void colourImagesOfAnotherSizeTrainAndExport() throws IOException {
    LabeledImages colour = tintedDigits();
    String model = Path.of("src/test/resources/keras-configs/keras3.json").toAbsolutePath().toString();
    JsonNode exported = train(colour, colour.first(100), "--model", model);
    assertEquals(List.of(32, 32, 3), Json.MAPPER.convertValue(exported.get("image_shape"), List.class));
  }

  /** With no model option, the built-in network takes the data's shape and class count, and says so. */
  @Test
  void theBuiltinNetworkTakesTheImagesShapeAndClassCount() throws IOException {
    LabeledImages colour = tintedDigits();
    JsonNode exported = train(colour, colour.first(100), "--model", "bn-gap");
    assertTrue(console.out().startsWith("bn-gap takes the data's 32x32x3 images in 5 classes (designed for 28x28x1 in"
        + " 10)\n"), console.out());
    assertEquals(List.of(32, 32, 3), Json.MAPPER.convertValue(exported.get("image_shape"), List.class));
    assertEquals(List.of("0", "1", "2", "3", "4"), Json.MAPPER.convertValue(exported.get("class_names"), List.class));
  }

  /** 32x32 RGB images (real digits 0-4, tinted per class, on a 32x32 canvas), for 4-D IDX files. */
  private static LabeledImages tintedDigits() {
    LabeledImages digits = TestData.testImages(800);
    int[] low = IntStream.range(0, digits.count()).filter(i -> digits.labels()[i] < 5).toArray();
    LabeledImages five = digits.select(low);
    byte[] rgb = new byte[five.count() * 32 * 32 * 3];
    for (int i = 0; i < five.count(); i++) {
      int label = five.labels()[i];
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          int v = five.bytes()[i * 784 + y * 28 + x] & 0xff;
          int at = ((i * 32 + y + 2) * 32 + x + 2) * 3;
          rgb[at] = (byte) (label % 2 == 0 ? v : v / 2);
          rgb[at + 1] = (byte) (label < 3 ? v : v / 3);
          rgb[at + 2] = (byte) v;
        }
      }
    }
    return new LabeledImages(rgb, five.labels(), 32, 32, 3);
  }

  private JsonNode train(LabeledImages train, LabeledImages test, String... more) throws IOException {
    Path dir = Files.createDirectories(home.resolve("idx"));
    write4d(train, dir.resolve("train-images"), dir.resolve("train-labels"));
    write4d(test, dir.resolve("test-images"), dir.resolve("test-labels"));
    String[] args = Stream.concat(Stream.of("train", "--train-images", dir.resolve("train-images").toString(),
        "--train-labels", dir.resolve("train-labels").toString(), "--test-images", dir.resolve("test-images").toString(),
        "--test-labels", dir.resolve("test-labels").toString(), "--epochs", "1", "--no-tensorboard", "--threads", "2"),
        Stream.of(more)).toArray(String[]::new);
    assertEquals(0, TfjCommand.execute(args), console.err());
    Path run = console.run("");
    assertTrue(Files.exists(run.resolve("final/saved_model.pb")));
    return Json.MAPPER.readTree(run.resolve("final/assets.extra/model.json").toFile());
  }

  /** IDX files: 3-D (magic 2051) for one channel, 4-D (magic 2052) otherwise. */
  private static void write4d(LabeledImages data, Path images, Path labels) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
      out.writeInt(data.channels() == 1 ? 0x803 : 0x804);
      out.writeInt(data.count());
      out.writeInt(data.height());
      out.writeInt(data.width());
      if (data.channels() != 1) {
        out.writeInt(data.channels());
      }
      out.write(data.bytes());
    }
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
      out.writeInt(0x801);
      out.writeInt(data.count());
      for (int label : data.labels()) {
        out.writeByte(label);
      }
    }
  }
}
