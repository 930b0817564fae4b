package dev.tfjrunner.data.folders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.testing.ImageFolders;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestImages;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a folder's real MNIST pictures are, written as gray PNGs, RGB JPEGs, RGBA PNGs and at odd sizes. */
class PictureSurveyTest {

  private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  @TempDir
  Path dir;

  private PictureSurvey survey(Path folder) throws IOException {
    return PictureSurvey.of(ClassFolders.scan(folder));
  }

  /** Gray PNGs, gray pictures in RGB JPEGs (no colour in their pixels) and a few larger ones: grayscale, mostly 28x28. */
  @Test
  void grayPicturesInAnyContainerHaveNoColour() throws IOException {
    ImageFolders.write(TestData.testImages(100), DIGITS, dir, 20, 4);
    PictureSurvey pictures = survey(dir);
    assertEquals(100, pictures.count());
    assertEquals(10, pictures.classes());
    assertFalse(pictures.colour());
    assertFalse(pictures.alpha());
    assertEquals(28, pictures.height());
    assertEquals(28, pictures.width());
    assertFalse(pictures.oneSize());
    // every 20th is (31 + i % 7) wide and 4 more high, i = 20 the largest (41x37, height x width);
    // every 4th (i % 4 == 1) an RGB JPEG
    assertEquals("100 of 28x28 to 41x37 (mostly 28x28) grayscale in 10 classes", pictures.describe());
  }

  /** One tinted picture among gray ones is colour; transparency is alpha. */
  @Test
  void oneColourPictureMakesTheFolderColourAndAnAlphaChannelIsSeen() throws IOException {
    ImageFolders.write(TestData.testImages(40), DIGITS, dir, 0, 0);
    BufferedImage tinted = TestImages.drawn(TestData.testImages(1).image(0), new java.awt.Color(200, 40, 40),
        java.awt.Color.BLACK, 28, 28, 0, 0, 28);
    BufferedImage withAlpha = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = withAlpha.createGraphics();
    g.drawImage(tinted, 0, 0, null);
    g.dispose();
    withAlpha.setRGB(0, 0, 0x00ff0000); // a transparent red pixel is not visible colour
    ImageIO.write(withAlpha, "png", dir.resolve("7").resolve("tinted.png").toFile());
    PictureSurvey pictures = survey(dir);
    assertTrue(pictures.colour());
    assertTrue(pictures.alpha());
    assertEquals("41 of 28x28 rgba in 9 classes", pictures.describe());
  }

  @Test
  void aTransparentColourIsNotColour() throws IOException {
    ImageFolders.write(TestData.testImages(20), DIGITS, dir, 0, 0);
    BufferedImage clear = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
    clear.setRGB(3, 3, 0x0000ff00);
    clear.setRGB(4, 4, 0xff808080);
    ImageIO.write(clear, "png", dir.resolve("7").resolve("clear.png").toFile());
    PictureSurvey pictures = survey(dir);
    assertFalse(pictures.colour());
    assertEquals("grayscale with alpha", pictures.colours());
  }

  /** With no size shared by half the pictures, the common size is the median height and width; unreadable files are left out. */
  @Test
  void mixedSizesGiveTheMedianAndUnreadableFilesAreLeftOut() throws IOException {
    int[][] sizes = {{20, 30}, {40, 50}, {60, 90}, {80, 70}, {100, 110}};
    for (int i = 0; i < sizes.length; i++) {
      Path classDir = Files.createDirectories(dir.resolve(i % 2 == 0 ? "a" : "b"));
      ImageIO.write(new BufferedImage(sizes[i][1], sizes[i][0], BufferedImage.TYPE_3BYTE_BGR), "jpg",
          classDir.resolve(i + ".jpg").toFile());
    }
    Files.write(dir.resolve("a").resolve("cut.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    PictureSurvey pictures = survey(dir);
    assertEquals("5 of 20x30 to 100x110 (median 60x70) grayscale in 2 classes", pictures.describe());
  }
}
