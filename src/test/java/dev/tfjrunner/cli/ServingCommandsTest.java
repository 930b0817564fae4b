package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestImages;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.BuiltinModels;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tfj predict} and {@code tfj export-graph} as a user runs them. */
class ServingCommandsTest {

  /** Exit code, standard output and standard error of one command line. */
  record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @Test
  void predictIdxListsAFewImagesThenTheAccuracy(@TempDir Path dir) throws Exception {
    LabeledImages test = TestData.testImages(200);
    Path images = dir.resolve("images.idx");
    Path labels = dir.resolve("labels.idx");
    TestData.writeIdx(test, images, labels);
    Run run = tfj("predict", "--model", TestModels.digits().toString(), "--idx", images.toString(),
        "--labels", labels.toString(), "--top", "2");
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.lines();
    assertEquals(13, lines.size(), run.out());
    assertTrue(lines.get(0).matches("#0: 7 \\(7\\) [01]\\.\\d{4}, \\d \\(\\d\\) [01]\\.\\d{4}  label 7"), lines.get(0));
    assertEquals("(190 more not listed; --limit N lists more)", lines.get(10));
    assertTrue(lines.get(11).startsWith("200 images from " + images + " classified in "), lines.get(11));
    assertTrue(lines.get(12).matches("loss: \\d\\.\\d{4} - accuracy: 0\\.9\\d{3} \\(\\d{3} of 200 correct\\)"), lines.get(12));

    Run summaryOnly = tfj("predict", "--model", TestModels.digits().toString(), "--idx", images.toString(), "--limit", "0");
    assertEquals(1, summaryOnly.lines().size(), summaryOnly.out());
  }

  @Test
  void predictPngPrintsClassNameAndProbability(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("seven.png");
    ImageIO.write(TestImages.drawn(TestData.testImages(1).image(0), Color.BLACK, Color.WHITE, 120, 120, 10, 10, 100),
        "png", png.toFile());
    Run run = tfj("predict", "--model", TestModels.digits().toString(), "--png", png.toString(), "--invert", "auto");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().matches(png + ": 7 \\(7\\) [01]\\.\\d{4}\\R"), run.out());
  }

  @Test
  void badInputEndsWithOneLine(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing");
    Run noModel = tfj("predict", "--model", missing.toString(), "--png", "x.png");
    assertEquals(1, noModel.exitCode());
    assertEquals("error: " + missing + ": no such directory\n", noModel.err());

    Path garbage = Files.writeString(dir.resolve("garbage.png"), "garbage");
    Run badPng = tfj("predict", "--model", TestModels.digits().toString(), "--png", garbage.toString());
    assertEquals(1, badPng.exitCode());
    assertEquals("error: " + garbage + ": not an image (expected PNG, JPEG, GIF or BMP)\n", badPng.err());

    Run badIdx = tfj("predict", "--model", TestModels.digits().toString(), "--idx", garbage.toString());
    assertEquals(1, badIdx.exitCode());
    assertTrue(badIdx.err().startsWith("error: " + garbage + ": ") && badIdx.err().lines().count() == 1, badIdx.err());

    assertEquals(2, tfj("predict", "--model", missing.toString()).exitCode(), "--png or --idx is required");
    assertEquals(2, tfj("predict", "--model", missing.toString(), "--png", "a.png", "--labels", "l").exitCode());
  }

  @Test
  void exportGraphWritesEveryModel(@TempDir Path dir) {
    Run run = tfj("export-graph", "--to", dir.toString());
    assertEquals(0, run.exitCode(), run.err());
    for (String model : BuiltinModels.NAMES) {
      assertTrue(Files.isRegularFile(dir.resolve(model + ".pb")), model);
      assertTrue(Files.isRegularFile(dir.resolve(model + ".pbtxt")), model);
    }
    assertEquals(BuiltinModels.NAMES.size(), run.lines().size(), run.out());
  }

  private static Run tfj(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = TfjCommand.execute(args);
      return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
