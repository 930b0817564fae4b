package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tfjrunner.data.DatasetFiles;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;

import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewCommandTest {

  @TempDir
  Path dir;

  @Test
  void writesAGridWithOneRowPerStage() throws Exception {
    Path out = dir.resolve("sub").resolve("grid.png");
    int code = TfjCommand.execute("preview", "--dataset", "mnist", "--data-dir", System.getProperty("tfj.data.dir"),
        "--augment", "--blur", "--count", "2", "--steps", "2", "--scale", "1", "--out", out.toString());
    assertEquals(0, code);
    BufferedImage png = ImageIO.read(out.toFile());
    // original, preprocessed and two augmented rows of 28-pixel images, 4 pixels apart, plus margins and a note.
    assertTrue(png.getHeight() > 4 * 28 + 3 * 4 && png.getHeight() < 4 * 28 + 3 * 4 + 60, "height " + png.getHeight());
    assertEquals(1, dir.resolve("sub").toFile().list().length, "no temporary file left behind");
  }

  /**
   * Files whose header promises all 60,000 MNIST training images but that hold only the first 8:
   * reading the whole set fails ("truncated"), so a preview of 8 works only if it reads no more.
   */
  @Test
  void readsOnlyTheImagesItShows() throws Exception {
    LabeledImages first = TestData.mnist().train().first(8);
    Path images = dir.resolve("images");
    Path labels = dir.resolve("labels");
    TestData.writeIdx(first, images, labels);
    for (Path file : new Path[] {images, labels}) {
      try (RandomAccessFile header = new RandomAccessFile(file.toFile(), "rw")) {
        header.seek(4);
        header.writeInt(60_000); // the image count, in both files
      }
    }
    IOException full = assertThrows(IOException.class, () -> DatasetFiles.idx(images, labels, images, labels).readTrain());
    assertTrue(full.getMessage().contains("truncated"), full.getMessage());

    Path out = dir.resolve("first-8.png");
    assertEquals(0, TfjCommand.execute("preview", "--train-images", images.toString(), "--train-labels",
        labels.toString(), "--test-images", images.toString(), "--test-labels", labels.toString(), "--count", "8",
        "--scale", "1", "--out", out.toString()));
    assertTrue(ImageIO.read(out.toFile()).getWidth() > 8 * 28, "8 images side by side");
  }

  /** A folder of 48x48 colour pictures previews at the size and colour training would use, in colour. */
  @Test
  void aColourFolderPreviewsInColourAtItsOwnSize() throws Exception {
    LabeledImages digits = TestData.testImages(6);
    for (int i = 0; i < digits.count(); i++) {
      Path classDir = java.nio.file.Files.createDirectories(dir.resolve("pictures").resolve(i % 2 == 0 ? "red" : "blue"));
      BufferedImage picture = TestImages.drawn(digits.image(i), i % 2 == 0 ? java.awt.Color.RED : java.awt.Color.BLUE,
          java.awt.Color.WHITE, 48, 48, 10, 10, 28);
      ImageIO.write(picture, "png", classDir.resolve(i + ".png").toFile());
    }
    Path out = dir.resolve("colour.png");
    assertEquals(0, TfjCommand.execute("preview", "--train-dir", dir.resolve("pictures").toString(), "--count", "2",
        "--scale", "1", "--out", out.toString()));
    BufferedImage png = ImageIO.read(out.toFile());
    // original and preprocessed rows of 48-pixel images, 4 pixels apart, plus margins and a note
    assertTrue(png.getHeight() > 2 * 48 + 4 && png.getHeight() < 2 * 48 + 4 + 60, "height " + png.getHeight());
    boolean blue = false; // the first pictures listed are the blue class's
    for (int y = 0; y < png.getHeight() && !blue; y++) {
      for (int x = 0; x < png.getWidth() && !blue; x++) {
        int p = png.getRGB(x, y);
        blue = ((p >> 16) & 0xff) < 60 && ((p >> 8) & 0xff) < 60 && (p & 0xff) > 200;
      }
    }
    assertTrue(blue, "the ink shows in colour");
  }
}
