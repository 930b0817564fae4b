package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.testing.ImageFolders;
import dev.tfjrunner.testing.CapturedConsole;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tfj train --train-dir} on real Fashion-MNIST pictures, against the same images as IDX
 * files, and the command line's errors for bad folders (one line, exit 1, no run folder).
 */
class ImageFolderTrainingTest {

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

  private static Dataset fashion() throws IOException {
    return Dataset.load(BuiltinDataset.FASHION, TestData.dataDir());
  }

  private static final String[] QUICK = {"--epochs", "2", "--batch-size", "32", "--no-tensorboard", "--threads", "2"};

  private static String[] args(String... given) {
    return Stream.concat(Stream.of("train"), Stream.concat(Stream.of(given), Stream.of(QUICK))).toArray(String[]::new);
  }

  private double testAccuracy() {
    Matcher m = Pattern.compile("test_accuracy: ([0-9.]+)").matcher(console.out());
    assertTrue(m.find(), console.out());
    double accuracy = Double.parseDouble(m.group(1));
    console.reset();
    return accuracy;
  }

  /**
   * 4,000 Fashion-MNIST test images as a training folder (every 20th PNG at an odd size, every 25th
   * an RGB JPEG) and 1,000 more as a test folder train as well as the same images from IDX.
   */
  @Test
  void aFolderOfPicturesTrainsAsWellAsTheSameImagesFromIdx() throws IOException {
    Dataset fashion = fashion();
    List<String> names = fashion.classNames();
    LabeledImages train = fashion.test().first(4000);
    LabeledImages test = fashion.test().select(IntStream.range(4000, 5000).toArray());
    Path trainDir = home.resolve("pictures/train");
    Path testDir = home.resolve("pictures/test");
    ImageFolders.write(train, names, trainDir, 20, 25);
    ImageFolders.write(test, names, testDir, 20, 25);

    assertEquals(0, TfjCommand.execute(args("--train-dir", trainDir.toString(), "--test-dir", testDir.toString(),
        "--dataset-name", "fashion-png")), console.err());
    String log = console.out();
    // The odd sizes and the gray pictures in RGB JPEGs do not change what the built-in network trains at.
    assertTrue(log.startsWith("Pictures: 4,000 of 28x28 to 41x37 (mostly 28x28) grayscale in 10 classes; training at"
        + " 28x28 grayscale (advanced's own size, the pictures being no larger; grayscale as none has colour;"
        + " --image-size, --color-mode to change)\n"), log);
    assertTrue(log.contains("Decoding " + trainDir + ": 4000/4000 images"), log);
    double fromFolder = testAccuracy();

    // The same images in the folder's order (by class folder, then file name), relabelled by folder.
    List<String> folders = names.stream().map(ImageFolders::folderName).sorted().toList();
    Path idx = home.resolve("idx");
    Files.createDirectories(idx);
    TestData.writeIdx(inFolderOrder(train, names, folders), idx.resolve("train-images"), idx.resolve("train-labels"));
    TestData.writeIdx(inFolderOrder(test, names, folders), idx.resolve("test-images"), idx.resolve("test-labels"));
    assertEquals(0, TfjCommand.execute(args("--train-images", idx.resolve("train-images").toString(),
        "--train-labels", idx.resolve("train-labels").toString(), "--test-images", idx.resolve("test-images").toString(),
        "--test-labels", idx.resolve("test-labels").toString())), console.err());
    double fromIdx = testAccuracy();
    console.originalErr().println("test accuracy after 2 epochs: folder " + fromFolder + ", IDX " + fromIdx);
    assertTrue(Math.abs(fromFolder - fromIdx) <= 0.01, "folder " + fromFolder + " vs IDX " + fromIdx);
    assertTrue(fromFolder > 0.6, "well above chance: " + fromFolder);

    Path run = console.run("fashion-png-");
    JsonNode model = Json.MAPPER.readTree(run.resolve("final/assets.extra/model.json").toFile());
    assertEquals(folders, Json.MAPPER.convertValue(model.get("class_names"), List.class));
    assertEquals(folders, Files.readAllLines(run.resolve("final/assets.extra/labels.txt")));
  }

  @Test
  void withoutATestFolderTheRunSaysSoOnceAndExportsWithoutTestEvaluation() throws IOException {
    Path trainDir = home.resolve("pictures");
    ImageFolders.write(TestData.testImages(300), TestData.mnist().classNames(), trainDir, 0, 0);
    assertEquals(0, TfjCommand.execute("train", "--train-dir", trainDir.toString(), "--model", "mlp", "--epochs", "1",
        "--no-tensorboard"), console.err());
    String log = console.out();
    assertEquals(1, log.lines().filter(l -> l.startsWith("No test folder")).count(), log);
    assertFalse(log.contains("test_accuracy"), log);
    Path run = console.run("");
    assertTrue(Files.exists(run.resolve("final/saved_model.pb")));
    assertFalse(Files.exists(run.resolve("report")), "no test set, no evaluation report");
  }

  /** Each bad folder: exit 1, one line naming the folder (or file) and the problem, nothing written. */
  @Test
  void badFoldersAreOneLineAndLeaveNothingBehind() throws IOException {
    List<String> digits = TestData.mnist().classNames();
    Path good = home.resolve("good");
    ImageFolders.write(TestData.testImages(100), digits, good, 0, 0);

    Path empty = home.resolve("with-empty");
    ImageFolders.write(TestData.testImages(100), digits, empty, 0, 0);
    Files.createDirectories(empty.resolve("zebra"));
    assertFails(empty.resolve("zebra") + ": class folder holds no images (.bmp .gif .jpeg .jpg .png)",
        "--train-dir", empty.toString());

    Path single = home.resolve("single");
    ImageFolders.write(TestData.testImages(1), digits, single, 0, 0);
    assertFails(single + ": only one class folder (7): a classifier needs at least two", "--train-dir", single.toString());

    Path nothing = Files.createDirectories(home.resolve("nothing").resolve("cats"));
    assertFails(nothing.getParent() + ": no images (.bmp .gif .jpeg .jpg .png) in class subfolders",
        "--train-dir", nothing.getParent().toString());

    Path fewer = home.resolve("fewer");
    int[] low = IntStream.range(0, 100).filter(i -> TestData.testImages(100).labels()[i] < 9).toArray();
    ImageFolders.write(TestData.testImages(100).select(low), digits, fewer, 0, 0);
    assertFails(fewer + ": its class folders differ from the training folder " + good + "'s (missing: 9)",
        "--train-dir", good.toString(), "--test-dir", fewer.toString());

    // A model file keeps its shape (a built-in network would take the rgb pictures).
    Path mine = Files.writeString(home.resolve("mine.json"), BuiltinModels.builtin("mlp").model().toKerasJson());
    assertFails(good + ": images of 28x28 rgb (3 channels) do not fit the model, which takes 28x28x1"
        + " (height x width x channels): change --image-size or --color-mode", "--train-dir", good.toString(),
        "--color-mode", "rgb", "--model", mine.toString());
    assertFails(good + ": images of 32x32 grayscale (1 channel) do not fit the model, which takes 28x28x1"
        + " (height x width x channels): change --image-size or --color-mode", "--train-dir", good.toString(),
        "--image-size", "32,32", "--model", mine.toString());

    Path broken = home.resolve("broken");
    ImageFolders.write(TestData.testImages(100), digits, broken, 0, 0);
    Path corrupt = Files.write(broken.resolve("4").resolve("cut.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertFails(corrupt + ": not a picture ImageIO can read (corrupt, or not PNG, JPEG, BMP or GIF)"
        + " (--skip-bad-images leaves such files out)", "--train-dir", broken.toString());

    assertEquals(0, TfjCommand.execute("train", "--train-dir", broken.toString(), "--skip-bad-images", "--model", "mlp",
        "--epochs", "1", "--no-tensorboard", "--no-checkpoint"), console.err());
    assertTrue(console.out().contains(broken + ": skipped 1 unreadable image: " + corrupt),
        console.out());
  }

  private void assertFails(String message, String... args) {
    console.reset();
    String[] all = Stream.concat(Stream.of("train"), Stream.of(args)).toArray(String[]::new);
    assertEquals(1, TfjCommand.execute(all), console.out());
    assertEquals("error: " + message + "\n", console.err());
    assertFalse(Files.exists(home.resolve("savedmodels")), "no run folder for a run that never started");
  }

  /** The images ordered and labelled as the folder lists them. */
  private static LabeledImages inFolderOrder(LabeledImages images, List<String> names, List<String> folders) {
    int[] folderLabel = names.stream().mapToInt(n -> folders.indexOf(ImageFolders.folderName(n))).toArray();
    int[] order = IntStream.range(0, images.count()).boxed()
        .sorted((a, b) -> folderLabel[images.labels()[a]] != folderLabel[images.labels()[b]]
            ? Integer.compare(folderLabel[images.labels()[a]], folderLabel[images.labels()[b]]) : Integer.compare(a, b))
        .mapToInt(Integer::intValue).toArray();
    LabeledImages ordered = images.select(order);
    int[] labels = IntStream.of(ordered.labels()).map(l -> folderLabel[l]).toArray();
    return new LabeledImages(ordered.bytes(), labels, ordered.height(), ordered.width(), ordered.channels());
  }
}
