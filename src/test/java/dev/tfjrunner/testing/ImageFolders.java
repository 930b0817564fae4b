package dev.tfjrunner.testing;

import dev.tfjrunner.data.LabeledImages;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Image folders (one subfolder per class) written from real data, as a user's pictures. */
public final class ImageFolders {

  private ImageFolders() {}

  /** A class name as a folder name ("T-shirt/top" has a slash). */
  public static String folderName(String className) {
    return className.replace('/', '_');
  }

  /**
   * Writes 28x28 grayscale {@code images} into {@code dir/<class folder>/<index>.<ext>}: every
   * {@code oddEvery}-th one (0: none) as a PNG resized (bilinear) to an odd size, every
   * {@code jpegEvery}-th one (0: none) as an RGB JPEG, the rest as 8-bit gray PNGs.
   */
  public static void write(LabeledImages images, List<String> classNames, Path dir, int oddEvery, int jpegEvery)
      throws IOException {
    for (int i = 0; i < images.count(); i++) {
      Path classDir = Files.createDirectories(dir.resolve(folderName(classNames.get(images.labels()[i]))));
      BufferedImage gray = TestImages.gray28(images.image(i));
      String name = String.format("%05d", i);
      if (jpegEvery > 0 && i % jpegEvery == 1) {
        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(gray, 0, 0, null);
        g.dispose();
        ImageIO.write(rgb, "jpg", classDir.resolve(name + ".JPG").toFile());
      } else if (oddEvery > 0 && i % oddEvery == 0) {
        int side = 31 + i % 7;
        BufferedImage odd = new BufferedImage(side, side + 4, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = odd.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(gray, 0, 0, side, side + 4, null);
        g.dispose();
        ImageIO.write(odd, "png", classDir.resolve(name + ".png").toFile());
      } else {
        ImageIO.write(gray, "png", classDir.resolve(name + ".png").toFile());
      }
    }
  }
}
