package dev.tfjrunner.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestImages;
import dev.tfjrunner.testing.TestModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tfj-spark score} end to end: its output, and one line and exit 1 for bad input, leaving nothing behind. */
class ScoreCommandTest {

  @TempDir
  Path temp;
  private Path folder;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void images() throws IOException {
    folder = temp.resolve("images");
    LabeledImages digits = TestData.testImages(6);
    for (int i = 0; i < digits.count(); i++) {
      Path file = folder.resolve(Integer.toString(digits.labels()[i])).resolve(i + ".png");
      Files.createDirectories(file.getParent());
      ImageIO.write(TestImages.gray28(digits.image(i)), "png", file.toFile());
    }
  }

  private int score(String... extra) {
    List<String> args = Stream.concat(Stream.of("score", "--master", "local[2]"), Stream.of(extra)).toList();
    return SparkCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
  }

  private String model() {
    return TestModels.digits().toString();
  }

  @Test
  void scoresAFolderAndPrintsTheAccuracy() {
    Path output = temp.resolve("predictions");
    assertEquals(0, score("--model", model(), "--input", folder.toString(), "--output", output.toString()), err.toString());
    assertTrue(out.toString().contains("scored 6 images"), out.toString());
    assertTrue(out.toString().contains("of 6 labelled images"), out.toString());
    assertTrue(Files.isRegularFile(output.resolve("_SUCCESS")));
    assertEquals(List.of("images", "predictions"), listing(temp));
  }

  @Test
  void scoresAKerasFileWithKerasProbabilities() throws IOException {
    // func_cnn.keras: trained by real Keras, with a Rescaling(1/255) inside (it takes 0-255), and
    // Keras's model.predict probabilities on the first MNIST test images, which the folder holds.
    Path keras = Path.of("..", "src", "test", "resources", "keras", "weights");
    Path output = temp.resolve("predictions");
    String home = System.getProperty("tfj.home");
    System.setProperty("tfj.home", temp.resolve("home").toString());
    try {
      assertEquals(0, score("--model", keras.resolve("func_cnn.keras").toString(), "--input", folder.toString(),
          "--output", output.toString(), "--format", "csv"), err.toString());
    } finally {
      if (home == null) {
        System.clearProperty("tfj.home");
      } else {
        System.setProperty("tfj.home", home);
      }
    }
    assertTrue(out.toString().contains("Converted " + keras.resolve("func_cnn.keras")) && out.toString().contains(
        "input 0-255: the model's leading Rescaling layer"), out.toString());
    JsonNode expected = new ObjectMapper().readTree(keras.resolve("func_cnn.predictions.json").toFile()).get("probabilities");
    List<String> lines;
    try (Stream<Path> parts = Files.list(output)) {
      lines = parts.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted()
          .flatMap(f -> readLines(f).stream().skip(1)).toList();
    }
    List<String> header = List.of(readLines(Files.list(output).filter(f -> f.getFileName().toString().endsWith(".csv"))
        .findFirst().orElseThrow()).get(0).split(","));
    assertEquals(6, lines.size());
    for (String line : lines) {
      String[] cells = line.split(",");
      String path = cells[header.indexOf(BatchScorer.PATH)];
      int image = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1).replace(".png", ""));
      int classId = Integer.parseInt(cells[header.indexOf(BatchScorer.CLASS_ID)]);
      double probability = Double.parseDouble(cells[header.indexOf(BatchScorer.PROBABILITY)]);
      assertEquals(expected.get(image).get(classId).asDouble(), probability, 1e-5, path);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void missingModel() {
    Path output = temp.resolve("predictions");
    assertEquals(1, score("--model", temp.resolve("nope").toString(), "--input", folder.toString(), "--output", output.toString()));
    assertOneLine(temp.resolve("nope") + ": no such directory");
    assertEquals(List.of("images"), listing(temp));
  }

  @Test
  void folderWithoutImages() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty/sub"));
    Files.writeString(empty.resolve("readme.txt"), "no pictures here");
    assertEquals(1, score("--model", model(), "--input", temp.resolve("empty").toString(), "--output", temp.resolve("o").toString()));
    assertOneLine("no images (PNG, JPEG, GIF or BMP) in this folder or below");
    assertFalse(Files.exists(temp.resolve("o")));
  }

  @Test
  void existingOutputNeedsOverwrite() throws IOException {
    Path output = Files.writeString(temp.resolve("taken"), "keep me");
    assertEquals(1, score("--model", model(), "--input", folder.toString(), "--output", output.toString()));
    assertOneLine(output + ": already exists (--overwrite replaces it)");
    assertEquals("keep me", Files.readString(output));

    assertEquals(0, score("--model", model(), "--input", folder.toString(), "--output", output.toString(), "--overwrite",
        "--format", "csv"));
    assertTrue(Files.isRegularFile(output.resolve("_SUCCESS")));
  }

  @Test
  void aBrokenImageFailsTheJobAndLeavesNoOutput() throws IOException {
    Files.writeString(folder.resolve("7/broken.png"), "not really a PNG");
    Path output = temp.resolve("predictions");
    assertEquals(1, score("--model", model(), "--input", folder.toString(), "--output", output.toString()));
    assertOneLine("broken.png: not an image (expected PNG, JPEG, GIF or BMP)");
    assertEquals(List.of("images"), listing(temp));
  }

  private void assertOneLine(String expected) {
    String text = err.toString();
    assertEquals(1, text.lines().filter(l -> l.startsWith("error: ")).count(), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("error: ") && l.contains(expected)), text);
  }

  private static List<String> listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
